'use client';
import { useLocale, useTranslations } from 'next-intl';
import type { FieldUi, KindDefinition, LegalBasis, RowColumn } from '@/catalog/types';
import { linkedLabel, loc, type Dept, type RefOption } from './widgets';
import { useLinkedDataItems } from './linked-data-items';
import { FlowGraphField } from '../../flows/_components/flow-graph-field';
import Link from 'next/link';
import { JsonView } from './json-view';
import { dataItemChoices } from '@/catalog/data-items';

/** How a list of names is joined: 、 in Chinese, a comma in English. */
export const listSep = (locale: string) => (locale === 'en' ? ', ' : '、');

export function formatBasis(b: LegalBasis): string {
  // A name typed with its own book-title marks must not show as 《《…》》.
  return `《${b.name.trim().replace(/^《+|》+$/g, '')}》${b.number ? `（${b.number}）` : ''}${b.article ?? ''}`;
}

/** Another entry named by its title, its code beside it in grey; the code alone while the title is unknown. */
function EntryName({ code, options }: { code: string; options: RefOption[] | undefined }) {
  const title = options?.find((o) => o.code === code)?.title;
  return title ? (
    <span>
      {title} <span className="text-xs text-slate-500">{code}</span>
    </span>
  ) : (
    <span>{code}</span>
  );
}

/** A data item of the catalog item another field names, by its name. */
function LinkedDataItemName({ ui, content, value }: { ui: FieldUi; content: Record<string, unknown>; value: string }) {
  const locale = useLocale();
  return <>{linkedLabel(useLinkedDataItems(ui, content), value, locale)}</>;
}

/**
 * Read-only rendering of an entry's content with the kind's labels. With `refOptions` (the entries
 * in force of the kinds it references, as the form loads them) other entries read by their titles.
 */
export function ContentView({ kind, content, departments, source, refOptions }: { kind: Pick<KindDefinition, 'ui' | 'schema'>; content: Record<string, unknown>; departments: Dept[]; source?: { kind: string; code: string; version: number }; refOptions?: Record<string, RefOption[]> }) {
  const locale = useLocale();
  const t = useTranslations('registers.form');
  const deptName = (code: string) => {
    const d = departments.find((x) => x.code === code);
    return d ? (locale === 'en' ? d.nameEn : d.nameZh) : code;
  };
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-3 md:grid-cols-[12rem_minmax(0,1fr)]">
      {kind.ui.order.map((name) => {
        const ui = kind.ui.fields[name];
        const v = content[name];
        if (!ui) return null;
        let shown: React.ReactNode = <span className="text-slate-500">—</span>;
        if (v !== undefined && v !== null && v !== '') {
          switch (ui.widget) {
            case 'select':
              shown = loc(ui.options?.[String(v)], locale) || String(v);
              break;
            case 'checkboxes':
              shown = (v as string[]).map((x) => loc(ui.options?.[x], locale) || x).join(listSep(locale));
              break;
            case 'tags':
            case 'grades':
              shown = Array.isArray(v) ? v.map(String).join(listSep(locale)) : String(v);
              break;
            case 'departments':
              shown = (v as string[]).map(deptName).join(listSep(locale));
              break;
            case 'boolean':
              shown = v ? t('yes') : t('no');
              break;
            case 'legal-basis':
              shown = (
                <ul className="list-disc pl-5">
                  {(v as LegalBasis[]).map((b, i) => (
                    <li key={i}>{formatBasis(b)}</li>
                  ))}
                </ul>
              );
              break;
            case 'reference': {
              const r = v as { code: string; version?: number };
              shown = (
                <>
                  <EntryName code={r.code} options={ui.refKind ? refOptions?.[ui.refKind] : undefined} />
                  {r.version ? ` v${r.version}` : ''}
                </>
              );
              break;
            }
            case 'entry-code':
              shown = <EntryName code={String(v)} options={ui.refKind ? refOptions?.[ui.refKind] : undefined} />;
              break;
            case 'references':
              shown = (
                <ul className="space-y-0.5">
                  {(v as { code: string }[]).map((r) => (
                    <li key={r.code}>
                      <EntryName code={r.code} options={ui.refKind ? refOptions?.[ui.refKind] : undefined} />
                    </li>
                  ))}
                </ul>
              );
              break;
            case 'form-definition': {
              const props = ((v as { schema?: { properties?: Record<string, { title?: string; type?: string }>; required?: string[] } }).schema?.properties ?? {}) as Record<string, { title?: string; type?: string }>;
              const req = new Set((v as { schema?: { required?: string[] } }).schema?.required ?? []);
              shown = (
                <details>
                  <summary className="cursor-pointer text-brand-600">{t('dataItemsCount', { count: Object.keys(props).length })}</summary>
                  <ul className="mt-2 grid grid-cols-1 gap-1 text-sm md:grid-cols-2">
                    {Object.entries(props).map(([k, p]) => (
                      <li key={k}>
                        {p.title ?? k} <span className="text-xs text-slate-500">({k}{req.has(k) ? ` · ${t('required')}` : ''})</span>
                      </li>
                    ))}
                  </ul>
                </details>
              );
              break;
            }
            case 'flow-graph':
              shown = <FlowGraphField value={v} />;
              break;
            case 'docx-template': {
              const file = v as { fileName: string };
              shown = source ? (
                <a className="text-brand-600 underline" href={`/api/registers/${encodeURIComponent(source.kind)}/${encodeURIComponent(source.code)}/template?version=${source.version}&field=${encodeURIComponent(name)}`} download>
                  {file.fileName}
                </a>
              ) : (
                file.fileName
              );
              break;
            }
            case 'data-item':
              shown = ui.dataItemsOf ? <LinkedDataItemName ui={ui} content={content} value={String(v)} /> : loc(dataItemChoices(content.dataItems).find((c) => c.key === v)?.label, locale) || String(v);
              break;
            case 'rows':
              shown = Array.isArray(v) && ui.columns?.length ? <RowsView label={loc(ui.label, locale)} ui={ui} content={content} columns={ui.columns} rows={v as Record<string, unknown>[]} /> : <JsonView value={v} />;
              break;
            case 'json':
              shown = <ReadableJson name={name} value={v} content={content} code={source?.code ?? null} />;
              break;
            default:
              shown = typeof v === 'object' ? JSON.stringify(v) : <span className="whitespace-pre-wrap">{String(v)}</span>;
          }
        }
        return (
          <div key={name} className="contents">
            <dt className="text-sm font-medium text-slate-500">{loc(ui.label, locale)}</dt>
            <dd className="min-w-0 break-words text-sm text-slate-900">{shown}</dd>
          </div>
        );
      })}
    </dl>
  );
}

