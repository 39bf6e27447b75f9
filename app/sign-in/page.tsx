import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { getRequestContext } from '@/app/_trpc/server';
import { isDemoMode } from '@/server/db';
import { DEMO_USERS } from '@/server/seed';
import { LanguageSwitch } from '@/app/_components/language-switch';
import { SignInForm } from './sign-in-form';
import { ClientMessages } from '@/app/_i18n/client-messages';

export const dynamic = 'force-dynamic';

export default async function SignInPage() {
  const ctx = await getRequestContext();
  if (ctx.viewer) redirect('/');
  const t = await getTranslations();
  // Demo credentials leave the server only in demo mode (default with PGlite, off with DATABASE_URL).
  const demo = isDemoMode()
    ? DEMO_USERS.map((u) => ({ username: u.username, password: u.password, roles: u.roles.map((r) => t(`roles.${r}`)).join('、') }))
    : null;
  return (
    <ClientMessages only={['signIn', 'errors', 'accounts', 'common']}>
      <main className="mx-auto flex min-h-screen max-w-4xl flex-col items-center justify-center gap-6 px-4 py-10">
        <div className="flex w-full justify-end">
          <LanguageSwitch />
        </div>
        <div className="text-center">
          <h1 className="text-2xl font-semibold text-brand-900">{t('app.title')}</h1>
          <p className="mt-1 text-sm text-slate-600">{t('app.subtitle')}</p>
        </div>
        <SignInForm demo={demo} />
      </main>
    </ClientMessages>
  );
}
