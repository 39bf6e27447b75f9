'use client';
import { useLocale, useTranslations } from 'next-intl';
import { useRef, useState } from 'react';
import type { FieldUi, LegalBasis, Localized, RowColumn } from '@/catalog/types';
import { Button } from '@/app/_components/ui/button';
import { Input, Select } from '@/app/_components/ui/field';
import { FlowGraphField } from '../../flows/_components/flow-graph-field';
import { FormDefinitionField } from '@/forms/designer/form-definition-field';
import { DocxTemplateField } from './docx-template-field';
import { dataItemChoices } from '@/catalog/data-items';
import { useLinkedDataItems, type LinkedDataItems } from './linked-data-items';

export type Dept = { code: string; nameZh: string; nameEn: string };
/** An in-force entry a reference may point at; a grading model brings its grades (widget grades). */
export type RefOption = { code: string; title: string; grades?: { grade: string; label: Localized }[] };

export function loc(l: Localized | undefined, locale: string): string {
  if (!l) return '';
  return (locale === 'en' ? l.en || l['zh-CN'] : l['zh-CN']) ?? '';
}

export interface WidgetProps {
  id: string;
  ui: FieldUi;
  schema: Record<string, unknown>;
  value: unknown;
  onChange: (v: unknown) => void;
  invalid: boolean;
  describedBy?: string;
  departments: Dept[];
  refOptions?: RefOption[];
  /** The whole entry as edited (widgets that choose among the entry's own parts, e.g. data-item). */
  content?: Record<string, unknown>;
}

const textarea = 'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm aria-[invalid=true]:border-red-500';

function enumValues(schema: Record<string, unknown>): string[] {
  if (Array.isArray(schema.enum)) return schema.enum as string[];
  const items = schema.items as Record<string, unknown> | undefined;
  if (items && Array.isArray(items.enum)) return items.enum as string[];
  return [];
}

