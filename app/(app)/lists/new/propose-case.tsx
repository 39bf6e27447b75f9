'use client';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/app/_trpc/client';
import { fieldErrorsOf, messageOf } from '@/app/_trpc/errors';
import { Button } from '@/app/_components/ui/button';
import { Badge, Card, PageTitle } from '@/app/_components/ui/card';
import { Field, Input, Select } from '@/app/_components/ui/field';

const textarea = 'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm aria-[invalid=true]:border-red-500';

export function ProposeCase({ initialSubject, initialList }: { initialSubject: string; initialList: string }) {
  const t = useTranslations('listsUi.propose');
  const trpc = useTRPC();
  const router = useRouter();
  const lists = useQuery(trpc.creditList.lists.queryOptions());
  const [listCode, setListCode] = useState(initialList);
  const [subject, setSubject] = useState(initialSubject);
  const [searched, setSearched] = useState(initialSubject.trim() && initialList ? { listCode: initialList, subjectCode: initialSubject.trim() } : null);
  const [picked, setPicked] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const candidates = useQuery({ ...trpc.creditList.candidates.queryOptions(searched ?? { listCode: '', subjectCode: '' }), enabled: Boolean(searched) });
  const propose = useMutation(
    trpc.creditList.propose.mutationOptions({
      onSuccess: (c) => {
        toast.success(t('proposed', { caseNo: c.caseNo }));
        router.push(`/lists/cases/${c.id}`);
      },
      onError: (e) => {
        setErrors(fieldErrorsOf(e));
        toast.error(messageOf(e));
      },
    }),
  );
  const listName = lists.data?.find((l) => l.code === listCode)?.name;
  const search = () => {
    const errs: Record<string, string> = {};
    if (!listCode) errs.listCode = t('chooseList');
    if (!subject.trim()) errs.subjectCode = t('enterSubject');
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setPicked([]);
    setSearched({ listCode, subjectCode: subject.trim() });
  };
  const data = candidates.data;
  return (
    <div className="space-y-4">
      <PageTitle>{t('title')}</PageTitle>
      <p className="text-sm text-slate-600">{t('intro')}</p>
      <Card>
        <form
          className="grid gap-3 md:grid-cols-[1fr_1fr_auto] md:items-start"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            search();
          }}
        >
          <Field id="propose-list" label={t('list')} error={errors.listCode}>
            <Select id="propose-list" value={listCode} aria-invalid={Boolean(errors.listCode)} onChange={(e) => setListCode(e.target.value)}>
              <option value="">{t('chooseList')}</option>
              {(lists.data ?? []).map((l) => (
                <option key={l.code} value={l.code}>
                  {l.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="propose-subject" label={t('subject')} help={t('subjectHelp')} error={errors.subjectCode}>
            <Input id="propose-subject" value={subject} aria-invalid={Boolean(errors.subjectCode)} onChange={(e) => setSubject(e.target.value)} />
          </Field>
          <Button type="submit" className="md:mt-6" variant="secondary" disabled={candidates.isFetching}>
            {t('findRecords')}
          </Button>
        </form>
      </Card>
      {candidates.isError ? (
        <Card role="alert" className="text-sm text-red-700">
          {messageOf(candidates.error)}
        </Card>
      ) : null}
      {data ? (
        <Card className="space-y-4">
          <div>
            <h2 className="font-semibold">{t('criteria', { list: data.list.name })}</h2>
            <p className="mt-1 whitespace-pre-wrap text-sm text-slate-700">{data.list.identificationCriteria || t('noCriteria')}</p>
            {data.list.groundItems.length ? <p className="mt-1 text-sm text-slate-600">{t('groundItems', { items: data.list.groundItems.join('、') })}</p> : null}
          </div>
          <fieldset>
            <legend className="mb-2 font-semibold">{t('grounds')}</legend>
            {data.records.length === 0 ? <p className="text-sm text-slate-500">{t('noRecords')}</p> : null}
            <ul className="divide-y divide-slate-100 rounded-md border border-slate-200" aria-describedby={errors.recordIds ? 'propose-grounds-error' : undefined}>
              {data.records.map((r) => (
                <li key={r.id} className="flex items-start gap-3 p-2">
                  <input
                    id={`ground-${r.id}`}
                    type="checkbox"
                    className="mt-1"
                    disabled={!r.meets}
                    checked={picked.includes(r.id)}
                    onChange={(e) => setPicked(e.target.checked ? [...picked, r.id] : picked.filter((x) => x !== r.id))}
                  />
                  <label htmlFor={`ground-${r.id}`} className="text-sm">
                    <span className="font-medium">{r.catalogName}</span> · {r.subjectName} · {t('decisionDate', { date: r.decisionDate ?? '—' })} · {r.departmentZh}
                    {r.meets ? null : (
                      <span className="ml-2">
                        <Badge tone="amber">{t('notAGround')}</Badge>
                      </span>
                    )}
                  </label>
                </li>
              ))}
            </ul>
            {errors.recordIds ? (
              <p id="propose-grounds-error" role="alert" className="mt-1 text-sm text-red-600">
                {errors.recordIds}
              </p>
            ) : null}
          </fieldset>
          <Field id="propose-reason" label={t('reason')} help={t('reasonHelp')} error={errors.reason}>
            <textarea id="propose-reason" rows={4} className={textarea} value={reason} aria-invalid={Boolean(errors.reason)} onChange={(e) => setReason(e.target.value)} />
          </Field>
          <div className="flex justify-end">
            <Button
              disabled={propose.isPending || propose.isSuccess}
              onClick={() => {
                setErrors({});
                propose.mutate({ listCode: searched!.listCode, subjectCode: searched!.subjectCode, recordIds: picked, reason });
              }}
            >
              {t('submit', { list: listName ?? data.list.name })}
            </Button>
          </div>
        </Card>
      ) : null}
    </div>
  );
}
