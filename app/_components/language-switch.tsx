'use client';
import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';

/** Switches zh-CN / English; the choice is kept in a cookie for a year. */
export function LanguageSwitch() {
  const locale = useLocale();
  const router = useRouter();
  const t = useTranslations('common');
  function choose(next: string) {
    document.cookie = `NEXT_LOCALE=${next}; path=/; max-age=31536000; samesite=lax`;
    router.refresh();
  }
  return (
    <div role="group" aria-label={t('language')} className="flex overflow-hidden rounded-md border border-slate-300 text-sm">
      {[
        ['zh-CN', '中文'],
        ['en', 'English'],
      ].map(([value, label]) => (
        <button
          key={value}
          type="button"
          lang={value}
          aria-pressed={locale === value}
          onClick={() => choose(value!)}
          className={locale === value ? 'bg-brand-600 px-2.5 py-1 text-white' : 'bg-white px-2.5 py-1 text-slate-700 hover:bg-slate-100'}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