/**
 * A rows field read back: a table while it has a few columns; with more, one card per row (the first
 * column as its heading, the rest as label–value pairs), which stays readable beside the labels
 * column without scrolling sideways. An empty cell shows —.
 */
function RowsView({ label, ui, content, columns, rows }: { label: string; ui: FieldUi; content: Record<string, unknown>; columns: RowColumn[]; rows: Record<string, unknown>[] }) {
  const locale = useLocale();
  const t = useTranslations('registers.form');
  const linked = useLinkedDataItems(ui, content);
  const cell = (c: RowColumn, v: unknown) => {
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) return '—';
    if (c.widget === 'data-item' && typeof v === 'string') return linkedLabel(linked, v, locale);
    if (c.widget === 'boolean' || typeof v === 'boolean') return v === true ? t('yes') : v === false ? t('no') : String(v);
    if (Array.isArray(v)) return v.map(String).join(listSep(locale));
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  };
  if (columns.length > 4) {
    const [head, ...rest] = columns;
    return (
      <ul className="space-y-2" aria-label={label}>
        {rows.map((r, i) => (
          <li key={i} className="rounded border border-slate-200 px-3 py-2">
            <p className="font-medium">
              <span className="text-slate-500">{loc(head!.label, locale)}：</span>
              {cell(head!, r?.[head!.key])}
            </p>
            <dl className="mt-1 grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-0.5">
              {rest.map((c) => (
                <div key={c.key} className="contents">
                  <dt className="text-slate-500">{loc(c.label, locale)}</dt>
                  <dd className="min-w-0 break-words">{cell(c, r?.[c.key])}</dd>
                </div>
              ))}
            </dl>
          </li>
        ))}
      </ul>
    );
  }
  // A narrow window may still scroll the table: the region is then reachable by keyboard.
  return (
    <div className="max-w-full overflow-x-auto rounded focus-visible:outline focus-visible:outline-2 focus-visible:outline-brand-600" role="region" aria-label={label} tabIndex={0}>
      <table className="text-sm">
        <thead>
          <tr className="text-left text-xs text-slate-500">
            {columns.map((c) => (
              <th key={c.key} scope="col" className="whitespace-nowrap py-1 pr-4 font-medium">
                {loc(c.label, locale)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} className="border-t border-slate-100">
              {columns.map((c) => (
                <td key={c.key} className={`py-1 pr-4 ${c.widget === 'tags' || c.widget === undefined || c.widget === 'text' ? 'min-w-[6rem]' : 'whitespace-nowrap'}`}>
                  {cell(c, r?.[c.key])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type SchemaLike = { properties?: Record<string, unknown>; required?: string[] };
type UiLike = { order?: string[]; titleField?: string; listFields?: string[]; fields?: Record<string, { label?: { 'zh-CN'?: string; en?: string }; widget?: string }> };

/**
 * Structured content read as people read it: a register kind's fields as a table (name, how it is
 * filled, required), a grading model as a one-line summary with a link to its designer; the raw
 * definition stays one click away for IT staff, in a box that scrolls instead of widening the page.
 */
function ReadableJson({ name, value, content, code }: { name: string; value: unknown; content: Record<string, unknown>; code: string | null }) {
  const locale = useLocale() as 'zh-CN' | 'en';
  const t = useTranslations('registers.readable');
  const technical = (
    <details className="mt-2">
      <summary className="cursor-pointer text-xs text-slate-500">{t('technical')}</summary>
      <pre tabIndex={0} className="mt-1 max-h-80 max-w-full overflow-auto rounded bg-slate-50 p-2 text-xs">{JSON.stringify(value, null, 2)}</pre>
    </details>
  );
  const ui = content.ui as UiLike | undefined;
  const labelOf = (key: string) => ui?.fields?.[key]?.label?.[locale] || ui?.fields?.[key]?.label?.['zh-CN'] || key;
  if (name === 'schema' && ui?.fields && value && typeof value === 'object') {
    const schema = value as SchemaLike;
    const keys = ui.order?.length ? ui.order : Object.keys(schema.properties ?? {});
    const required = new Set(schema.required ?? []);
    return (
      <div className="max-w-full overflow-x-auto">
        <p className="mb-1 text-slate-600">{t('fieldsCount', { count: keys.length })}</p>
        <table className="text-sm" data-testid="kind-fields">
          <thead>
            <tr className="text-left text-xs text-slate-500">
              <th className="py-1 pr-4 font-medium">{t('fieldName')}</th>
              <th className="py-1 pr-4 font-medium">{t('fieldType')}</th>
              <th className="py-1 font-medium">{t('fieldRequired')}</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => {
              const w = ui.fields?.[k]?.widget ?? 'text';
              return (
                <tr key={k} className="border-t border-slate-100">
                  <td className="py-1 pr-4">
                    {labelOf(k)} <span className="text-xs text-slate-500">{k}</span>
                  </td>
                  <td className="py-1 pr-4">{t.has(`widget.${w}`) ? t(`widget.${w}` as 'widget.text') : w}</td>
                  <td className="py-1">{required.has(k) ? '✓' : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {technical}
      </div>
    );
  }
  if (name === 'ui' && value && typeof value === 'object') {
    const u = value as UiLike;
    return (
      <div className="max-w-full">
        {u.titleField ? <p>{t('titleField', { field: labelOf(u.titleField) })}</p> : null}
        {u.listFields?.length ? <p>{t('listFields', { fields: u.listFields.map(labelOf).join(listSep(locale)) })}</p> : null}
        {technical}
      </div>
    );
  }
  if (name === 'definition' && value && typeof value === 'object' && 'indicators' in (value as object)) {
    const d = value as { indicators?: unknown[]; bands?: unknown[]; mappings?: unknown[] };
    const count = (xs: unknown[] | undefined): number => (xs ?? []).reduce<number>((n, x) => n + 1 + count((x as { children?: unknown[] }).children), 0);
    return (
      <div className="max-w-full">
        <p>{t('modelSummary', { indicators: count(d.indicators), bands: d.bands?.length ?? 0, mappings: d.mappings?.length ?? 0 })}</p>
        {code ? (
          <Link className="text-brand-600 underline" href={`/grading/${encodeURIComponent(code)}`}>
            {t('openDesigner')}
          </Link>
        ) : null}
        {technical}
      </div>
    );
  }
  return (
    <div className="max-w-full overflow-x-auto">
      <JsonView value={value} />
    </div>
  );
}
