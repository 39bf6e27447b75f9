'use client';
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useTRPC } from '@/app/_trpc/client';
import { messageOf } from '@/app/_trpc/errors';
import { Badge, Card, PageTitle } from '@/app/_components/ui/card';
import { Button } from '@/app/_components/ui/button';
import { Input, Select } from '@/app/_components/ui/field';

type State = 'pending' | 'overdue' | 'fulfilled' | 'broken';
export const STATE_TONE: Record<string, 'slate' | 'green' | 'red' | 'blue' | 'amber'> = { pending: 'blue', overdue: 'amber', fulfilled: 'green', broken: 'red' };
const PAGE = 20;

export function CommitmentList({ canIssue }: { canIssue: boolean }) {
  const t = useTranslations('commitments');
  const tCommon = useTranslations('common');
  const trpc = useTRPC();
  const [state, setState] = useState<State | ''>('');
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(1);
  const list = useQuery(trpc.commitment.list.queryOptions({ state: state || undefined, q: query || undefined, page, pageSize: PAGE }));
  const pages = Math.max(1, Math.ceil((list.data?.total ?? 0) / PAGE));
  return (
    <div className="space-y-4">
      <PageTitle actions={canIssue ? <Link className="rounded-md bg-brand-700 px-3 py-2 text-sm font-medium text-white hover:bg-brand-800" href="/commitments/new">{t('new')}</Link> : null}>{t('title')}</PageTitle>
      <Card>
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            setPage(1);
            setQuery(q.trim());
          }}
        >
          <Input aria-label={t('search')} placeholder={t('search')} value={q} onChange={(e) => setQ(e.target.value)} className="max-w-xs" />
          <Select aria-label={t('state')} value={state} onChange={(e) => { setPage(1); setState(e.target.value as State | ''); }} className="max-w-[12rem]">
            <option value="">{t('all')}</option>
            {(['pending', 'overdue', 'fulfilled', 'broken'] as const).map((s) => (
              <option key={s} value={s}>{t(`states.${s}`)}</option>
            ))}
          </Select>
          <Button type="submit" variant="secondary">{tCommon('search')}</Button>
        </form>
      </Card>
      {list.isError ? <Card role="alert" className="text-sm text-red-700">{messageOf(list.error)}</Card> : null}
      <Card className="overflow-x-auto p-0">
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              <th className="p-2">{t('commitmentNo')}</th>
              <th className="p-2">{t('subjectName')}</th>
              <th className="p-2">{t('matter')}</th>
              <th className="p-2">{t('signedOn')}</th>
              <th className="p-2">{t('supplyDue')}</th>
              <th className="p-2">{t('state')}</th>
            </tr>
          </thead>
          <tbody>
            {(list.data?.rows ?? []).map((c) => (
              <tr key={c.id} className="border-t border-slate-100">
                <td className="p-2"><Link className="text-brand-700 underline" href={`/commitments/${c.id}`}>{c.commitmentNo}</Link></td>
                <td className="p-2">{c.subjectName}</td>
                <td className="p-2">{c.matterName}</td>
                <td className="p-2">{c.signedOn}</td>
                <td className="p-2">{c.supplyDue ?? '—'}</td>
                <td className="p-2"><Badge tone={STATE_TONE[c.state]}>{t(`states.${c.state as State}`)}</Badge></td>
              </tr>
            ))}
            {list.data && !list.data.rows.length ? (
              <tr><td colSpan={6} className="p-4 text-center text-slate-500">{t('empty')}</td></tr>
            ) : null}
          </tbody>
        </table>
      </Card>
      {pages > 1 ? (
        <div className="flex items-center justify-end gap-2 text-sm">
          <Button variant="secondary" size="sm" disabled={page <= 1} onClick={() => setPage(page - 1)}>‹</Button>
          <span>{page} / {pages}</span>
          <Button variant="secondary" size="sm" disabled={page >= pages} onClick={() => setPage(page + 1)}>›</Button>
        </div>
      ) : null}
    </div>
  );
}
