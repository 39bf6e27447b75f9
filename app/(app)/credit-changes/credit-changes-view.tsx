'use client';
import { useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { useTRPC } from '@/app/_trpc/client';
import { useEntryNames } from '@/app/_components/use-entry-names';
import { Badge, Card, PageTitle } from '@/app/_components/ui/card';
import { DataTable } from '@/app/_components/ui/data-table';

const PAGE_SIZE = 50;
type Kind = 'repair' | 'revocation' | 'correction' | 'publication-end' | 'membership-end';
interface Row {
  seq: number;
  kind: string;
  effectiveOn: string;
  subjectName: string;
  subjectCode: string;
  catalogCode: string | null;
  listCode: string | null;
  detail: Record<string, unknown>;
}

/** The credit-change feed, in order, paged by cursor; signed exports. */
export function CreditChangesView() {
  const t = useTranslations('disclosure');
  const trpc = useTRPC();
  // What changed is named (行政处罚信息, 严重失信主体名单), not coded.
  const itemName = useEntryNames('info-catalog');
  const listName = useEntryNames('credit-list');
  const [cursors, setCursors] = useState<number[]>([0]);
  const page = cursors.length;
  const q = useQuery(trpc.disclosure.feed.queryOptions({ cursor: cursors[cursors.length - 1]!, limit: PAGE_SIZE }, { placeholderData: (p) => p }));
  const columns = useMemo<ColumnDef<Row, unknown>[]>(
    () => [
      { header: '#', id: 'seq', cell: (c) => c.row.original.seq },
      { header: t('kind'), id: 'kind', cell: (c) => <Badge tone={c.row.original.kind === 'repair' ? 'green' : c.row.original.kind === 'revocation' ? 'red' : 'blue'}>{t(`feedKinds.${c.row.original.kind as Kind}`)}</Badge> },
      { header: t('effectiveOn'), id: 'on', cell: (c) => c.row.original.effectiveOn },
      { header: t('subject'), id: 'subject', cell: (c) => <span>{c.row.original.subjectName} <span className="block font-mono text-xs text-slate-500">{c.row.original.subjectCode}</span></span> },
      {
        header: t('detail'),
        id: 'detail',
        cell: (c) => {
          const r = c.row.original;
          const what = r.catalogCode ? (itemName(r.catalogCode) ?? r.catalogCode) : r.listCode ? (listName(r.listCode) ?? r.listCode) : null;
          return [what, ...Object.entries(r.detail).filter(([k, v]) => k !== 'reason' && typeof v === 'string').map(([, v]) => v)].filter(Boolean).join(' · ');
        },
      },
    ],
    [t, itemName, listName],
  );
  return (
    <div className="space-y-4">
      <PageTitle>{t('feedTitle')}</PageTitle>
      <p className="text-sm text-slate-600">{t('feedIntro')}</p>
      <Card className="flex flex-wrap gap-3 text-sm">
        <a className="text-brand-600 underline" href="/api/disclosure/feed?format=json" data-testid="feed-json">
          {t('exportJson')}
        </a>
        <a className="text-brand-600 underline" href="/api/disclosure/feed?format=csv">
          {t('exportCsv')}
        </a>
        <a className="text-brand-600 underline" href="/api/disclosure/feed?format=xlsx">
          {t('exportXlsx')}
        </a>
      </Card>
      {q.data && q.data.changes.length === 0 && page === 1 ? <p className="text-sm text-slate-500">{t('feedEmpty')}</p> : null}
      <div data-testid="credit-changes">
        <DataTable
          caption={t('feedTitle')}
          columns={columns}
          data={(q.data?.changes ?? []) as Row[]}
          page={page}
          pageSize={PAGE_SIZE}
          hasMore={(q.data?.changes.length ?? 0) === PAGE_SIZE}
          onPage={(p) => setCursors(p > page && q.data ? [...cursors, q.data.next] : cursors.slice(0, Math.max(1, p)))}
          loading={q.isFetching}
        />
      </div>
    </div>
  );
}
