import { getTranslations } from 'next-intl/server';
import { overBudget } from '../../_lib/guard';
import { Busy } from '../../_lib/busy';
import { TrackForm } from './track-form';
import { ClientMessages } from '@/app/_i18n/client-messages';

/** Follow a public objection: tracking number and the phone or e-mail given at filing. */
export default async function TrackPublicObjectionPage() {
  const t = await getTranslations('publicSite.objection');
  if (await overBudget()) return <Busy />;
  return (
    <div className="max-w-3xl space-y-4">
      <h1 className="text-2xl font-semibold">{t('trackTitle')}</h1>
      <p className="text-slate-700">{t('trackIntro')}</p>
      <ClientMessages only={['publicSite', 'errors', 'infra', 'common']}>
        <TrackForm />
      </ClientMessages>
    </div>
  );
}
