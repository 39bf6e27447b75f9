/**
 * Grade bands as segments of the 0..total bar the designer draws. A band's range runs from its
 * `min` up to the next higher band's `min` (types.ts), so the bar is read from the sorted
 * thresholds. Problems are reported as ranges of the bar, so the designer can paint them red:
 * a gap (no band starts at 0), an overlap (two bands share a threshold: one has no width),
 * a threshold outside 0..total, and bands listed out of order (a lower grade above a higher one).
 * The server validator gives the authoritative verdict; this is the live picture while typing.
 */
import type { Localized } from '../types';
import type { GradeBand } from './types';

export interface BandSegment {
  grade: string;
  label: Localized;
  /** index of the band in the definition's list */
  index: number;
  from: number;
  to: number;
}

export type BandIssueKind = 'gap' | 'overlap' | 'out-of-range' | 'order';

export interface BandIssue {
  kind: BandIssueKind;
  from: number;
  to: number;
  grades: string[];
}

const clamp = (n: number, total: number) => Math.min(Math.max(n, 0), total);

/** The bands sorted by threshold, each with the range of the bar it covers (clamped to 0..total). */
export function bandSegments(bands: readonly GradeBand[], total: number): BandSegment[] {
  const sorted = bands.map((b, index) => ({ ...b, index, min: Number(b.min) })).sort((a, b) => a.min - b.min || a.index - b.index);
  return sorted.map((b, i) => ({
    grade: b.grade,
    label: b.label,
    index: b.index,
    from: clamp(b.min, total),
    to: clamp(i + 1 < sorted.length ? sorted[i + 1]!.min : total, total),
  }));
}

/** What is wrong with the bands, as ranges of the bar; empty when they cover 0..total exactly once. */
export function bandIssues(bands: readonly GradeBand[], total: number): BandIssue[] {
  const issues: BandIssue[] = [];
  if (!bands.length) return [{ kind: 'gap', from: 0, to: total, grades: [] }];
  for (const b of bands) {
    const min = Number(b.min);
    if (!Number.isFinite(min) || min < 0 || min > total) issues.push({ kind: 'out-of-range', from: clamp(min, total), to: clamp(min, total), grades: [b.grade] });
  }
  const segments = bandSegments(bands, total);
  const lowest = segments[0]!;
  if (lowest.from > 0) issues.push({ kind: 'gap', from: 0, to: lowest.from, grades: [lowest.grade] });
  const byMin = new Map<number, string[]>();
  for (const b of bands) byMin.set(Number(b.min), [...(byMin.get(Number(b.min)) ?? []), b.grade]);
  for (const [min, grades] of byMin) if (grades.length > 1) issues.push({ kind: 'overlap', from: clamp(min, total), to: clamp(min, total), grades });
  // Bands are listed best first (A before B …): each threshold must be below the previous one.
  for (let i = 1; i < bands.length; i += 1) {
    const prev = bands[i - 1]!;
    const cur = bands[i]!;
    if (Number(cur.min) > Number(prev.min)) issues.push({ kind: 'order', from: clamp(Number(prev.min), total), to: clamp(Number(cur.min), total), grades: [prev.grade, cur.grade] });
  }
  return issues;
}

/** Whether a segment of the bar is touched by an issue (painted red). */
export function segmentHasIssue(segment: BandSegment, issues: readonly BandIssue[]): boolean {
  return issues.some((i) => i.grades.includes(segment.grade) && i.kind !== 'gap');
}

/** Share of the bar (0..100 %) a range takes, for CSS widths. */
export function percentOf(value: number, total: number): number {
  return total > 0 ? (clamp(value, total) / total) * 100 : 0;
}

const DEFAULT_GRADES: { grade: string; zh: string; en: string; share: number }[] = [
  { grade: 'A', zh: '优秀', en: 'Excellent', share: 0.9 },
  { grade: 'B', zh: '良好', en: 'Good', share: 0.8 },
  { grade: 'C', zh: '中等', en: 'Fair', share: 0.7 },
  { grade: 'D', zh: '较差', en: 'Poor', share: 0.6 },
  { grade: 'E', zh: '差', en: 'Bad', share: 0 },
];

/** The local default (seed policy 000 §11): A优秀 B良好 C中等 D较差 E差, thresholds scaled to `total`. */
export function defaultBands(total: number): GradeBand[] {
  return DEFAULT_GRADES.map((g) => ({ grade: g.grade, label: { 'zh-CN': g.zh, en: g.en }, min: Math.round(g.share * total) }));
}

/** A colour per position in the bar, worst (left) to best (right), stable for the same count. */
export function bandColour(position: number, count: number): string {
  const palette = ['#dc2626', '#f97316', '#eab308', '#84cc16', '#16a34a', '#0d9488', '#2563eb'];
  if (count <= 1) return palette[4]!;
  return palette[Math.round((position / (count - 1)) * 4)]!;
}
