'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/app/_trpc/client';
import { fieldErrorsOf, messageOf } from '@/app/_trpc/errors';
import { Button } from '@/app/_components/ui/button';
import { Badge, Card, PageTitle } from '@/app/_components/ui/card';
import { Field, Input } from '@/app/_components/ui/field';
import { UnsavedChangesGuard } from '@/app/_components/unsaved-changes';
import { FlowInstanceLink } from '@/app/(app)/flows/instances/instance-link';
import { RevisionHistory } from '../revision-history';

const textarea = 'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm aria-[invalid=true]:border-red-500';
type Outcome = 'upheld' | 'corrected' | 'revoked';
interface FieldInfo {
  key: string;
  type: string;
  format: string | null;
  label: { 'zh-CN': string; en: string };
}

/** One objection: what is disputed, the record, and the providing department's answer. */
export function ObjectionView({ id }: { id: string }) {
  const t = useTranslations('objections');
  const locale = useLocale() as 'zh-CN' | 'en';
  const trpc = useTRPC();
  const qc = useQueryClient();
  const q = useQuery(trpc.objection.byId.queryOptions({ id }));
  if (q.isError) return <Card role="alert">{messageOf(q.error)}</Card>;
  if (!q.data) return <p>…</p>;
  const { objection: o, target, actions } = q.data;
  const fields = ((target?.fields as FieldInfo[] | undefined) ?? []) as FieldInfo[];
  const labelOf = (k: string) => fields.find((f) => f.key === k)?.label[locale] ?? k;
  const refresh = () => Promise.all([qc.invalidateQueries({ queryKey: trpc.objection.byId.queryKey({ id }) }), qc.invalidateQueries(trpc.disclosure.pathFilter())]);
  return (
    <div className="space-y-4">
      <PageTitle>
        {o.subjectName} · {t('title')} <Badge tone={o.state === 'closed' ? 'green' : 'amber'}>{t(`states.${o.state}` as 'states.open')}</Badge> {o.overdue ? <Badge tone="red">{t('overdue')}</Badge> : null} {o.flowInstanceId ? <FlowInstanceLink id={o.flowInstanceId} /> : null}
      </PageTitle>
      <Card>
        <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm md:grid-cols-[9rem_1fr]">
          <dt className="text-slate-500">{t('trackingNo')}</dt>
          <dd className="font-mono" data-testid="tracking-no">{o.trackingNo}</dd>
          <dt className="text-slate-500">{t('subject')}</dt>
          <dd>
            {o.subjectName} <span className="font-mono text-xs text-slate-500">{o.subjectCode}</span>
          </dd>
          <dt className="text-slate-500">{t('channel')}</dt>
          <dd>
            {t(`channels.${o.channel}` as 'channels.department')}
            {o.contact ? ` · ${o.contact.name} ${o.contact.phone ?? ''} ${o.contact.email ?? ''}` : ''}
          </dd>
          <dt className="text-slate-500">{t('filedOn')}</dt>
          <dd>
            {o.filedOn} {o.filedByName ? `· ${t('filedBy')} ${o.filedByName}` : ''}
          </dd>
          <dt className="text-slate-500">{t('department')}</dt>
          <dd>{o.department[locale]}</dd>
          <dt className="text-slate-500">{t('answerDue')}</dt>
          <dd>{o.answerDue}</dd>
          {o.disputedItems.length ? (
            <>
              <dt className="text-slate-500">{t('disputedItems')}</dt>
              <dd>{o.disputedItems.map(labelOf).join('、')}</dd>
            </>
          ) : null}
          <dt className="text-slate-500">{t('content')}</dt>
          <dd className="whitespace-pre-wrap">{o.content}</dd>
          {o.evidence.length ? (
            <>
              <dt className="text-slate-500">{t('evidence')}</dt>
              <dd className="flex flex-wrap gap-3">
                {o.evidence.map((e) => (
                  <a key={e.sha256} className="text-brand-600 underline" href={`/api/disclosure/files/objection/${o.id}/${e.sha256}`}>
                    {e.fileName}
                  </a>
                ))}
              </dd>
            </>
          ) : null}
          {o.outcome ? (
            <>
              <dt className="text-slate-500">{t('outcome')}</dt>
              <dd data-testid="objection-outcome">
                <Badge tone={o.outcome === 'upheld' ? 'slate' : 'blue'}>{t(`outcomes.${o.outcome}` as 'outcomes.upheld')}</Badge> {o.answer} {o.answeredByName ? `（${t('answeredBy')} ${o.answeredByName}）` : ''}
                {o.state === 'closed' && o.decidedByName ? ` · ${t('decidedBy')} ${o.decidedByName}` : ''}
              </dd>
            </>
          ) : null}
          {o.state === 'open' && o.decisionComment ? (
            <>
              <dt className="text-slate-500">{t('reviewComment')}</dt>
              <dd className="text-amber-800">{t('lastReturned', { comment: o.decisionComment })}</dd>
            </>
          ) : null}
        </dl>
        {o.state === 'answered' && !o.flowInstanceId ? (
          <p role="status" className="mt-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
            {t('waitingReview')}
          </p>
        ) : null}
        <p className="mt-2 text-xs text-slate-500">{t('deadlineNote')}</p>
      </Card>
      {target?.kind === 'record' ? (
        <Card>
          <h2 className="mb-2 font-semibold">
            {t('record')}: {String(target.catalogName)}
          </h2>
          <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-sm md:grid-cols-[12rem_1fr]" data-testid="objection-record">
            {fields
              .filter((f) => (target.data as Record<string, unknown>)[f.key] !== undefined && (target.data as Record<string, unknown>)[f.key] !== '')
              .map((f) => (
                <div key={f.key} className="contents">
                  <dt className="text-slate-500">{f.label[locale]}</dt>
                  <dd>{String((target.data as Record<string, unknown>)[f.key])}</dd>
                </div>
              ))}
          </dl>
        </Card>
      ) : null}
      {o.state === 'answered' && ((target?.proposed as unknown[] | undefined) ?? []).length ? (
        <Card>
          <h2 className="mb-2 font-semibold">{t('proposedChanges')}</h2>
          <ul className="list-disc space-y-1 pl-5 text-sm" data-testid="proposed-changes">
            {(target!.proposed as { 'zh-CN': string; en: string }[]).map((c, i) => (
              <li key={i}>{c[locale]}</li>
            ))}
          </ul>
        </Card>
      ) : null}
      {actions.decide ? <ReviewForm id={id} revision={o.revision} onDone={refresh} /> : null}
      {target?.kind === 'record' ? <RevisionHistory recordId={String(target.id)} /> : null}
      {actions.answer ? <AnswerForm id={id} revision={o.revision} isRecord={target?.kind === 'record'} fields={fields} data={(target?.data as Record<string, unknown>) ?? {}} editable={Boolean(target?.editable)} onDone={refresh} /> : null}
    </div>
  );
}

