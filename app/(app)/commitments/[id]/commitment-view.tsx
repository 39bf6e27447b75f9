'use client';
import Link from 'next/link';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/app/_trpc/client';
import { fieldErrorsOf, messageOf } from '@/app/_trpc/errors';
import { Button } from '@/app/_components/ui/button';
import { Badge, Card, PageTitle } from '@/app/_components/ui/card';
import { Field } from '@/app/_components/ui/field';
import { UnsavedChangesGuard } from '@/app/_components/unsaved-changes';
import { STATE_TONE } from '../commitment-list';

const textarea = 'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm aria-[invalid=true]:border-red-500';

export function CommitmentView({ id, canCheck }: { id: string; canCheck: boolean }) {
  const t = useTranslations('commitments');
  const tf = useTranslations('subjectFile');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const c = useQuery(trpc.commitment.byId.queryOptions({ id }));
  const [outcome, setOutcome] = useState<'已履行' | '未履行' | ''>('');
  const [note, setNote] = useState('');
  const [falseCommitment, setFalse] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.commitment.byId.queryKey({ id }) });
  const check = useMutation(
    trpc.commitment.check.mutationOptions({
      onSuccess: (r) => {
        toast.success(r.proposed ? t('proposed', { caseNo: r.proposed.caseNo }) : t('checked'));
        setOutcome('');
        setNote('');
        refresh();
      },
      onError: (e) => {
        setErrors(fieldErrorsOf(e));
        toast.error(messageOf(e));
      },
    }),
  );
  const propose = useMutation(
    trpc.commitment.proposeAttention.mutationOptions({
      onSuccess: (r) => {
        toast.success(t('proposed', { caseNo: r.caseNo }));
        refresh();
      },
      onError: (e) => toast.error(messageOf(e)),
    }),
  );
  if (c.isError) return <Card role="alert" className="text-sm text-red-700">{messageOf(c.error)}</Card>;
  if (!c.data) return <p className="text-sm text-slate-500">…</p>;
  const d = c.data;
  const open = d.state === 'pending' || d.state === 'overdue';
  const row = (label: string, value: React.ReactNode) => (
    <div className="grid grid-cols-[10rem_1fr] gap-2 py-1 text-sm">
      <dt className="text-slate-600">{label}</dt>
      <dd>{value}</dd>
    </div>
  );
  return (
    <div className="space-y-4">
      <UnsavedChangesGuard when={Boolean(outcome || note) && !check.isPending} />
      <PageTitle actions={<Badge tone={STATE_TONE[d.state]}>{t(`states.${d.state as 'pending'}`)}</Badge>}>
        {d.subjectName} · {d.matterName}
      </PageTitle>
      <Card>
        <dl>
          {row(t('commitmentNo'), d.commitmentNo)}
          {row(t('type'), d.commitmentType)}
          {row(t('subjectCode'), d.subjectCode)}
          {row(t('legalRepresentative'), d.legalRepresentative ?? '—')}
          {row(t('department'), d.departmentName ?? '—')}
          {row(t('signedOn'), d.signedOn)}
          {row(t('supplyDue'), d.supplyDue ?? '—')}
          {d.checkOutcome ? row(t('outcome'), `${d.checkOutcome}（${d.checkedOn ?? ''}，${t('checker')}：${d.checker ?? '—'}）`) : null}
          {d.checkNote ? row(t('checkNote'), d.checkNote) : null}
          {row(t('record'), <Link className="text-brand-700 underline" href={`/records/${d.recordId}`}>{tf(d.recordStatus === 'accepted' ? 'recordStatus.accepted' : 'recordStatus.submitted')}</Link>)}
          {d.caseId ? row(t('case'), <Link className="text-brand-700 underline" href={`/lists/cases/${d.caseId}`}>{t('openCase')}</Link>) : null}
        </dl>
        <div className="mt-3 flex flex-wrap gap-3 text-sm">
          <a className="text-brand-700 underline" href={`/api/commitments/${d.id}/letter`} download>{t('downloadLetter')}</a>
          <Link className="text-brand-700 underline" href={d.fileHref}>{t('openFile')}</Link>
        </div>
      </Card>
      {canCheck && open ? (
        <Card>
          <h2 className="mb-2 font-semibold">{t('checkTitle')}</h2>
          <fieldset className="mb-3">
            <legend className="mb-1 text-sm text-slate-700">{t('outcome')}</legend>
            <div className="flex gap-4 text-sm">
              {(['已履行', '未履行'] as const).map((o) => (
                <label key={o} className="flex items-center gap-1">
                  <input type="radio" name="outcome" value={o} checked={outcome === o} onChange={() => setOutcome(o)} />
                  {o === '已履行' ? t('kept') : t('notKept')}
                </label>
              ))}
            </div>
          </fieldset>
          {outcome === '未履行' ? (
            <>
              <Field id="cn-check-note" label={t('checkNote')} error={errors.note}>
                <textarea id="cn-check-note" rows={3} className={textarea} value={note} aria-invalid={Boolean(errors.note)} onChange={(e) => setNote(e.target.value)} />
              </Field>
              <label className="mt-2 flex items-center gap-2 text-sm">
                <input type="checkbox" checked={falseCommitment} onChange={(e) => setFalse(e.target.checked)} />
                {t('falseCommitment')}
              </label>
            </>
          ) : null}
          <div className="mt-3 flex justify-end">
            <Button disabled={!outcome || check.isPending} onClick={() => outcome && check.mutate({ id, outcome, note: note || undefined, falseCommitment })}>
              {check.isPending ? t('checking') : t('check')}
            </Button>
          </div>
        </Card>
      ) : null}
      {canCheck && d.state === 'broken' && !d.caseId ? (
        <Card className="flex items-center justify-between gap-3 text-sm">
          <span>{d.recordStatus === 'accepted' ? '' : t('waitAccept')}</span>
          <Button disabled={d.recordStatus !== 'accepted' || propose.isPending || propose.isSuccess} onClick={() => propose.mutate({ id })}>{t('proposeAttention')}</Button>
        </Card>
      ) : null}
    </div>
  );
}