/** One control per widget kind of the register's UI schema. */
export function Widget(p: WidgetProps) {
  const locale = useLocale();
  const t = useTranslations('registers.form');
  const aria = { 'aria-invalid': p.invalid, 'aria-describedby': p.describedBy };
  const widget = p.ui.widget ?? 'text';
  switch (widget) {
    case 'textarea':
    case 'rich-text':
      return <textarea id={p.id} rows={widget === 'rich-text' ? 8 : 3} className={textarea} value={(p.value as string) ?? ''} onChange={(e) => p.onChange(e.target.value)} {...aria} />;
    case 'integer':
    case 'number':
      return (
        <Input
          id={p.id}
          type="number"
          step={widget === 'integer' ? 1 : 'any'}
          value={p.value === undefined || p.value === null ? '' : String(p.value)}
          onChange={(e) => p.onChange(e.target.value === '' ? undefined : Number(e.target.value))}
          {...aria}
        />
      );
    case 'data-item': {
      if (p.ui.dataItemsOf) return <LinkedDataItemField {...p} />;
      // The data items of the form being edited, by name; a stored key the form lacks stays visible.
      const choices = dataItemChoices(p.content?.dataItems, p.ui.dataItemFormat);
      const current = typeof p.value === 'string' ? p.value : '';
      return (
        <Select id={p.id} value={current} onChange={(e) => p.onChange(e.target.value || undefined)} {...aria}>
          <option value="">{choices.length ? t('dataItemNone') : t('dataItemNoneYet')}</option>
          {choices.map((c) => (
            <option key={c.key} value={c.key}>
              {loc(c.label, locale)}
            </option>
          ))}
          {current && !choices.some((c) => c.key === current) ? <option value={current}>{t('dataItemMissing')}</option> : null}
        </Select>
      );
    }
    case 'grades':
      return <GradesPicker {...p} />;
    case 'date':
      return <Input id={p.id} type="date" value={(p.value as string) ?? ''} onChange={(e) => p.onChange(e.target.value || undefined)} {...aria} />;
    case 'boolean':
      return (
        <Select id={p.id} value={p.value === true ? 'true' : p.value === false ? 'false' : ''} onChange={(e) => p.onChange(e.target.value === '' ? undefined : e.target.value === 'true')} {...aria}>
          <option value="">—</option>
          <option value="true">{t('yes')}</option>
          <option value="false">{t('no')}</option>
        </Select>
      );
    case 'select':
      return (
        <Select id={p.id} value={(p.value as string) ?? ''} onChange={(e) => p.onChange(e.target.value || undefined)} {...aria}>
          <option value="">—</option>
          {enumValues(p.schema).map((v) => (
            <option key={v} value={v}>
              {loc(p.ui.options?.[v], locale) || v}
            </option>
          ))}
        </Select>
      );
    case 'checkboxes': {
      const arr = Array.isArray(p.value) ? (p.value as string[]) : [];
      return (
        <div id={p.id} role="group" aria-labelledby={`${p.id}-label`} className="flex flex-wrap gap-3" {...aria}>
          {enumValues(p.schema).map((v) => (
            <label key={v} className="flex items-center gap-1.5 text-sm">
              <input type="checkbox" checked={arr.includes(v)} onChange={(e) => p.onChange(e.target.checked ? [...arr, v] : arr.filter((x) => x !== v))} />
              {loc(p.ui.options?.[v], locale) || v}
            </label>
          ))}
        </div>
      );
    }
    case 'departments': {
      const arr = Array.isArray(p.value) ? (p.value as string[]) : [];
      return (
        <div id={p.id} role="group" aria-labelledby={`${p.id}-label`} className="grid max-h-48 grid-cols-2 gap-1 overflow-y-auto rounded-md border border-slate-200 p-2 md:grid-cols-3" {...aria}>
          {p.departments.map((d) => (
            <label key={d.code} className="flex items-center gap-1.5 text-sm">
              <input type="checkbox" checked={arr.includes(d.code)} onChange={(e) => p.onChange(e.target.checked ? [...arr, d.code] : arr.filter((x) => x !== d.code))} />
              {locale === 'en' ? d.nameEn : d.nameZh}
            </label>
          ))}
        </div>
      );
    }
    case 'tags':
      return <TagsInput id={p.id} value={p.value} onChange={p.onChange} placeholder={t('tagsHelp')} {...aria} />;
    case 'rows':
      return <RowsEditor {...p} />;
    case 'legal-basis':
      return <LegalBasisEditor {...p} />;
    case 'reference': {
      const v = p.value as { code?: string } | undefined;
      return (
        <Select id={p.id} value={v?.code ?? ''} onChange={(e) => p.onChange(e.target.value ? { kind: p.ui.refKind, code: e.target.value } : undefined)} {...aria}>
          <option value="">—</option>
          {(p.refOptions ?? []).map((o) => (
            <option key={o.code} value={o.code}>
              {t('entryCodeOption', { title: o.title || o.code, code: o.code })}
            </option>
          ))}
        </Select>
      );
    }
    case 'entry-code': {
      // Another entry's code, stored as text, picked by its name; a code not in force stays visible.
      const current = typeof p.value === 'string' ? p.value : '';
      const options = p.refOptions ?? [];
      return (
        <Select id={p.id} value={current} onChange={(e) => p.onChange(e.target.value || undefined)} {...aria}>
          <option value="">—</option>
          {options.map((o) => (
            <option key={o.code} value={o.code}>
              {t('entryCodeOption', { title: o.title || o.code, code: o.code })}
            </option>
          ))}
          {current && p.refOptions && !options.some((o) => o.code === current) ? <option value={current}>{t('entryCodeMissing', { code: current })}</option> : null}
        </Select>
      );
    }
    case 'references': {
      const arr = Array.isArray(p.value) ? (p.value as { code: string }[]) : [];
      return (
        <div id={p.id} role="group" aria-labelledby={`${p.id}-label`} className="flex max-h-48 flex-col gap-1 overflow-y-auto rounded-md border border-slate-200 p-2" {...aria}>
          {(p.refOptions ?? []).map((o) => (
            <label key={o.code} className="flex items-center gap-1.5 text-sm">
              <input
                type="checkbox"
                checked={arr.some((r) => r.code === o.code)}
                onChange={(e) => p.onChange(e.target.checked ? [...arr, { kind: p.ui.refKind, code: o.code }] : arr.filter((r) => r.code !== o.code))}
              />
              {t('entryCodeOption', { title: o.title || o.code, code: o.code })}
            </label>
          ))}
        </div>
      );
    }
    case 'form-definition':
      return <FormDefinitionField id={p.id} value={p.value} onChange={p.onChange} invalid={p.invalid} describedBy={p.describedBy} />;
    case 'flow-graph':
      // Graphs are drawn in the flow designer; the generic form only shows them.
      return <FlowGraphField value={p.value} editing />;
    case 'json':
      return <JsonEditor {...p} />;
    case 'docx-template':
      return <DocxTemplateField {...p} />;
    default:
      return (
        <>
          <Input id={p.id} list={p.ui.options ? `${p.id}-suggestions` : undefined} value={(p.value as string) ?? ''} onChange={(e) => p.onChange(e.target.value === '' ? undefined : e.target.value)} {...aria} />
          {p.ui.options ? (
            // Suggestions the office may pick or type over (e.g. kinds of credit list).
            <datalist id={`${p.id}-suggestions`}>
              {Object.entries(p.ui.options).map(([v, l]) => (
                <option key={v} value={v}>
                  {loc(l, locale)}
                </option>
              ))}
            </datalist>
          ) : null}
        </>
      );
  }
}

