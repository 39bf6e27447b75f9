'use client';
import { useLocale, useTranslations } from 'next-intl';
import type { IndicatorExplanation } from '@/server/grading/results';

/**
 * Why a subject has its score, one line per leaf indicator: where it sits in the tree, the rule
 * in plain words, the value the rule counted and the points scored of the indicator's full points.
 */
export function ExplanationList({ lines }: { lines: IndicatorExplanation[] }) {
  const t = useTranslations('gradingUi.explain');
  const locale = useLocale() as 'zh-CN' | 'en';
  return (
    <ul className="divide-y divide-slate-100 text-sm" data-testid="explanation">
      {lines.map((l) => (
        <li key={l.indicatorId} className="py-2">
          <div className="flex justify-between gap-2">
            <span className="font-medium">
              {l.path.length ? <span className="font-normal text-slate-500">{l.path.join(' › ')} › </span> : null}
              {l.name[locale] || l.name['zh-CN']}
            </span>
            <span className="whitespace-nowrap">{t('pointsOf', { score: l.score, points: l.points })}</span>
          </div>
          <p className="text-slate-600">{l.rule[locale] || l.rule['zh-CN']}</p>
          <p className="text-xs text-slate-500">{t('valueText', { value: l.value === null ? '—' : String(l.value), adjustment: l.adjustment })}</p>
        </li>
      ))}
    </ul>
  );
}
