'use client';
import { useMutation } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { AGGREGATIONS, RULE_SOURCES, type DataItemFilter, type GradingProblem, type Indicator, type PointsTable, type ScoringRule } from '@/catalog/grading/types';
import { useTRPC } from '@/app/_trpc/client';
import { messageOf } from '@/app/_trpc/errors';
import { Button } from '@/app/_components/ui/button';
import { Field, Input, Select } from '@/app/_components/ui/field';
import { dataItemsOf, emptyRule, formatFilterValue, parseFilterValue, problemsAt, type ModelContent } from '../_components/model-content';
import type { GradingRefs } from '../_components/use-grading-refs';

const OPS: DataItemFilter['op'][] = ['eq', 'ne', 'in', 'gt', 'gte', 'lt', 'lte'];
type Condition = Omit<ScoringRule, 'points' | 'start'>;

/** The first problem at `path`, in the viewer's language: shown under the field. */
function useErrorAt(problems: GradingProblem[]) {
  const locale = useLocale() as 'zh-CN' | 'en';
  return (path: string) => problemsAt(problems, path)[0]?.message[locale];
}

const num = (s: string): number | null => (s.trim() === '' ? null : Number(s));

/**
 * What a rule (or a veto trigger) looks at: its source and the catalog item or credit list,
 * a window, an aggregation over a data item, and filters on data items. The data items offered
 * are those of the catalog item's published version.
 */