/** A data-item field whose data items are those of the catalog item another field names (`dataItemsOf`). */
function LinkedDataItemField(p: WidgetProps) {
  const linked = useLinkedDataItems(p.ui, p.content);
  return <LinkedDataItemSelect id={p.id} linked={linked} value={p.value} onChange={p.onChange} aria-invalid={p.invalid} aria-describedby={p.describedBy} />;
}

/**
 * The grades of the grading model the entry's `gradesOf` field references, ticked by name
 * (A 优秀 …); they follow the model as soon as another one is chosen. A stored grade the model
 * does not have stays visible, ticked, so it can be taken off (the list's check refuses it).
 */
function GradesPicker(p: WidgetProps) {
  const locale = useLocale();
  const t = useTranslations('registers.form');
  const picked = Array.isArray(p.value) ? (p.value as string[]) : [];
  const modelCode = p.ui.gradesOf ? (p.content?.[p.ui.gradesOf] as { code?: string } | undefined)?.code : undefined;
  const model = modelCode ? p.refOptions?.find((o) => o.code === modelCode) : undefined;
  const grades = model?.grades ?? [];
  const stray = picked.filter((g) => !grades.some((x) => x.grade === g));
  const toggle = (g: string, on: boolean) => {
    const next = on ? [...picked, g] : picked.filter((x) => x !== g);
    p.onChange(next.length ? next : undefined);
  };
  const box = (g: string, label: string, warn = false) => (
    <label key={g} className={`flex items-center gap-1.5 text-sm ${warn ? 'text-amber-800' : ''}`}>
      <input type="checkbox" checked={picked.includes(g)} onChange={(e) => toggle(g, e.target.checked)} />
      {label}
    </label>
  );
  return (
    <div id={p.id} role="group" aria-labelledby={`${p.id}-label`} className="flex flex-wrap gap-3" aria-invalid={p.invalid} aria-describedby={p.describedBy}>
      {!modelCode ? <p className="text-sm text-slate-500">{t('gradesPickModel')}</p> : !grades.length ? <p className="text-sm text-slate-500">{t('gradesNone')}</p> : null}
      {grades.map((g) => {
        // "A 优秀"; a label that already starts with its letter ("A级") is shown as it is.
        const label = loc(g.label, locale);
        return box(g.grade, label.startsWith(g.grade) ? label : `${g.grade} ${label}`.trim());
      })}
      {stray.map((g) => box(g, t('gradesMissing', { grade: g }), true))}
    </div>
  );
}

const splitTags = (text: string) => text.split(/[;；\n]/).map((s) => s.trim()).filter(Boolean);

/**
 * Values separated by ；. The text is kept as typed while it means the same values, so a separator
 * just typed (“甲；”) is not swallowed before the next value is written.
 */
function TagsInput({ value, onChange, ...rest }: { id?: string; className?: string; value: unknown; onChange: (v: string[] | undefined) => void; placeholder?: string; 'aria-label'?: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }) {
  const arr = Array.isArray(value) ? (value as unknown[]).map(String) : [];
  const [text, setText] = useState(() => arr.join('；'));
  const shown = splitTags(text).join('\u0000') === arr.join('\u0000') ? text : arr.join('；');
  return (
    <Input
      {...rest}
      value={shown}
      onChange={(e) => {
        setText(e.target.value);
        const next = splitTags(e.target.value);
        onChange(next.length ? next : undefined);
      }}
    />
  );
}

type Row = Record<string, unknown>;

