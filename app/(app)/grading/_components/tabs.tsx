'use client';
import Link from 'next/link';
import { useTranslations } from 'next-intl';

/** Designer | runs | all models, for one model. */
export function Tabs({ code, active }: { code: string; active: 'design' | 'runs' }) {
  const t = useTranslations('gradingUi.tabs');
  const cls = (on: boolean) => `rounded-t-md border-b-2 px-4 py-2 text-sm font-medium ${on ? 'border-brand-600 text-brand-900' : 'border-transparent text-slate-600 hover:text-slate-900'}`;
  return (
    <nav className="flex gap-1 border-b border-slate-200" aria-label={t('label')}>
      <Link href={`/grading/${encodeURIComponent(code)}`} className={cls(active === 'design')} aria-current={active === 'design' ? 'page' : undefined}>
        {t('design')}
      </Link>
      <Link href={`/grading/${encodeURIComponent(code)}/runs`} className={cls(active === 'runs')} aria-current={active === 'runs' ? 'page' : undefined}>
        {t('runs')}
      </Link>
      <Link href="/grading" className={cls(false)}>
        {t('all')}
      </Link>
    </nav>
  );
}
