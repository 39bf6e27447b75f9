'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { cn } from '@/app/_components/ui/cn';

/** The views of the lists area; the feedback statistics only for the office and auditors, 红名单候选 for the office. */
export function ListsNav({ showFeedback, showEligible = false }: { showFeedback: boolean; showEligible?: boolean }) {
  const t = useTranslations('listsUi.nav');
  const path = usePathname();
  const tabs = [
    { href: '/lists', label: t('cases'), active: path === '/lists' || path.startsWith('/lists/cases') || path === '/lists/new' },
    { href: '/lists/members', label: t('members'), active: path.startsWith('/lists/members') },
    ...(showFeedback ? [{ href: '/lists/feedback', label: t('feedback'), active: path.startsWith('/lists/feedback') }] : []),
    ...(showEligible ? [{ href: '/lists/eligible', label: t('eligible'), active: path.startsWith('/lists/eligible') }] : []),
  ];
  return (
    <nav aria-label={t('label')} className="mb-4 flex gap-1 border-b border-slate-200">
      {tabs.map((tab) => (
        <Link key={tab.href} href={tab.href} aria-current={tab.active ? 'page' : undefined} className={cn('-mb-px border-b-2 px-3 py-2 text-sm', tab.active ? 'border-brand-600 font-medium text-brand-700' : 'border-transparent text-slate-600 hover:text-slate-900')}>
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