/** A new row: yes/no cells start at “no”, so a required one is never left unanswered by accident. */
const emptyRow = (columns: RowColumn[]): Row => Object.fromEntries(columns.filter((c) => c.widget === 'boolean').map((c) => [c.key, false]));

/**
 * An array of small records as a table: one column per property (`ui.columns`), rows added,
 * removed and moved (order can matter, e.g. the first matching severity class wins). Properties a
 * row has that no column shows are kept as they are.
 */
function RowsEditor(p: WidgetProps) {
  const locale = useLocale();
  const linked = useLinkedDataItems(p.ui, p.content);
  const t = useTranslations('registers.form');
  const columns = p.ui.columns ?? [];
  const rows = Array.isArray(p.value) ? (p.value as Row[]) : [];
  // Stable keys for React while rows move: one id per row, kept in step with add/remove/move.
  const ids = useRef<number[]>([]);
  const next = useRef(0);
  while (ids.current.length < rows.length) ids.current.push(next.current++);
  if (ids.current.length > rows.length) ids.current.length = rows.length;
  const emit = (v: Row[]) => p.onChange(v.length ? v : undefined);
  const setCell = (i: number, key: string, v: unknown) =>
    emit(rows.map((r, j) => {
      if (j !== i) return r;
      const copy = { ...r };
      if (v === undefined) delete copy[key];
      else copy[key] = v;
      return copy;
    }));
  const move = (i: number, by: -1 | 1) => {
    const j = i + by;
    const v = [...rows];
    [v[i], v[j]] = [v[j]!, v[i]!];
    const k = ids.current;
    [k[i], k[j]] = [k[j]!, k[i]!];
    emit(v);
  };
  const remove = (i: number) => {
    ids.current.splice(i, 1);
    emit(rows.filter((_, j) => j !== i));
  };
  const cell = (c: RowColumn, r: Row, i: number) => {
    const label = `${loc(c.label, locale)} ${i + 1}`;
    const v = r[c.key];
    switch (c.widget) {
      case 'integer':
        return <Input type="number" step={1} className="w-28" aria-label={label} value={v === undefined || v === null ? '' : String(v)} onChange={(e) => setCell(i, c.key, e.target.value === '' ? undefined : Number(e.target.value))} />;
      case 'boolean':
        return <input type="checkbox" className="h-4 w-4" aria-label={label} checked={v === true} onChange={(e) => setCell(i, c.key, e.target.checked)} />;
      case 'tags':
        return <TagsInput className="min-w-[12rem]" aria-label={label} value={v} onChange={(x) => setCell(i, c.key, x)} placeholder={t('tagsHelp')} />;
      case 'data-item':
        return <LinkedDataItemSelect className="min-w-[10rem]" aria-label={label} linked={linked} value={v} onChange={(x) => setCell(i, c.key, x)} />;
      default:
        return <Input className="min-w-[8rem]" aria-label={label} value={typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v)} onChange={(e) => setCell(i, c.key, e.target.value === '' ? undefined : e.target.value)} />;
    }
  };
  return (
    <div id={p.id} role="group" aria-labelledby={`${p.id}-label`} className="space-y-2" aria-invalid={p.invalid} aria-describedby={p.describedBy}>
      {rows.length ? (
        <div className="max-w-full overflow-x-auto">
          <table className="text-sm">
            <thead>
              <tr className="text-left text-xs text-slate-500">
                <th scope="col" className="whitespace-nowrap py-1 pr-2 font-medium">
                  {t('rowNumber')}
                </th>
                {columns.map((c) => (
                  <th key={c.key} scope="col" className="whitespace-nowrap py-1 pr-2 font-medium" title={c.help ? loc(c.help, locale) : undefined}>
                    {loc(c.label, locale)}
                  </th>
                ))}
                <th scope="col" className="py-1 font-medium">
                  <span className="sr-only">{t('rowActions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={ids.current[i]} className="align-middle">
                  <td className="py-1 pr-2 text-slate-500">{i + 1}</td>
                  {columns.map((c) => (
                    <td key={c.key} className="py-1 pr-2">
                      {cell(c, r, i)}
                    </td>
                  ))}
                  <td className="whitespace-nowrap py-1">
                    <Button variant="ghost" size="sm" aria-label={t('rowUp', { n: i + 1 })} disabled={i === 0} onClick={() => move(i, -1)}>
                      ↑
                    </Button>
                    <Button variant="ghost" size="sm" aria-label={t('rowDown', { n: i + 1 })} disabled={i === rows.length - 1} onClick={() => move(i, 1)}>
                      ↓
                    </Button>
                    <Button variant="ghost" size="sm" aria-label={t('rowRemove', { n: i + 1 })} onClick={() => remove(i)}>
                      ✕
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="text-sm text-slate-500">{t('rowsEmpty')}</p>
      )}
      <Button variant="secondary" size="sm" onClick={() => emit([...rows, emptyRow(columns)])}>
        {t('rowsAdd')}
      </Button>
    </div>
  );
}

function LegalBasisEditor(p: WidgetProps) {
  const t = useTranslations('registers.form');
  const items = Array.isArray(p.value) ? (p.value as LegalBasis[]) : [];
  const set = (i: number, patch: Partial<LegalBasis>) => p.onChange(items.map((it, j) => (j === i ? { ...it, ...patch } : it)));
  return (
    <div id={p.id} role="group" aria-labelledby={`${p.id}-label`} className="space-y-2" aria-invalid={p.invalid} aria-describedby={p.describedBy}>
      {items.map((it, i) => (
        <div key={i} className="grid grid-cols-12 gap-2">
          <Input className="col-span-6" aria-label={`${t('basisName')} ${i + 1}`} placeholder={t('basisName')} value={it.name ?? ''} onChange={(e) => set(i, { name: e.target.value })} />
          <Input className="col-span-3" aria-label={`${t('basisNumber')} ${i + 1}`} placeholder={t('basisNumber')} value={it.number ?? ''} onChange={(e) => set(i, { number: e.target.value })} />
          <Input className="col-span-2" aria-label={`${t('basisArticle')} ${i + 1}`} placeholder={t('basisArticle')} value={it.article ?? ''} onChange={(e) => set(i, { article: e.target.value })} />
          <Button variant="ghost" size="sm" className="col-span-1" aria-label={`${t('remove')} ${i + 1}`} onClick={() => p.onChange(items.filter((_, j) => j !== i))}>
            ✕
          </Button>
        </div>
      ))}
      <Button variant="secondary" size="sm" onClick={() => p.onChange([...items, { name: '', number: '', article: '' }])}>
        {t('addBasis')}
      </Button>
    </div>
  );
}

function JsonEditor(p: WidgetProps) {
  const t = useTranslations('registers.form');
  const [text, setText] = useState(() => (p.value === undefined ? '' : JSON.stringify(p.value, null, 2)));
  const [bad, setBad] = useState(false);
  return (
    <div>
      <textarea
        id={p.id}
        rows={10}
        spellCheck={false}
        className={`${textarea} font-mono text-xs`}
        value={text}
        aria-invalid={p.invalid || bad}
        aria-describedby={p.describedBy}
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim() === '') {
            setBad(false);
            p.onChange(undefined);
            return;
          }
          try {
            p.onChange(JSON.parse(e.target.value));
            setBad(false);
          } catch {
            setBad(true);
          }
        }}
      />
      {bad ? <p className="text-sm text-amber-700">{t('jsonInvalid')}</p> : null}
    </div>
  );
}

