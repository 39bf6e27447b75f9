'use client';
import { useTranslations } from 'next-intl';
import { bandColour } from '@/catalog/grading/bands';

export type Distribution = Record<string, number>;

/** Grades in the order given (best first, as bands are listed), then any others the data has. */
export function gradeOrder(distributions: readonly (Distribution | null | undefined)[], known: readonly string[] = []): string[] {
  const out = [...known];
  for (const d of distributions) for (const g of Object.keys(d ?? {})) if (!out.includes(g)) out.push(g);
  return out;
}

/** Best grade green, worst red (position 0 is the best grade). */
export function gradeColour(grade: string, grades: readonly string[]): string {
  const i = Math.max(0, grades.indexOf(grade));
  return bandColour(grades.length - 1 - i, grades.length);
}

/** A thin stacked bar of a distribution (the models list). */
export function MiniDistribution({ distribution, grades }: { distribution: Distribution; grades?: readonly string[] }) {
  const t = useTranslations('gradingUi.chart');
  const order = gradeOrder([distribution], grades);
  const total = order.reduce((s, g) => s + (distribution[g] ?? 0), 0);
  if (!total) return <span className="text-xs text-slate-500">{t('empty')}</span>;
  const summary = order.map((g) => `${g} ${distribution[g] ?? 0}`).join(' · ');
  return (
    <div className="w-48" title={summary}>
      <div className="flex h-2.5 overflow-hidden rounded bg-slate-100" role="img" aria-label={t('miniLabel', { summary })}>
        {order.map((g) =>
          distribution[g] ? <span key={g} style={{ width: `${((distribution[g] ?? 0) / total) * 100}%`, background: gradeColour(g, order) }} /> : null,
        )}
      </div>
      <p className="mt-0.5 text-[11px] text-slate-500">{summary}</p>
    </div>
  );
}

/**
 * Column chart of one or more distributions side by side (published vs draft in what-if),
 * drawn with CSS: one group per grade, one column per series, heights relative to the largest.
 */
export function DistributionChart({ series, grades, testId }: { series: { name: string; distribution: Distribution }[]; grades?: readonly string[]; testId?: string }) {
  const t = useTranslations('gradingUi.chart');
  const order = gradeOrder(series.map((s) => s.distribution), grades);
  const max = Math.max(1, ...series.flatMap((s) => order.map((g) => s.distribution[g] ?? 0)));
  const shades = ['opacity-100', 'opacity-60', 'opacity-40'];
  return (
    <figure data-testid={testId}>
      <div className="flex h-44 items-end gap-4 border-b border-slate-300 px-2" role="img" aria-label={t('chartLabel', { summary: series.map((s) => `${s.name}: ${order.map((g) => `${g} ${s.distribution[g] ?? 0}`).join('，')}`).join('；') })}>
        {order.map((g) => (
          <div key={g} className="flex h-full flex-1 items-end justify-center gap-1">
            {series.map((s, i) => {
              const n = s.distribution[g] ?? 0;
              return (
                <div key={s.name} className="flex h-full w-full max-w-10 flex-col justify-end text-center">
                  <span className="text-[11px] text-slate-600">{n}</span>
                  <div className={`rounded-t ${shades[i] ?? ''}`} style={{ height: `${(n / max) * 85}%`, minHeight: n ? 2 : 0, background: gradeColour(g, order) }} />
                </div>
              );
            })}
          </div>
        ))}
      </div>
      <div className="flex gap-4 px-2 pt-1">
        {order.map((g) => (
          <span key={g} className="flex-1 text-center text-sm font-semibold">
            {g}
          </span>
        ))}
      </div>
      {series.length > 1 ? (
        <figcaption className="mt-2 flex gap-4 text-xs text-slate-600">
          {series.map((s, i) => (
            <span key={s.name} className="flex items-center gap-1">
              <span className={`inline-block h-3 w-3 rounded-sm bg-slate-700 ${shades[i] ?? ''}`} />
              {s.name}
            </span>
          ))}
        </figcaption>
      ) : null}
    </figure>
  );
}
