import { getLocale, getTranslations } from 'next-intl/server';
import { requireViewer } from '@/app/_auth/require';
import { Card, PageTitle } from '@/app/_components/ui/card';
import { ChangePasswordForm } from './change-password-form';

/** The signed-in user's own account: who they are, and the one thing they change themselves. */
export default async function AccountPage() {
  const viewer = await requireViewer();
  const t = await getTranslations('accounts');
  const tu = await getTranslations('users');
  const locale = await getLocale();
  return (
    <div className="max-w-xl space-y-4">
      <PageTitle>{t('title')}</PageTitle>
      <Card>
        <dl className="grid grid-cols-[8rem_1fr] gap-y-2 text-sm">
          <dt className="text-slate-500">{tu('username')}</dt>
          <dd className="font-mono">{viewer.username}</dd>
          <dt className="text-slate-500">{tu('name')}</dt>
          <dd>{viewer.name}</dd>
          <dt className="text-slate-500">{tu('department')}</dt>
          <dd>{(locale === 'en' ? viewer.departmentNameEn : viewer.departmentNameZh) ?? '—'}</dd>
        </dl>
        <p className="mt-3 text-xs text-slate-500">{t('namesByAdmin')}</p>
      </Card>
      <ChangePasswordForm />
    </div>
  );
}
