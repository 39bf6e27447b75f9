import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { getDb } from '@/server/db';
import { publicSubjectPage } from '@/server/public/service';
import { MAX_CONTENT, objectionTargets, PUBLIC_MAX_FILES } from '@/server/public/objection';
import { overBudget } from '../../_lib/guard';
import { Busy } from '../../_lib/busy';
import { ObjectionForm } from './objection-form';
import { ClientMessages } from '@/app/_i18n/client-messages';

/** The public objection form for one subject (`?subject=<ref>`, the ref of its public page). */
export default async function NewPublicObjectionPage({ searchParams }: { searchParams: Promise<{ subject?: string | string[] }> }) {
  const t = await getTranslations('publicSite');
  const raw = (await searchParams).subject;
  const ref = (Array.isArray(raw) ? raw[0] : raw)?.slice(0, 300) ?? '';
  if (await overBudget()) return <Busy />;
  const page = ref ? await publicSubjectPage(await getDb(), ref) : null;
  if (!page?.subject) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-semibold">{t('objection.newTitle')}</h1>
        <p>{t('objection.errors.subject')}</p>
        <Link href="/public" className="text-brand-700 underline">
          {t('backToSearch')}
        </Link>
      </div>
    );
  }
  const targets = objectionTargets(page);
  return (
    <div className="max-w-3xl space-y-6">
      <div>
        <p className="text-sm">
          <Link href={`/public/subjects/${encodeURIComponent(ref)}`} className="text-brand-700 underline">
            {t('objection.backToSubject')}
          </Link>
        </p>
        <h1 className="mt-2 text-2xl font-semibold">{t('objection.newTitle')}</h1>
        <p className="mt-1 text-slate-700">{t('objection.newIntro')}</p>
      </div>
      {targets.length ? (
        // Its errors come from the objection, evidence and flow services: all messages.
        <ClientMessages>
          <ObjectionForm subject={ref} subjectName={page.subject.name} targets={targets} maxFiles={PUBLIC_MAX_FILES} maxContent={MAX_CONTENT} />
        </ClientMessages>
      ) : <p>{t('objection.nothing')}</p>}
    </div>
  );
}
