import Link from 'next/link';
import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { headers } from 'next/headers';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('publicSite');
  return { title: t('siteTitle') };
}

/** The public site: no sign-in, server-rendered, works without JavaScript (links and GET forms only). */
export default async function PublicLayout({ children }: { children: React.ReactNode }) {
  const t = await getTranslations('publicSite');
  const locale = await getLocale();
  const path = (await headers()).get('x-public-path') ?? '/public';
  const other = locale === 'en' ? { to: 'zh-CN', label: '中文' } : { to: 'en', label: 'English' };
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
        {t('skip')}
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <Link href="/public" className="text-lg font-semibold text-brand-900">
            {t('siteTitle')}
          </Link>
          <nav aria-label={t('navLabel')} className="flex flex-wrap items-center gap-1 text-sm">
            <Link href="/public" className="rounded-md px-2 py-1 text-slate-700 hover:bg-slate-100">
              {t('navSearch')}
            </Link>
            <Link href="/public/dual-publicity" className="rounded-md px-2 py-1 text-slate-700 hover:bg-slate-100">
              {t('navDual')}
            </Link>
            <Link href="/public/objections/track" className="rounded-md px-2 py-1 text-slate-700 hover:bg-slate-100">
              {t('objection.navTrack')}
            </Link>
            <Link href="/public/api-docs" className="rounded-md px-2 py-1 text-slate-700 hover:bg-slate-100">
              {t('navApi')}
            </Link>
            <a href={`/public/language?to=${other.to}&back=${encodeURIComponent(path)}`} lang={other.to} className="rounded-md border border-slate-300 px-2 py-1 text-slate-700 hover:bg-slate-100">
              {other.label}
            </a>
          </nav>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-6">
        {children}
      </main>
      <footer className="mx-auto max-w-6xl px-4 pb-8 text-xs text-slate-600">{t('footer')}</footer>
    </div>
  );
}
