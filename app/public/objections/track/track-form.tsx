'use client';

import { useActionState } from 'react';
import { useFormStatus } from 'react-dom';
import { useTranslations } from 'next-intl';
import type { TrackResult } from '@/server/public/objection';
import { trackObjectionAction } from './actions';

function Submit({ label }: { label: string }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" disabled={pending} className="rounded-md bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800 disabled:opacity-60">
      {label}
    </button>
  );
}

const input = 'mt-1 block w-full rounded-md border border-slate-400 px-3 py-2';

/** Tracking number + the phone or e-mail given at filing → state, outcome, answer and deadline (no staff). */
export function TrackForm() {
  const t = useTranslations('publicSite.objection');
  const tr = useTranslations();
  const [state, action] = useActionState<TrackResult | null, FormData>(trackObjectionAction, null);
  const s = state?.ok ? state.status : null;
  return (
    <div className="space-y-6">
      <form action={action} className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
        {state && !state.ok ? (
          <p role="alert" id="track-error" className="rounded-md border border-red-300 bg-red-50 p-3 text-red-800">
            {tr(state.error.key as never, (state.error.params ?? {}) as never)}
          </p>
        ) : null}
        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <label htmlFor="no">{t('trackingNo')}</label>
            <input id="no" name="no" required maxLength={60} defaultValue={state?.values.no ?? ''} className={`${input} font-mono`} placeholder="YY-SCJG-2026-00001" />
          </div>
          <div>
            <label htmlFor="contact">{t('contactGiven')}</label>
            <input id="contact" name="contact" required maxLength={200} autoComplete="tel" defaultValue={state?.values.contact ?? ''} className={input} />
          </div>
        </div>
        <Submit label={t('trackButton')} />
      </form>
      {s ? (
        <section aria-labelledby="result-title" className="space-y-2 rounded-lg border border-slate-200 bg-white p-4" data-testid="track-result">
          <h2 id="result-title" className="text-lg font-semibold">
            {t('resultTitle')}
          </h2>
          <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1">
            <dt>{t('trackingNo')}</dt>
            <dd className="font-mono">{s.trackingNo}</dd>
            <dt>{t('subjectName')}</dt>
            <dd>{s.subjectName}</dd>
            <dt>{t('filedOn')}</dt>
            <dd>{s.filedOn}</dd>
            <dt>{t('answerDue')}</dt>
            <dd>{s.answerDue}</dd>
            <dt>{t('state')}</dt>
            <dd>{t('stateValue', { state: s.state })}</dd>
            {s.state === 'closed' ? (
              <>
                <dt>{t('outcome')}</dt>
                <dd>{t('outcomeValue', { outcome: s.outcome ?? 'none' })}</dd>
                <dt>{t('answer')}</dt>
                <dd className="whitespace-pre-wrap">{s.answer ?? '—'}</dd>
              </>
            ) : null}
          </dl>
        </section>
      ) : null}
    </div>
  );
}
