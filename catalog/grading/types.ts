/**
 * The grading-model definition as it is stored in a `grading-model` register entry (DESIGN §1,
 * seed policy 000 §10–13): plain JSON, no functions. The designer edits it, `gradingModelProblems`
 * judges it, the evaluation engine compiles it to one set-based SQL statement. This file is the
 * contract between them; change it only together with all of them.
 *
 * Scoring: every leaf indicator starts at `start` points (default: its full `points`, i.e. a
 * deduction rule; a bonus rule starts at 0), adds the adjustment its rule computes, and is clamped
 * to [0, points]. A subject's score is the sum of its leaf scores; its grade is the band the score
 * falls in, unless a veto trigger forces a grade.
 */
import type { Localized } from '../types';

export type { Localized };

/** How many times an evaluation run may be claimed by a worker before it is given up. */
export const RUN_MAX_ATTEMPTS = 3;
/** The `error` of a run given up after RUN_MAX_ATTEMPTS (shown in the user's language). */
export const RUN_ABANDONED = 'abandoned';
/** The `error` of a run that failed for a reason that is not a refusal (the server logs the details). */
export const RUN_INTERNAL = 'internal';

/** A refusal stored as a run's `error`: its message key and parameters, translated where shown. */
export function encodeRunError(key: string, params: Record<string, string | number> = {}, code?: string): string {
  return JSON.stringify({ code, key, params });
}

/** How to show a run's stored `error`: abandoned, internal (also any legacy free text), or a message key. */
export function decodeRunError(error: string): { kind: 'abandoned' } | { kind: 'internal' } | { kind: 'refusal'; code: string | null; key: string; params: Record<string, string | number> } {
  if (error === RUN_ABANDONED) return { kind: 'abandoned' };
  if (error.startsWith('{')) {
    try {
      const v = JSON.parse(error) as { code?: unknown; key?: unknown; params?: unknown };
      if (typeof v.key === 'string') return { kind: 'refusal', code: typeof v.code === 'string' ? v.code : null, key: v.key, params: (v.params ?? {}) as Record<string, string | number> };
    } catch {
      // not ours: shown as internal
    }
  }
  return { kind: 'internal' };
}