/** A stored data-item key as the linked catalog item's data item name (the key while unknown). */
export function linkedLabel(linked: LinkedDataItems, key: string, locale: string): string {
  return loc(linked.choices.find((c) => c.key === key)?.label, locale) || key;
}

/** A select of the linked catalog item's data items; a stored key its form lacks stays visible. */
export function LinkedDataItemSelect({ linked, value, onChange, ...rest }: { linked: LinkedDataItems; value: unknown; onChange: (v: string | undefined) => void; id?: string; className?: string; 'aria-label'?: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }) {
  const locale = useLocale();
  const t = useTranslations('registers.form');
  const current = typeof value === 'string' ? value : '';
  const none = linked.itemCode === null ? t('dataItemPickItem') : linked.loading ? t('dataItemLoading') : t('dataItemNone');
  return (
    <Select {...rest} value={current} onChange={(e) => onChange(e.target.value || undefined)}>
      <option value="">{none}</option>
      {linked.choices.map((c) => (
        <option key={c.key} value={c.key}>
          {loc(c.label, locale)}
        </option>
      ))}
      {current && !linked.choices.some((c) => c.key === current) ? <option value={current}>{linked.loading ? t('dataItemLoading') : t('dataItemMissingLinked')}</option> : null}
    </Select>
  );
}