function AnswerForm({ id, revision, isRecord, fields, data, editable, onDone }: { id: string; revision: number; isRecord: boolean; fields: FieldInfo[]; data: Record<string, unknown>; editable: boolean; onDone: () => void }) {
  const t = useTranslations('objections');
  const locale = useLocale() as 'zh-CN' | 'en';
  const trpc = useTRPC();
  const [outcome, setOutcome] = useState<Outcome>('upheld');
  const [answer, setAnswer] = useState('');
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const m = useMutation(
    trpc.objection.answer.mutationOptions({
      onSuccess: (r) => (toast.success(r.byFlow ? t('awaitingFlow') : t('awaitingApprover')), setAnswer(''), setDraft({}), onDone()),
      onError: (e) => (setErrors(fieldErrorsOf(e)), toast.error(messageOf(e))),
    }),
  );
  const scalar = fields.filter((f) => ['string', 'number', 'integer'].includes(f.type));
  const corrected = () => {
    const out: Record<string, unknown> = { ...data };
    for (const [k, v] of Object.entries(draft)) {
      const f = fields.find((x) => x.key === k);
      out[k] = f && (f.type === 'number' || f.type === 'integer') && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : v;
    }
    return out;
  };
  const outcomes: Outcome[] = isRecord ? (editable ? ['upheld', 'corrected', 'revoked'] : ['upheld', 'revoked']) : ['upheld', 'revoked'];
  const dirty = answer.trim() !== '' || Object.keys(draft).length > 0;
  return (
    <Card>
      <UnsavedChangesGuard when={dirty && !m.isSuccess} />
      <h2 className="mb-2 font-semibold">{t('answerTitle')}</h2>
      <form
        className="space-y-3"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (m.isPending) return;
          setErrors({});
          m.mutate({ id, outcome, answer, revision, ...(outcome === 'corrected' ? { correctedData: corrected() } : {}) });
        }}
      >
        <fieldset>
          <legend className="mb-1 text-sm font-medium">{t('outcome')}</legend>
          <div className="space-y-1 text-sm">
            {outcomes.map((o) => (
              <label key={o} className="flex items-start gap-2">
                <input type="radio" name="outcome" value={o} checked={outcome === o} onChange={() => setOutcome(o)} />
                <span>
                  {t(`outcomes.${o}`)} <span className="text-slate-500">— {t(`outcomeHelp.${o}`)}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        {outcome === 'corrected' ? (
          <fieldset className="space-y-2 rounded-md border border-slate-200 p-3">
            <legend className="px-1 text-sm font-medium">{t('correctedData')}</legend>
            <p className="text-xs text-slate-500">{t('correctHint')}</p>
            <div className="grid gap-2 md:grid-cols-2">
              {scalar.map((f) => (
                <Field key={f.key} id={`fix-${f.key}`} label={f.label[locale]} error={errors[`correctedData.${f.key}`]}>
                  <Input id={`fix-${f.key}`} type={f.format === 'date' ? 'date' : 'text'} value={draft[f.key] ?? (data[f.key] === undefined || data[f.key] === null ? '' : String(data[f.key]))} onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })} />
                </Field>
              ))}
            </div>
            {errors.correctedData ? <p className="text-sm text-red-700">{errors.correctedData}</p> : null}
          </fieldset>
        ) : null}
        <Field id="objection-answer" label={t('answer')} error={errors.answer}>
          <textarea id="objection-answer" rows={3} className={textarea} value={answer} aria-invalid={Boolean(errors.answer)} onChange={(e) => setAnswer(e.target.value)} />
        </Field>
        <Button type="submit" disabled={m.isPending}>
          {t('submitAnswer')}
        </Button>
      </form>
    </Card>
  );
}

