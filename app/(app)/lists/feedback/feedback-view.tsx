'use client';
import { useQuery } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { useTRPC } from '@/app/_trpc/client';
import { messageOf } from '@/app/_trpc/errors';
import { Card, PageTitle } from '@/app/_components/ui/card';
import { Field, Input } from '@/app/_components/ui/field';

export function FeedbackView() {
  const t = useTranslations('listsUi.feedback');
  const locale = useLocale() as 'zh-CN' | 'en';
  const trpc = useTRPC();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const range = { from: from || undefined, to: to || undefined };
  const stats = useQuery(trpc.creditList.feedbackStats.queryOptions(range, { placeholderData: (p) => p }));
  const qs = new URLSearchParams(Object.entries(range).filter(([, v]) => v) as [string, string][]).toString();
  const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);
  return (
    <div className="space-y-4">
      <PageTitle
        actions={
          <>
            <a className="rounded-md border border-slate-300 px-3 py-2 text-sm hover:bg-slate-50" href={`/api/lists/feedback/export?format=csv${qs ? `&${qs}` : ''}`} download>
              {t('exportCsv')}
            </a>
            <a className="rounded-md border border-slate-300 px-3 py-2 text-sm hover:bg-slate-50" href={`/api/lists/feedback/export?format=xlsx${qs ? `&${qs}` : ''}`} download>
              {t('exportXlsx')}
            </a>
          </>
        }
      >
        {t('title')}
      </PageTitle>
      <p className="text-sm text-slate-600">{t('intro')}</p>
      <Card className="grid gap-3 md:grid-cols-2">
        <Field id="feedback-from" label={t('from')}>
          <Input id="feedback-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </Field>
        <Field id="feedback-to" label={t('to')}>
          <Input id="feedback-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </Field>
      </Card>
      {stats.isError ? <Card role="alert">{messageOf(stats.error)}</Card> : null}
      <Card>
        <h2 className="mb-2 font-semibold">{t('byDepartment')}</h2>
        <table className="w-full text-sm" data-testid="feedback-by-department">
          <caption className="sr-only">{t('byDepartment')}</caption>
          <thead className="text-left text-slate-600">
            <tr>
              <th className="py-1">{t('department')}</th>
              <th>{t('lookups')}</th>
              <th>{t('followed')}</th>
              <th>{t('feedbacks')}</th>
              <th>{t('rate')}</th>
            </tr>
          </thead>
          <tbody>
            {(stats.data?.byDepartment ?? []).map((d) => (
              <tr key={d.code} className="border-t border-slate-100">
                <td className="py-1">{d.name[locale]}</td>
                <td>{d.lookups}</td>
                <td>{d.followed}</td>
                <td>{d.feedbacks}</td>
                <td>{pct(d.rate)}</td>
              </tr>
            ))}
            {stats.data && !stats.data.byDepartment.length ? (
              <tr>
                <td colSpan={5} className="py-3 text-center text-slate-500">
                  {t('none')}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </Card>
      <Card>
        <h2 className="mb-2 font-semibold">{t('byMeasure')}</h2>
        <table className="w-full text-sm" data-testid="feedback-by-measure">
          <caption className="sr-only">{t('byMeasure')}</caption>
          <thead className="text-left text-slate-600">
            <tr>
              <th className="py-1">{t('measure')}</th>
              <th>{t('feedbacks')}</th>
              <th>{t('departments')}</th>
              <th>{t('amount')}</th>
            </tr>
          </thead>
          <tbody>
            {(stats.data?.byMeasure ?? []).map((m) => (
              <tr key={m.code} className="border-t border-slate-100">
                <td className="py-1">{m.text}</td>
                <td>{m.feedbacks}</td>
                <td>{m.departments}</td>
                <td>{m.amount ?? '—'}</td>
              </tr>
            ))}
            {stats.data && !stats.data.byMeasure.length ? (
              <tr>
                <td colSpan={4} className="py-3 text-center text-slate-500">
                  {t('none')}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </Card>
    </div>
  );
}
