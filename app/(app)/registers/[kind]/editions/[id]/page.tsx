import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { requireViewer } from '@/app/_auth/require';
import { getServerCaller } from '@/app/_trpc/server';
import { titleOf } from '@/catalog/kind-definition';
import { PageTitle } from '@/app/_components/ui/card';

export default async function EditionPage({ params }: { params: Promise<{ kind: string; id: string }> }) {
  const { kind, id } = await params;
  await requireViewer();
  const caller = await getServerCaller();
  const data = await caller.register.edition({ id }).catch(() => null);
  if (!data || data.edition.kindCode !== kind) notFound();
  const t = await getTranslations('registers');
  const locale = (await getLocale()) as 'zh-CN' | 'en';
  return (
    <div>
      <PageTitle>
        {data.edition.name} <span className="text-base font-normal text-slate-500">{t('editionInfo', { asOf: data.edition.asOf, count: data.items.length })}</span>
      </PageTitle>
      <table className="min-w-full divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
        <caption className="sr-only">{data.edition.name}</caption>
        <thead className="bg-slate-50 text-left text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2">{t('code')}</th>
            <th scope="col" className="px-3 py-2">{t('titleColumn')}</th>
            <th scope="col" className="px-3 py-2">{t('version')}</th>
            <th scope="col" className="px-3 py-2">{t('validFrom')}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {data.items.map((i) => (
            <tr key={i.code}>
              <td className="px-3 py-2 font-mono">
                <Link className="text-brand-600 underline" href={`/registers/${kind}/${encodeURIComponent(i.code)}`}>
                  {i.code}
                </Link>
              </td>
              <td className="px-3 py-2">{titleOf(data.kind, i.content, locale)}</td>
              <td className="px-3 py-2">v{i.version}</td>
              <td className="px-3 py-2">{i.validFrom}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
