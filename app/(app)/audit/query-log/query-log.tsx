'use client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import type { inferRouterOutputs } from '@trpc/server';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import type { AppRouter } from '@/server/trpc/router';
import { useTRPC } from '@/app/_trpc/client';
import { Button } from '@/app/_components/ui/button';
import { Badge, PageTitle } from '@/app/_components/ui/card';
import { DataTable } from '@/app/_components/ui/data-table';
import { Field, Input } from '@/app/_components/ui/field';
import { useDebounced } from '../../grading/_components/use-debounced';
import { RevealLookupButton } from './reveal-lookup';

const PAGE_SIZE = 50;

interface Filter {
  from: string;
  to: string;
  userId: string;
  department: string;
  subject: string;
  purpose: string;
}

type Row = inferRouterOutputs<AppRouter>['grading']['queryLog']['rows'][number];

/** The wire filter: empty fields left out, so the list and its CSV export read the same rows. */
function wireOf(f: Filter): Partial<Filter> {
  const out: Partial<Filter> = {};
  for (const k of Object.keys(f) as (keyof Filter)[]) if (f[k].trim()) out[k] = f[k].trim();
  return out;
}

export function QueryLog({ canReveal }: { canReveal: boolean }) {
  const t = useTranslations('gradingUi.queryLog');
  const tch = useTranslations('auditChain');
  const trpc = useTRPC();
  const [filter, setFilter] = useState<Filter>({ from: '', to: '', userId: '', department: '', subject: '', purpose: '' });
  const [userName, setUserName] = useState('');
  const [page, setPage] = useState(1);
  const wire = wireOf(useDebounced(filter, 300));
  const list = useQuery(trpc.grading.queryLog.queryOptions({ ...wire, page, pageSize: PAGE_SIZE }, { placeholderData: keepPreviousData }));
  const set = (k: keyof Filter) => (e: React.ChangeEvent<HTMLInputElement>) => {
    setFilter({ ...filter, [k]: e.target.value });
    setPage(1);
  };
  const columns = useMemo<ColumnDef<Row, unknown>[]>(
    () => [
      { header: t('at'), id: 'at', cell: (c) => new Date(c.row.original.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) },
      {
        header: t('user'),
        id: 'user',
        cell: (c) => {
          const r = c.row.original;
          return r.userId ? (
            <button type="button" className="text-brand-600 underline" title={t('filterByUser')} onClick={() => { setFilter((f) => ({ ...f, userId: r.userId ?? '' })); setUserName(r.userName ?? ''); setPage(1); }}>
              {r.userName}
            </button>
          ) : (
            (r.userName ?? '—')
          );
        },
      },
      { header: t('department'), id: 'dept', cell: (c) => c.row.original.department ?? '—' },
      { header: t('query'), id: 'query', cell: (c) => c.row.original.query ?? '—' },
      { header: t('subject'), id: 'subject', cell: (c) => (c.row.original.subjectCode ? `${c.row.original.subjectName ?? ''} ${c.row.original.subjectCode}` : '—') },
      { header: t('purpose'), id: 'purpose', cell: (c) => c.row.original.purpose },
      { header: t('resultCount'), id: 'count', cell: (c) => c.row.original.resultCount },
      {
        header: '',
        id: 'masked',
        cell: (c) =>
          c.row.original.masked ? (
            <span className="flex items-center gap-1 whitespace-nowrap">
              <Badge tone="amber">{tch('masked')}</Badge>
              {canReveal ? <RevealLookupButton id={c.row.original.id} /> : null}
            </span>
          ) : null,
      },
    ],
    [t, tch, canReveal],
  );
  const csvUrl = `/api/grading/query-log?${new URLSearchParams(wire as Record<string, string>).toString()}`;
  return (
    <div className="space-y-5">
      <PageTitle
        actions={
          <a href={csvUrl} download className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50">
            {t('exportCsv')}
          </a>
        }
      >
        {t('title')}
      </PageTitle>
      <p className="text-sm text-slate-600">
        {t('intro')}{' '}
        <Link href="/audit" className="text-brand-600 underline">
          {t('backToAudit')}
        </Link>
      </p>
      <div className="grid gap-3 sm:grid-cols-3 lg:grid-cols-5">
        <Field id="ql-from" label={t('from')}>
          <Input id="ql-from" type="date" value={filter.from} onChange={set('from')} />
        </Field>
        <Field id="ql-to" label={t('to')}>
          <Input id="ql-to" type="date" value={filter.to} onChange={set('to')} />
        </Field>
        <Field id="ql-department" label={t('department')}>
          <Input id="ql-department" value={filter.department} placeholder={t('departmentPlaceholder')} onChange={set('department')} />
        </Field>
        <Field id="ql-subject" label={t('subject')}>
          <Input id="ql-subject" value={filter.subject} placeholder={t('subjectPlaceholder')} onChange={set('subject')} />
        </Field>
        <Field id="ql-purpose" label={t('purpose')}>
          <Input id="ql-purpose" value={filter.purpose} onChange={set('purpose')} />
        </Field>
      </div>
      {filter.userId ? (
        <p className="flex items-center gap-2 text-sm" data-testid="user-filter">
          {t('userFilter', { name: userName })}
          <Button size="sm" variant="ghost" onClick={() => { setFilter({ ...filter, userId: '' }); setPage(1); }}>
            {t('clearUser')}
          </Button>
        </p>
      ) : null}
      <DataTable columns={columns} data={list.data?.rows ?? []} page={page} pageSize={PAGE_SIZE} total={list.data?.total} onPage={setPage} loading={list.isFetching} caption={t('title')} />
    </div>
  );
}
