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
type State = 'in_decision' | 'approved' | 'rejected';
interface Row {
  id: string;
  applicationNo: string;
  subjectName: string;
  subjectCode: string;
  state: string;
  filedOn: string;
  decideDue: string;
  overdue: boolean;
  department: { 'zh-CN': string; en: string };
}

export function RepairsView() {
  const t = useTranslations('repair');
  const locale = useLocale() as 'zh-CN' | 'en';
  const trpc = useTRPC();
  const [state, setState] = useState<State | ''>('');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const list = useQuery(trpc.repair.list.queryOptions({ state: state || undefined, q: q.trim() || undefined, page, pageSize: PAGE_SIZE }, { placeholderData: (p) => p }));
  const columns = useMemo<ColumnDef<Row, unknown>[]>(
    () => [
      { header: t('applicationNo'), id: 'no', cell: (c) => <Link className="text-brand-600 underline" href={`/repairs/${c.row.original.id}`}>{c.row.original.applicationNo}</Link> },
      { header: t('subject'), id: 'subject', cell: (c) => <span>{c.row.original.subjectName} <span className="block font-mono text-xs text-slate-500">{c.row.original.subjectCode}</span></span> },
      { header: t('department'), id: 'dept', cell: (c) => c.row.original.department[locale] },
      { header: t('filedOn'), id: 'filed', cell: (c) => c.row.original.filedOn },
      { header: t('decideDue'), id: 'due', cell: (c) => <span>{c.row.original.decideDue} {c.row.original.overdue ? <Badge tone="red">!</Badge> : null}</span> },
      { header: t('state'), id: 'state', cell: (c) => <Badge tone={c.row.original.state === 'approved' ? 'green' : c.row.original.state === 'rejected' ? 'slate' : 'amber'}>{t(`states.${c.row.original.state}` as 'states.approved')}</Badge> },
    ],
    [t, locale],
  );
  return (
    <div className="space-y-4">
      <PageTitle>{t('title')}</PageTitle>
      <p className="text-sm text-slate-600">{t('intro')}</p>
      <p className="text-xs text-slate-500">{t('deadlineNote')}</p>
      <Card className="grid gap-3 md:grid-cols-2">
        <Field id="repair-state" label={t('state')}>
          <Select id="repair-state" value={state} onChange={(e) => (setState(e.target.value as State), setPage(1))}>
            <option value="">{t('filter.all')}</option>
            <option value="in_decision">{t('filter.in_decision')}</option>
            <option value="approved">{t('filter.approved')}</option>
            <option value="rejected">{t('filter.rejected')}</option>
          </Select>
        </Field>
        <Field id="repair-q" label={t('search')}>
          <Input id="repair-q" value={q} onChange={(e) => (setQ(e.target.value), setPage(1))} />
        </Field>
      </Card>
      <DataTable caption={t('title')} columns={columns} data={(list.data?.rows ?? []) as Row[]} page={page} pageSize={PAGE_SIZE} total={list.data?.total} onPage={setPage} loading={list.isFetching} />
    </div>
  );
}
