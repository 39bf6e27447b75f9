import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { getDb } from '@/server/db';
import { searchPublic } from '@/server/public/service';
import { overBudget } from './_lib/guard';
import { Busy } from './_lib/busy';

export default async function PublicSearchPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const t = await getTranslations('publicSite');
  const raw = (await searchParams).q;
  const q = (Array.isArray(raw) ? raw[0] : raw)?.trim().slice(0, 100) ?? '';
  if (await overBudget()) return <Busy />;
  const result = q ? await searchPublic(await getDb(), q) : null;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t('searchTitle')}</h1>
      <p className="text-slate-700">{t('searchIntro')}</p>
      <form method="get" action="/public" role="search" className="flex flex-wrap items-end gap-2">
        <div className="min-w-72 flex-1">
          <label htmlFor="q" className="mb-1 block text-sm font-medium">
            {t('searchLabel')}
          </label>
          <input id="q" name="q" defaultValue={q} maxLength={100} aria-describedby="q-help" className="w-full rounded-md border border-slate-400 px-3 py-2" />
          <p id="q-help" className="mt-1 text-sm text-slate-600">
            {t('searchHelp')}
          </p>
        </div>
        <button type="submit" className="mb-6 rounded-md bg-brand-600 px-4 py-2 text-white hover:bg-brand-700">
          {t('searchButton')}
        </button>
      </form>
      {result ? (
        <section aria-labelledby="results-title" className="space-y-2">
          <h2 id="results-title" className="text-lg font-semibold">
            {t('resultsTitle', { count: result.hits.length })}
          </h2>
          {result.hits.length === 0 ? <p className="text-slate-700">{t('noResults')}</p> : null}
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
            {result.hits.map((h) => (
              <li key={h.ref} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
                <div>
                  <Link href={`/public/subjects/${encodeURIComponent(h.ref)}`} className="font-medium text-brand-700 underline">
                    {h.name}
                  </Link>
                  <div className="text-sm text-slate-600">
                    {t('codeLabel')}：<span className="font-mono">{h.code}</span> · {h.type}
                  </div>
                </div>
                <span className="text-sm text-slate-700">{t('recordCount', { count: h.records })}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
