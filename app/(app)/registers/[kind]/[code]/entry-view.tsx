'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { toast } from 'sonner';
import { titleOf } from '@/catalog/kind-definition';
import { useTRPC } from '@/app/_trpc/client';
import { useIdempotencyKey } from '@/app/_trpc/idempotency';
import { fieldErrorsOf, messageOf } from '@/app/_trpc/errors';
import { Button } from '@/app/_components/ui/button';
import { Badge, Card, PageTitle } from '@/app/_components/ui/card';
import { Dialog } from '@/app/_components/ui/dialog';
import { Field, Input, Select } from '@/app/_components/ui/field';
import { ContentView } from '../../_components/content-view';
import { StatusBadge } from '../../_components/status-badge';
import { loc } from '../../_components/widgets';
import { todayLocal, useFormSupport } from '../../_components/use-register-data';
import type { KindDefinition } from '@/catalog/types';
import { FlowInstanceLink } from '@/app/(app)/flows/instances/instance-link';
import { PredictedPath, registerSubmission, type SubmissionInput } from '@/app/(app)/flows/_components/predicted-path';

export function EntryView({ kindCode, code, canEdit, viewerId }: { kindCode: string; code: string; canEdit: boolean; viewerId: string }) {
  const t = useTranslations('registers');
  const tg = useTranslations('trustGate');
  const tc = useTranslations('common');
  const locale = useLocale() as 'zh-CN' | 'en';
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const data = useQuery(trpc.register.entry.queryOptions({ kindCode, code }));
  const [shown, setShown] = useState<number | null>(null);
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const [dialog, setDialog] = useState<'submit' | 'retire' | null>(null);
  const versions = data.data?.versions ?? [];
  const latest = versions[0];
  useEffect(() => {
    if (latest && to === null) {
      setTo(latest.version);
      setFrom(versions[1]?.version ?? 0);
    }
  }, [latest, to, versions]);
  const diff = useQuery({ ...trpc.register.diffVersions.queryOptions({ kindCode, code, from: from ?? 0, to: to ?? 1 }), enabled: to !== null && from !== null && from !== to });
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.register.entry.queryKey({ kindCode, code }) });
  const startDraft = useMutation(
    trpc.register.startDraft.mutationOptions({
      onSuccess: async () => {
        await refresh();
        router.push(`/registers/${kindCode}/${encodeURIComponent(code)}/edit`);
      },
      onError: (e) => toast.error(messageOf(e)),
    }),
  );
  const withdraw = useMutation(trpc.register.withdraw.mutationOptions({ onSuccess: () => { toast.success(t('withdrawn')); refresh(); }, onError: (e) => toast.error(messageOf(e)) }));
  if (!data.data || !latest) return <p>{t('loadingEntry')}</p>;
  const { kind, inForce, requests } = data.data;
  const current = versions.find((v) => v.version === (shown ?? latest.version)) ?? latest;
  const openRequest = requests.find((r) => r.status === 'open');
  // The approval-flow instance of the open request, or else of the latest decided one (its history stays viewable).
  const flowRequest = openRequest?.flowInstanceId ? openRequest : requests.filter((r) => r.flowInstanceId).sort((a, b) => new Date(b.requestedAt).getTime() - new Date(a.requestedAt).getTime())[0];
  const editable = latest.status === 'draft' || latest.status === 'rejected';
  return (
    <div className="space-y-5">
      <PageTitle
        actions={
          canEdit ? (
            <>
              {editable ? (
                <>
                  <Link href={`/registers/${kindCode}/${encodeURIComponent(code)}/edit`} className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50">
                    {t('editDraft')}
                  </Link>
                  <Button onClick={() => setDialog('submit')}>{t('submit')}</Button>
                </>
              ) : null}
              {!editable && latest.status !== 'in_review' ? (
                <Button variant="secondary" onClick={() => startDraft.mutate({ kindCode, code })} disabled={startDraft.isPending}>
                  {t('newDraft')}
                </Button>
              ) : null}
              {openRequest && openRequest.requestedBy === viewerId && !openRequest.flowInstanceId ? (
                <Button variant="secondary" onClick={() => withdraw.mutate({ changeRequestId: openRequest.id })}>
                  {t('withdraw')}
                </Button>
              ) : null}
              {versions.some((v) => v.status === 'published') && !openRequest ? (
                <Button variant="danger" onClick={() => setDialog('retire')}>
                  {t('retire')}
                </Button>
              ) : null}
            </>
          ) : null
        }
      >
        {titleOf(kind, current.content, locale) || code} <span className="font-mono text-sm font-normal text-slate-500">{code}</span>
      </PageTitle>
      <p className="text-sm text-slate-600">
        {loc(kind.name, locale)} ·{' '}
        {inForce ? t('inForceVersion', { version: inForce.version, from: inForce.validFrom ?? '' }) : <Badge tone="amber">{t('notInForce')}</Badge>}
        {openRequest ? <> · <Badge tone="amber">{t(openRequest.action === 'retire' ? 'pendingRetire' : 'pendingPublish', { date: openRequest.effectiveDate })}</Badge></> : null}
        {flowRequest?.flowInstanceId ? <> · <FlowInstanceLink id={flowRequest.flowInstanceId} /></> : null}
      </p>
      {current.content.basisVerified === false ? (
        <p role="note" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="unverified-notice">
          {t('unverifiedNotice')}
        </p>
      ) : null}
      {latest.status === 'rejected' ? (
        <p role="status" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {t('rejectedNotice', { comment: requests.find((r) => r.status === 'rejected')?.decisionComment ?? '' })}
        </p>
      ) : null}
      <div className="grid gap-5 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <Card>
          <div className="mb-3 flex items-center justify-between">
            <h2 className="font-semibold">
              v{current.version} <StatusBadge status={current.status} />
            </h2>
            <span className="text-xs text-slate-500" data-testid="valid-range">
              {!current.validFrom
                ? ''
                : current.validTo === current.validFrom
                  ? t('neverInForce', { date: current.validFrom })
                  : current.validTo
                    ? t('validRange', { from: current.validFrom, to: current.validTo })
                    : t('validSince', { from: current.validFrom })}
            </span>
          </div>
          {current.contributors.length ? (
            <p className="mb-3 text-sm text-slate-600" data-testid="contributors" title={tg('contributorsHint')}>
              {tg('contributors')}：{current.contributors.map((c) => c.name).join('、')}
            </p>
          ) : null}
          <EntryContent kind={kind} content={current.content} source={{ kind: kindCode, code, version: current.version }} />
        </Card>
        <div className="space-y-5">
          <Card>
            <h2 className="mb-2 font-semibold">{t('versions')}</h2>
            <ul className="space-y-1 text-sm" data-testid="versions">
              {versions.map((v) => (
                <li key={v.id} className="flex items-center justify-between gap-2">
                  <button type="button" className={`text-left underline ${v.version === current.version ? 'font-semibold text-brand-900' : 'text-brand-600'}`} onClick={() => setShown(v.version)}>
                    v{v.version}
                  </button>
                  <StatusBadge status={v.status} />
                  <span className="text-xs text-slate-500">{v.authorName ?? tc('system')}</span>
                </li>
              ))}
            </ul>
          </Card>
          <Card>
            <h2 className="mb-2 font-semibold">{t('diffVersions')}</h2>
            <div className="mb-2 grid grid-cols-2 gap-2">
              <Field id="dv-from" label={t('from')}>
                <Select id="dv-from" value={from ?? 0} onChange={(e) => setFrom(Number(e.target.value))}>
                  <option value={0}>{t('empty')}</option>
                  {versions.map((v) => (
                    <option key={v.id} value={v.version}>
                      v{v.version}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field id="dv-to" label={t('to')}>
                <Select id="dv-to" value={to ?? 1} onChange={(e) => setTo(Number(e.target.value))}>
                  {versions.map((v) => (
                    <option key={v.id} value={v.version}>
                      v{v.version}
                    </option>
                  ))}
                </Select>
              </Field>
            </div>
            <ul className="list-disc space-y-1 pl-5 text-sm" data-testid="version-diff">
              {(diff.data ?? []).map((c, i) => (
                <li key={i}>{c.text[locale]}</li>
              ))}
              {diff.data?.length === 0 ? <li className="list-none text-slate-500">{t('noChanges')}</li> : null}
            </ul>
          </Card>
          <Link href={`/audit?objectId=${encodeURIComponent(`${kindCode}/${code}`)}`} className="block text-sm text-brand-600 underline">
            {t('history')}
          </Link>
        </div>
      </div>
      {dialog ? (
        <RequestDialog
          mode={dialog}
          kindCode={kindCode}
          code={code}
          versionId={latest.id}
          revision={latest.revision}
          hasPrevious={latest.version > 1}
          flowInput={registerSubmission(kindCode, code, latest.version, latest.content)}
          onClose={() => setDialog(null)}
          onDone={async () => {
            // The page shows the request before the dialog goes: its 提交 is never offered twice.
            await refresh();
            setDialog(null);
          }}
        />
      ) : null}
    </div>
  );
}

/** One idempotency key per dialog: a double click or a retry submits once; the button stays off until the page shows the request. */
function RequestDialog({ mode, kindCode, code, versionId, revision, hasPrevious, flowInput, onClose, onDone }: { mode: 'submit' | 'retire'; kindCode: string; code: string; versionId: string; revision: number; hasPrevious: boolean; flowInput: SubmissionInput; onClose: () => void; onDone: () => Promise<void> }) {
  const t = useTranslations('registers');
  const tc = useTranslations('common');
  const trpc = useTRPC();
  const idempotencyKey = useIdempotencyKey();
  const [done, setDone] = useState(false);
  const impact = useQuery(trpc.register.impact.queryOptions({ kindCode, code }));
  const [date, setDate] = useState(todayLocal());
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const onError = (e: unknown) => {
    setErrors(fieldErrorsOf(e));
    toast.error(messageOf(e));
  };
  const finish = (message: string) => {
    setDone(true);
    toast.success(message);
    void onDone();
  };
  const submit = useMutation(trpc.register.submit.mutationOptions({ onSuccess: () => finish(t('submitted')), onError }));
  const retire = useMutation(trpc.register.requestRetire.mutationOptions({ onSuccess: () => finish(t('retireRequested')), onError }));
  const dependents = (impact.data ?? []).filter((i) => !(i.kindCode === kindCode && i.code === code));
  const needReason = mode === 'retire' || (hasPrevious && dependents.length > 0);
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={mode === 'submit' ? t('submitTitle') : t('retireTitle')}>
      <div className="space-y-4">
        {dependents.length ? (
          <div role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="impact">
            <p className="font-medium">{t('impactTitle', { count: dependents.length })}</p>
            <ul className="list-disc pl-5">
              {dependents.map((d) => (
                <li key={`${d.kindCode}/${d.code}/${d.field}`}>
                  {d.kindCode}/{d.code} v{d.version}（{d.field}）
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <p className="text-sm text-slate-500">{t('noImpact')}</p>
        )}
        <Field id="eff-date" label={t('effectiveDate')} error={errors.effectiveDate}>
          <Input id="eff-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        </Field>
        {mode === 'submit' ? <PredictedPath input={flowInput} /> : null}
        <Field id="req-reason" label={needReason ? `${t('reason')} *` : t('reason')} error={errors.reason}>
          <textarea id="req-reason" rows={3} className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm" value={reason} aria-invalid={Boolean(errors.reason)} aria-describedby={errors.reason ? 'req-reason-error' : undefined} onChange={(e) => setReason(e.target.value)} />
        </Field>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            {tc('cancel')}
          </Button>
          <Button
            variant={mode === 'retire' ? 'danger' : 'primary'}
            disabled={done || submit.isPending || retire.isPending}
            onClick={() => {
              setErrors({});
              if (mode === 'submit') submit.mutate({ versionId, revision, effectiveDate: date, reason: reason || undefined, idempotencyKey });
              else retire.mutate({ kindCode, code, effectiveDate: date, reason, idempotencyKey });
            }}
          >
            {mode === 'submit' ? t('submit') : t('retire')}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}

/** A version's content, other entries it names read by their titles (the form's own look-ups). */
function EntryContent({ kind, content, source }: { kind: Pick<KindDefinition, 'ui' | 'schema'>; content: Record<string, unknown>; source: { kind: string; code: string; version: number } }) {
  const support = useFormSupport(kind);
  return <ContentView kind={kind} content={content} departments={support.departments} refOptions={support.refOptions} source={source} />;
}
