import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { getDb } from '@/server/db';
import { publicSubjectPage, type PublicRecord } from '@/server/public/service';
import { overBudget } from '../../_lib/guard';
import { Busy } from '../../_lib/busy';
import { objectionHref } from '../../_lib/objection';
import { INFO_CATEGORIES } from '@/catalog/kinds/info-catalog';
import { SUBJECT_TYPES } from '@/catalog/kinds/common';

async function RecordTable({ rows, caption }: { rows: PublicRecord[]; caption: string }) {
  const t = await getTranslations('publicSite');
  const locale = (await getLocale()) as 'zh-CN' | 'en';
  return (
    <div className="space-y-3">
      {rows.map((r) => (
        <article key={r.id} className="rounded-lg border border-slate-200 bg-white p-4" aria-label={`${caption} ${r.decisionDate ?? ''}`}>
          <h3 className="font-medium">
            {locale === 'en' ? r.catalogNameEn : r.catalogName} · {t('decidedOn', { date: r.decisionDate ?? '—' })}{r.publicUntil ? ` · ${t('publicUntil', { date: r.publicUntil })}` : ''} · {r.department[locale]}
          </h3>
          <dl className="mt-2 grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
            {r.fields.map((f, i) => (
              <div key={i} className="contents">
                <dt className="text-slate-600">{f.label[locale]}</dt>
                <dd className="break-all">{f.value}</dd>
              </div>
            ))}
          </dl>
        </article>
      ))}
    </div>
  );
}

/** The ref from the address; a malformed escape (a stray %) finds nothing rather than failing. */
function safeDecode(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

export default async function PublicSubjectPage({ params }: { params: Promise<{ ref: string }> }) {
  const t = await getTranslations('publicSite');
  const locale = (await getLocale()) as 'zh-CN' | 'en';
  const ref = safeDecode((await params).ref).slice(0, 300);
  if (await overBudget()) return <Busy />;
  const page = await publicSubjectPage(await getDb(), ref);
  if (!page.subject) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-semibold">{t('notFoundTitle')}</h1>
        <p>{t('notFound')}</p>
        <Link href="/public" className="text-brand-700 underline">
          {t('backToSearch')}
        </Link>
      </div>
    );
  }
  const objection = objectionHref?.(ref) ?? null;
  return (
    <div className="space-y-8">
      <div>
        <p className="text-sm">
          <Link href="/public" className="text-brand-700 underline">
            {t('backToSearch')}
          </Link>
        </p>
        <h1 className="mt-2 text-2xl font-semibold">{page.subject.name}</h1>
        <p className="text-slate-700">
          {t('codeLabel')}：<span className="font-mono">{page.subject.code}</span> · {SUBJECT_TYPES[page.subject.type]?.[locale] ?? page.subject.type}
        </p>
        <p className="mt-1 text-sm text-slate-600">{t('asOf', { date: page.today })}</p>
      </div>

      <section aria-labelledby="lists-title" className="space-y-2">
        <h2 id="lists-title" className="text-lg font-semibold">
          {t('listsTitle')}
        </h2>
        {page.memberships.length === 0 ? (
          <p className="text-slate-700">{t('noLists')}</p>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="min-w-full divide-y divide-slate-200 text-sm">
              <caption className="sr-only">{t('listsTitle')}</caption>
              <thead className="bg-slate-50 text-left text-slate-700">
                <tr>
                  <th scope="col" className="px-3 py-2 font-medium">{t('listName')}</th>
                  <th scope="col" className="px-3 py-2 font-medium">{t('decisionNumber')}</th>
                  <th scope="col" className="px-3 py-2 font-medium">{t('listedOn')}</th>
                  <th scope="col" className="px-3 py-2 font-medium">{t('validTo')}</th>
                  <th scope="col" className="px-3 py-2 font-medium">{t('authority')}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {page.memberships.map((m, i) => (
                  <tr key={i}>
                    <td className="px-3 py-2">{m.listName}</td>
                    <td className="px-3 py-2">{m.decisionNumber ?? '—'}</td>
                    <td className="px-3 py-2">{m.listedOn}</td>
                    <td className="px-3 py-2">{m.validTo ?? '—'}</td>
                    <td className="px-3 py-2">{m.department?.[locale] ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {page.records.map((g) => (
        <section key={g.category} aria-labelledby={`cat-${g.category}`} className="space-y-2">
          <h2 id={`cat-${g.category}`} className="text-lg font-semibold">
            {t('categoryTitle', { category: INFO_CATEGORIES[g.category]?.[locale] ?? g.category, count: g.rows.length })}
          </h2>
          <RecordTable rows={g.rows} caption={INFO_CATEGORIES[g.category]?.[locale] ?? g.category} />
        </section>
      ))}
      {page.records.length === 0 ? <p className="text-slate-700">{t('noRecords')}</p> : null}

      <section aria-labelledby="commitments-title" className="space-y-2">
        <h2 id="commitments-title" className="text-lg font-semibold">
          {t('commitmentsTitle')}
        </h2>
        {page.commitments.length === 0 ? <p className="text-slate-700">{t('noCommitments')}</p> : <RecordTable rows={page.commitments} caption={t('commitmentsTitle')} />}
      </section>

      <section aria-labelledby="objection-title" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="objection-title" className="font-semibold">
          {t('objectionTitle')}
        </h2>
        {objection ? (
          <Link href={objection} className="text-brand-700 underline">
            {t('objectionLink')}
          </Link>
        ) : (
          <p className="text-sm text-slate-700">{t('objectionContact')}</p>
        )}
      </section>
    </div>
  );
}
