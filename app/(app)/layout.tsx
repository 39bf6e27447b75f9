import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { requireViewer } from '@/app/_auth/require';
import { navFor } from '@/app/_components/nav';
import { AppShell } from '@/app/_components/app-shell';
import { LanguageSwitch } from '@/app/_components/language-switch';
import { SignOutButton } from '@/app/_components/sign-out-button';
import { getServerCaller } from '@/app/_trpc/server';
import { isDemoMode } from '@/server/db';
import { ClientMessages } from '@/app/_i18n/client-messages';

export const dynamic = 'force-dynamic';

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const viewer = await requireViewer();
  const t = await getTranslations();
  const locale = await getLocale();
  const dept = (locale === 'en' ? viewer.departmentNameEn : viewer.departmentNameZh) ?? '—';
  const counts = await (await getServerCaller()).inbox.counts();
  const waiting = counts.total;
  const items = [
    { href: '/', label: t('nav.home') },
    ...navFor(viewer.roles).map((item) => ({
      href: item.href,
      label: t(`nav.${item.labelKey}`),
      badge: item.href === '/tasks' ? { count: waiting, label: t('inbox.navBadge', { count: waiting }) } : undefined,
    })),
  ];
  return (
    <ClientMessages>
      <div className="min-h-screen">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
          {t('common.skipToContent')}
        </a>
        <header className="border-b border-slate-200 bg-white">
          <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-3 px-4 py-3">
            <Link href="/" className="text-lg font-semibold text-brand-900">
              {t('app.title')}
            </Link>
            <div className="flex flex-wrap items-center gap-3 text-sm text-slate-600">
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
          {isDemoMode() ? (
            <p className="border-t border-amber-200 bg-amber-50 px-4 py-1 text-center text-xs text-amber-900" data-testid="demo-banner">
              {t('office.demoBanner')}
            </p>
          ) : null}
        </header>
        <AppShell items={items} navLabel={t('nav.home')} toggleLabels={{ open: t('office.menuOpen'), close: t('office.menuClose') }}>
          {children}
        </AppShell>
      </div>
    </ClientMessages>
  );
}
