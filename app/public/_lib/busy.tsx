import { getTranslations } from 'next-intl/server';

export async function Busy() {
  const t = await getTranslations('publicSite');
  return (
    <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-4 text-amber-900">
      {t('busy')}
    </div>
  );
}