export const PERIOD_KINDS = ['annual', 'semi-annual', 'quarterly', 'monthly'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export const RULE_SOURCES = ['records', 'list-membership', 'commitment-fulfilment', 'external-grade'] as const;
export type RuleSource = (typeof RULE_SOURCES)[number];

export const AGGREGATIONS = ['exists', 'count', 'sum', 'latest'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

/** A filter on a record's data items; all conditions must hold. */
export interface DataItemFilter {
  item: string;
  op: 'eq' | 'ne' | 'in' | 'gt' | 'gte' | 'lt' | 'lte';
  value: string | number | boolean | (string | number)[];
}

/** How the aggregated value becomes an adjustment of the leaf's points. */
export type PointsTable =
  /** adjustment = value × perUnit, clamped to [min, max] (e.g. each penalty −20, floor −100; each honour +10, cap +30). */
  | { kind: 'per-unit'; perUnit: number; min?: number | null; max?: number | null }
  /** numeric value in [from, to) → points; the first matching range wins; no match → `otherwise`. */
  | { kind: 'ranges'; ranges: { from: number | null; to: number | null; points: number }[]; otherwise?: number }
  /** categorical value (e.g. an external grade 'A') → points; no match → `otherwise`. */
  | { kind: 'match'; cases: { equals: string; points: number }[]; otherwise?: number };

export interface ScoringRule {
  source: RuleSource;
  /** records / commitment-fulfilment / external-grade: the catalog item's code; list-membership: the credit list's code. */
  ref: string;
  /** Only the last N months of the evaluation period count; null = the whole period. */
  windowMonths?: number | null;
  aggregation: Aggregation;
  /** For sum / latest: the data item aggregated. */
  item?: string | null;
  filters?: DataItemFilter[];
  points: PointsTable;
  /** Points the leaf starts from before the adjustment; default: the leaf's full points. */
  start?: number | null;
}

export interface Indicator {
  id: string;
  name: Localized;
  /** Full points of this indicator; for a branch, the sum of its children. */
  points: number;
  children?: Indicator[];
  /** Leaves only. */
  rule?: ScoringRule | null;
}

export interface GradeBand {
  grade: string;
  label: Localized;
  /** Inclusive lower bound; the band runs up to the next band's `min` (exclusive), the top band to the total. */
  min: number;
  /** Optional explicit upper bound as people write it (exclusive; the top band's is the total, inclusive).
   *  When given it must meet the next band's `min`: otherwise the bands overlap or leave a gap. */
  max?: number | null;
}

export interface VetoTrigger {
  id: string;
  label: Localized;
  /** The condition, expressed as a rule whose aggregated value > 0 triggers (e.g. exists on list SDL). */
  rule: Omit<ScoringRule, 'points' | 'start'>;
  grade: string;
}

export interface EvaluationPeriod {
  kind: PeriodKind;
  /** A date (YYYY-MM-DD) periods are aligned to, e.g. 2024-01-01 for calendar years. */
  anchor: string;
  /** Days after the period ends before results are published. */
  publicationLagDays: number;
}

export interface MeasureMapping {
  grade: string;
  /** Share of subjects drawn for random inspection 双随机, in percent. */
  inspectionRatio: { min: number; max: number };
  /** e.g. 'at most once a year'. */
  frequency: Localized;
  incentives?: Localized[];
  /** Published sanction-measure entries applied at this grade. */
  sanctionMeasures?: { code: string; version?: number | null }[];
}

/**
 * The grades a model's scores give (its bands, in the model's order), read defensively from a
 * stored entry's content: what a red list's conditions may name (the list form offers them, the
 * list's check at submit holds to them).
 */
export function modelGrades(content: unknown): { grade: string; label: Localized }[] {
  const bands = (content as { definition?: { bands?: unknown } } | null | undefined)?.definition?.bands;
  if (!Array.isArray(bands)) return [];
  return bands.filter((b): b is GradeBand => typeof (b as GradeBand)?.grade === 'string').map((b) => ({ grade: b.grade, label: b.label }));
}

export interface GradingDefinition {
  subjectTypes: string[];
  indicators: Indicator[];
  bands: GradeBand[];
  /** Grades no score reaches, only a veto trigger (e.g. the tax model's M for new enterprises). */
  specialGrades?: { grade: string; label: Localized }[];
  vetoes?: VetoTrigger[];
  period: EvaluationPeriod;
  mappings: MeasureMapping[];
}

/** A problem found by the validator, at a JSON path into the entry content, for the designer to show there. */
export interface GradingProblem {
  path: string;
  code: string;
  params?: Record<string, string | number>;
  message: Localized;
}

/** The content of a `grading-model` register entry (catalog/kinds/grading-model.ts). */
export interface GradingModelContent {
  name: string;
  industry: string;
  /** default 1000 (seed policy 000 §11); e.g. 100 for the tax-credit shape */
  totalPoints: number;
  description?: string;
  catalogItems?: { kind: string; code: string; version?: number | null }[];
  sanctionMeasures?: { kind: string; code: string; version?: number | null }[];
  definition: GradingDefinition;
}

/** What the server knows when it judges a definition: catalog items' data items (at their published
 *  versions), sanction measures' statuses and the credit lists. Absent → those checks are skipped. */
export interface GradingContext {
  /** catalog code → data item keys of its published version */
  catalogItems: Record<string, string[]>;
  /** sanction measure code → status of its latest version ('published', 'retired', …) */
  sanctionMeasures: Record<string, string>;
  /** credit list codes in force */
  creditLists: string[];
}
