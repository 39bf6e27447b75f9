/**
 * The content of a `grading-model` register entry as the designer edits it, and the small pure
 * steps around it: a new model's starting content, filling gaps in older content, the
 * references the register keeps for impact analysis, and the data items of a catalog item.
 */
import { defaultBands } from '@/catalog/grading/bands';
import { normalizePath } from '@/catalog/grading/tree';
import type { GradingDefinition, GradingModelContent, GradingProblem, ScoringRule, RuleSource } from '@/catalog/grading/types';
import type { EntryRef, Localized } from '@/catalog/types';

export const GRADING_KIND = 'grading-model';

/** The entry content (catalog/grading/types.ts) plus whatever else a stored version carries. */
export interface ModelContent extends GradingModelContent {
  [key: string]: unknown;
}

export const DEFAULT_FREQUENCY: Record<string, Localized> = {
  A: { 'zh-CN': '原则上每年不超过1次', en: 'At most once a year' },
  B: { 'zh-CN': '每年1次', en: 'Once a year' },
  C: { 'zh-CN': '每年不少于2次', en: 'At least twice a year' },
  D: { 'zh-CN': '每季度不少于1次', en: 'At least once a quarter' },
  E: { 'zh-CN': '重点监管，随时检查', en: 'Close supervision, inspected at any time' },
};
const DEFAULT_RATIO: Record<string, { min: number; max: number }> = {
  A: { min: 0, max: 5 },
  B: { min: 5, max: 20 },
  C: { min: 20, max: 60 },
  D: { min: 61, max: 100 },
  E: { min: 100, max: 100 },
};

/**
 * A new model that already passes validation (the register refuses invalid content): one leaf
 * worth the whole total, −10 per record of `catalogCode` down to 0, A–E bands scaled to the
 * total, annual periods, and the default inspection ratios per grade.
 */
export function newModelContent(input: { name: string; industry: string; totalPoints: number; catalogCode?: string }): ModelContent {
  const bands = defaultBands(input.totalPoints);
  return {
    name: input.name,
    industry: input.industry,
    totalPoints: input.totalPoints,
    definition: {
      subjectTypes: ['法人及非法人组织'],
      indicators: [
        {
          id: 'I1',
          name: { 'zh-CN': '监管记录', en: 'Supervision records' },
          points: input.totalPoints,
          rule: input.catalogCode ? { ...emptyRule('records'), ref: input.catalogCode, points: { kind: 'per-unit', perUnit: -10, min: -input.totalPoints, max: null } } : null,
        },
      ],
      bands,
      vetoes: [],
      period: { kind: 'annual', anchor: '2024-01-01', publicationLagDays: 30 },
      mappings: bands.map((b) => ({ grade: b.grade, inspectionRatio: DEFAULT_RATIO[b.grade] ?? { min: 0, max: 100 }, frequency: DEFAULT_FREQUENCY[b.grade] ?? { 'zh-CN': '', en: '' }, incentives: [], sanctionMeasures: [] })),
    },
  };
}

/** Content as stored may predate parts of the definition; the designer always edits a whole one. */
export function normalizeContent(raw: Record<string, unknown>): ModelContent {
  const totalPoints = Number(raw.totalPoints) || 1000;
  const base = newModelContent({ name: String(raw.name ?? ''), industry: String(raw.industry ?? ''), totalPoints });
  const def = (raw.definition ?? {}) as Partial<GradingDefinition>;
  return {
    ...raw,
    name: base.name,
    industry: base.industry,
    totalPoints,
    definition: {
      subjectTypes: def.subjectTypes ?? base.definition.subjectTypes,
      indicators: def.indicators ?? base.definition.indicators,
      bands: def.bands ?? base.definition.bands,
      vetoes: def.vetoes ?? [],
      period: { ...base.definition.period, ...(def.period ?? {}) },
      mappings: def.mappings ?? base.definition.mappings,
    },
  };
}

const CATALOG_SOURCES: readonly RuleSource[] = ['records', 'commitment-fulfilment', 'external-grade'];

