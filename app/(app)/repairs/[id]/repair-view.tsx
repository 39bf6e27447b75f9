'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/app/_trpc/client';
import { fieldErrorsOf, messageOf } from '@/app/_trpc/errors';
import { Button } from '@/app/_components/ui/button';
import { Badge, Card, PageTitle } from '@/app/_components/ui/card';
import { Field } from '@/app/_components/ui/field';
import { FlowInstanceLink } from '@/app/(app)/flows/instances/instance-link';
import { useEntryNames } from '@/app/_components/use-entry-names';

const textarea = 'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm aria-[invalid=true]:border-red-500';

interface Effects {
  publicationEnded?: string;
  memberships?: { member: string; list: string; document: string }[];
  measuresLifted?: { list: string; measures: string[] }[];
  grades?: { modelCode: string; from: string | null; to: string | null }[];
}

export function RepairView({ id }: { id: string }) {
  const t = useTranslations('repair');
  // The effects name the list and the grading model, not their codes.
  const listName = useEntryNames('credit-list');
  const modelName = useEntryNames('grading-model');
  const ts = useTranslations('disclosure');
  const locale = useLocale() as 'zh-CN' | 'en';
  const trpc = useTRPC();
  const qc = useQueryClient();
  const q = useQuery(trpc.repair.byId.queryOptions({ id }));
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const decide = useMutation(
    trpc.repair.decide.mutationOptions({
      onSuccess: () => (toast.success(t('decided')), qc.invalidateQueries({ queryKey: trpc.repair.byId.queryKey({ id }) })),
      onError: (e) => (setErrors(fieldErrorsOf(e)), toast.error(messageOf(e))),
    }),
  );
  if (q.isError) return <Card role="alert">{messageOf(q.error)}</Card>;
  if (!q.data) return <p>…</p>;
  const { application: a, commitment, target, actions } = q.data;
  const effects = (a.effects ?? {}) as Effects;
  return (
    <div className="space-y-4">
      <PageTitle>
        {a.subjectName} · {t('title')} <Badge tone={a.state === 'approved' ? 'green' : a.state === 'rejected' ? 'slate' : 'amber'}>{t(`states.${a.state}` as 'states.approved')}</Badge> {a.flowInstanceId ? <FlowInstanceLink id={a.flowInstanceId} /> : null}
      </PageTitle>
      <Card>
        <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm md:grid-cols-[9rem_1fr]">
          <dt className="text-slate-500">{t('applicationNo')}</dt>
          <dd className="font-mono">{a.applicationNo}</dd>
          <dt className="text-slate-500">{t('subject')}</dt>
          <dd>
            {a.subjectName} <span className="font-mono text-xs text-slate-500">{a.subjectCode}</span>
          </dd>
          <dt className="text-slate-500">{t('target')}</dt>
          <dd>
            {target?.kind === 'record' ? `${String(target.catalogName)} · ${String(target.decisionDate ?? '')} · ${ts('severity')} ${String(target.severity ?? '—')} · ${ts('publicUntil')} ${String(target.publicUntil ?? '—')} · ${ts('repairableFrom')} ${String(target.repairableFrom ?? '—')}` : target ? [listName(String(target.listCode)) ?? String(target.listCode), target.decisionNumber].filter(Boolean).join(' · ') : '—'}
          </dd>
          <dt className="text-slate-500">{t('department')}</dt>
          <dd>{a.department[locale]}</dd>
          <dt className="text-slate-500">{t('filedOn')}</dt>
          <dd>
            {a.filedOn} · {t('filedBy')} {a.filedByName}
          </dd>
          <dt className="text-slate-500">{t('acceptDue')}</dt>
          <dd>{a.acceptDue}</dd>
          <dt className="text-slate-500">{t('decideDue')}</dt>
          <dd>{a.decideDue}</dd>
          <dt className="text-slate-500">{t('statement')}</dt>
          <dd className="whitespace-pre-wrap">{a.obligationsStatement}</dd>
          {a.evidence.length ? (
            <>
              <dt className="text-slate-500">{t('evidence')}</dt>
              <dd className="flex flex-wrap gap-3">
                {a.evidence.map((e) => (
                  <a key={e.sha256} className="text-brand-600 underline" href={`/api/disclosure/files/repair/${a.id}/${e.sha256}`}>
                    {e.fileName}
                  </a>
                ))}
              </dd>
            </>
          ) : null}
          {a.decidedByName ? (
            <>
              <dt className="text-slate-500">{t('decidedBy')}</dt>
              <dd>
                {a.decidedByName} {a.decisionComment ? `· ${a.decisionComment}` : ''}
              </dd>
            </>
          ) : null}
        </dl>
        <p className="mt-2 text-xs text-slate-500">{t('deadlineNote')}</p>
      </Card>
      {commitment ? (
        <Card>
          <h2 className="mb-1 font-semibold">{t('commitment')}</h2>
          <p className="whitespace-pre-wrap text-sm" data-testid="commitment-letter">{commitment.letter}</p>
        </Card>
      ) : null}
      {a.state === 'approved' ? (
        <Card data-testid="repair-effects">
          <h2 className="mb-1 font-semibold">{t('effects')}</h2>
          <ul className="list-disc pl-5 text-sm">
            {effects.publicationEnded ? <li>{t('effectPublication')}</li> : null}
            {(effects.memberships ?? []).map((m) => (
              <li key={m.member}>{t('effectMembership', { list: listName(m.list) ?? m.list, number: m.document })}</li>
            ))}
            {effects.measuresLifted?.length ? <li>{t('effectMeasures')}</li> : null}
            {(effects.grades ?? []).length ? (effects.grades ?? []).map((g) => <li key={g.modelCode}>{t('effectGrade', { model: modelName(g.modelCode) ?? g.modelCode, from: g.from ?? '—', to: g.to ?? '—' })}</li>) : <li>{t('noGradeChange')}</li>}
          </ul>
        </Card>
      ) : null}
      {a.state === 'in_decision' && a.flowInstanceId ? <p className="text-sm text-slate-600">{t('flowDecides')}</p> : null}
      {actions.decide ? (
        <Card>
          <h2 className="mb-2 font-semibold">{t('decide')}</h2>
          <Field id="repair-comment" label={t('comment')} error={errors.comment}>
            <textarea id="repair-comment" rows={2} className={textarea} value={comment} onChange={(e) => setComment(e.target.value)} />
          </Field>
          <div className="mt-2 flex gap-2">
            <Button disabled={decide.isPending} onClick={() => decide.mutate({ id, decision: 'approve', comment: comment || undefined })}>
              {t('approve')}
            </Button>
            <Button variant="secondary" disabled={decide.isPending} onClick={() => decide.mutate({ id, decision: 'reject', comment })}>
              {t('reject')}
            </Button>
          </div>
        </Card>
      ) : null}
    </div>
  );
}
