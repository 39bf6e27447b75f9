'use client';
import { useTranslations } from 'next-intl';
import { Button } from '@/app/_components/ui/button';
import { Card } from '@/app/_components/ui/card';
import { DistributionChart, type Distribution } from '../_components/distribution';

export interface WhatIfResult {
  period: { start: string; end: string };
  published: { version: number; distribution: Distribution } | null;
  draft: { distribution: Distribution };
  changes: { subjectCode: string; subjectName: string; from: string | null; to: string; scoreFrom: number | null; scoreTo: number }[];
  changesTotal: number;
}

export const WHAT_IF_PAGE_SIZE = 20;

/**
 * The draft against the published version on the latest period: distributions side by side,
 * then the subjects whose grade changes, paged by the server (`onPage` asks for another page of
 * the same draft snapshot).
 */
export function WhatIfPanel({ result, grades, page, loading, onPage, onClose }: { result: WhatIfResult; grades: string[]; page: number; loading: boolean; onPage: (page: number) => void; onClose: () => void }) {
  const t = useTranslations('gradingUi.whatIf');
  const pages = Math.max(1, Math.ceil(result.changesTotal / WHAT_IF_PAGE_SIZE));
  const rows = result.changes;
  const series = [
    ...(result.published ? [{ name: t('published', { version: result.published.version }), distribution: result.published.distribution }] : []),
    { name: t('draft'), distribution: result.draft.distribution },
  ];
  return (
    <Card className="space-y-4" data-testid="what-if">
      <div className="flex items-center justify-between">
        <h2 className="font-semibold">{t('title', { start: result.period.start, end: result.period.end })}</h2>
        <Button variant="ghost" size="sm" onClick={onClose}>
          {t('close')}
        </Button>
      </div>
      {result.published ? null : <p className="text-sm text-slate-600">{t('noPublished')}</p>}
      <div className="grid gap-6 md:grid-cols-2">
        {series.map((s) => (
          <div key={s.name}>
            <h3 className="mb-2 text-sm font-semibold">{s.name}</h3>
            <DistributionChart series={[s]} grades={grades} testId={s.name === t('draft') ? 'what-if-draft' : 'what-if-published'} />
          </div>
        ))}
      </div>
      <h3 className="text-sm font-semibold" data-testid="what-if-changes-total">
        {t('changesTotal', { count: result.changesTotal })}
      </h3>
      {result.changes.length ? (
        <div className="overflow-x-auto rounded-lg border border-slate-200">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">{t('changesCaption')}</caption>
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">{t('subject')}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t('subjectCode')}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t('grade')}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t('score')}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((c) => (
                <tr key={c.subjectCode}>
                  <td className="px-3 py-2">{c.subjectName}</td>
                  <td className="px-3 py-2 font-mono text-xs">{c.subjectCode}</td>
                  <td className="px-3 py-2">{c.from ?? '—'} → <strong>{c.to}</strong></td>
                  <td className="px-3 py-2">{c.scoreFrom ?? '—'} → {c.scoreTo}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <nav className="flex items-center justify-between border-t border-slate-200 px-3 py-2 text-sm text-slate-600" aria-label={t('changesCaption')}>
            <span>{t('pageOf', { page, pages })}</span>
            <span className="flex gap-2">
              <Button variant="secondary" size="sm" disabled={page <= 1 || loading} onClick={() => onPage(page - 1)}>
                {t('previous')}
              </Button>
              <Button variant="secondary" size="sm" disabled={page >= pages || loading} onClick={() => onPage(page + 1)}>
                {t('next')}
              </Button>
            </span>
          </nav>
        </div>
      ) : null}
    </Card>
  );
}
