'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import type { inferRouterOutputs } from '@trpc/server';
import type { LegalBasis } from '@/catalog/types';
import type { AppRouter } from '@/server/trpc/router';
import { useTRPC } from '@/app/_trpc/client';
import { fieldErrorsOf, messageOf } from '@/app/_trpc/errors';
import { Button } from '@/app/_components/ui/button';
import { Badge, Card, PageTitle } from '@/app/_components/ui/card';
import { Field, Input, Select } from '@/app/_components/ui/field';
import { useUpload, type UploadedFile } from '@/app/_components/upload/use-upload';
import { FlowInstanceLink } from '@/app/(app)/flows/instances/instance-link';
import { formatBasis } from '@/app/(app)/registers/_components/content-view';
import { CaseState } from '../../_components/case-state';

const textarea = 'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm aria-[invalid=true]:border-red-500';
const STEPS = ['proposed', 'notified', 'objection', 'in_decision', 'listed'] as const;

function stepIndex(state: string): number {
  if (state === 'proposed') return 0;
  if (state === 'notified') return 1;
  if (state === 'objection_open' || state === 'objection_answered') return 2;
  if (state === 'in_decision') return 3;
  return 4;
}

/** One list case: its grounds, documents, objections and the next step the viewer may take. */
export function CaseView({ id }: { id: string }) {
  const t = useTranslations('listsUi.case');
  const ts = useTranslations('listsUi.states');
  const locale = useLocale() as 'zh-CN' | 'en';
  const trpc = useTRPC();
  const qc = useQueryClient();
  const q = useQuery(trpc.creditList.caseById.queryOptions({ id }));
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.creditList.caseById.queryKey({ id }) });
  if (q.isError) return <Card role="alert">{messageOf(q.error)}</Card>;
  if (!q.data) return <p>{t('loading')}</p>;
  const { case: c, list, grounds, objections, documents, member, measures, actions } = q.data;
  const fileUrl = (sha: string) => `/api/lists/cases/${id}/files/${sha}`;
  const done = stepIndex(c.state);
  const ended = ['rejected', 'closed'].includes(c.state);
  return (
    <div className="space-y-4">
      <PageTitle>
        {c.subjectCode.includes('*') ? c.subjectName : <a className="text-brand-700 underline" href={`/subjects/${encodeURIComponent(c.subjectCode)}`}>{c.subjectName}</a>} <CaseState state={c.state} /> {c.flowInstanceId ? <FlowInstanceLink id={c.flowInstanceId} /> : null}
      </PageTitle>
      <p className="text-sm text-slate-600">
        {t('summary', { caseNo: c.caseNo, list: list.name, department: c.departmentZh })} · <span className="font-mono">{c.subjectCode}</span>
      </p>
      {!ended ? (
        <ol className="flex flex-wrap gap-2 text-xs" aria-label={t('progress')}>
          {STEPS.map((s, i) => (
            <li key={s} aria-current={i === done ? 'step' : undefined} className={`rounded-full px-3 py-1 ${i < done ? 'bg-green-100 text-green-800' : i === done ? 'bg-brand-600 text-white' : 'bg-slate-100 text-slate-500'}`}>
              {t(`steps.${s}`)}
            </li>
          ))}
        </ol>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-[2fr_1fr]">
        <div className="space-y-4">
          <Card>
            <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm md:grid-cols-[9rem_1fr]">
              <dt className="text-slate-500">{t('reason')}</dt>
              <dd className="whitespace-pre-wrap">{c.reason}</dd>
              <dt className="text-slate-500">{t('proposedBy')}</dt>
              <dd>
                {c.proposedByName} · {new Date(c.proposedAt).toLocaleString(locale)}
              </dd>
              <dt className="text-slate-500">{t('basis')}</dt>
              <dd>{(list.legalBasis as LegalBasis[]).map(formatBasis).join('；')}</dd>
              <dt className="text-slate-500">{t('served')}</dt>
              <dd>{c.servedOn ? t('servedValue', { date: c.servedOn, method: c.serviceMethod ?? '' }) : t('notServed')}</dd>
              <dt className="text-slate-500">{t('objectionDue')}</dt>
              <dd data-testid="objection-due">{c.objectionDue ? t('objectionDueValue', { date: c.objectionDue, days: list.settings.objectionDays }) : t('objectionDueLater', { days: list.settings.objectionDays })}</dd>
              {c.validFrom ? (
                <>
                  <dt className="text-slate-500">{t('period')}</dt>
                  <dd>{t('periodValue', { from: c.validFrom, to: c.validTo ?? '' })}</dd>
                </>
              ) : null}
              {c.decidedByName ? (
                <>
                  <dt className="text-slate-500">{t('decidedBy')}</dt>
                  <dd>
                    {c.decidedByName}
                    {c.decisionComment ? `：${c.decisionComment}` : ''}
                  </dd>
                </>
              ) : null}
            </dl>
          </Card>
          <Card>
            <h2 className="mb-2 font-semibold">{t('criteria')}</h2>
            <p className="whitespace-pre-wrap text-sm text-slate-700">{list.identificationCriteria || t('noCriteria')}</p>
            <h3 className="mb-1 mt-3 text-sm font-semibold">{t('grounds')}</h3>
            {c.eligibility ? (
              <p className="text-sm" data-testid="eligibility-ground">
                {t('eligibilityGround', { model: c.eligibility.modelName, from: c.eligibility.periodStart, to: c.eligibility.periodEnd, grade: c.eligibility.grade, score: c.eligibility.score, since: c.eligibility.cleanSince })}
              </p>
            ) : null}
            <ul className="space-y-1 text-sm" data-testid="grounds">
              {grounds.map((g) => (
                <li key={g.id}>
                  <a className="text-brand-600 underline" href={`/records/${g.id}`}>
                    {g.catalogName}
                  </a>{' '}
                  · {t('decisionDate', { date: g.decisionDate ?? '—' })} {g.meets ? <Badge tone="green">{t('meets')}</Badge> : <Badge tone="amber">{t('doesNotMeet')}</Badge>}
                </li>
              ))}
            </ul>
          </Card>
          <Card>
            <h2 className="mb-2 font-semibold">{t('documents')}</h2>
            {documents.length === 0 ? <p className="text-sm text-slate-500">{t('noDocuments')}</p> : null}
            <ul className="space-y-1 text-sm" data-testid="documents">
              {documents.map((d) => (
                <li key={d.id}>
                  <a className="text-brand-600 underline" href={fileUrl(d.sha256)} download>
                    {d.kindName[locale]}
                  </a>{' '}
                  <span className="text-slate-600">{d.number}</span> <span className="text-xs text-slate-500">{new Date(d.producedAt).toLocaleString(locale)}</span>
                </li>
              ))}
            </ul>
          </Card>
          <Card>
            <h2 className="mb-2 font-semibold">{t('objections')}</h2>
            {objections.length === 0 ? <p className="text-sm text-slate-500">{t('noObjections')}</p> : null}
            <ul className="space-y-3">
              {objections.map((o) => (
                <li key={o.id} className="rounded-md border border-slate-200 p-3 text-sm" data-testid="objection">
                  <p className="text-xs text-slate-500">
                    {t('filed', { date: o.filedOn, by: o.filedByName ?? '' })} · {t('answerDue', { date: o.answerDue })} {o.overdue ? <Badge tone="red">{t('overdue')}</Badge> : null}
                  </p>
                  <p className="mt-1 whitespace-pre-wrap">{o.content}</p>
                  {o.evidence.length ? (
                    <ul className="mt-1 flex flex-wrap gap-2 text-xs">
                      {o.evidence.map((e) => (
                        <li key={e.sha256}>
                          <a className="text-brand-600 underline" href={fileUrl(e.sha256)} download>
                            {e.fileName}
                          </a>
                        </li>
                      ))}
                    </ul>
                  ) : null}
                  {o.outcome ? (
                    <p className="mt-2 rounded bg-slate-50 p-2">
                      <Badge tone={o.outcome === 'adopted' ? 'green' : 'slate'}>{t(`outcomes.${o.outcome}`)}</Badge> {o.answer} <span className="text-xs text-slate-500">（{o.answeredByName}）</span>
                    </p>
                  ) : actions.answer ? (
                    <AnswerForm caseId={id} objectionId={o.id} onDone={refresh} />
                  ) : null}
                </li>
              ))}
            </ul>
          </Card>
        </div>
        <div className="space-y-4">
          <NextStep data={q.data} onDone={refresh} />
          {member ? (
            <Card data-testid="membership">
              <h2 className="mb-2 font-semibold">{t('membership')}</h2>
              <p className="text-sm">
                {t('memberStatus')}: <Badge tone={member.status === 'active' ? 'red' : 'green'}>{ts(member.status === 'active' ? 'listed' : (member.status as 'expired'))}</Badge>
              </p>
              <p className="text-sm">{t('decisionNumber', { number: member.decisionNumber ?? '—' })}</p>
              <p className="text-sm">{t('periodValue', { from: member.listedOn, to: member.validTo ?? '—' })}</p>
            </Card>
          ) : null}
          <Card>
            <h2 className="mb-2 font-semibold">{t('measures')}</h2>
            {measures.length === 0 ? <p className="text-sm text-slate-500">{t('noMeasures')}</p> : null}
            <ul className="space-y-2 text-sm">
              {measures.map((m) => (
                <li key={m.code}>
                  {m.text}
                  <span className="block text-xs text-slate-600">{t('measureBasis', { basis: m.legalBasis.map(formatBasis).join('；') || '—' })}</span>
                </li>
              ))}
            </ul>
          </Card>
        </div>
      </div>
    </div>
  );
}

type CaseData = inferRouterOutputs<AppRouter>['creditList']['caseById'];

/** The actions the server says this viewer may take now, one form each. */
function NextStep({ data, onDone }: { data: CaseData; onDone: () => void }) {
  const t = useTranslations('listsUi.case');
  const { case: c, actions } = data;
  const any = Object.values(actions).some(Boolean);
  return (
    <Card className="space-y-4" data-testid="next-step">
      <h2 className="font-semibold">{t('nextStep')}</h2>
      {(c.state === 'notified' || c.state === 'objection_answered') && !data.windowClosed ? <p className="text-sm text-slate-600">{t('waitingWindow', { date: c.objectionDue ?? '' })}</p> : null}
      {!any && !(c.state === 'notified' || c.state === 'objection_answered') ? <p className="text-sm text-slate-500">{c.state === 'in_decision' ? t('waitingDecision') : t('nothingToDo')}</p> : null}
      {actions.produceNotice ? <ProduceNotice id={c.id} onDone={onDone} /> : null}
      {actions.serve ? <ServeForm id={c.id} today={data.today} methods={[...data.serviceMethods]} onDone={onDone} /> : null}
      {actions.object ? <ObjectionForm id={c.id} today={data.today} onDone={onDone} /> : null}
      {actions.submit ? <SubmitForm id={c.id} min={data.list.settings.periodMinMonths} max={data.list.settings.periodMaxMonths} onDone={onDone} /> : null}
      {actions.decide ? <DecideForm id={c.id} onDone={onDone} /> : null}
      {actions.remove && data.member ? <RemoveForm memberId={data.member.id} onDone={onDone} /> : null}
      {actions.close ? <CloseForm id={c.id} onDone={onDone} /> : null}
    </Card>
  );
}

function ProduceNotice({ id, onDone }: { id: string; onDone: () => void }) {
  const t = useTranslations('listsUi.case');
  const trpc = useTRPC();
  const m = useMutation(trpc.creditList.produceNotice.mutationOptions({ onSuccess: (d) => (toast.success(t('noticeProduced', { number: d.number })), onDone()), onError: (e) => toast.error(messageOf(e)) }));
  return (
    <div>
      <p className="mb-2 text-sm text-slate-600">{t('produceNoticeHelp')}</p>
      <Button disabled={m.isPending || m.isSuccess} onClick={() => m.mutate({ id })}>
        {t('produceNotice')}
      </Button>
    </div>
  );
}

function ServeForm({ id, today, methods, onDone }: { id: string; today: string; methods: string[]; onDone: () => void }) {
  const t = useTranslations('listsUi.case');
  const trpc = useTRPC();
  const [servedOn, setServedOn] = useState(today);
  const [method, setMethod] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const m = useMutation(trpc.creditList.serve.mutationOptions({ onSuccess: (r) => (toast.success(t('servedToast', { date: r.objectionDue })), onDone()), onError: (e) => (setErrors(fieldErrorsOf(e)), toast.error(messageOf(e))) }));
  return (
    <form
      className="space-y-2"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setErrors({});
        m.mutate({ id, servedOn, method, note: note || undefined });
      }}
    >
      <h3 className="text-sm font-semibold">{t('serveTitle')}</h3>
      <Field id="serve-date" label={t('servedOn')} error={errors.servedOn}>
        <Input id="serve-date" type="date" max={today} value={servedOn} aria-invalid={Boolean(errors.servedOn)} onChange={(e) => setServedOn(e.target.value)} />
      </Field>
      <Field id="serve-method" label={t('serviceMethod')} error={errors.method}>
        <Select id="serve-method" value={method} aria-invalid={Boolean(errors.method)} onChange={(e) => setMethod(e.target.value)}>
          <option value="">{t('chooseMethod')}</option>
          {methods.map((x) => (
            <option key={x} value={x}>
              {x}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="serve-note" label={t('serviceNote')}>
        <Input id="serve-note" value={note} onChange={(e) => setNote(e.target.value)} />
      </Field>
      <Button type="submit" disabled={m.isPending || m.isSuccess}>
        {t('recordService')}
      </Button>
    </form>
  );
}

function ObjectionForm({ id, today, onDone }: { id: string; today: string; onDone: () => void }) {
  const t = useTranslations('listsUi.case');
  const trpc = useTRPC();
  const [content, setContent] = useState('');
  const [filedOn, setFiledOn] = useState(today);
  const [files, setFiles] = useState<UploadedFile[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const up = useUpload('evidence');
  const m = useMutation(trpc.creditList.object.mutationOptions({ onSuccess: () => (toast.success(t('objectionRecorded')), setContent(''), setFiles([]), onDone()), onError: (e) => (setErrors(fieldErrorsOf(e)), toast.error(messageOf(e))) }));
  return (
    <form
      className="space-y-2 border-t border-slate-100 pt-3"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setErrors({});
        m.mutate({ id, content, filedOn, evidence: files.map((f) => ({ fileName: f.fileName, sha256: f.sha256, size: f.size, mediaType: f.mediaType })) });
      }}
    >
      <h3 className="text-sm font-semibold">{t('objectionTitle')}</h3>
      <Field id="objection-date" label={t('filedOn')} error={errors.filedOn}>
        <Input id="objection-date" type="date" max={today} value={filedOn} onChange={(e) => setFiledOn(e.target.value)} />
      </Field>
      <Field id="objection-content" label={t('objectionContent')} error={errors.content}>
        <textarea id="objection-content" rows={4} className={textarea} value={content} aria-invalid={Boolean(errors.content)} onChange={(e) => setContent(e.target.value)} />
      </Field>
      <Field id="objection-files" label={t('evidence')} help={t('evidenceHelp')} error={up.error ?? errors.evidence}>
        <span className="flex items-center gap-3">
          <span aria-hidden className="inline-flex cursor-pointer items-center rounded-md border border-slate-300 bg-white px-3 py-1 text-sm text-slate-800 hover:bg-slate-50" onClick={() => document.getElementById('objection-files')?.click()}>
            {up.pending ? t('uploading') : t('chooseFiles')}
          </span>
          <input
            id="objection-files"
            type="file"
            multiple
            className="sr-only"
            disabled={up.pending}
            onChange={async (e) => {
              const picked = [...(e.target.files ?? [])];
              e.target.value = '';
              for (const f of picked) {
                const done = await up.upload(f);
                if (done) setFiles((prev) => [...prev, done]);
              }
            }}
          />
        </span>
      </Field>
      {files.length ? (
        <ul className="text-xs">
          {files.map((f) => (
            <li key={f.sha256} className="flex items-center gap-2">
              {f.fileName}
              <Button size="sm" variant="ghost" aria-label={t('removeFile', { name: f.fileName })} onClick={() => setFiles(files.filter((x) => x.sha256 !== f.sha256))}>
                ✕
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      <Button type="submit" variant="secondary" disabled={m.isPending || up.pending}>
        {t('recordObjection')}
      </Button>
    </form>
  );
}

function AnswerForm({ caseId, objectionId, onDone }: { caseId: string; objectionId: string; onDone: () => void }) {
  const t = useTranslations('listsUi.case');
  const trpc = useTRPC();
  const [outcome, setOutcome] = useState<'adopted' | 'not_adopted' | ''>('');
  const [answer, setAnswer] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const m = useMutation(trpc.creditList.answer.mutationOptions({ onSuccess: () => (toast.success(t('answered')), onDone()), onError: (e) => (setErrors(fieldErrorsOf(e)), toast.error(messageOf(e))) }));
  return (
    <form
      className="mt-2 space-y-2 rounded bg-amber-50 p-2"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!outcome) return setErrors({ outcome: t('chooseOutcome') });
        setErrors({});
        m.mutate({ id: caseId, objectionId, outcome, answer });
      }}
    >
      <fieldset>
        <legend className="text-sm font-semibold">{t('answerTitle')}</legend>
        <div className="mt-1 flex gap-4 text-sm">
          {(['not_adopted', 'adopted'] as const).map((o) => (
            <label key={o} className="flex items-center gap-1">
              <input type="radio" name={`outcome-${objectionId}`} value={o} checked={outcome === o} onChange={() => setOutcome(o)} />
              {t(`outcomes.${o}`)}
            </label>
          ))}
        </div>
        {errors.outcome ? (
          <p role="alert" className="text-sm text-red-600">
            {errors.outcome}
          </p>
        ) : null}
      </fieldset>
      <Field id={`answer-${objectionId}`} label={t('answerText')} error={errors.answer}>
        <textarea id={`answer-${objectionId}`} rows={3} className={textarea} value={answer} aria-invalid={Boolean(errors.answer)} onChange={(e) => setAnswer(e.target.value)} />
      </Field>
      <Button type="submit" size="sm" disabled={m.isPending || m.isSuccess}>
        {t('answer')}
      </Button>
    </form>
  );
}

function SubmitForm({ id, min, max, onDone }: { id: string; min: number; max: number; onDone: () => void }) {
  const t = useTranslations('listsUi.case');
  const trpc = useTRPC();
  const [months, setMonths] = useState(String(min));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const m = useMutation(trpc.creditList.submit.mutationOptions({ onSuccess: () => (toast.success(t('submitted')), onDone()), onError: (e) => (setErrors(fieldErrorsOf(e)), toast.error(messageOf(e))) }));
  return (
    <form
      className="space-y-2 border-t border-slate-100 pt-3"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setErrors({});
        m.mutate({ id, periodMonths: Number(months) });
      }}
    >
      <h3 className="text-sm font-semibold">{t('submitTitle')}</h3>
      <Field id="submit-months" label={t('periodMonths')} help={min === max ? t('fixedPeriod', { months: min }) : t('periodRange', { min, max })} error={errors.periodMonths}>
        <Input id="submit-months" type="number" min={min} max={max} step={1} value={months} disabled={min === max} aria-invalid={Boolean(errors.periodMonths)} onChange={(e) => setMonths(e.target.value)} />
      </Field>
      <Button type="submit" disabled={m.isPending || m.isSuccess}>
        {t('submit')}
      </Button>
    </form>
  );
}

function DecideForm({ id, onDone }: { id: string; onDone: () => void }) {
  const t = useTranslations('listsUi.case');
  const trpc = useTRPC();
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const m = useMutation(trpc.creditList.decide.mutationOptions({ onSuccess: () => (toast.success(t('decided')), onDone()), onError: (e) => (setErrors(fieldErrorsOf(e)), toast.error(messageOf(e))) }));
  return (
    <div className="space-y-2 border-t border-slate-100 pt-3">
      <h3 className="text-sm font-semibold">{t('decideTitle')}</h3>
      <Field id="decide-comment" label={t('decisionComment')} help={t('decisionCommentHelp')} error={errors.comment}>
        <textarea id="decide-comment" rows={3} className={textarea} value={comment} aria-invalid={Boolean(errors.comment)} onChange={(e) => setComment(e.target.value)} />
      </Field>
      <div className="flex gap-2">
        <Button disabled={m.isPending || m.isSuccess} onClick={() => (setErrors({}), m.mutate({ id, decision: 'approve', comment: comment || undefined }))}>
          {t('approve')}
        </Button>
        <Button variant="secondary" disabled={m.isPending || m.isSuccess} onClick={() => (setErrors({}), m.mutate({ id, decision: 'reject', comment: comment || undefined }))}>
          {t('reject')}
        </Button>
      </div>
    </div>
  );
}

function RemoveForm({ memberId, onDone }: { memberId: string; onDone: () => void }) {
  const t = useTranslations('listsUi.case');
  const trpc = useTRPC();
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const m = useMutation(trpc.creditList.removeMember.mutationOptions({ onSuccess: (d) => (toast.success(t('removed', { number: d.number })), onDone()), onError: (e) => (setErrors(fieldErrorsOf(e)), toast.error(messageOf(e))) }));
  return (
    <form
      className="space-y-2 border-t border-slate-100 pt-3"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setErrors({});
        m.mutate({ memberId, reason });
      }}
    >
      <h3 className="text-sm font-semibold">{t('removeTitle')}</h3>
      <Field id="remove-reason" label={t('removeReason')} error={errors.reason}>
        <textarea id="remove-reason" rows={3} className={textarea} value={reason} aria-invalid={Boolean(errors.reason)} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <Button type="submit" variant="danger" disabled={m.isPending || m.isSuccess}>
        {t('remove')}
      </Button>
    </form>
  );
}

function CloseForm({ id, onDone }: { id: string; onDone: () => void }) {
  const t = useTranslations('listsUi.case');
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const m = useMutation(trpc.creditList.close.mutationOptions({ onSuccess: () => (toast.success(t('closed')), onDone()), onError: (e) => (setErrors(fieldErrorsOf(e)), toast.error(messageOf(e))) }));
  if (!open)
    return (
      <Button variant="ghost" size="sm" onClick={() => setOpen(true)}>
        {t('close')}
      </Button>
    );
  return (
    <form
      className="space-y-2 border-t border-slate-100 pt-3"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setErrors({});
        m.mutate({ id, reason });
      }}
    >
      <Field id="close-reason" label={t('closeReason')} error={errors.reason}>
        <textarea id="close-reason" rows={2} className={textarea} value={reason} aria-invalid={Boolean(errors.reason)} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <div className="flex gap-2">
        <Button type="submit" variant="danger" size="sm" disabled={m.isPending || m.isSuccess}>
          {t('confirmClose')}
        </Button>
        <Button variant="secondary" size="sm" onClick={() => setOpen(false)}>
          {t('cancel')}
        </Button>
      </div>
    </form>
  );
}

