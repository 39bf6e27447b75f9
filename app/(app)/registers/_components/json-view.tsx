'use client';
import { useLocale } from 'next-intl';
import { isLocalized } from '@/forms/definition';

/**
 * Free-form JSON content (widget `json`) read as people read it: an object becomes a two-column
 * table, a bilingual label shows the viewer's language, a list of plain values one line. Deep or
 * odd shapes still fall back to indented JSON, so nothing is ever hidden.
 */
export function JsonView({ value, depth = 0 }: { value: unknown; depth?: number }) {
  const locale = useLocale() as 'zh-CN' | 'en';
  if (value === null || value === undefined || value === '') return <span className="text-slate-500">—</span>;
  if (isLocalized(value)) return <span>{value[locale] || value['zh-CN']}</span>;
  if (typeof value !== 'object') return <span className="whitespace-pre-wrap">{String(value)}</span>;
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) return <span>{value.map(String).join(locale === 'en' ? ', ' : '、')}</span>;
    if (depth < 2)
      return (
        <ol className="list-decimal space-y-1 pl-5">
          {value.map((v, i) => (
            <li key={i}>
              <JsonView value={v} depth={depth + 1} />
            </li>
          ))}
        </ol>
      );
  } else if (depth < 2) {
    return (
      <table className="text-sm">
        <tbody>
          {Object.entries(value).map(([k, v]) => (
            <tr key={k} className="border-b border-slate-100 align-top last:border-0">
              <th scope="row" className="py-1 pr-4 text-left font-normal text-slate-500">
                {k}
              </th>
              <td className="py-1">
                <JsonView value={v} depth={depth + 1} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
  return <pre tabIndex={0} className="max-h-64 max-w-full overflow-auto rounded bg-slate-50 p-2 text-xs">{JSON.stringify(value, null, 2)}</pre>;
}
