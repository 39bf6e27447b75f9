/**
 * Compiles a grading-model definition + period into ONE set-based SQL statement (issue #6):
 *
 *   rec  – one scan of `record` (accepted, the model's catalog items, applicable subject types),
 *          grouped by subject, every rule an aggregate with a FILTER (window, data-item filters)
 *   lst  – the same over `credit_list_member` for list-membership rules and vetoes
 *   subj – rec FULL JOIN lst: the subjects in scope and their rule values
 *   pts  – per leaf: the points table (CASE / LEAST / GREATEST), start + adjustment, the clamp
 *   tot  – the sum and the first veto;  graded – the band (or the veto's grade)
 *   then the per-indicator jsonb, and the mapped measures by a join to a small VALUES list
 *
 * Nothing from the definition is spliced into the SQL text: codes, data item keys, filter values,
 * points and dates are bound parameters with explicit casts. Data item keys and indicator ids are
 * additionally checked against ITEM_KEY (validate.ts) before compiling. Subjects can be limited to
 * a range of subject codes (a chunk, so a run can report progress; the range is an index range
 * on record.subject_code, not a hash over the whole table) or to one subject (the designer's
 * preview). `evaluateSubject` in catalog/grading/score.ts is the same semantics in JS; the tests
 * hold the two equal on random data.
 */
import { sql, type SQL } from 'drizzle-orm';
import { DomainError } from '../errors';
import { leavesOf, DEFAULT_FULFILMENT_ITEM, textOf } from '../../catalog/grading/score';
import { windowOf, type Period } from '../../catalog/grading/period';
import { ITEM_KEY } from '../../catalog/grading/validate';
import type { DataItemFilter, GradingDefinition, Indicator, PointsTable, ScoringRule } from '../../catalog/grading/types';

/** Subject codes in [from, to): null = unbounded on that side. Consecutive ranges partition the codes. */
export interface SubjectRange {
  from: string | null;
  to: string | null;
}

export interface CompileOptions {
  period: Period;
  /** only subjects whose code is in this range */
  range?: SubjectRange;
  /** only this subject (preview) */
  subjectCode?: string;
}

type RuleLike = Omit<ScoringRule, 'points' | 'start'> & { points?: PointsTable };

const NUM_RE = '^\\s*-?(\\d+(\\.\\d*)?|\\.\\d+)\\s*$';
/** A jsonb text value as numeric, NULL when it is not a number: untrusted data never fails the run. */
const num = (x: SQL) => sql`(case when ${x} ~ ${sql.raw(`'${NUM_RE}'`)} then (${x})::numeric end)`;
const lit = (v: string) => sql`${v}::text`;
/** A constant: integers as int so counts stay in integer arithmetic (numeric is several times
 *  slower per operation, and a 20-leaf model does ~100 of them per subject); fractions as numeric. */
const n = (v: number) => (Number.isSafeInteger(v) && Math.abs(v) < 2 ** 31 ? sql`${v}::int` : sql`${v}::numeric`);
const d = (v: string) => sql`${v}::date`;

function key(item: string): SQL {
  if (!ITEM_KEY.test(item)) throw new DomainError('INVALID_DEFINITION', 'grading.errors.badItemKey', { item });
  return sql`(r.data ->> ${lit(item)})`;
}

function filterSql(f: DataItemFilter): SQL {
  const v = key(f.item);
  switch (f.op) {
    case 'eq':
      return sql`${v} = ${lit(textOf(f.value) ?? '')}`;
    case 'ne':
      return sql`${v} is distinct from ${lit(textOf(f.value) ?? '')}`;
    case 'in': {
      const values = (Array.isArray(f.value) ? f.value : [f.value]).map((x) => lit(textOf(x) ?? ''));
      return values.length ? sql`${v} in (${sql.join(values, sql`, `)})` : sql`false`;
    }
    default: {
      const op = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[f.op];
      if (!op || !Number.isFinite(Number(f.value))) throw new DomainError('INVALID_DEFINITION', 'grading.errors.badFilter', { item: f.item });
      return sql`${num(v)} ${sql.raw(op)} ${n(Number(f.value))}`;
    }
  }
}

