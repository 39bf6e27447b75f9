import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { Viewer } from '@/server/auth/viewer';
import { Card } from './ui/card';

/** What a signed-in person sees on a page their roles do not open (HTTP 200 page, data never sent). */
export async function Forbidden({ viewer }: { viewer: Viewer }) {
  const t = await getTranslations('common');
  const tr = await getTranslations('roles');
  return (
    <Card className="mx-auto mt-10 max-w-lg text-center" role="alert" data-testid="forbidden">
      <h1 className="mb-2 text-lg font-semibold text-red-700">{t('forbiddenTitle')}</h1>
      <p className="mb-4 text-slate-700">{t('forbiddenBody', { roles: viewer.roles.map((r) => tr(r)).join('、') })}</p>
      <Link href="/" className="text-brand-600 underline">
        {t('backHome')}
      </Link>
    </Card>
  );
}
