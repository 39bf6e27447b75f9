'use client';
import { useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { useTRPC } from '@/app/_trpc/client';
import { Badge, Card, PageTitle } from '@/app/_components/ui/card';
import { DataTable } from '@/app/_components/ui/data-table';
import { ListFilter } from '../_components/list-filter';
import { Field, Input, Select } from '@/app/_components/ui/field';

const PAGE_SIZE = 20;

interface Row {
  id: string;
  listName: string;
  subjectName: string;
  subjectCode: string;
  decisionNumber: string | null;
  listedOn: string;
  validTo: string | null;
  status: string;
  caseId: string | null;
  department: { 'zh-CN': string; en: string } | null;
}

export function MembersView() {
  const t = useTranslations('listsUi.members');
  const ts = useTranslations('listsUi.memberStatuses');
  const locale = useLocale() as 'zh-CN' | 'en';
  const trpc = useTRPC();
  const [listCode, setListCode] = useState('');
  const [status, setStatus] = useState<'active' | 'ended' | ''>('active');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const members = useQuery(trpc.creditList.members.queryOptions({ listCode: listCode || undefined, status: status || undefined, q: q.trim() || undefined, page, pageSize: PAGE_SIZE }, { placeholderData: (p) => p }));
  const columns = useMemo<ColumnDef<Row, unknown>[]>(
    () => [
      { header: t('subject'), id: 'subject', cell: (c) => <span>{c.row.original.subjectName} <span className="block font-mono text-xs text-slate-500">{c.row.original.subjectCode}</span></span> },
      { header: t('list'), id: 'list', cell: (c) => c.row.original.listName },
      { header: t('decisionNumber'), id: 'number', cell: (c) => (c.row.original.caseId ? <Link className="text-brand-600 underline" href={`/lists/cases/${c.row.original.caseId}`}>{c.row.original.decisionNumber ?? '—'}</Link> : (c.row.original.decisionNumber ?? '—')) },
      { header: t('department'), id: 'dept', cell: (c) => c.row.original.department?.[locale] ?? '—' },
      { header: t('period'), id: 'period', cell: (c) => `${c.row.original.listedOn} → ${c.row.original.validTo ?? t('open')}` },
      { header: t('status'), id: 'status', cell: (c) => <Badge tone={c.row.original.status === 'active' ? 'red' : 'green'}>{ts(c.row.original.status as 'active')}</Badge> },
    ],
    [t, ts, locale],
  );
  return (
    <div className="space-y-4">
      <PageTitle>{t('title')}</PageTitle>
      <p className="text-sm text-slate-600">{t('intro')}</p>
      <Card className="grid gap-3 md:grid-cols-3">
        <ListFilter id="member-list" label={t('list')} allLabel={t('allLists')} value={listCode} onChange={(v) => (setListCode(v), setPage(1))} />
        <Field id="member-status" label={t('status')}>
          <Select id="member-status" value={status} onChange={(e) => (setStatus(e.target.value as 'active'), setPage(1))}>
            <option value="active">{t('onlyActive')}</option>
            <option value="ended">{t('onlyEnded')}</option>
            <option value="">{t('all')}</option>
          </Select>
        </Field>
        <Field id="member-q" label={t('search')}>
          <Input id="member-q" value={q} placeholder={t('searchPlaceholder')} onChange={(e) => (setQ(e.target.value), setPage(1))} />
        </Field>
      </Card>
      <DataTable caption={t('title')} columns={columns} data={(members.data?.rows ?? []) as Row[]} page={page} pageSize={PAGE_SIZE} total={members.data?.total} onPage={setPage} loading={members.isFetching} />
    </div>
  );
}