export function ConditionFields({ idPrefix, path, value, onChange, refs, problems, readOnly }: { idPrefix: string; path: string; value: Condition; onChange: (next: Condition) => void; refs: GradingRefs; problems: GradingProblem[]; readOnly: boolean }) {
  const t = useTranslations('gradingUi.rule');
  const locale = useLocale();
  const errorAt = useErrorAt(problems);
  const onList = value.source === 'list-membership';
  const options = onList ? refs.creditLists : refs.catalogItems;
  const items = onList ? [] : dataItemsOf(refs.catalogItems.find((c) => c.code === value.ref)?.content, locale);
  const set = (patch: Partial<Condition>) => onChange({ ...value, ...patch });
  const filters = value.filters ?? [];
  const setFilter = (i: number, patch: Partial<DataItemFilter>) => set({ filters: filters.map((f, j) => (j === i ? { ...f, ...patch } : f)) });
  const needsItem = value.aggregation === 'sum' || value.aggregation === 'latest';
  return (
    <fieldset disabled={readOnly} className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id={`${idPrefix}-source`} label={t('source')} error={errorAt(`${path}.source`)}>
          <Select id={`${idPrefix}-source`} value={value.source} onChange={(e) => set({ source: e.target.value as Condition['source'], ref: '', item: null, filters: [] })}>
            {RULE_SOURCES.map((s) => (
              <option key={s} value={s}>
                {t(`sources.${s}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field id={`${idPrefix}-ref`} label={onList ? t('refList') : t('refCatalog')} error={errorAt(`${path}.ref`)}>
          <Select id={`${idPrefix}-ref`} value={value.ref} aria-invalid={Boolean(errorAt(`${path}.ref`))} onChange={(e) => set({ ref: e.target.value, item: null, filters: [] })}>
            <option value="">{t('choose')}</option>
            {options.map((o) => (
              <option key={o.code} value={o.code}>
                {o.code} {o.title} (v{o.version})
              </option>
            ))}
            {value.ref && !options.some((o) => o.code === value.ref) ? <option value={value.ref}>{t('unknownRef', { code: value.ref })}</option> : null}
          </Select>
        </Field>
        <Field id={`${idPrefix}-window`} label={t('window')} help={t('windowHelp')} error={errorAt(`${path}.windowMonths`)}>
          <Input id={`${idPrefix}-window`} type="number" min={1} value={value.windowMonths ?? ''} onChange={(e) => set({ windowMonths: num(e.target.value) })} />
        </Field>
        <Field id={`${idPrefix}-aggregation`} label={t('aggregation')} error={errorAt(`${path}.aggregation`)}>
          <Select id={`${idPrefix}-aggregation`} value={value.aggregation} onChange={(e) => set({ aggregation: e.target.value as Condition['aggregation'] })}>
            {AGGREGATIONS.map((a) => (
              <option key={a} value={a}>
                {t(`aggregations.${a}`)}
              </option>
            ))}
          </Select>
        </Field>
        {needsItem ? (
          <Field id={`${idPrefix}-item`} label={t('item')} error={errorAt(`${path}.item`)}>
            <DataItemSelect id={`${idPrefix}-item`} items={items} value={value.item ?? ''} invalid={Boolean(errorAt(`${path}.item`))} onChange={(item) => set({ item: item || null })} />
          </Field>
        ) : null}
      </div>
      {onList ? null : (
        <div>
          <p className="mb-1 text-sm font-medium text-slate-700">{t('filters')}</p>
          <ul className="space-y-2">
            {filters.map((f, i) => {
              const err = errorAt(`${path}.filters.${i}.item`) ?? errorAt(`${path}.filters.${i}`) ?? errorAt(`${path}.filters.${i}.value`);
              return (
                <li key={i}>
                  <div className="flex flex-wrap items-center gap-2">
                    <DataItemSelect id={`${idPrefix}-filter-${i}-item`} label={t('filterItem', { n: i + 1 })} items={items} value={f.item} invalid={Boolean(err)} onChange={(item) => setFilter(i, { item })} />
                    <Select className="w-28" aria-label={t('filterOp', { n: i + 1 })} value={f.op} onChange={(e) => setFilter(i, { op: e.target.value as DataItemFilter['op'], value: parseFilterValue(e.target.value, formatFilterValue(f.value)) })}>
                      {OPS.map((op) => (
                        <option key={op} value={op}>
                          {t(`ops.${op}`)}
                        </option>
                      ))}
                    </Select>
                    <Input className="w-48" aria-label={t('filterValue', { n: i + 1 })} value={formatFilterValue(f.value)} onChange={(e) => setFilter(i, { value: parseFilterValue(f.op, e.target.value) })} />
                    <Button size="sm" variant="ghost" className="text-red-700" onClick={() => set({ filters: filters.filter((_, j) => j !== i) })}>
                      {t('removeFilter')}
                    </Button>
                  </div>
                  {err ? (
                    <p role="alert" className="text-xs text-red-700">
                      {err}
                    </p>
                  ) : null}
                </li>
              );
            })}
          </ul>
          <Button size="sm" variant="secondary" className="mt-2" disabled={!value.ref} onClick={() => set({ filters: [...filters, { item: items[0]?.key ?? '', op: 'eq', value: '' }] })}>
            {t('addFilter')}
          </Button>
        </div>
      )}
    </fieldset>
  );
}

function DataItemSelect({ id, label, items, value, invalid, onChange }: { id: string; label?: string; items: { key: string; title: string }[]; value: string; invalid: boolean; onChange: (v: string) => void }) {
  const t = useTranslations('gradingUi.rule');
  return (
    <Select id={id} className="w-56" aria-label={label} aria-invalid={invalid} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{t('choose')}</option>
      {items.map((d) => (
        <option key={d.key} value={d.key}>
          {d.title} ({d.key})
        </option>
      ))}
      {value && !items.some((d) => d.key === value) ? <option value={value}>{t('unknownItem', { key: value })}</option> : null}
    </Select>
  );
}

/** How the aggregated value becomes points: per unit with floor/cap, numeric ranges, or categorical matches. */
function PointsTableFields({ path, value, onChange, problems }: { path: string; value: PointsTable; onChange: (next: PointsTable) => void; problems: GradingProblem[] }) {
  const t = useTranslations('gradingUi.rule');
  const errorAt = useErrorAt(problems);
  const switchKind = (kind: PointsTable['kind']) =>
    onChange(kind === 'per-unit' ? { kind, perUnit: -10, min: null, max: null } : kind === 'ranges' ? { kind, ranges: [{ from: 0, to: null, points: 0 }], otherwise: 0 } : { kind, cases: [{ equals: 'A', points: 0 }], otherwise: 0 });
  const tableError = errorAt(`${path}.points`) ?? errorAt(`${path}.points.ranges`) ?? errorAt(`${path}.points.cases`);
  return (
    <div className="space-y-3">
      <Field id="rule-points-kind" label={t('pointsKind')} error={tableError}>
        <Select id="rule-points-kind" value={value.kind} onChange={(e) => switchKind(e.target.value as PointsTable['kind'])}>
          {(['per-unit', 'ranges', 'match'] as const).map((k) => (
            <option key={k} value={k}>
              {t(`pointsKinds.${k}`)}
            </option>
          ))}
        </Select>
      </Field>
      {value.kind === 'per-unit' ? (
        <div className="grid gap-3 sm:grid-cols-3">
          <Field id="rule-per-unit" label={t('perUnit')} help={t('perUnitHelp')} error={errorAt(`${path}.points.perUnit`)}>
            <Input id="rule-per-unit" type="number" value={value.perUnit} onChange={(e) => onChange({ ...value, perUnit: Number(e.target.value) })} />
          </Field>
          <Field id="rule-floor" label={t('floor')} error={errorAt(`${path}.points.min`)}>
            <Input id="rule-floor" type="number" value={value.min ?? ''} onChange={(e) => onChange({ ...value, min: num(e.target.value) })} />
          </Field>
          <Field id="rule-cap" label={t('cap')} error={errorAt(`${path}.points.max`)}>
            <Input id="rule-cap" type="number" value={value.max ?? ''} onChange={(e) => onChange({ ...value, max: num(e.target.value) })} />
          </Field>
        </div>
      ) : null}
      {value.kind === 'ranges' ? (
        <RowsEditor
          rows={value.ranges}
          otherwise={value.otherwise}
          onChange={(ranges, otherwise) => onChange({ ...value, ranges, otherwise })}
          blank={{ from: null, to: null, points: 0 }}
          columns={[
            { key: 'from', label: t('rangeFrom'), numeric: true },
            { key: 'to', label: t('rangeTo'), numeric: true },
            { key: 'points', label: t('rangePoints'), numeric: true },
          ]}
        />
      ) : null}
      {value.kind === 'match' ? (
        <RowsEditor
          rows={value.cases}
          otherwise={value.otherwise}
          onChange={(cases, otherwise) => onChange({ ...value, cases, otherwise })}
          blank={{ equals: '', points: 0 }}
          columns={[
            { key: 'equals', label: t('matchEquals'), numeric: false },
            { key: 'points', label: t('rangePoints'), numeric: true },
          ]}
        />
      ) : null}
    </div>
  );
}

/** A small table of rows (ranges or match cases) plus the points when no row matches. */
function RowsEditor<R extends Record<string, string | number | null>>({ rows, otherwise, onChange, blank, columns }: { rows: R[]; otherwise?: number; onChange: (rows: R[], otherwise?: number) => void; blank: R; columns: { key: keyof R & string; label: string; numeric: boolean }[] }) {
  const t = useTranslations('gradingUi.rule');
  const setCell = (i: number, key: string, text: string, numeric: boolean) =>
    onChange(
      rows.map((r, j) => (j === i ? { ...r, [key]: numeric ? (key === 'points' ? Number(text) : num(text)) : text } : r)),
      otherwise,
    );
  return (
    <div>
      <table className="text-sm">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className="px-1 text-left font-medium text-slate-600">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {columns.map((c) => (
                <td key={c.key} className="px-1 py-0.5">
                  <Input className="w-28" aria-label={`${c.label} ${i + 1}`} type={c.numeric ? 'number' : 'text'} value={r[c.key] ?? ''} onChange={(e) => setCell(i, c.key, e.target.value, c.numeric)} />
                </td>
              ))}
              <td>
                <Button size="sm" variant="ghost" className="text-red-700" onClick={() => onChange(rows.filter((_, j) => j !== i), otherwise)}>
                  {t('removeRow')}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="mt-2 flex items-center gap-3">
        <Button size="sm" variant="secondary" onClick={() => onChange([...rows, blank], otherwise)}>
          {t('addRow')}
        </Button>
        <label className="flex items-center gap-2 text-sm">
          {t('otherwise')}
          <Input className="w-24" type="number" value={otherwise ?? ''} onChange={(e) => onChange(rows, num(e.target.value) ?? undefined)} />
        </label>
      </div>
    </div>
  );
}

/** The rule of one leaf, with a preview of what a chosen subject would get. */
export function RuleEditor({ leaf, path, content, onChange, refs, problems, readOnly }: { leaf: Indicator; path: string; content: ModelContent; onChange: (rule: ScoringRule | null) => void; refs: GradingRefs; problems: GradingProblem[]; readOnly: boolean }) {
  const t = useTranslations('gradingUi.rule');
  const locale = useLocale() as 'zh-CN' | 'en';
  const errorAt = useErrorAt(problems);
  const rulePath = `${path}.rule`;
  if (!leaf.rule) {
    return (
      <div className="space-y-2">
        <p className="text-sm text-slate-600">{t('noRule', { points: leaf.points })}</p>
        {readOnly ? null : <Button onClick={() => onChange(emptyRule())}>{t('addRule')}</Button>}
      </div>
    );
  }
  const rule = leaf.rule;
  const { points, start, ...condition } = rule;
  return (
    <div className="space-y-4" data-testid="rule-editor">
      <h3 className="font-semibold">
        {t('title', { name: leaf.name[locale] || leaf.name['zh-CN'], points: leaf.points })}
      </h3>
      <ConditionFields idPrefix="rule" path={rulePath} value={condition} onChange={(c) => onChange({ ...c, points, start })} refs={refs} problems={problems} readOnly={readOnly} />
      <fieldset disabled={readOnly} className="space-y-3">
        <PointsTableFields path={rulePath} value={points} onChange={(p) => onChange({ ...rule, points: p })} problems={problems} />
        <Field id="rule-start" label={t('start')} help={t('startHelp', { points: leaf.points })} error={errorAt(`${rulePath}.start`)}>
          <Input id="rule-start" type="number" className="w-32" value={start ?? ''} onChange={(e) => onChange({ ...rule, start: num(e.target.value) })} />
        </Field>
        <Button variant="ghost" size="sm" className="text-red-700" onClick={() => onChange(null)}>
          {t('removeRule')}
        </Button>
      </fieldset>
      <LeafPreview content={content} indicatorId={leaf.id} />
    </div>
  );
}

/** Runs the leaf's rule (as currently edited, unsaved) for one subject on the latest period. */
function LeafPreview({ content, indicatorId }: { content: ModelContent; indicatorId: string }) {
  const t = useTranslations('gradingUi.preview');
  const locale = useLocale() as 'zh-CN' | 'en';
  const trpc = useTRPC();
  const [subjectCode, setSubjectCode] = useState('');
  const preview = useMutation(trpc.grading.previewLeaf.mutationOptions());
  return (
    <div className="rounded-md border border-slate-200 bg-slate-50 p-3">
      <h4 className="mb-2 text-sm font-semibold">{t('title')}</h4>
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (subjectCode.trim()) preview.mutate({ content, indicatorId, subjectCode: subjectCode.trim() });
        }}
      >
        <Field id="preview-subject" label={t('subject')}>
          <Input id="preview-subject" className="w-64" value={subjectCode} onChange={(e) => setSubjectCode(e.target.value)} placeholder={t('subjectPlaceholder')} />
        </Field>
        <Button type="submit" variant="secondary" disabled={preview.isPending || !subjectCode.trim()}>
          {t('run')}
        </Button>
      </form>
      {preview.error ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {messageOf(preview.error)}
        </p>
      ) : null}
      {preview.data ? (
        <dl className="mt-3 grid grid-cols-[8rem_1fr] gap-1 text-sm" data-testid="leaf-preview">
          <dt className="text-slate-500">{t('value')}</dt>
          <dd>{String(preview.data.value ?? '—')}</dd>
          <dt className="text-slate-500">{t('adjustment')}</dt>
          <dd>{preview.data.adjustment}</dd>
          <dt className="text-slate-500">{t('score')}</dt>
          <dd className="font-semibold">{t('scoreOf', { score: preview.data.score, points: preview.data.points })}</dd>
          <dt className="text-slate-500">{t('explanation')}</dt>
          <dd>{preview.data.explanation[locale]}</dd>
        </dl>
      ) : null}
    </div>
  );
}