/** The FILTER condition of a record-based rule. */
function recordCondition(rule: RuleLike, period: Period): SQL {
  const w = windowOf(period, rule.windowMonths);
  const parts: SQL[] = [sql`r.catalog_code = ${lit(rule.ref)}`, sql`r.decision_date between ${d(w.start)} and ${d(w.end)}`];
  if (rule.source === 'commitment-fulfilment') parts.push(sql`${key(rule.item ?? DEFAULT_FULFILMENT_ITEM)} is not null`);
  for (const f of rule.filters ?? []) parts.push(filterSql(f));
  return sql.join(parts, sql` and `);
}

function recordAggregate(rule: RuleLike, period: Period): SQL {
  const cond = recordCondition(rule, period);
  switch (rule.aggregation) {
    case 'exists':
      return sql`(count(*) filter (where ${cond}) > 0)::int`;
    case 'count':
      return sql`count(*) filter (where ${cond})`;
    case 'sum':
      return sql`coalesce(sum(${num(key(rule.item ?? ''))}) filter (where ${cond}), 0)`;
    case 'latest': {
      const v = key(rule.item ?? '');
      // text here; subj turns it into a number unless the points table matches text
      return sql`(array_agg(${v} order by r.decision_date desc, r.id desc) filter (where ${cond} and ${v} is not null))[1]`;
    }
  }
}

function listAggregate(rule: RuleLike, period: Period): SQL {
  const w = windowOf(period, rule.windowMonths);
  const cond = sql`m.list_code = ${lit(rule.ref)} and m.listed_on <= ${d(w.end)} and (m.removed_on is null or m.removed_on >= ${d(w.start)})`;
  return rule.aggregation === 'exists' ? sql`(count(*) filter (where ${cond}) > 0)::int` : sql`count(*) filter (where ${cond})`;
}

function adjustment(t: PointsTable, v: SQL): SQL {
  if (t.kind === 'per-unit') {
    let e = sql`coalesce(${v}, 0) * ${n(t.perUnit)}`;
    if (t.min !== null && t.min !== undefined) e = sql`greatest(${e}, ${n(t.min)})`;
    if (t.max !== null && t.max !== undefined) e = sql`least(${e}, ${n(t.max)})`;
    return e;
  }
  const otherwise = n(t.otherwise ?? 0);
  if (t.kind === 'ranges') {
    if (!t.ranges.length) return otherwise;
    const whens = t.ranges.map((r) => {
      const c: SQL[] = [sql`${v} is not null`];
      if (r.from !== null) c.push(sql`${v} >= ${n(r.from)}`);
      if (r.to !== null) c.push(sql`${v} < ${n(r.to)}`);
      return sql`when ${sql.join(c, sql` and `)} then ${n(r.points)}`;
    });
    return sql`(case ${sql.join(whens, sql` `)} else ${otherwise} end)`;
  }
  if (!t.cases.length) return otherwise;
  const whens = t.cases.map((c) => sql`when (${v})::text = ${lit(c.equals)} then ${n(c.points)}`);
  return sql`(case ${sql.join(whens, sql` `)} else ${otherwise} end)`;
}

/** A `latest` value matched as text by its points table (otherwise values are numbers). */
const isText = (rule: RuleLike) => rule.aggregation === 'latest' && rule.points?.kind === 'match';

/** Aggregates that default to 0 when the subject has no facts on that side of the join. */
const zeroWhenMissing = (rule: RuleLike) => rule.aggregation !== 'latest';

interface Column {
  name: string;
  rule: RuleLike;
}

