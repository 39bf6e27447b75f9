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
            <ExportLink href={`/api/lists/feedback/export?format=csv${qs ? `&${qs}` : ''}`}>{t('exportCsv')}</ExportLink>
            <ExportLink href={`/api/lists/feedback/export?format=xlsx${qs ? `&${qs}` : ''}`}>{t('exportXlsx')}</ExportLink>
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
      <SummaryTable
        title={t('byDepartment')}
        testId="feedback-by-department"
        empty={stats.data ? t('none') : undefined}
        headers={[t('department'), t('lookups'), t('followed'), t('feedbacks'), t('rate')]}
        rows={(stats.data?.byDepartment ?? []).map((d) => ({ key: d.code, cells: [d.name[locale], d.lookups, d.followed, d.feedbacks, pct(d.rate)] }))}
      />
      <SummaryTable
        title={t('byMeasure')}
        testId="feedback-by-measure"
        empty={stats.data ? t('none') : undefined}
        headers={[t('measure'), t('feedbacks'), t('departments'), t('amount')]}
        rows={(stats.data?.byMeasure ?? []).map((m) => ({ key: m.code, cells: [m.text, m.feedbacks, m.departments, m.amount ?? '—'] }))}
      />
    </div>
  );
}

function ExportLink({ href, children }: { href: string; children: React.ReactNode }) {
  return (
    <a className="rounded-md border border-slate-300 px-3 py-2 text-sm hover:bg-slate-50" href={href} download>
      {children}
    </a>
  );
}

/** A small summary table (a few rows per department or measure): no paging, a line when empty. */
function SummaryTable({ title, testId, headers, rows, empty }: { title: string; testId: string; headers: string[]; rows: { key: string; cells: React.ReactNode[] }[]; empty?: string }) {
  return (
    <Card>
      <h2 className="mb-2 font-semibold">{title}</h2>
      <table className="w-full text-sm" data-testid={testId}>
        <caption className="sr-only">{title}</caption>
        <thead className="text-left text-slate-600">
          <tr>
            {headers.map((h, i) => (
              <th key={i} className={i === 0 ? 'py-1' : undefined}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} className="border-t border-slate-100">
              {r.cells.map((c, i) => (
                <td key={i} className={i === 0 ? 'py-1' : undefined}>
                  {c}
                </td>
              ))}
            </tr>
          ))}
          {empty !== undefined && !rows.length ? (
            <tr>
              <td colSpan={headers.length} className="py-3 text-center text-slate-500">
                {empty}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </Card>
  );
}
