import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { getDb } from '@/server/db';
import { DUAL_CATEGORIES, dualPublicity } from '@/server/public/service';
import { overBudget } from '../_lib/guard';
import { Busy } from '../_lib/busy';

type Params = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

/** 双公示: recent 行政许可 / 行政处罚 decisions shown today, filtered and paged by plain GET links. */
export default async function DualPublicityPage({ searchParams }: { searchParams: Promise<Params> }) {
  const t = await getTranslations('publicSite');
  const locale = (await getLocale()) as 'zh-CN' | 'en';
  const sp = await searchParams;
  const input = { category: one(sp.category), q: one(sp.q).slice(0, 100), department: one(sp.department), from: one(sp.from), to: one(sp.to), page: Number(one(sp.page)) || 1 };
  if (await overBudget()) return <Busy />;
  const data = await dualPublicity(await getDb(), input);
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  const link = (page: number) => {
    const u = new URLSearchParams();
    for (const [k, v] of Object.entries({ category: data.filters.category, q: data.filters.q, department: data.filters.department, from: data.filters.from, to: data.filters.to })) if (v) u.set(k, v);
    u.set('page', String(page));
    return `/public/dual-publicity?${u.toString()}`;
  };
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t('dualTitle')}</h1>
      <p className="text-slate-700">{t('dualIntro')}</p>
      <form method="get" action="/public/dual-publicity" className="grid grid-cols-1 gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-3 lg:grid-cols-6">
        <div>
          <label htmlFor="category" className="mb-1 block text-sm font-medium">{t('category')}</label>
          <select id="category" name="category" defaultValue={data.filters.category ?? ''} className="w-full rounded-md border border-slate-400 px-2 py-2">
            <option value="">{t('allCategories')}</option>
            {DUAL_CATEGORIES.map((c) => (
              <option key={c} value={c}>{t(`cat.${c}`)}</option>
            ))}
          </select>
        </div>
        <div className="sm:col-span-2">
          <label htmlFor="dq" className="mb-1 block text-sm font-medium">{t('dualQuery')}</label>
          <input id="dq" name="q" defaultValue={data.filters.q ?? ''} maxLength={100} className="w-full rounded-md border border-slate-400 px-2 py-2" />
        </div>
        <div>
          <label htmlFor="department" className="mb-1 block text-sm font-medium">{t('authority')}</label>
          <select id="department" name="department" defaultValue={data.filters.department ?? ''} className="w-full rounded-md border border-slate-400 px-2 py-2">
            <option value="">{t('allAuthorities')}</option>
            {data.departments.map((d) => (
              <option key={d.code} value={d.code}>{locale === 'en' ? d.nameEn : d.nameZh}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="from" className="mb-1 block text-sm font-medium">{t('from')}</label>
          <input id="from" name="from" type="date" defaultValue={data.filters.from ?? ''} className="w-full rounded-md border border-slate-400 px-2 py-2" />
        </div>
        <div>
          <label htmlFor="to" className="mb-1 block text-sm font-medium">{t('to')}</label>
          <input id="to" name="to" type="date" defaultValue={data.filters.to ?? ''} className="w-full rounded-md border border-slate-400 px-2 py-2" />
        </div>
        <div className="flex items-end gap-2 sm:col-span-3 lg:col-span-6">
          <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 text-white hover:bg-brand-700">{t('filter')}</button>
          <Link href="/public/dual-publicity" className="rounded-md border border-slate-300 px-4 py-2 text-slate-800 hover:bg-slate-50">{t('clear')}</Link>
        </div>
      </form>
      <p className="text-sm text-slate-700" aria-live="polite">{t('dualCount', { total: data.total, page: data.page, pages })}</p>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="sr-only">{t('dualTitle')}</caption>
          <thead className="bg-slate-50 text-left text-slate-700">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">{t('category')}</th>
              <th scope="col" className="px-3 py-2 font-medium">{t('party')}</th>
              <th scope="col" className="px-3 py-2 font-medium">{t('codeLabel')}</th>
              <th scope="col" className="px-3 py-2 font-medium">{t('documentNumber')}</th>
              <th scope="col" className="px-3 py-2 font-medium">{t('decisionDate')}</th>
              <th scope="col" className="px-3 py-2 font-medium">{t('authority')}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {data.rows.length === 0 ? (
              <tr>
                <td colSpan={6} className="px-3 py-6 text-center text-slate-700">{t('noDual')}</td>
              </tr>
            ) : null}
            {data.rows.map((r) => (
              <tr key={r.id}>
                <td className="px-3 py-2">{t(`cat.${r.category as (typeof DUAL_CATEGORIES)[number]}`)}</td>
                <td className="px-3 py-2">{r.subjectName}</td>
                <td className="px-3 py-2 font-mono">{r.subjectCode}</td>
                <td className="px-3 py-2">{r.documentNumber ?? '—'}</td>
                <td className="px-3 py-2">{r.decisionDate ?? '—'}</td>
                <td className="px-3 py-2">{r.department[locale]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav aria-label={t('paging')} className="flex items-center gap-3 text-sm">
        {data.page > 1 ? <Link href={link(data.page - 1)} className="rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-50">{t('prev')}</Link> : null}
        <span>{t('pageOf', { page: data.page, pages })}</span>
        {data.page < pages ? <Link href={link(data.page + 1)} className="rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-50">{t('next')}</Link> : null}
      </nav>
    </div>
  );
}
