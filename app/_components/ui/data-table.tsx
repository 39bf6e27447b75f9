'use client';
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import { useTranslations } from 'next-intl';
import { Button } from './button';

/**
 * Server-paged table on TanStack Table: the server filters and pages, the table renders
 * and drives the pager.
 */
export function DataTable<T>({
  columns,
  data,
  page,
  pageSize,
  total,
  hasMore,
  onPage,
  loading,
  caption,
}: {
  columns: ColumnDef<T, unknown>[];
  data: T[];
  page: number;
  pageSize: number;
  total?: number;
  hasMore?: boolean;
  onPage: (page: number) => void;
  loading?: boolean;
  caption: string;
}) {
  const t = useTranslations('common');
  const table = useReactTable({ data, columns, getCoreRowModel: getCoreRowModel(), manualPagination: true });
  const pages = total !== undefined ? Math.max(1, Math.ceil(total / pageSize)) : undefined;
  const canNext = pages !== undefined ? page < pages : Boolean(hasMore);
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50">
          {table.getHeaderGroups().map((hg) => (
            <tr key={hg.id}>
              {hg.headers.map((h) => (
                <th key={h.id} scope="col" className="px-3 py-2 text-left font-medium text-slate-600">
                  {h.isPlaceholder ? null : flexRender(h.column.columnDef.header, h.getContext())}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y divide-slate-100" aria-busy={loading}>
          {table.getRowModel().rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="px-3 py-6 text-center text-slate-500">
                {loading ? t('loading') : t('noData')}
              </td>
            </tr>
          ) : (
            table.getRowModel().rows.map((row) => (
              <tr key={row.id} className="hover:bg-slate-50">
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className="px-3 py-2 align-top text-slate-800">
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
      <nav className="flex items-center justify-between border-t border-slate-200 px-3 py-2 text-sm text-slate-600" aria-label="pagination">
        <span>{pages !== undefined ? t('pageOf', { page, pages, total: total ?? 0 }) : t('page', { page })}</span>
        <span className="flex gap-2">
          <Button variant="secondary" size="sm" disabled={page <= 1} onClick={() => onPage(page - 1)}>
            {t('previous')}
          </Button>
          <Button variant="secondary" size="sm" disabled={!canNext} onClick={() => onPage(page + 1)}>
            {t('next')}
          </Button>
        </span>
      </nav>
    </div>
  );
}
