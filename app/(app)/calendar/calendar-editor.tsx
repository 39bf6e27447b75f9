'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/app/_trpc/client';
import { fieldErrorsOf, messageOf } from '@/app/_trpc/errors';
import { Button } from '@/app/_components/ui/button';
import { Badge, Card, PageTitle } from '@/app/_components/ui/card';
import { Field, Input, Select } from '@/app/_components/ui/field';
import { UnsavedChangesGuard } from '@/app/_components/unsaved-changes';

/** The working-day calendar the deadlines count in: holidays and make-up working days per year. */
export function CalendarEditor() {
  const t = useTranslations('calendar');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [year, setYear] = useState(new Date().getFullYear());
  const [day, setDay] = useState('');
  const [kind, setKind] = useState<'holiday' | 'workday' | ''>('holiday');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | undefined>();
  const days = useQuery(trpc.calendar.year.queryOptions({ year }));
  const save = useMutation(
    trpc.calendar.setDay.mutationOptions({
      onSuccess: () => {
        toast.success(t('saved'));
        setDay('');
        setNote('');
        qc.invalidateQueries({ queryKey: trpc.calendar.year.queryKey() });
      },
      onError: (e) => setError(fieldErrorsOf(e).day ?? messageOf(e)),
    }),
  );
  return (
    <div className="space-y-5">
      <PageTitle>{t('title')}</PageTitle>
      {/* A day picked or a note typed and not yet saved. */}
      <UnsavedChangesGuard when={day !== '' || note !== ''} />
      <p className="text-sm text-slate-600">{t('help')}</p>
      <Card className="flex flex-wrap items-end gap-3">
        <div className="w-40">
          <Field id="cal-day" label={t('day')} error={error}>
            <Input id="cal-day" type="date" value={day} aria-invalid={Boolean(error)} onChange={(e) => setDay(e.target.value)} />
          </Field>
        </div>
        <div className="w-48">
          <Field id="cal-kind" label={t('kind')}>
            <Select id="cal-kind" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
              <option value="holiday">{t('holiday')}</option>
              <option value="workday">{t('workday')}</option>
              <option value="">{t('normal')}</option>
            </Select>
          </Field>
        </div>
        <div className="w-64">
          <Field id="cal-note" label={t('note')}>
            <Input id="cal-note" value={note} onChange={(e) => setNote(e.target.value)} />
          </Field>
        </div>
        <Button disabled={!day || save.isPending} onClick={() => { setError(undefined); save.mutate({ day, kind: kind || null, note: note || undefined }); }}>
          {t('save')}
        </Button>
      </Card>
      <Card>
        <div className="mb-3 flex items-center gap-2">
          <Button variant="secondary" size="sm" onClick={() => setYear(year - 1)}>
            ‹
          </Button>
          <h2 className="font-semibold">{t('year', { year })}</h2>
          <Button variant="secondary" size="sm" onClick={() => setYear(year + 1)}>
            ›
          </Button>
        </div>
        {days.data?.length === 0 ? <p className="text-sm text-slate-500">{t('empty')}</p> : null}
        <ul className="grid grid-cols-2 gap-1 text-sm md:grid-cols-4" data-testid="calendar-days">
          {(days.data ?? []).map((d) => (
            <li key={d.day} className="flex items-center gap-2">
              <span className="font-mono">{d.day}</span>
              <Badge tone={d.kind === 'holiday' ? 'red' : 'blue'}>{t(d.kind === 'holiday' ? 'holiday' : 'workday')}</Badge>
              {d.note && d.note !== 'chinese-days' ? <span className="text-xs text-slate-500">{d.note}</span> : null}
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
