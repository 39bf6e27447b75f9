'use client';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { useTRPC } from '@/app/_trpc/client';
import { Button } from '@/app/_components/ui/button';
import { PageTitle } from '@/app/_components/ui/card';
import { DataTable } from '@/app/_components/ui/data-table';
import { Field, Input } from '@/app/_components/ui/field';

interface Row {
  seq: number;
  at: Date;
  actorName: string | null;
  department: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  hash: string;
}

const PAGE_SIZE = 50;

function toDate(v: string): Date | undefined {
  return v ? new Date(`${v}T00:00:00+08:00`) : undefined;
}
function nextDay(v: string): Date | undefined {
  const d = toDate(v);
  return d ? new Date(d.getTime() + 86_400_000) : undefined;
}

export function AuditLog() {
  const t = useTranslations('audit');
  const ta = useTranslations('actions');
  const trpc = useTRPC();
  const [page, setPage] = useState(1);
  const [action, setAction] = useState('');
  const [actor, setActor] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const filter = { action: action || undefined, actorName: actor || undefined, from: toDate(from), to: nextDay(to) };
  const list = useQuery(trpc.audit.list.queryOptions({ ...filter, page, pageSize: PAGE_SIZE }, { placeholderData: (p) => p }));
  const verify = useMutation(trpc.audit.verify.mutationOptions());
  const actionLabel = (a: string) => (ta.has(a) ? ta(a) : a);
  const columns = useMemo<ColumnDef<Row, unknown>[]>(
    () => [
      { header: t('seq'), accessorKey: 'seq' },
      { header: t('at'), id: 'at', cell: (c) => new Date(c.row.original.at).toLocaleString() },
      { header: t('actor'), id: 'actor', cell: (c) => c.row.original.actorName ?? '—' },
      { header: t('department'), id: 'dept', cell: (c) => c.row.original.department ?? '—' },
      { header: t('action'), id: 'action', cell: (c) => <span title={c.row.original.action}>{actionLabel(c.row.original.action)}</span> },
      { header: t('object'), id: 'object', cell: (c) => (c.row.original.objectType ? `${c.row.original.objectType}:${(c.row.original.objectId ?? '').slice(0, 8)}` : '—') },
      {
        header: t('detail'),
        id: 'detail',
        cell: (c) => (
          <code className="block max-w-md truncate text-xs text-slate-600" title={JSON.stringify({ before: c.row.original.before, after: c.row.original.after })}>
            {c.row.original.after ? JSON.stringify(c.row.original.after) : c.row.original.reason ?? ''}
          </code>
        ),
      },
      { header: t('hash'), id: 'hash', cell: (c) => <code className="text-xs">{c.row.original.hash.slice(0, 12)}…</code> },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, ta],
  );
  const exportHref = `/api/audit/export?${new URLSearchParams(
    Object.entries({ action, actor, from: filter.from?.toISOString() ?? '', to: filter.to?.toISOString() ?? '' }).filter(([, v]) => v) as [string, string][],
  ).toString()}`;
  return (
    <div>
      <PageTitle
        actions={
          <>
            <Button variant="secondary" onClick={() => verify.mutate()} disabled={verify.isPending}>
              {verify.isPending ? t('verifying') : t('verify')}
            </Button>
            <a href={exportHref} className="inline-flex items-center rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700" download>
              {t('export')}
            </a>
          </>
        }
      >
        {t('title')}
      </PageTitle>
      {verify.data ? (
        <p role="status" data-testid="verify-result" className={verify.data.ok ? 'mb-4 rounded-md bg-green-50 px-3 py-2 text-sm text-green-800' : 'mb-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800'}>
          {verify.data.ok ? t('verifyOk', { rows: verify.data.rows, hash: verify.data.endHash.slice(0, 16) + '…' }) : t('verifyBroken', { seq: verify.data.brokenSeq, reason: verify.data.reason })}
        </p>
      ) : null}
      <div className="mb-4 grid gap-3 sm:grid-cols-4">
        <Field id="f-action" label={t('filterAction')}>
          <Input id="f-action" value={action} placeholder="auth.sign_in" onChange={(e) => { setAction(e.target.value); setPage(1); }} />
        </Field>
        <Field id="f-actor" label={t('filterActor')}>
          <Input id="f-actor" value={actor} onChange={(e) => { setActor(e.target.value); setPage(1); }} />
        </Field>
        <Field id="f-from" label={t('from')}>
          <Input id="f-from" type="date" value={from} onChange={(e) => { setFrom(e.target.value); setPage(1); }} />
        </Field>
        <Field id="f-to" label={t('to')}>
          <Input id="f-to" type="date" value={to} onChange={(e) => { setTo(e.target.value); setPage(1); }} />
        </Field>
      </div>
      <DataTable<Row> caption={t('title')} columns={columns} data={(list.data?.rows as Row[]) ?? []} page={page} pageSize={PAGE_SIZE} hasMore={list.data?.hasMore} onPage={setPage} loading={list.isLoading} />
    </div>
  );
}
