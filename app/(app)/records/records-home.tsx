'use client';
import { useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { useTRPC } from '@/app/_trpc/client';
import { Badge, Card, PageTitle } from '@/app/_components/ui/card';
import { DataTable } from '@/app/_components/ui/data-table';
import { Field, Input, Select } from '@/app/_components/ui/field';
import { useEntryNames } from '@/app/_components/use-entry-names';

interface Row {
  id: string;
  catalogCode: string;
  catalogVersion: number;
  subjectType: string;
  subjectCode: string;
  subjectName: string;
  status: string;
  dueDate: string | null;
  overdue: boolean;
  departmentNameZh: string | null;
  departmentNameEn: string | null;
}

const PAGE_SIZE = 20;

export function RecordsHome({ canFill }: { canFill: boolean }) {
  const t = useTranslations('records');
  const locale = useLocale();
  const trpc = useTRPC();
  const [status, setStatus] = useState('');
  const [q, setQ] = useState('');
  const [overdue, setOverdue] = useState(false);
  const [page, setPage] = useState(1);
  const dashboard = useQuery(trpc.record.dashboard.queryOptions());
  const items = useQuery({ ...trpc.record.fillable.queryOptions(), enabled: canFill });
  const itemName = useEntryNames('info-catalog');
  const list = useQuery(trpc.record.list.queryOptions({ status: status || undefined, q: q || undefined, overdue: overdue || undefined, page, pageSize: PAGE_SIZE }, { placeholderData: (p) => p }));
  const columns = useMemo<ColumnDef<Row, unknown>[]>(
    () => [
      { header: t('subject'), id: 'subject', cell: (c) => <Link className="text-brand-600 underline" href={`/records/${c.row.original.id}`}>{c.row.original.subjectName}</Link> },
      { header: t('subjectCode'), id: 'code', cell: (c) => <span className="font-mono text-xs">{c.row.original.subjectCode}</span> },
      {
        header: t('item'),
        id: 'item',
        cell: (c) => (
          <span>
            {itemName(c.row.original.catalogCode) ?? c.row.original.catalogCode} <span className="text-xs text-slate-500">{c.row.original.catalogCode}</span>
          </span>
        ),
      },
      { header: t('department'), id: 'dept', cell: (c) => (locale === 'en' ? c.row.original.departmentNameEn : c.row.original.departmentNameZh) ?? '—' },
      { header: t('status'), id: 'status', cell: (c) => <Badge tone={c.row.original.status === 'accepted' ? 'green' : c.row.original.status === 'rejected' ? 'red' : c.row.original.status === 'submitted' ? 'amber' : 'slate'}>{t(`statuses.${c.row.original.status}`)}</Badge> },
      { header: t('dueDate'), id: 'due', cell: (c) => (c.row.original.dueDate ? <span>{c.row.original.dueDate} {c.row.original.overdue ? <Badge tone="red">{t('overdue')}</Badge> : null}</span> : '—') },
    ],
    [t, locale, itemName],
  );
  return (
    <div className="space-y-5">
      <PageTitle>{t('title')}</PageTitle>
      <div className="grid gap-4 sm:grid-cols-3" data-testid="record-dashboard">
        <Card>
          <p className="text-sm text-slate-500">{t('dashOverdue')}</p>
          <p className={`text-2xl font-semibold ${dashboard.data?.overdue ? 'text-red-700' : ''}`}>{dashboard.data?.overdue ?? '—'}</p>
        </Card>
        <Card>
          <p className="text-sm text-slate-500">{t('dashWaiting')}</p>
          <p className="text-2xl font-semibold">{dashboard.data?.waiting ?? '—'}</p>
        </Card>
        <Card>
          <p className="text-sm text-slate-500">{t('dashDrafts')}</p>
          <p className="text-2xl font-semibold">{dashboard.data?.drafts ?? '—'}</p>
        </Card>
      </div>
      {canFill ? (
        <Card>
          <div className="mb-2 flex items-center justify-between">
            <h2 className="font-semibold">{t('fillTitle')}</h2>
            <Link href="/records/import" className="text-sm text-brand-600 underline">
              {t('importLink')}
            </Link>
          </div>
          <ul className="flex flex-wrap gap-2">
            {(items.data ?? []).map((i) => (
              <li key={i.code}>
                <Link href={`/records/new?item=${encodeURIComponent(i.code)}`} className="inline-block rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:border-brand-600">
                  {i.content.name} <span className="text-xs text-slate-500">({i.code} v{i.version})</span>
                </Link>
              </li>
            ))}
            {items.data?.length === 0 ? <li className="text-sm text-slate-500">{t('noItems')}</li> : null}
          </ul>
        </Card>
      ) : null}
      <div className="flex flex-wrap items-end gap-3">
        <div className="w-40">
          <Field id="r-status" label={t('status')}>
            <Select id="r-status" value={status} onChange={(e) => { setStatus(e.target.value); setPage(1); }}>
              <option value="">{t('anyStatus')}</option>
              {['draft', 'submitted', 'accepted', 'rejected'].map((s) => (
                <option key={s} value={s}>
                  {t(`statuses.${s}`)}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <div className="w-64">
          <Field id="r-q" label={t('search')}>
            <Input id="r-q" value={q} onChange={(e) => { setQ(e.target.value); setPage(1); }} />
          </Field>
        </div>
        <label className="flex items-center gap-2 pb-2 text-sm">
          <input type="checkbox" checked={overdue} onChange={(e) => { setOverdue(e.target.checked); setPage(1); }} />
          {t('onlyOverdue')}
        </label>
      </div>
      <div className="flex justify-end gap-2">
        {(['csv', 'xlsx'] as const).map((format) => (
          <a
            key={format}
            className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50"
            download
            href={`/api/records/export?${new URLSearchParams({ format, ...(status ? { status } : {}), ...(q ? { q } : {}), ...(overdue ? { overdue: '1' } : {}) }).toString()}`}
          >
            {t(format === 'csv' ? 'exportCsv' : 'exportXlsx')}
          </a>
        ))}
      </div>
      <DataTable<Row> caption={t('title')} columns={columns} data={(list.data?.rows as Row[]) ?? []} page={page} pageSize={PAGE_SIZE} total={list.data?.total} onPage={setPage} loading={list.isLoading} />
    </div>
  );
}
