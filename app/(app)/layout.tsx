import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { requireViewer } from '@/app/_auth/require';
import { navFor } from '@/app/_components/nav';
import { LanguageSwitch } from '@/app/_components/language-switch';
import { SignOutButton } from '@/app/_components/sign-out-button';

export const dynamic = 'force-dynamic';

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const viewer = await requireViewer();
  const t = await getTranslations();
  const locale = await getLocale();
  const dept = (locale === 'en' ? viewer.departmentNameEn : viewer.departmentNameZh) ?? '—';
  const items = navFor(viewer.roles);
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
        {t('common.skipToContent')}
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <Link href="/" className="text-lg font-semibold text-brand-900">
            {t('app.title')}
          </Link>
          <div className="flex items-center gap-3 text-sm text-slate-600">
            <span data-testid="whoami">
              {t('common.signedInAs', { name: viewer.name, department: dept })} · {viewer.roles.map((r) => t(`roles.${r}`)).join('、')}
            </span>
            <LanguageSwitch />
            <Link href="/account" className="rounded-md px-2 py-1 hover:bg-slate-100">
              {t('accounts.myAccount')}
            </Link>
            <SignOutButton />
          </div>
        </div>
      </header>
      <div className="mx-auto flex max-w-7xl gap-6 px-4 py-6">
        <nav aria-label={t('nav.home')} className="w-48 shrink-0">
          <ul className="space-y-1 text-sm" data-testid="main-nav">
            <li>
              <Link href="/" className="block rounded-md px-3 py-2 hover:bg-slate-100">
                {t('nav.home')}
              </Link>
            </li>
            {items.map((item) => (
              <li key={item.href}>
                <Link href={item.href} className="block rounded-md px-3 py-2 hover:bg-slate-100">
                  {t(`nav.${item.labelKey}`)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" className="min-w-0 flex-1">
          {children}
        </main>
      </div>
    </div>
  );
}
