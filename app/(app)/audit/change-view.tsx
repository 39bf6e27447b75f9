'use client';
import { useTranslations } from 'next-intl';
import { describeChanges, formatValue } from './change-summary';

/** Before → after of one audit row, one line per changed field. */
export function ChangeView({ before, after, compact = false }: { before: unknown; after: unknown; compact?: boolean }) {
  const t = useTranslations('audit');
  const changes = describeChanges(before, after, compact ? 3 : 40);
  // Field names in words (审批流程, not `flow`); a name without a label is shown as stored.
  const label = (path: string) =>
    path
      .split('.')
      .map((seg) => (t.has(`fields.${seg}`) ? t(`fields.${seg}` as 'fields.flow') : seg))
      .join(' · ');
  const show = (v: unknown, max: number) => (v === true ? t('yes') : v === false ? t('no') : v === null || v === '' ? t('empty') : formatValue(v, max));
  if (changes.length === 0) {
    return before == null && after == null ? null : <span className="text-xs text-slate-500">{t('noChanges')}</span>;
  }
  const full = compact ? JSON.stringify({ before: before ?? null, after: after ?? null }) : undefined;
  return (
    <ul className={compact ? 'max-w-md space-y-0.5 text-xs' : 'space-y-1 text-sm'} title={full}>
      {changes.map((c) => (
        <li key={`${c.kind}:${c.path}`} className="flex flex-wrap items-baseline gap-1 break-all">
          <span className="font-medium text-slate-700">{c.path ? label(c.path) : t('value')}</span>
          {c.kind === 'added' ? (
            <>
              <span className="rounded bg-green-100 px-1 text-[10px] text-green-800">{t('added')}</span>
              <ins className="text-green-800 no-underline">{show(c.after, compact ? 60 : 300)}</ins>
            </>
          ) : c.kind === 'removed' ? (
            <>
              <span className="rounded bg-red-100 px-1 text-[10px] text-red-800">{t('removed')}</span>
              <del className="text-red-700">{show(c.before, compact ? 60 : 300)}</del>
            </>
          ) : (
            <>
              <del className="text-red-700">{show(c.before, compact ? 40 : 300)}</del>
              <span aria-hidden="true" className="text-slate-500">
                →
              </span>
              <span className="sr-only">{t('becomes')}</span>
              <ins className="text-green-800 no-underline">{show(c.after, compact ? 40 : 300)}</ins>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
