'use client';

import { useActionState } from 'react';
import { useFormStatus } from 'react-dom';
import { useLocale, useTranslations } from 'next-intl';
import type { Problem, PublicObjectionResult, PublicTarget } from '@/server/public/objection';
import { fileObjectionAction } from './actions';

function Submit({ label }: { label: string }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" disabled={pending} aria-disabled={pending} className="rounded-md bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800 disabled:opacity-60">
      {label}
    </button>
  );
}

const input = 'mt-1 block w-full rounded-md border border-slate-400 px-3 py-2';

/**
 * The public objection form: a plain multipart form posting to a server action, so it works without
 * JavaScript (the page renders again with the result: the tracking number, or the errors next to
 * the fields with the typed values kept). With JavaScript the button cannot submit twice.
 */
export function ObjectionForm({ subject, subjectName, targets, maxFiles, maxContent }: { subject: string; subjectName: string; targets: PublicTarget[]; maxFiles: number; maxContent: number }) {
  const t = useTranslations('publicSite.objection');
  const tr = useTranslations();
  const locale = useLocale() as 'zh-CN' | 'en';
  const [state, action] = useActionState<PublicObjectionResult | null, FormData>(fileObjectionAction, null);
  const msg = (p: Problem | undefined | null) => (p ? tr(p.key as never, (p.params ?? {}) as never) : null);

  if (state?.ok) {
    return (
      <section aria-labelledby="filed-title" className="space-y-3 rounded-lg border border-emerald-300 bg-emerald-50 p-4">
        <h2 id="filed-title" className="text-lg font-semibold">
          {t('filedTitle')}
        </h2>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1">
          <dt>{t('trackingNo')}</dt>
          <dd className="font-mono text-lg font-semibold" data-testid="tracking-no">
            {state.trackingNo}
          </dd>
          <dt>{t('subjectName')}</dt>
          <dd>{state.subjectName}</dd>
          <dt>{t('answerDue')}</dt>
          <dd data-testid="answer-due">{state.answerDue}</dd>
        </dl>
        <p>{t('filedIntro')}</p>
        <p>
          <a href="/public/objections/track" className="text-brand-700 underline">
            {t('trackLink')}
          </a>
        </p>
      </section>
    );
  }

  const v = state && !state.ok ? state.values : null;
  const errors = state && !state.ok ? state.errors : {};
  const formError = state && !state.ok ? msg(state.formError) : null;
  const err = (name: keyof typeof errors) =>
    errors[name] ? (
      <p id={`${name}-error`} className="mt-1 text-sm font-medium text-red-700">
        {msg(errors[name])}
      </p>
    ) : null;
  const invalid = (name: keyof typeof errors) => (errors[name] ? { 'aria-invalid': true, 'aria-describedby': `${name}-error` } : {});
  const hasErrors = Object.keys(errors).length > 0;

  return (
    <form action={action} encType="multipart/form-data" className="space-y-6" noValidate>
      <input type="hidden" name="subject" value={subject} />
      {formError || hasErrors ? (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-red-800">
          {formError ?? t('fixErrors')}
        </div>
      ) : null}
      <p className="text-slate-700">{t('subjectLine', { name: subjectName })}</p>

      <fieldset {...invalid('target')}>
        <legend className="font-medium">
          {t('target')} <span className="text-sm text-slate-600">（{t('required')}）</span>
        </legend>
        {err('target')}
        <div className="mt-2 space-y-3">
          {targets.map((tg) => (
            <div key={tg.value} className="rounded-md border border-slate-200 bg-white p-3">
              <label className="flex items-start gap-2">
                <input type="radio" name="target" value={tg.value} defaultChecked={v ? v.target === tg.value : targets.length === 1} className="mt-1" />
                <span>{tg.label[locale]}</span>
              </label>
              {tg.items.length ? (
                <fieldset className="ml-6 mt-2">
                  <legend className="text-sm text-slate-700">{t('items')}</legend>
                  <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm">
                    {tg.items.map((i) => {
                      const value = `${tg.value}|${i.key}`;
                      return (
                        <label key={i.key} className="inline-flex items-center gap-1">
                          <input type="checkbox" name="items" value={value} defaultChecked={v?.items.includes(value) ?? false} />
                          {i.label[locale]}
                        </label>
                      );
                    })}
                  </div>
                </fieldset>
              ) : null}
            </div>
          ))}
        </div>
        <p className="mt-1 text-sm text-slate-600">{t('itemsHelp')}</p>
      </fieldset>

      <div>
        <label htmlFor="content" className="font-medium">
          {t('content')} <span className="text-sm text-slate-600">（{t('required')}）</span>
        </label>
        <p id="content-help" className="text-sm text-slate-600">
          {t('contentHelp', { max: maxContent })}
        </p>
        <textarea id="content" name="content" rows={6} maxLength={maxContent} defaultValue={v?.content ?? ''} className={input} aria-describedby={errors.content ? 'content-error content-help' : 'content-help'} aria-invalid={errors.content ? true : undefined} />
        {err('content')}
      </div>

      <fieldset className="space-y-3">
        <legend className="font-medium">{t('contactTitle')}</legend>
        <p id="contact-help" className="text-sm text-slate-600">
          {t('contactHelp')}
        </p>
        <div>
          <label htmlFor="name">
            {t('name')} <span className="text-sm text-slate-600">（{t('required')}）</span>
          </label>
          <input id="name" name="name" autoComplete="name" maxLength={100} defaultValue={v?.name ?? ''} className={input} {...invalid('name')} />
          {err('name')}
        </div>
        <div className="grid gap-3 sm:grid-cols-2">
          <div>
            <label htmlFor="phone">{t('phone')}</label>
            <input id="phone" name="phone" type="tel" autoComplete="tel" maxLength={40} defaultValue={v?.phone ?? ''} className={input} aria-describedby={errors.contact ? 'contact-error contact-help' : 'contact-help'} aria-invalid={errors.contact ? true : undefined} />
          </div>
          <div>
            <label htmlFor="email">{t('email')}</label>
            <input id="email" name="email" type="email" autoComplete="email" maxLength={200} defaultValue={v?.email ?? ''} className={input} aria-describedby={errors.contact ? 'contact-error contact-help' : 'contact-help'} aria-invalid={errors.contact ? true : undefined} />
          </div>
        </div>
        {err('contact')}
      </fieldset>

      <div>
        <label htmlFor="evidence" className="font-medium">
          {t('evidence')}
        </label>
        <p id="evidence-help" className="text-sm text-slate-600">
          {t('evidenceHelp', { max: maxFiles })}
        </p>
        <input id="evidence" name="evidence" type="file" multiple accept=".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.txt" className="mt-1 block" aria-describedby={errors.evidence ? 'evidence-error evidence-help' : 'evidence-help'} aria-invalid={errors.evidence ? true : undefined} />
        {err('evidence')}
      </div>

      <Submit label={t('submit')} />
    </form>
  );
}
