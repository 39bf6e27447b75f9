import { getTranslations } from 'next-intl/server';
import { getReadyDb } from '@/server/runtime';
import { verifyReport } from '@/server/reports/service';
import { LanguageSwitch } from '@/app/_components/language-switch';
import { CompareFile } from './compare-file';
import { ClientMessages } from '@/app/_i18n/client-messages';

export const dynamic = 'force-dynamic';

/**
 * 信用报告核验 — public, no sign-in: the verification code printed on a report tells whether it was
 * issued here (number, subject, purpose, day); the visitor's own copy is compared with the issued
 * file's fingerprint in the browser (the file never leaves their computer).
 */
export default async function VerifyPage({ searchParams }: { searchParams: Promise<{ code?: string }> }) {
  const t = await getTranslations('creditReport');
  const { code } = await searchParams;
  const q = (code ?? '').slice(0, 64);
  const found = q ? await verifyReport(await getReadyDb(), q) : null;
  return (
    <ClientMessages only={['creditReport', 'common']}>
      <main className="mx-auto flex min-h-screen max-w-2xl flex-col gap-4 px-4 py-10">
        <div className="flex justify-end">
          <LanguageSwitch />
        </div>
        <h1 className="text-2xl font-semibold text-brand-900">{t('verifyTitle')}</h1>
        <p className="text-sm text-slate-600">{t('verifyIntro')}</p>
        <form method="get" className="flex gap-2">
          <label htmlFor="verify-code" className="sr-only">{t('verifyCode')}</label>
          <input id="verify-code" name="code" defaultValue={q} placeholder={t('verifyCode')} className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm" autoComplete="off" />
          <button type="submit" className="shrink-0 whitespace-nowrap rounded-md bg-brand-700 px-4 py-2 text-sm font-medium text-white">{t('verifyButton')}</button>
        </form>
        {q && !found ? <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-700">{t('notFound')}</p> : null}
        {found ? (
          <section className="space-y-2 rounded-md border border-green-200 bg-green-50 p-4 text-sm" aria-labelledby="verify-ok">
            <h2 id="verify-ok" className="font-semibold text-green-800">{t('genuine')}</h2>
            <dl className="grid grid-cols-[8rem_1fr] gap-1">
              <dt className="text-slate-600">{t('reportNo')}</dt><dd>{found.reportNo}</dd>
              <dt className="text-slate-600">{t('subjectName')}</dt><dd>{found.subjectName}</dd>
              <dt className="text-slate-600">{t('purpose')}</dt><dd>{found.purpose}</dd>
              <dt className="text-slate-600">{t('issuedOn')}</dt><dd>{found.issuedOn}</dd>
              <dt className="text-slate-600">{t('fingerprint')}</dt><dd className="break-all font-mono text-xs">{found.sha256}</dd>
            </dl>
            <CompareFile sha256={found.sha256} />
          </section>
        ) : null}
      </main>
    </ClientMessages>
  );
}
