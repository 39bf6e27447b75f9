import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { requireViewer } from '@/app/_auth/require';
import { navFor } from '@/app/_components/nav';
import { Badge, Card } from '@/app/_components/ui/card';
import { getServerCaller } from '@/app/_trpc/server';

export default async function HomePage() {
  const viewer = await requireViewer();
  const t = await getTranslations();
  const locale = await getLocale();
  const items = navFor(viewer.roles);
  const dept = (locale === 'en' ? viewer.departmentNameEn : viewer.departmentNameZh) ?? '—';
  const counts = await (await getServerCaller()).inbox.counts();
  const hasInbox = items.some((i) => i.href === '/tasks');
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-xl font-semibold">{t('home.welcome', { name: viewer.name })}</h1>
        <p className="text-sm text-slate-600">
          {t('home.yourRoles', { roles: viewer.roles.map((r) => t(`roles.${r}`)).join('、') })} · {t('home.yourDepartment', { department: dept })}
        </p>
      </div>
      {hasInbox ? (
        <Link href="/tasks" className="block" data-testid="home-inbox">
          <Card className="hover:border-brand-600">
            <h2 className="font-semibold text-brand-900">{counts.total ? t('inbox.homeCounts', { count: counts.total }) : t('inbox.homeNone')}</h2>
            {counts.total ? (
              <div className="mt-2 flex flex-wrap gap-2">
                {Object.entries(counts.byKind).map(([kind, n]) => (
                  <Badge key={kind} tone={kind === 'record-overdue' ? 'amber' : 'blue'}>
                    {t(`inbox.kind.${kind}`)} {n}
                  </Badge>
                ))}
                {counts.unread ? <Badge tone="amber">{t('inbox.unread', { count: counts.unread })}</Badge> : null}
              </div>
            ) : null}
          </Card>
        </Link>
      ) : null}
      {items.length === 0 ? (
        <Card>{t('home.noModules')}</Card>
      ) : (
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {items.map((item) => (
            <Link key={item.href} href={item.href} className="block">
              <Card className="h-full hover:border-brand-600">
                <h2 className="font-semibold text-brand-900">{t(`nav.${item.labelKey}`)}</h2>
                {item.descriptionKey ? <p className="mt-1 text-sm text-slate-600">{t(`home.${item.descriptionKey}`)}</p> : null}
              </Card>
            </Link>
          ))}
        </div>
      )}
    </div>
  );
}
