'use client';
import { RecordDisclosure } from '@/app/(app)/_disclosure/disclosure-facts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import { formModel } from '@/forms/definition';
import { useTRPC } from '@/app/_trpc/client';
import { fieldErrorsOf, messageOf } from '@/app/_trpc/errors';
import { Button } from '@/app/_components/ui/button';
import { Badge, Card, PageTitle } from '@/app/_components/ui/card';
import { Field, Input } from '@/app/_components/ui/field';
import { FlowInstanceLink } from '@/app/(app)/flows/instances/instance-link';

function show(v: unknown): string {
  if (v === undefined || v === null || v === '') return '—';
  if (Array.isArray(v)) return v.map(show).join('、');
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** A record rendered with its own (pinned) catalog version; personal data masked per role. */
export function RecordView({ id, canDecide, canAct = false }: { id: string; canDecide: boolean; canAct?: boolean }) {
  const t = useTranslations('records');
  const tg = useTranslations('trustGate');
  const locale = useLocale() as 'zh-CN' | 'en';
  const trpc = useTRPC();
  const qc = useQueryClient();
  const q = useQuery(trpc.record.byId.queryOptions({ id }));
  const [revealed, setRevealed] = useState<{ subjectCode: string; data: Record<string, unknown> } | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [comment, setComment] = useState('');
  const reveal = useMutation(trpc.record.reveal.mutationOptions({ onSuccess: (r) => setRevealed(r), onError: (e) => setReasonError(fieldErrorsOf(e).reason ?? messageOf(e)) }));
  const decide = useMutation(
    trpc.record.decide.mutationOptions({
      onSuccess: () => {
        toast.success(t('decided'));
        qc.invalidateQueries({ queryKey: trpc.record.byId.queryKey({ id }) });
      },
      onError: (e) => toast.error(messageOf(e)),
    }),
  );
  if (q.isError) return <Card role="alert">{messageOf(q.error)}</Card>;
  if (!q.data) return <p>{t('loading')}</p>;
  const { record: r, masked, form, contributors } = q.data;
  const data = revealed?.data ?? r.data;
  const model = formModel(form.definition as never);
  return (
    <div className="space-y-5">
      <PageTitle>
        {r.subjectCode.includes('*') ? r.subjectName : <a className="text-brand-700 underline" href={`/subjects/${encodeURIComponent(r.subjectCode)}`}>{r.subjectName}</a>} <Badge tone={r.status === 'accepted' ? 'green' : r.status === 'submitted' ? 'amber' : 'slate'}>{t(`statuses.${r.status}`)}</Badge>{' '}
        {r.flowInstanceId ? <FlowInstanceLink id={r.flowInstanceId} /> : null}
      </PageTitle>
      <p className="text-sm text-slate-600">
        {form.name} · {r.catalogCode} v{r.catalogVersion} · {t('subjectCode')}: <span className="font-mono" data-testid="subject-code">{revealed?.subjectCode ?? r.subjectCode}</span>
        {r.dueDate ? <> · {t('dueDate')}: {r.dueDate}</> : null}
      </p>
      {contributors.length ? (
        <p className="text-sm text-slate-600" data-testid="contributors" title={tg('contributorsHint')}>
          {tg('contributors')}：{contributors.map((c) => c.name).join('、')}
        </p>
      ) : null}
      {masked && !revealed ? (
        <Card className="flex flex-wrap items-end gap-3" data-testid="masked-notice">
          <p className="w-full text-sm text-slate-700">{t('maskedNotice')}</p>
          <div className="w-80">
            <Field id="reveal-reason" label={t('revealReason')} error={reasonError}>
              <Input id="reveal-reason" value={reason} aria-invalid={Boolean(reasonError)} onChange={(e) => setReason(e.target.value)} />
            </Field>
          </div>
          <Button variant="secondary" onClick={() => { setReasonError(undefined); reveal.mutate({ id, reason }); }}>
            {t('reveal')}
          </Button>
        </Card>
      ) : null}
      <Card>
        <dl className="grid grid-cols-1 gap-x-6 gap-y-2 md:grid-cols-[16rem_1fr]">
          {model.fields.map((fld) => (
            <div key={fld.path} className="contents">
              <dt className="text-sm text-slate-500">{fld.label?.[locale] ?? fld.path}</dt>
              <dd className="text-sm">{show(data[fld.path])}</dd>
            </div>
          ))}
        </dl>
      </Card>
      {['accepted', 'revoked', 'repaired'].includes(r.status) ? <RecordDisclosure id={id} canAct={canAct} /> : null}
      {canDecide && r.status === 'submitted' && !r.flowInstanceId ? (
        <Card className="space-y-3">
          <Field id="decide-comment" label={t('comment')}>
            <Input id="decide-comment" value={comment} onChange={(e) => setComment(e.target.value)} />
          </Field>
          <div className="flex gap-2">
            <Button disabled={decide.isPending} onClick={() => decide.mutate({ id, decision: 'accept', comment: comment || undefined })}>{t('accept')}</Button>
            <Button variant="secondary" disabled={decide.isPending} onClick={() => decide.mutate({ id, decision: 'reject', comment: comment || undefined })}>
              {t('reject')}
            </Button>
          </div>
        </Card>
      ) : null}
    </div>
  );
}
