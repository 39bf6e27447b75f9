'use client';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/app/_trpc/client';
import { fieldErrorsOf, messageOf } from '@/app/_trpc/errors';
import { Button } from '@/app/_components/ui/button';
import { Card, PageTitle } from '@/app/_components/ui/card';
import { Field, Input } from '@/app/_components/ui/field';
import { UnsavedChangesGuard } from '@/app/_components/unsaved-changes';
import { EvidencePicker, type Evidence } from '../../objections/evidence-picker';

const textarea = 'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm aria-[invalid=true]:border-red-500';

/** A credit-repair application: obligations fulfilled with proof, and the 信用修复承诺 made. */
export function ApplyRepair({ target }: { target: { targetType: 'record' | 'membership'; targetId: string } | null }) {
  const t = useTranslations('repair');
  const locale = useLocale() as 'zh-CN' | 'en';
  const trpc = useTRPC();
  const router = useRouter();
  const info = useQuery(trpc.objection.target.queryOptions(target ?? { targetType: 'record', targetId: '00000000-0000-4000-8000-000000000000' }, { enabled: Boolean(target) }));
  const item = useQuery(trpc.repair.commitmentItem.queryOptions());
  const [statement, setStatement] = useState('');
  const [files, setFiles] = useState<Evidence[]>([]);
  const [made, setMade] = useState(false);
  const [rep, setRep] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const m = useMutation(
    trpc.repair.file.mutationOptions({
      onSuccess: (r) => (toast.success(t('applied', { no: r.applicationNo })), router.push(`/repairs/${r.id}`)),
      onError: (e) => (setErrors(fieldErrorsOf(e)), toast.error(messageOf(e))),
    }),
  );
  if (!target) return <Card role="alert">{t('errors.targetNotFound')}</Card>;
  if (info.isError) return <Card role="alert">{messageOf(info.error)}</Card>;
  if (!info.data) return <p>…</p>;
  const d = info.data;
  const letter = (item.data?.letterTemplate ?? '').split('{{主体名称}}').join(d.subjectName).split('{{统一社会信用代码}}').join(d.subjectCode).split('{{法定代表人}}').join(rep || '—').split('{{承诺日期}}').join(d.today);
  return (
    <div className="space-y-4">
      <UnsavedChangesGuard when={!m.isSuccess && (statement.trim() !== '' || files.length > 0)} />
      <PageTitle>{t('new')}</PageTitle>
      <Card>
        <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm md:grid-cols-[9rem_1fr]">
          <dt className="text-slate-500">{t('subject')}</dt>
          <dd>
            {d.subjectName} <span className="font-mono text-xs text-slate-500">{d.subjectCode}</span>
          </dd>
          <dt className="text-slate-500">{t('target')}</dt>
          <dd>
            {d.what} {d.decisionDate ? `· ${d.decisionDate}` : ''}
          </dd>
          <dt className="text-slate-500">{t('department')}</dt>
          <dd>{d.department[locale]}</dd>
        </dl>
        <p className="mt-2 text-xs text-slate-500">{t('deadlineNote')}</p>
      </Card>
      <Card>
        <form
          className="space-y-3"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (m.isPending) return;
            setErrors({});
            m.mutate({ ...target, obligationsStatement: statement, evidence: files, commitment: { made, legalRepresentative: rep || undefined } });
          }}
        >
          <Field id="repair-statement" label={t('statement')} help={t('statementHelp')} error={errors.obligationsStatement}>
            <textarea id="repair-statement" rows={3} className={textarea} value={statement} aria-invalid={Boolean(errors.obligationsStatement)} onChange={(e) => setStatement(e.target.value)} />
          </Field>
          <EvidencePicker id="repair-evidence" label={t('evidence')} files={files} onChange={setFiles} error={errors.evidence} />
          <fieldset className="space-y-2 rounded-md border border-slate-200 p-3">
            <legend className="px-1 text-sm font-medium">{t('commitment')}</legend>
            <Field id="repair-rep" label={t('legalRepresentative')}>
              <Input id="repair-rep" value={rep} onChange={(e) => setRep(e.target.value)} />
            </Field>
            {item.data ? (
              <div>
                <p className="text-xs text-slate-500">
                  {t('letter')} · {item.data.matterName}
                </p>
                <p className="whitespace-pre-wrap rounded bg-slate-50 p-2 text-sm" data-testid="commitment-letter">
                  {letter}
                </p>
              </div>
            ) : item.isFetched ? (
              <p className="text-sm text-amber-800">{t('errors.noCommitmentItem')}</p>
            ) : null}
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={made} onChange={(e) => setMade(e.target.checked)} aria-invalid={Boolean(errors.commitment)} />
              {t('commitmentMade')}
            </label>
            {errors.commitment ? <p className="text-sm text-red-700">{errors.commitment}</p> : null}
          </fieldset>
          <Button type="submit" disabled={m.isPending || m.isSuccess}>
            {t('submit')}
          </Button>
        </form>
      </Card>
    </div>
  );
}
