'use client';
import { useMutation } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import type { LegalBasis } from '@/catalog/types';
import type { AppRouter } from '@/server/trpc/router';
import { useTRPC } from '@/app/_trpc/client';
import { fieldErrorsOf, messageOf } from '@/app/_trpc/errors';
import { Button } from '@/app/_components/ui/button';
import { Badge } from '@/app/_components/ui/card';
import { Dialog, DialogActions } from '@/app/_components/ui/dialog';
import { Field, Input, Select } from '@/app/_components/ui/field';
import { formatBasis } from '../registers/_components/content-view';

type Membership = inferRouterOutputs<AppRouter>['grading']['lookup']['subjects'][number]['lists'][number];

/** 逢办必查: the lists the subject is on now, the measures that apply with their basis, and feedback. */
export function ListMemberships({ lists, queryLogId, canFeedback, today }: { lists: Membership[]; queryLogId: string | null; canFeedback: boolean; today: string }) {
  const t = useTranslations('listsUi.lookup');
  const td = useTranslations('disclosure');
  const locale = useLocale() as 'zh-CN' | 'en';
  const [feedbackFor, setFeedbackFor] = useState<Membership | null>(null);
  return (
    <section data-testid="lookup-lists">
      <h3 className="mb-2 font-semibold">{t('title')}</h3>
      {lists.length === 0 ? <p className="text-sm text-slate-500">{t('none')}</p> : null}
      <div className="space-y-3">
        {lists.map((m) => (
          <div key={m.id} className={`rounded-md border p-3 ${m.nature === 'incentive' ? 'border-green-300 bg-green-50' : 'border-red-300 bg-red-50'}`} data-testid="membership">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <p className="font-medium">
                <Badge tone={m.nature === 'incentive' ? 'green' : 'red'}>{m.listName}</Badge> <span className="text-sm text-slate-600">{t('decision', { number: m.decisionNumber ?? '—', department: m.department?.[locale] ?? '—' })}</span>
              </p>
              <p className="text-sm text-slate-600">
                {t('period', { from: m.listedOn, to: m.validTo ?? t('open') })} {m.objectionOpen ? <Badge tone="red">{td('objectionOpen')}</Badge> : null} {m.repairOpen ? <Badge tone="blue">{td('repairOpen')}</Badge> : null}
              </p>
            </div>
            {m.legalBasis.length ? <p className="mt-1 text-xs text-slate-600">{t('basis', { basis: (m.legalBasis as LegalBasis[]).map(formatBasis).join('；') })}</p> : null}
            <p className="mt-2 text-sm font-medium">{m.nature === 'incentive' ? t('incentives') : t('measures')}</p>
            {m.measures.length === 0 ? <p className="text-sm text-slate-500">{t('noMeasures')}</p> : null}
            <ul className="mt-1 space-y-1 text-sm">
              {m.measures.map((x) => (
                <li key={x.code}>
                  {x.text}
                  <span className="block pl-4 text-xs text-slate-600">{t('measureBasis', { basis: (x.legalBasis as LegalBasis[]).map(formatBasis).join('；') || '—' })}</span>
                </li>
              ))}
            </ul>
            {canFeedback && m.measures.length ? (
              <Button size="sm" variant="secondary" className="mt-2" onClick={() => setFeedbackFor(m)}>
                {t('recordFeedback')}
              </Button>
            ) : null}
          </div>
        ))}
      </div>
      {feedbackFor ? <FeedbackDialog member={feedbackFor} queryLogId={queryLogId} today={today} onClose={() => setFeedbackFor(null)} /> : null}
    </section>
  );
}

function FeedbackDialog({ member, queryLogId, today, onClose }: { member: Membership; queryLogId: string | null; today: string; onClose: () => void }) {
  const t = useTranslations('listsUi.lookup');
  const trpc = useTRPC();
  const [measureCode, setMeasureCode] = useState(member.measures[0]?.code ?? '');
  const [appliedOn, setAppliedOn] = useState(today);
  const [content, setContent] = useState('');
  const [amount, setAmount] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const m = useMutation(
    trpc.creditList.feedback.mutationOptions({
      onSuccess: () => {
        toast.success(t('feedbackSaved'));
        onClose();
      },
      onError: (e) => {
        setErrors(fieldErrorsOf(e));
        toast.error(messageOf(e));
      },
    }),
  );
  return (
    <Dialog open onOpenChange={(o) => (o ? null : onClose())} title={t('feedbackTitle', { list: member.listName })}>
      <form
        className="space-y-3"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setErrors({});
          m.mutate({ memberId: member.id, measureCode, appliedOn, content, amount: amount || null, queryLogId });
        }}
      >
        <Field id="feedback-measure" label={t('measure')} error={errors.measureCode}>
          <Select id="feedback-measure" value={measureCode} onChange={(e) => setMeasureCode(e.target.value)}>
            {member.measures.map((x) => (
              <option key={x.code} value={x.code}>
                {x.text}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="feedback-date" label={t('appliedOn')} error={errors.appliedOn}>
          <Input id="feedback-date" type="date" value={appliedOn} aria-invalid={Boolean(errors.appliedOn)} onChange={(e) => setAppliedOn(e.target.value)} />
        </Field>
        <Field id="feedback-content" label={t('content')} error={errors.content}>
          <Input id="feedback-content" value={content} aria-invalid={Boolean(errors.content)} onChange={(e) => setContent(e.target.value)} />
        </Field>
        <Field id="feedback-amount" label={t('amount')} help={t('amountHelp')} error={errors.amount}>
          <Input id="feedback-amount" inputMode="decimal" value={amount} aria-invalid={Boolean(errors.amount)} onChange={(e) => setAmount(e.target.value)} />
        </Field>
        <DialogActions onCancel={onClose} pending={m.isPending || m.isSuccess} confirmLabel={t('saveFeedback')} />
      </form>
    </Dialog>
  );
}
