'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useEffect, useMemo, useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/app/_trpc/client';
import { messageOf } from '@/app/_trpc/errors';
import { Button } from '@/app/_components/ui/button';
import { Card, PageTitle } from '@/app/_components/ui/card';
import { DataTable } from '@/app/_components/ui/data-table';
import { Field, Input, Select } from '@/app/_components/ui/field';

const PAGE_SIZE = 20;

interface Row {
  key: string;
  subjectCode: string;
  subjectName: string;
  subjectType: string;
  grade: string;
  score: number;
  fileHref: string;
}

/**
 * The candidates of an incentive list (红名单): who meets its conditions now, chosen by the office
 * and proposed as cases of the ordinary lists process.
 */
export function EligibleView({ initialList }: { initialList: string }) {
  const t = useTranslations('listsUi.eligible');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const lists = useQuery(trpc.creditList.eligibilityLists.queryOptions());
  const [listCode, setListCode] = useState(initialList);
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [picked, setPicked] = useState<Map<string, string>>(new Map());
  const [outcome, setOutcome] = useState<{ proposed: { id: string; caseNo: string; subjectName: string }[]; refused: string[] } | null>(null);
  useEffect(() => {
    if (!listCode && lists.data?.length) setListCode(lists.data[0]!.code);
  }, [listCode, lists.data]);
  const candidates = useQuery({ ...trpc.creditList.eligible.queryOptions({ listCode, q: q.trim() || undefined, page, pageSize: PAGE_SIZE }, { placeholderData: (p) => p }), enabled: Boolean(listCode) });
  const propose = useMutation(
    trpc.creditList.proposeEligible.mutationOptions({
      onSuccess: (r) => {
        setOutcome(r);
        setPicked(new Map());
        if (r.proposed.length) toast.success(t('proposedN', { n: r.proposed.length }));
        if (r.refused.length) toast.error(t('refusedN', { n: r.refused.length }));
        void qc.invalidateQueries({ queryKey: trpc.creditList.eligible.queryKey() });
      },
      onError: (e) => toast.error(messageOf(e)),
    }),
  );
  const toggle = (row: Row, on: boolean) =>
    setPicked((prev) => {
      const next = new Map(prev);
      if (on) next.set(row.key, row.subjectName);
      else next.delete(row.key);
      return next;
    });
  const columns = useMemo<ColumnDef<Row, unknown>[]>(
    () => [
      {
        header: t('choose'),
        id: 'choose',
        cell: (c) => (
          <input type="checkbox" className="h-4 w-4" aria-label={t('chooseSubject', { name: c.row.original.subjectName })} checked={picked.has(c.row.original.key)} onChange={(e) => toggle(c.row.original, e.target.checked)} />
        ),
      },
      {
        header: t('subject'),
        id: 'subject',
        cell: (c) => (
          <span>
            <Link className="text-brand-600 underline" href={c.row.original.fileHref}>
              {c.row.original.subjectName}
            </Link>
            <span className="block font-mono text-xs text-slate-500">{c.row.original.subjectCode}</span>
          </span>
        ),
      },
      { header: t('subjectType'), id: 'type', cell: (c) => c.row.original.subjectType },
      { header: t('grade'), id: 'grade', cell: (c) => t('gradeScore', { grade: c.row.original.grade, score: c.row.original.score }) },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, picked],
  );
  const data = candidates.data;
  const noLists = lists.isSuccess && !lists.data.length;
  return (
    <div className="space-y-4">
      <PageTitle>{t('title')}</PageTitle>
      <p className="text-sm text-slate-600">{t('intro')}</p>
      {noLists ? (
        <Card>
          <p className="text-sm text-slate-600">{t('noLists')}</p>
        </Card>
      ) : (
        <Card className="grid gap-3 md:grid-cols-2">
          <Field id="eligible-list" label={t('list')}>
            <Select id="eligible-list" value={listCode} onChange={(e) => (setListCode(e.target.value), setPage(1), setPicked(new Map()), setOutcome(null))}>
              {(lists.data ?? []).map((l) => (
                <option key={l.code} value={l.code}>
                  {l.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="eligible-q" label={t('search')}>
            <Input id="eligible-q" value={q} placeholder={t('searchPlaceholder')} onChange={(e) => (setQ(e.target.value), setPage(1))} />
          </Field>
        </Card>
      )}
      {data ? (
        <Card>
          <h2 className="mb-1 font-semibold">{t('conditions')}</h2>
          <ul className="list-disc pl-5 text-sm text-slate-700" data-testid="eligibility-conditions">
            <li>{t('conditionGrade', { model: data.model.name, grades: data.grades.join('、') })}</li>
            <li>{t('conditionClean', { months: data.cleanMonths, since: data.cleanSince })}</li>
            <li>{t('conditionNoSanction')}</li>
          </ul>
          {data.unknownGrades.length ? (
            <p role="alert" className="mt-2 text-sm text-red-700">
              {t('unknownGrades', { grades: data.unknownGrades.join('、'), model: data.model.name, modelGrades: data.modelGrades.join('、') })}
            </p>
          ) : null}
          <p className="mt-2 text-sm text-slate-600">{data.run ? t('runUsed', { from: data.run.periodStart, to: data.run.periodEnd }) : t('noRun', { model: data.model.name })}</p>
        </Card>
      ) : null}
      {outcome ? (
        <Card role="status" data-testid="eligible-outcome">
          {outcome.proposed.length ? (
            <>
              <p className="text-sm font-medium">{t('proposedN', { n: outcome.proposed.length })}</p>
              <ul className="list-disc pl-5 text-sm">
                {outcome.proposed.map((c) => (
                  <li key={c.id}>
                    <Link className="text-brand-600 underline" href={`/lists/cases/${c.id}`}>
                      {c.caseNo}
                    </Link>{' '}
                    {c.subjectName}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {outcome.refused.length ? (
            <ul className="mt-2 list-disc pl-5 text-sm text-red-700">
              {outcome.refused.map((m, i) => (
                <li key={i}>{m}</li>
              ))}
            </ul>
          ) : null}
        </Card>
      ) : null}
      {data?.run ? (
        <>
          <DataTable caption={t('title')} columns={columns} data={data.rows as Row[]} page={page} pageSize={PAGE_SIZE} total={data.total} onPage={setPage} loading={candidates.isFetching} />
          <div className="flex items-center gap-3">
            <Button disabled={!picked.size || propose.isPending} onClick={() => propose.mutate({ listCode, keys: [...picked.keys()] })}>
              {propose.isPending ? t('proposing') : t('propose', { n: picked.size })}
            </Button>
            <span className="text-sm text-slate-600">{picked.size ? t('picked', { names: [...picked.values()].slice(0, 5).join('、'), n: picked.size }) : t('pickSome')}</span>
          </div>
        </>
      ) : null}
    </div>
  );
}
