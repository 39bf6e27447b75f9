'use client';
import { useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { useTRPC } from '@/app/_trpc/client';
import { Card, PageTitle } from '@/app/_components/ui/card';
import { DataTable } from '@/app/_components/ui/data-table';
import { ListFilter } from './_components/list-filter';
import { Field, Input, Select } from '@/app/_components/ui/field';
import { CaseState } from './_components/case-state';

const PAGE_SIZE = 20;
const STATES = ['open', 'proposed', 'notified', 'objection_open', 'objection_answered', 'in_decision', 'listed', 'rejected', 'closed', 'removed', 'expired'] as const;

interface Row {
  id: string;
  caseNo: string;
  listName: string;
  subjectName: string;
  subjectCode: string;
  state: string;
  objectionDue: string | null;
  proposedAt: Date | string;
  departmentZh: string;
  departmentEn: string;
}

export function CasesHome({ canPropose }: { canPropose: boolean }) {
  const t = useTranslations('listsUi');
  const locale = useLocale();
  const trpc = useTRPC();
  const [state, setState] = useState('');
  const [listCode, setListCode] = useState('');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const cases = useQuery(trpc.creditList.cases.queryOptions({ state: state || undefined, listCode: listCode || undefined, q: q.trim() || undefined, page, pageSize: PAGE_SIZE }, { placeholderData: (p) => p }));
  const columns = useMemo<ColumnDef<Row, unknown>[]>(
    () => [
      { header: t('cases.caseNo'), id: 'no', cell: (c) => <Link className="text-brand-600 underline" href={`/lists/cases/${c.row.original.id}`}>{c.row.original.caseNo}</Link> },
      { header: t('cases.subject'), id: 'subject', cell: (c) => <span>{c.row.original.subjectName} <span className="block font-mono text-xs text-slate-500">{c.row.original.subjectCode}</span></span> },
      { header: t('cases.list'), id: 'list', cell: (c) => c.row.original.listName },
      { header: t('cases.department'), id: 'dept', cell: (c) => (locale === 'en' ? c.row.original.departmentEn : c.row.original.departmentZh) },
      { header: t('cases.state'), id: 'state', cell: (c) => <CaseState state={c.row.original.state} /> },
      { header: t('cases.objectionDue'), id: 'due', cell: (c) => c.row.original.objectionDue ?? '—' },
      { header: t('cases.proposedAt'), id: 'at', cell: (c) => new Date(c.row.original.proposedAt).toLocaleDateString(locale) },
    ],
    [t, locale],
  );
  return (
    <div className="space-y-4">
      <PageTitle
        actions={
          canPropose ? (
            <Link href="/lists/new" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
              {t('cases.propose')}
            </Link>
          ) : null
        }
      >
        {t('cases.title')}
      </PageTitle>
      <p className="text-sm text-slate-600">{t('cases.intro')}</p>
      <Card className="grid gap-3 md:grid-cols-3">
        <Field id="case-filter-state" label={t('cases.state')}>
          <Select id="case-filter-state" value={state} onChange={(e) => (setState(e.target.value), setPage(1))}>
            <option value="">{t('cases.allStates')}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {s === 'open' ? t('cases.openStates') : t(`states.${s}`)}
              </option>
            ))}
          </Select>
        </Field>
        <ListFilter id="case-filter-list" label={t('cases.list')} allLabel={t('cases.allLists')} value={listCode} onChange={(v) => (setListCode(v), setPage(1))} />
        <Field id="case-filter-q" label={t('cases.search')}>
          <Input id="case-filter-q" value={q} placeholder={t('cases.searchPlaceholder')} onChange={(e) => (setQ(e.target.value), setPage(1))} />
        </Field>
      </Card>
      <DataTable caption={t('cases.title')} columns={columns} data={(cases.data?.rows ?? []) as Row[]} page={page} pageSize={PAGE_SIZE} total={cases.data?.total} onPage={setPage} loading={cases.isFetching} />
    </div>
  );
}
