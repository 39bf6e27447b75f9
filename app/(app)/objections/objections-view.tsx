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

const PAGE_SIZE = 20;

interface Row {
  id: string;
  trackingNo: string;
  targetType: string;
  subjectName: string;
  subjectCode: string;
  channel: string;
  state: string;
  outcome: string | null;
  filedOn: string;
  answerDue: string;
  overdue: boolean;
  department: { 'zh-CN': string; en: string };
}

/** Objections in the viewer's scope: filter by state, search, page. */
export function ObjectionsView() {
  const t = useTranslations('objections');
  const locale = useLocale() as 'zh-CN' | 'en';
  const trpc = useTRPC();
  const [state, setState] = useState<'open' | 'closed' | ''>('open');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const list = useQuery(trpc.objection.list.queryOptions({ state: state || undefined, q: q.trim() || undefined, page, pageSize: PAGE_SIZE }, { placeholderData: (p) => p }));
  const columns = useMemo<ColumnDef<Row, unknown>[]>(
    () => [
      { header: t('trackingNo'), id: 'no', cell: (c) => <Link className="text-brand-600 underline" href={`/objections/${c.row.original.id}`}>{c.row.original.trackingNo}</Link> },
      { header: t('subject'), id: 'subject', cell: (c) => <span>{c.row.original.subjectName} <span className="block font-mono text-xs text-slate-500">{c.row.original.subjectCode}</span></span> },
      { header: t('target'), id: 'target', cell: (c) => (c.row.original.targetType === 'record' ? t('targetRecord') : t('targetMembership')) },
      { header: t('department'), id: 'dept', cell: (c) => c.row.original.department[locale] },
      { header: t('answerDue'), id: 'due', cell: (c) => <span>{c.row.original.answerDue} {c.row.original.overdue ? <Badge tone="red">{t('overdue')}</Badge> : null}</span> },
      { header: t('state'), id: 'state', cell: (c) => <Badge tone={c.row.original.state === 'closed' ? 'green' : 'amber'}>{c.row.original.outcome && c.row.original.state === 'closed' ? t(`outcomes.${c.row.original.outcome}` as 'outcomes.upheld') : t(`states.${c.row.original.state}` as 'states.open')}</Badge> },
    ],
    [t, locale],
  );
  return (
    <div className="space-y-4">
      <PageTitle>{t('title')}</PageTitle>
      <p className="text-sm text-slate-600">{t('intro')}</p>
      <Card className="grid gap-3 md:grid-cols-2">
        <Field id="objection-state" label={t('state')}>
          <Select id="objection-state" value={state} onChange={(e) => (setState(e.target.value as 'open'), setPage(1))}>
            <option value="open">{t('filter.open')}</option>
            <option value="closed">{t('filter.closed')}</option>
            <option value="">{t('filter.all')}</option>
          </Select>
        </Field>
        <Field id="objection-q" label={t('search')}>
          <Input id="objection-q" value={q} onChange={(e) => (setQ(e.target.value), setPage(1))} />
        </Field>
      </Card>
      <DataTable caption={t('title')} columns={columns} data={(list.data?.rows ?? []) as Row[]} page={page} pageSize={PAGE_SIZE} total={list.data?.total} onPage={setPage} loading={list.isFetching} />
    </div>
  );
}