/** The built-in review (no flow bound): an approver who took no part confirms the answer or returns it with a reason. */
function ReviewForm({ id, revision, onDone }: { id: string; revision: number; onDone: () => void }) {
  const t = useTranslations('objections');
  const trpc = useTRPC();
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const m = useMutation(
    trpc.objection.decide.mutationOptions({
      onSuccess: (r) => (toast.success(r.state === 'closed' ? t('approved') : t('returned')), setComment(''), onDone()),
      onError: (e) => (setErrors(fieldErrorsOf(e)), toast.error(messageOf(e))),
    }),
  );
  const decide = (decision: 'approve' | 'return') => {
    if (m.isPending || m.isSuccess) return;
    setErrors({});
    m.mutate({ id, decision, revision, comment: comment || undefined });
  };
  return (
    <Card>
      <UnsavedChangesGuard when={comment.trim() !== '' && !m.isSuccess} />
      <h2 className="mb-1 font-semibold">{t('reviewTitle')}</h2>
      <p className="mb-3 text-sm text-slate-600">{t('reviewHint')}</p>
      <Field id="objection-review-comment" label={t('reviewComment')} error={errors.comment}>
        <textarea id="objection-review-comment" rows={2} className={textarea} value={comment} aria-invalid={Boolean(errors.comment)} onChange={(e) => setComment(e.target.value)} />
      </Field>
      <div className="mt-3 flex gap-2">
        <Button type="button" disabled={m.isPending || m.isSuccess} onClick={() => decide('approve')}>
          {t('approve')}
        </Button>
        <Button type="button" variant="secondary" disabled={m.isPending || m.isSuccess} onClick={() => decide('return')}>
          {t('return')}
        </Button>
      </div>
    </Card>
  );
}
