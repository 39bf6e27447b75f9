'use client';
import { useLocale, useTranslations } from 'next-intl';
import type { KindDefinition, LegalBasis } from '@/catalog/types';
import { loc, type Dept } from './widgets';
import { FlowGraphField } from '../../flows/_components/flow-graph-field';
import { JsonView } from './json-view';

export function formatBasis(b: LegalBasis): string {
  // A name typed with its own book-title marks must not show as 《《…》》.
  return `《${b.name.trim().replace(/^《+|》+$/g, '')}》${b.number ? `（${b.number}）` : ''}${b.article ?? ''}`;
}

/** Read-only rendering of an entry's content with the kind's labels. */
export function ContentView({ kind, content, departments, source }: { kind: Pick<KindDefinition, 'ui' | 'schema'>; content: Record<string, unknown>; departments: Dept[]; source?: { kind: string; code: string; version: number } }) {
  const locale = useLocale();
  const t = useTranslations('registers.form');
  const deptName = (code: string) => {
    const d = departments.find((x) => x.code === code);
    return d ? (locale === 'en' ? d.nameEn : d.nameZh) : code;
  };
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-3 md:grid-cols-[12rem_1fr]">
      {kind.ui.order.map((name) => {
        const ui = kind.ui.fields[name];
        const v = content[name];
        if (!ui) return null;
        let shown: React.ReactNode = <span className="text-slate-400">—</span>;
        if (v !== undefined && v !== null && v !== '') {
          switch (ui.widget) {
            case 'select':
              shown = loc(ui.options?.[String(v)], locale) || String(v);
              break;
            case 'checkboxes':
              shown = (v as string[]).map((x) => loc(ui.options?.[x], locale) || x).join('、');
              break;
            case 'departments':
              shown = (v as string[]).map(deptName).join('、');
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
            case 'reference':
              shown = `${(v as { code: string }).code}${(v as { version?: number }).version ? ` v${(v as { version?: number }).version}` : ''}`;
              break;
            case 'references':
              shown = (v as { code: string }[]).map((r) => r.code).join('、');
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
            case 'json':
              shown = <JsonView value={v} />;
              break;
            default:
              shown = typeof v === 'object' ? JSON.stringify(v) : <span className="whitespace-pre-wrap">{String(v)}</span>;
          }
        }
        return (
          <div key={name} className="contents">
            <dt className="text-sm font-medium text-slate-500">{loc(ui.label, locale)}</dt>
            <dd className="text-sm text-slate-900">{shown}</dd>
          </div>
        );
      })}
    </dl>
  );
}