function rulesOf(def: GradingDefinition): Pick<ScoringRule, 'source' | 'ref'>[] {
  const leaves: Pick<ScoringRule, 'source' | 'ref'>[] = [];
  const walk = (list: GradingDefinition['indicators']) =>
    list.forEach((i) => {
      if (i.rule) leaves.push(i.rule);
      if (i.children) walk(i.children);
    });
  walk(def.indicators);
  return [...leaves, ...(def.vetoes ?? []).map((v) => v.rule)];
}

/**
 * The content as saved: blank incentive lines dropped, and the entry's reference fields derived
 * from the definition so the register's impact analysis (retiring a catalog item or a sanction
 * measure) sees this model.
 */
export function forSave(edited: ModelContent): ModelContent {
  const mappings = edited.definition.mappings.map((m) => ({
    ...m,
    incentives: (m.incentives ?? []).map((l) => ({ 'zh-CN': l['zh-CN'].trim(), en: l.en.trim() })).filter((l) => l['zh-CN'] || l.en),
  }));
  const content = { ...edited, definition: { ...edited.definition, mappings } };
  const catalog = [...new Set(rulesOf(content.definition).filter((r) => CATALOG_SOURCES.includes(r.source) && r.ref).map((r) => r.ref))];
  const measures = new Map<string, EntryRef>();
  for (const m of content.definition.mappings) for (const s of m.sanctionMeasures ?? []) measures.set(s.code, { kind: 'sanction-measure', code: s.code, version: s.version ?? null });
  return { ...content, catalogItems: catalog.map((code) => ({ kind: 'info-catalog', code, version: null })), sanctionMeasures: [...measures.values()] };
}

export interface DataItemOption {
  key: string;
  title: string;
}

/** The data items a catalog item's published content defines (its form definition's properties). */
export function dataItemsOf(catalogContent: Record<string, unknown> | undefined, locale: string): DataItemOption[] {
  const def = catalogContent?.dataItems as { schema?: { properties?: Record<string, { title?: string }> }; ui?: { fields?: Record<string, { label?: Localized }> } } | undefined;
  const props = def?.schema?.properties ?? {};
  return Object.entries(props).map(([key, p]) => {
    const label = def?.ui?.fields?.[key]?.label;
    const title = (label ? (locale === 'en' ? label.en : label['zh-CN']) : undefined) || p.title || key;
    return { key, title };
  });
}

export function emptyRule(source: RuleSource = 'records'): ScoringRule {
  return { source, ref: '', windowMonths: null, aggregation: source === 'list-membership' ? 'exists' : 'count', item: null, filters: [], points: { kind: 'per-unit', perUnit: -10, min: null, max: null }, start: null };
}

/** Problems exactly at `path` (any spelling). */
export function problemsAt(problems: readonly GradingProblem[], path: string): GradingProblem[] {
  const p = normalizePath(path);
  return problems.filter((x) => normalizePath(x.path) === p);
}

/** Problems at `prefix` or anywhere below it. */
export function problemsUnder(problems: readonly GradingProblem[], prefix: string): GradingProblem[] {
  const p = normalizePath(prefix);
  return problems.filter((x) => {
    const n = normalizePath(x.path);
    return n === p || n.startsWith(`${p}.`);
  });
}

/** Parses a filter value typed in a text box: numbers for comparisons, a list for `in`. */
export function parseFilterValue(op: string, text: string): string | number | (string | number)[] {
  const num = (s: string) => (s.trim() !== '' && !Number.isNaN(Number(s)) ? Number(s) : s.trim());
  if (op === 'in') return text.split(/[,，、]/).map((s) => s.trim()).filter(Boolean).map(num);
  if (['gt', 'gte', 'lt', 'lte'].includes(op)) return num(text);
  return text;
}

export function formatFilterValue(value: unknown): string {
  return Array.isArray(value) ? value.join(', ') : value === undefined || value === null ? '' : String(value);
}
