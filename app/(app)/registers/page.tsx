import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { requireViewer } from '@/app/_auth/require';
import { getServerCaller } from '@/app/_trpc/server';
import { Badge, Card, PageTitle } from '@/app/_components/ui/card';

export default async function RegistersPage() {
  const viewer = await requireViewer();
  const caller = await getServerCaller();
  const kinds = await caller.register.kinds();
  const t = await getTranslations('registers');
  const locale = await getLocale();
  const l = (x?: { 'zh-CN': string; en: string }) => (x ? (locale === 'en' ? x.en || x['zh-CN'] : x['zh-CN']) : '');
  return (
    <div>
      <PageTitle
        actions={
          viewer.roles.includes('editor') ? (
            <Link href="/registers/register-kind/new" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
              {t('newKind')}
            </Link>
          ) : null
        }
      >
        {t('title')}
      </PageTitle>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {kinds.map((k) => (
          <Link key={k.code} href={`/registers/${k.code}`} className="block">
            <Card className="h-full hover:border-brand-600">
              <h2 className="font-semibold text-brand-900">
                {l(k.name)} {k.builtIn ? null : <Badge tone="amber">{t('custom')}</Badge>}
              </h2>
              <p className="mt-1 text-sm text-slate-600">{l(k.description)}</p>
              <p className="mt-2 font-mono text-xs text-slate-500">
                {k.code} · v{k.version}
              </p>
            </Card>
          </Link>
        ))}
        <Link href="/registers/register-kind" className="block">
          <Card className="h-full border-dashed hover:border-brand-600">
            <h2 className="font-semibold text-slate-700">{t('kindsRegister')}</h2>
            <p className="mt-1 text-sm text-slate-600">{t('kindsRegisterHelp')}</p>
          </Card>
        </Link>
      </div>
    </div>
  );
}
