'use client';
import { useLocale, useTranslations } from 'next-intl';
import { bandColour, bandIssues, bandSegments, percentOf, segmentHasIssue, type BandIssue } from '@/catalog/grading/bands';
import type { GradeBand, GradingProblem } from '@/catalog/grading/types';
import { Button } from '@/app/_components/ui/button';
import { Input } from '@/app/_components/ui/field';
import { problemsAt, problemsUnder } from '../_components/model-content';

const PATH = 'definition.bands';

/**
 * The grade bands drawn as a bar 0..total split at the thresholds, with the thresholds editable
 * below it. Gaps, overlaps, out-of-range and out-of-order thresholds turn the bar red at once
 * (computed here), and the server's verdict is shown under the table.
 */
/** `rename` comes along when a grade's code changed, so mappings and vetoes can follow in the same edit. */
export function BandsEditor({ bands, total, onChange, problems, readOnly }: { bands: GradeBand[]; total: number; onChange: (next: GradeBand[], rename?: { from: string; to: string }) => void; problems: GradingProblem[]; readOnly: boolean }) {
  const t = useTranslations('gradingUi.bands');
  const locale = useLocale() as 'zh-CN' | 'en';
  const segments = bandSegments(bands, total);
  const issues = bandIssues(bands, total);
  // An explicit upper bound is redundant with the next band's threshold; editing drops it so the
  // bar and the stored bands cannot disagree.
  const set = (i: number, patch: Partial<GradeBand>) =>
    onChange(
      bands.map(({ max: _max, ...b }, j) => (j === i ? { ...b, ...patch } : b)),
      patch.grade !== undefined ? { from: bands[i]!.grade, to: patch.grade } : undefined,
    );
  const serverProblems = problemsUnder(problems, PATH);
  return (
    <div className="space-y-3">
      <div className="relative h-10 overflow-hidden rounded-md border border-slate-300 bg-slate-100" role="img" aria-label={t('barLabel', { summary: segments.map((s) => `${s.grade} ${s.from}–${s.to}`).join('，') })} data-testid="bands-bar">
        {segments.map((s, pos) => {
          const bad = segmentHasIssue(s, issues);
          return (
            <div
              key={`${s.grade}-${s.index}`}
              className={`absolute inset-y-0 flex items-center justify-center overflow-hidden border-r border-white text-xs font-semibold text-white ${bad ? 'outline outline-2 -outline-offset-2 outline-red-700' : ''}`}
              style={{ left: `${percentOf(s.from, total)}%`, width: `${percentOf(s.to, total) - percentOf(s.from, total)}%`, background: bad ? '#b91c1c' : bandColour(pos, segments.length) }}
              data-testid={`band-segment-${s.grade}`}
              data-invalid={bad || undefined}
              title={`${s.grade} ${s.label[locale]} ${s.from}–${s.to}`}
            >
              {s.grade}
            </div>
          );
        })}
        {issues
          .filter((i) => i.kind === 'gap')
          .map((g, i) => (
            <div key={`gap-${i}`} className="absolute inset-y-0 bg-[repeating-linear-gradient(45deg,#fecaca_0,#fecaca_6px,#ef4444_6px,#ef4444_12px)]" style={{ left: `${percentOf(g.from, total)}%`, width: `${percentOf(g.to, total) - percentOf(g.from, total)}%` }} data-testid="band-gap" />
          ))}
      </div>
      <div className="flex justify-between text-xs text-slate-500">
        <span>0</span>
        <span>{total}</span>
      </div>
      {issues.length ? (
        <ul className="space-y-0.5 text-sm text-red-700" role="alert" data-testid="band-issues">
          {issues.map((i, k) => (
            <li key={k}>{issueText(t, i)}</li>
          ))}
        </ul>
      ) : null}
      <table className="text-sm">
        <thead>
          <tr className="text-left text-slate-600">
            <th scope="col" className="px-1 font-medium">{t('grade')}</th>
            <th scope="col" className="px-1 font-medium">{t('labelZh')}</th>
            <th scope="col" className="px-1 font-medium">{t('labelEn')}</th>
            <th scope="col" className="px-1 font-medium">{t('min')}</th>
            <th scope="col" className="px-1 font-medium">{t('range')}</th>
          </tr>
        </thead>
        <tbody>
          {bands.map((b, i) => {
            const seg = segments.find((s) => s.index === i);
            const err = problemsUnder(problems, `${PATH}.${i}`)[0]?.message[locale];
            return (
              <tr key={i} className="align-top">
                <td className="px-1 py-0.5">
                  <Input className="w-16" aria-label={t('gradeOf', { n: i + 1 })} value={b.grade} readOnly={readOnly} onChange={(e) => set(i, { grade: e.target.value })} />
                </td>
                <td className="px-1 py-0.5">
                  <Input className="w-24" aria-label={t('labelZhOf', { grade: b.grade })} value={b.label['zh-CN']} readOnly={readOnly} onChange={(e) => set(i, { label: { ...b.label, 'zh-CN': e.target.value } })} />
                </td>
                <td className="px-1 py-0.5">
                  <Input className="w-28" aria-label={t('labelEnOf', { grade: b.grade })} value={b.label.en} readOnly={readOnly} onChange={(e) => set(i, { label: { ...b.label, en: e.target.value } })} />
                </td>
                <td className="px-1 py-0.5">
                  <Input className="w-24" type="number" aria-label={t('minOf', { grade: b.grade })} aria-invalid={Boolean(err)} value={b.min} readOnly={readOnly} onChange={(e) => set(i, { min: Number(e.target.value) })} />
                  {err ? <p className="text-xs text-red-700">{err}</p> : null}
                </td>
                <td className="px-1 py-0.5 text-slate-600">{seg ? t('rangeText', { from: seg.from, to: seg.to, top: seg.to >= total ? 1 : 0 }) : ''}</td>
                <td>
                  {readOnly ? null : (
                    <Button size="sm" variant="ghost" className="text-red-700" onClick={() => onChange(bands.filter((_, j) => j !== i))}>
                      {t('remove')}
                    </Button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {readOnly ? null : (
        <Button size="sm" variant="secondary" onClick={() => onChange([...bands, { grade: nextGrade(bands), label: { 'zh-CN': '', en: '' }, min: 0 }])}>
          {t('add')}
        </Button>
      )}
      {problemsAt(serverProblems, PATH).map((p, i) => (
        <p key={i} role="alert" className="text-sm text-red-700">
          {p.message[locale]}
        </p>
      ))}
    </div>
  );
}

function nextGrade(bands: GradeBand[]): string {
  const used = new Set(bands.map((b) => b.grade));
  return 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('').find((g) => !used.has(g)) ?? `G${bands.length + 1}`;
}

function issueText(t: (key: string, values: Record<string, string | number>) => string, i: BandIssue): string {
  switch (i.kind) {
    case 'gap':
      return t('issueGap', { from: i.from, to: i.to });
    case 'overlap':
      return t('issueOverlap', { grades: i.grades.join('、'), at: i.from });
    case 'out-of-range':
      return t('issueRange', { grades: i.grades.join('、') });
    case 'order':
      return t('issueOrder', { a: i.grades[0] ?? '', b: i.grades[1] ?? '' });
  }
}