/** The subjects of the model with their rule values, points, score, veto, grade and measures. */
export function compileSelect(content: { definition: GradingDefinition }, opts: CompileOptions): SQL {
  const def = content.definition;
  const leaves = leavesOf(def.indicators).filter((l): l is Indicator & { rule: ScoringRule } => Boolean(l.rule));
  for (const l of leaves) if (!ITEM_KEY.test(l.id.replace(/-/g, '_'))) throw new DomainError('INVALID_DEFINITION', 'grading.errors.badItemKey', { item: l.id });
  const cols: Column[] = [...leaves.map((l, i) => ({ name: `v${i}`, rule: l.rule })), ...(def.vetoes ?? []).map((v, i) => ({ name: `w${i}`, rule: v.rule as RuleLike }))];
  const recCols = cols.filter((c) => c.rule.source !== 'list-membership');
  const lstCols = cols.filter((c) => c.rule.source === 'list-membership');
  const types = def.subjectTypes.map(lit);
  const p = opts.period;

  const scope = (alias: 'r' | 'm'): SQL[] => {
    const out: SQL[] = [sql`${sql.raw(alias)}.subject_type in (${sql.join(types, sql`, `)})`];
    if (opts.range?.from != null) out.push(sql`${sql.raw(alias)}.subject_code >= ${lit(opts.range.from)}`);
    if (opts.range?.to != null) out.push(sql`${sql.raw(alias)}.subject_code < ${lit(opts.range.to)}`);
    if (opts.subjectCode !== undefined) out.push(sql`${sql.raw(alias)}.subject_code = ${lit(opts.subjectCode)}`);
    return out;
  };

  const ctes: SQL[] = [];
  const catalogCodes = [...new Set(recCols.map((c) => c.rule.ref))];
  if (catalogCodes.length) {
    const aggs = recCols.map((c) => sql`${recordAggregate(c.rule, p)} as ${sql.raw(c.name)}`);
    const where = [sql`r.status = 'accepted'`, sql`r.catalog_code in (${sql.join(catalogCodes.map(lit), sql`, `)})`, sql`r.decision_date <= ${d(p.end)}`, ...scope('r')];
    ctes.push(sql`rec as (select r.subject_code, max(r.subject_name collate "C") as subject_name, max(r.subject_type collate "C") as subject_type, ${sql.join(aggs, sql`, `)} from record r where ${sql.join(where, sql` and `)} group by r.subject_code)`);
  }
  const listCodes = [...new Set(lstCols.map((c) => c.rule.ref))];
  if (listCodes.length) {
    const aggs = lstCols.map((c) => sql`${listAggregate(c.rule, p)} as ${sql.raw(c.name)}`);
    // A listing revoked on objection (wrong from the start) or ended by credit repair (停止使用) no longer counts.
    const where = [sql`m.list_code in (${sql.join(listCodes.map(lit), sql`, `)})`, sql`m.listed_on <= ${d(p.end)}`, sql`m.status not in ('revoked', 'repaired')`, ...scope('m')];
    ctes.push(sql`lst as (select m.subject_code, max(m.subject_name collate "C") as subject_name, max(m.subject_type collate "C") as subject_type, ${sql.join(aggs, sql`, `)} from credit_list_member m where ${sql.join(where, sql` and `)} group by m.subject_code)`);
  }
  if (!ctes.length) throw new DomainError('INVALID_DEFINITION', 'grading.errors.noRules');

  const both = catalogCodes.length > 0 && listCodes.length > 0;
  const side = (c: Column) => (c.rule.source === 'list-membership' ? 'lst' : 'rec');
  const value = (c: Column) => {
    const ref = sql.raw(`${side(c)}.${c.name}`);
    if (c.rule.aggregation === 'latest') return isText(c.rule) ? ref : num(ref);
    return both && zeroWhenMissing(c.rule) ? sql`coalesce(${ref}, 0)` : ref;
  };
  const from = both ? sql`rec full join lst on lst.subject_code = rec.subject_code` : sql.raw(catalogCodes.length ? 'rec' : 'lst');
  const pick = (col: string) => (both ? sql.raw(`coalesce(rec.${col}, lst.${col})`) : sql.raw(`${catalogCodes.length ? 'rec' : 'lst'}.${col}`));
  ctes.push(sql`subj as (select ${pick('subject_code')} as subject_code, ${pick('subject_name')} as subject_name, ${pick('subject_type')} as subject_type, ${sql.join(
    cols.map((c) => sql`${value(c)} as ${sql.raw(c.name)}`),
    sql`, `,
  )} from ${from})`);

  const pointCols = leaves.map((l, i) => sql`least(greatest(${n(l.rule.start ?? l.points)} + ${adjustment(l.rule.points, sql.raw(`v${i}`))}, 0), ${n(l.points)}) as ${sql.raw(`p${i}`)}`);
  const vetoCase = (def.vetoes ?? []).length
    ? sql`case ${sql.join(
        (def.vetoes ?? []).map((v, i) => sql`when ${sql.raw(`w${i}`)} > 0 then ${lit(v.id)}`),
        sql` `,
      )} end`
    : sql`null::text`;
  // `offset 0` keeps each layer a subquery the planner does not flatten: flattened, every
  // reference to p_i / score / grade would recompute its whole expression (score appears in
  // each band's CASE branch, grade in the output and the measures join). A fence costs nothing;
  // a MATERIALIZED CTE would do the same through a tuplestore that spills to disk at scale.
  ctes.push(sql`pts as (select subj.*, ${sql.join(pointCols, sql`, `)}, ${vetoCase} as vetoed_by from subj offset 0)`);
  const sum = leaves.length ? sql.join(leaves.map((_, i) => sql.raw(`p${i}`)), sql` + `) : sql`0`;
  ctes.push(sql`tot as (select pts.*, round(${sum}, 2) as score from pts offset 0)`);

  const bands = [...def.bands].sort((a, b) => b.min - a.min);
  const lowest = bands[bands.length - 1]?.grade ?? '';
  const bandCase = sql`case ${sql.join(
    bands.map((b) => sql`when score >= ${n(b.min)} then ${lit(b.grade)}`),
    sql` `,
  )} else ${lit(lowest)} end`;
  const vetoGrade = (def.vetoes ?? []).length ? sql`case vetoed_by ${sql.join((def.vetoes ?? []).map((v) => sql`when ${lit(v.id)} then ${lit(v.grade)}`), sql` `)} end` : sql`null::text`;
  ctes.push(sql`graded as (select tot.*, coalesce(${vetoGrade}, ${bandCase}) as grade from tot offset 0)`);
  return sql`with ${sql.join(ctes, sql`, `)}
    select g.subject_code, g.subject_name, g.subject_type, g.score, g.grade, g.vetoed_by, ${scoresJson(leaves.map((l, i) => ({ name: `v${i}`, rule: l.rule, id: l.id })))} as scores, ${measuresOf(def)}
    from graded g ${measuresJoin(def)}`;
}

