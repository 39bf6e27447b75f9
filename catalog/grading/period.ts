/**
 * Evaluation periods as date arithmetic on ISO dates (YYYY-MM-DD, no time zone): a period kind
 * fixes the length in months, the anchor fixes where periods start (e.g. 2024-04-01 for fiscal
 * quarters starting in April). Pure, so the designer, the engine and the tests agree.
 */
import type { EvaluationPeriod, PeriodKind } from './types';
import { addMonths } from '../dates';

export const PERIOD_MONTHS: Record<PeriodKind, number> = { annual: 12, 'semi-annual': 6, quarterly: 3, monthly: 1 };

export interface Period {
  /** first day, inclusive */
  start: string;
  /** last day, inclusive */
  end: string;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = ISO.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  return d.getUTCFullYear() === +m[1]! && d.getUTCMonth() === +m[2]! - 1 && d.getUTCDate() === +m[3]!;
}

function parts(s: string): [number, number, number] {
  const m = ISO.exec(s);
  if (!m) throw new Error(`not a date: ${s}`);
  return [+m[1]!, +m[2]! - 1, +m[3]!];
}

function fmt(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = parts(date);
  return fmt(new Date(Date.UTC(y, m, d + days)));
}

function monthIndex(date: string): number {
  const [y, m] = parts(date);
  return y * 12 + m;
}

/** The period of `kind`, aligned to `anchor`, that contains `date`. */
export function periodContaining(period: Pick<EvaluationPeriod, 'kind' | 'anchor'>, date: string): Period {
  const step = PERIOD_MONTHS[period.kind];
  const diff = monthIndex(date) - monthIndex(period.anchor);
  let k = Math.floor(diff / step);
  let start = addMonths(period.anchor, k * step);
  // The anchor's day of month may push the start past `date` (anchor on the 15th).
  if (start > date) start = addMonths(period.anchor, --k * step);
  const next = addMonths(period.anchor, (k + 1) * step);
  if (next <= date) return { start: next, end: addDays(addMonths(period.anchor, (k + 2) * step), -1) };
  return { start, end: addDays(next, -1) };
}

/** The latest period that has fully ended before `today`. */
export function latestCompletedPeriod(period: Pick<EvaluationPeriod, 'kind' | 'anchor'>, today: string): Period {
  const current = periodContaining(period, today);
  return periodContaining(period, addDays(current.start, -1));
}

/** The window a rule looks at: the last `months` months of the period (whole period when null). */
export function windowOf(p: Period, months?: number | null): Period {
  if (!months || months <= 0) return p;
  const start = addMonths(addDays(p.end, 1), -months);
  return { start: start > p.start ? start : p.start, end: p.end };
}
