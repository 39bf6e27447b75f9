/**
 * The scoring semantics in plain TS: the reference the SQL compiler (server/grading/compile.ts)
 * must agree with, and what the preview, the explanation and the naive benchmark use. A subject's
 * facts are its accepted records and list memberships; every rule aggregates the facts inside its
 * window, the points table turns the value into an adjustment, and the leaf is clamped to
 * [0, points]. Tests assert the engine equals `evaluateSubject` on random data.
 */
import { windowOf, type Period } from './period';
import type { DataItemFilter, GradeBand, GradingDefinition, Indicator, PointsTable, ScoringRule, VetoTrigger } from './types';

export interface RecordFact {
  id: string;
  catalogCode: string;
  subjectType: string;
  decisionDate: string | null;
  data: Record<string, unknown>;
}

export interface ListFact {
  listCode: string;
  listedOn: string;
  removedOn: string | null;
}

export type RuleValue = number | string | null;

export const DEFAULT_FULFILMENT_ITEM = 'fulfillmentStatus';

export function leavesOf(indicators: Indicator[]): Indicator[] {
  return indicators.flatMap((i) => (i.children?.length ? leavesOf(i.children) : [i]));
}

/** Text of a JSON value as PostgreSQL's `->>` renders it. */
export function textOf(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

const NUMERIC = /^\s*-?(\d+(\.\d*)?|\.\d+)\s*$/;

/** Numeric value of a JSON value, or null when it is not a number (never throws: data is untrusted). */
export function numberOf(v: unknown): number | null {
  const s = textOf(v);
  return s !== null && NUMERIC.test(s) ? Number(s) : null;
}

function matchesFilter(data: Record<string, unknown>, f: DataItemFilter): boolean {
  const actual = textOf(data[f.item]);
  switch (f.op) {
    case 'eq':
      return actual !== null && actual === textOf(f.value);
    case 'ne':
      return actual !== textOf(f.value);
    case 'in':
      return actual !== null && (Array.isArray(f.value) ? f.value : [f.value]).map(textOf).includes(actual);
    default: {
      const a = numberOf(data[f.item]);
      const b = Number(f.value);
      if (a === null || !Number.isFinite(b)) return false;
      return f.op === 'gt' ? a > b : f.op === 'gte' ? a >= b : f.op === 'lt' ? a < b : a <= b;
    }
  }
}

type RuleLike = Omit<ScoringRule, 'points' | 'start'> & { points?: PointsTable };

/** The aggregated value of a rule over one subject's facts in `period`. */
export function ruleValue(rule: RuleLike, period: Period, records: RecordFact[], lists: ListFact[]): RuleValue {
  const w = windowOf(period, rule.windowMonths);
  if (rule.source === 'list-membership') {
    const n = lists.filter((l) => l.listCode === rule.ref && l.listedOn <= w.end && (l.removedOn === null || l.removedOn >= w.start)).length;
    return rule.aggregation === 'exists' ? (n > 0 ? 1 : 0) : n;
  }
  const fulfilment = rule.source === 'commitment-fulfilment' ? (rule.item ?? DEFAULT_FULFILMENT_ITEM) : null;
  const hits = records.filter(
    (r) =>
      r.catalogCode === rule.ref &&
      r.decisionDate !== null &&
      r.decisionDate >= w.start &&
      r.decisionDate <= w.end &&
      (fulfilment === null || textOf(r.data[fulfilment]) !== null) &&
      (rule.filters ?? []).every((f) => matchesFilter(r.data, f)),
  );
  switch (rule.aggregation) {
    case 'exists':
      return hits.length > 0 ? 1 : 0;
    case 'count':
      return hits.length;
    case 'sum':
      return hits.reduce((s, r) => s + (numberOf(r.data[rule.item ?? '']) ?? 0), 0);
    case 'latest': {
      const item = rule.item ?? '';
      const withValue = hits.filter((r) => textOf(r.data[item]) !== null);
      // latest decision date first, then the larger id (the SQL orders the same way)
      withValue.sort((a, b) => (a.decisionDate! < b.decisionDate! ? 1 : a.decisionDate! > b.decisionDate! ? -1 : a.id < b.id ? 1 : -1));
      const top = withValue[0];
      if (!top) return null;
      return rule.points?.kind === 'match' ? textOf(top.data[item]) : numberOf(top.data[item]);
    }
  }
}

/** The adjustment a points table gives a value. */
export function adjustmentOf(table: PointsTable, value: RuleValue): number {
  if (table.kind === 'per-unit') {
    const n = typeof value === 'number' ? value : 0;
    let adj = n * table.perUnit;
    if (table.min !== null && table.min !== undefined) adj = Math.max(adj, table.min);
    if (table.max !== null && table.max !== undefined) adj = Math.min(adj, table.max);
    return adj;
  }
  if (table.kind === 'ranges') {
    if (typeof value !== 'number') return table.otherwise ?? 0;
    const hit = table.ranges.find((r) => (r.from === null || value >= r.from) && (r.to === null || value < r.to));
    return hit ? hit.points : (table.otherwise ?? 0);
  }
  const text = value === null ? null : String(value);
  const hit = table.cases.find((c) => c.equals === text);
  return hit ? hit.points : (table.otherwise ?? 0);
}

export function startOf(leaf: Indicator): number {
  return leaf.rule?.start ?? leaf.points;
}

export function leafPoints(leaf: Indicator, adjustment: number): number {
  return Math.min(Math.max(startOf(leaf) + adjustment, 0), leaf.points);
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Bands from the top down; a score below every band's min falls in the lowest. */
export function gradeOf(bands: GradeBand[], score: number): string {
  const sorted = [...bands].sort((a, b) => b.min - a.min);
  return (sorted.find((b) => score >= b.min) ?? sorted[sorted.length - 1])?.grade ?? '';
}

export function firstVeto(vetoes: VetoTrigger[] | undefined, period: Period, records: RecordFact[], lists: ListFact[]): VetoTrigger | null {
  for (const v of vetoes ?? []) {
    const value = ruleValue(v.rule, period, records, lists);
    if (typeof value === 'number' && value > 0) return v;
  }
  return null;
}

export interface SubjectEvaluation {
  score: number;
  grade: string;
  vetoedBy: string | null;
  /** indicator id → [value, points] */
  scores: Record<string, [RuleValue, number]>;
}

/** Evaluates one subject in JS: the reference semantics (and the naive benchmark). */
export function evaluateSubject(def: GradingDefinition, period: Period, records: RecordFact[], lists: ListFact[]): SubjectEvaluation {
  const scores: Record<string, [RuleValue, number]> = {};
  let total = 0;
  for (const leaf of leavesOf(def.indicators)) {
    if (!leaf.rule) continue;
    const value = ruleValue(leaf.rule, period, records, lists);
    const points = leafPoints(leaf, adjustmentOf(leaf.rule.points, value));
    scores[leaf.id] = [value, points];
    total += points;
  }
  const score = round2(total);
  const veto = firstVeto(def.vetoes, period, records, lists);
  return { score, grade: veto ? veto.grade : gradeOf(def.bands, score), vetoedBy: veto?.id ?? null, scores };
}