/**
 * indicator id → [value, points] as JSON text, cast to `json` (the column's type). One concat()
 * per row is ~3× cheaper than jsonb_build_object over jsonb_build_array pairs (measured: 5 vs
 * 18 µs per subject for 20 indicators), and this is the largest per-row cost of a run. The text is
 * valid JSON by construction: keys are JSON.stringify'd indicator ids (bound), values are numbers
 * as PostgreSQL prints them (numeric never prints NaN here: num() admits only digits), a matched
 * text value goes through to_json, and a missing value prints null.
 */
function scoresJson(cols: { name: string; rule: RuleLike; id: string }[]): SQL {
  if (!cols.length) return sql`'{}'::json`;
  const parts: SQL[] = [];
  cols.forEach((c, i) => {
    const v = sql.raw(`g.${c.name}`);
    const text = isText(c.rule) ? sql`to_json(${v})::text` : sql`${v}::text`;
    parts.push(lit(`${i === 0 ? '{' : '],'}${JSON.stringify(c.id)}:[`), sql`coalesce(${text}, 'null')`, lit(','), sql.raw(`g.p${i}`));
  });
  return sql`concat(${sql.join(parts, sql`, `)}, ']}')::json`;
}

/** The measures mapped to each grade as a VALUES list joined on the grade: one small hash, no per-row jsonb work. */
function measuresJoin(def: GradingDefinition): SQL {
  // one row per grade (the last mapping of a grade wins, as a JSON object would)
  const rows = [...new Map((def.mappings ?? []).map((m) => [m.grade, m])).values()].map((m) => {
    const measures = { inspectionRatio: m.inspectionRatio, frequency: m.frequency, incentives: m.incentives ?? [], sanctionMeasures: m.sanctionMeasures ?? [] };
    return sql`(${lit(m.grade)}, ${JSON.stringify(measures)}::jsonb)`;
  });
  return rows.length ? sql`left join (values ${sql.join(rows, sql`, `)}) as m(grade, measures) on m.grade = g.grade` : sql``;
}

function measuresOf(def: GradingDefinition): SQL {
  return (def.mappings ?? []).length ? sql`m.measures` : sql`null::jsonb as measures`;
}

/** INSERT … SELECT of the compiled statement under `runId`; returns the rows written per grade
 *  (so the run's distribution needs no second read of the results). */
export function compileInsert(content: { definition: GradingDefinition }, runId: string, opts: CompileOptions): SQL {
  return sql`with ins as (insert into evaluation_result (run_id, subject_code, subject_name, subject_type, score, grade, vetoed_by, scores, measures)
    select ${runId}::uuid, subject_code, subject_name, subject_type, score, grade, vetoed_by, scores, measures from (${compileSelect(content, opts)}) s
    returning grade)
    select grade, count(*)::int as n from ins group by grade`;
}
