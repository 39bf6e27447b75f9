'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useMemo, useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/app/_trpc/client';
import { messageOf } from '@/app/_trpc/errors';
import { Button } from '@/app/_components/ui/button';
import { Badge, Card, PageTitle } from '@/app/_components/ui/card';
import { DataTable } from '@/app/_components/ui/data-table';
import { Dialog } from '@/app/_components/ui/dialog';
import { Field, Input, Select } from '@/app/_components/ui/field';
import { DistributionChart, gradeOrder } from '../../_components/distribution';
import { GRADING_KIND } from '../../_components/model-content';
import { Tabs } from '../../_components/tabs';
import { ExplanationList } from '../../_components/explanation-list';
import { RUN_MAX_ATTEMPTS, decodeRunError } from '@/catalog/grading/types';

const PAGE_SIZE = 20;
const FINISHED = ['done', 'failed'];

interface ResultRow {
  subjectCode: string;
  /** opaque handle for the explanation (the code may be masked) */
  ref: string;
  subjectName: string;
  score: number;
  grade: string;
  vetoedBy: string | null;
}

/** Runs of one model: start one for a period, watch its progress, read its distribution and results. */
export function RunsView({ code, canStart, canDesign }: { code: string; canStart: boolean; canDesign: boolean }) {
  const t = useTranslations('gradingUi.runs');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [periodEnd, setPeriodEnd] = useState('');
  const [serverError, setServerError] = useState<string | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  const model = useQuery(trpc.register.entry.queryOptions({ kindCode: GRADING_KIND, code }));
  const runs = useQuery(trpc.grading.runs.queryOptions({ code }));
  const selectedId = runId ?? runs.data?.find((r) => r.isCurrent)?.id ?? runs.data?.[0]?.id ?? null;
  const run = useQuery({
    ...trpc.grading.run.queryOptions({ id: selectedId ?? '' }),
    enabled: Boolean(selectedId),
    // Poll while the engine works; stop once the run is done or failed.
    refetchInterval: (q) => (q.state.data && FINISHED.includes(q.state.data.status) ? false : 800),
  });
  const start = useMutation(
    trpc.grading.startRun.mutationOptions({
      onSuccess: async (r) => {
        setRunId(r.runId);
        await qc.invalidateQueries({ queryKey: trpc.grading.runs.queryKey({ code }) });
      },
      onError: (e) => {
        setServerError(messageOf(e));
        toast.error(messageOf(e));
      },
    }),
  );
  const published = model.data?.versions.find((v) => v.status === 'published');
  const bands = ((published?.content.definition as { bands?: { grade: string }[] } | undefined)?.bands ?? []).map((b) => b.grade);
  const name = String((published ?? model.data?.versions[0])?.content.name ?? '');
  // Veto names, so a result reads 「评价期内列入严重失信主体名单」, not the veto's id.
  const vetoes = new Map((((published ?? model.data?.versions[0])?.content.definition as { vetoes?: { id: string; label: { 'zh-CN': string; en: string } }[] } | undefined)?.vetoes ?? []).map((v) => [v.id, v.label]));
  const r = run.data;
  const finished = r ? FINISHED.includes(r.status) : false;
  // The history shows statuses too: refresh it when the watched run ends.
  useEffect(() => {
    if (finished) void qc.invalidateQueries({ queryKey: trpc.grading.runs.queryKey({ code }) });
  }, [finished, qc, trpc, code]);
  const percent = r && r.total > 0 ? Math.round((r.done / r.total) * 100) : finished ? 100 : 0;
  return (
    <div className="space-y-5">
      <PageTitle>
        {t('title', { code, name })} <span className="font-mono text-sm font-normal text-slate-500">{code}</span>
      </PageTitle>
      {canDesign ? <Tabs code={code} active="runs" /> : null}
      {canStart ? (
        <Card>
          <form
            className="flex flex-wrap items-end gap-3"
            onSubmit={(e) => {
              e.preventDefault();
              setServerError(null);
              start.mutate({ code, periodEnd: periodEnd || undefined });
            }}
          >
            <Field id="run-period-end" label={t('periodEnd')} help={t('periodEndHelp')}>
              <Input id="run-period-end" type="date" value={periodEnd} onChange={(e) => setPeriodEnd(e.target.value)} />
            </Field>
            <Button type="submit" disabled={start.isPending}>
              {t('start')}
            </Button>
            <span className="text-sm text-slate-600">{published ? t('usesVersion', { version: published.version }) : t('noPublished')}</span>
          </form>
          {serverError ? (
            <p role="alert" className="mt-2 text-sm text-red-700" data-testid="run-error">
              {serverError}
            </p>
          ) : null}
        </Card>
      ) : null}
      <div className="grid gap-5 lg:grid-cols-[18rem_minmax(0,1fr)]">
        <Card>
          <h2 className="mb-2 font-semibold">{t('history')}</h2>
          {runs.data?.length === 0 ? <p className="text-sm text-slate-500">{t('none')}</p> : null}
          <ul className="space-y-1 text-sm" data-testid="runs">
            {(runs.data ?? []).map((x) => (
              <li key={x.id}>
                <button type="button" onClick={() => setRunId(x.id)} className={`w-full rounded px-2 py-1 text-left hover:bg-slate-100 ${x.id === selectedId ? 'bg-brand-100' : ''}`} aria-pressed={x.id === selectedId}>
                  <span className="block">{t('runLabel', { version: x.version ?? '—', start: x.periodStart, end: x.periodEnd })}</span>
                  <span className="flex items-center gap-1 text-xs text-slate-500">
                    <StatusBadge status={x.status} /> {x.isCurrent ? <Badge tone="blue">{t('current')}</Badge> : null}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </Card>
        {r ? (
          <div className="space-y-5">
            <Card className="space-y-3">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <h2 className="font-semibold">{t('runLabel', { version: r.version ?? '—', start: r.periodStart, end: r.periodEnd })}</h2>
                <StatusBadge status={r.status} />
              </div>
              <div>
                <div className="h-3 overflow-hidden rounded bg-slate-200" role="progressbar" aria-label={t('progress')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} data-testid="run-progress">
                  <div className={`h-full transition-all ${r.status === 'failed' ? 'bg-red-600' : 'bg-brand-600'}`} style={{ width: `${percent}%` }} />
                </div>
                <p className="mt-1 text-sm text-slate-600" data-testid="run-progress-text">
                  {t('progressText', { percent, done: r.done, total: r.total })}
                </p>
                {r.status === 'failed' && r.error ? (
                  <p role="alert" className="mt-1 text-sm text-red-700">
                    <RunError error={r.error} />
                  </p>
                ) : null}
              </div>
              {finished && r.distribution ? (
                <>
                  <h3 className="text-sm font-semibold">{t('distribution')}</h3>
                  <DistributionChart series={[{ name: t('subjects'), distribution: r.distribution }]} grades={gradeOrder([r.distribution], bands)} testId="run-distribution" />
                </>
              ) : null}
            </Card>
            {r.status === 'done' ? <Results runId={r.id} grades={gradeOrder([r.distribution], bands)} vetoes={vetoes} /> : null}
          </div>
        ) : null}
      </div>
    </div>
  );
}

function StatusBadge({ status }: { status: string }) {
  const t = useTranslations('gradingUi.runs.statuses');
  const tone = status === 'done' ? 'green' : status === 'failed' ? 'red' : 'amber';
  return <Badge tone={tone}>{t.has(status) ? t(status) : status}</Badge>;
}

/** The run's results: filter by grade, search by code or name, page, export, explain one subject. */
function Results({ runId, grades, vetoes }: { runId: string; grades: string[]; vetoes: Map<string, { 'zh-CN': string; en: string }> }) {
  const t = useTranslations('gradingUi.runs');
  const vetoLocale = useLocale() as 'zh-CN' | 'en';
  const trpc = useTRPC();
  const [grade, setGrade] = useState('');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [explaining, setExplaining] = useState<{ ref: string; label: string } | null>(null);
  const results = useQuery(trpc.grading.results.queryOptions({ runId, grade: grade || undefined, q: q || undefined, page, pageSize: PAGE_SIZE }, { placeholderData: (p) => p }));
  const columns = useMemo<ColumnDef<ResultRow, unknown>[]>(
    () => [
      { header: t('subject'), id: 'name', cell: (c) => c.row.original.subjectName },
      { header: t('subjectCode'), id: 'code', cell: (c) => <span className="font-mono text-xs">{c.row.original.subjectCode}</span> },
      { header: t('score'), id: 'score', cell: (c) => c.row.original.score },
      { header: t('grade'), id: 'grade', cell: (c) => <span className="font-semibold">{c.row.original.grade}</span> },
      { header: t('vetoedBy'), id: 'veto', cell: (c) => (c.row.original.vetoedBy ? (vetoes.get(c.row.original.vetoedBy)?.[vetoLocale] ?? c.row.original.vetoedBy) : '—') },
      {
        header: '',
        id: 'explain',
        cell: (c) => (
          <Button size="sm" variant="ghost" onClick={() => setExplaining({ ref: c.row.original.ref, label: c.row.original.subjectName })}>
            {t('explain')}
          </Button>
        ),
      },
    ],
    [t],
  );
  const exportUrl = (format: 'csv' | 'xlsx') => `/api/grading/results?runId=${encodeURIComponent(runId)}&format=${format}`;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        <Field id="res-grade" label={t('filterGrade')}>
          <Select id="res-grade" value={grade} onChange={(e) => { setGrade(e.target.value); setPage(1); }}>
            <option value="">{t('allGrades')}</option>
            {grades.map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="res-q" label={t('search')}>
          <Input id="res-q" value={q} placeholder={t('searchPlaceholder')} onChange={(e) => { setQ(e.target.value); setPage(1); }} />
        </Field>
        <span className="ml-auto flex gap-2">
          <a className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-50" href={exportUrl('csv')} download>
            {t('exportCsv')}
          </a>
          <a className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-50" href={exportUrl('xlsx')} download>
            {t('exportXlsx')}
          </a>
        </span>
      </div>
      <DataTable columns={columns} data={results.data?.rows ?? []} page={page} pageSize={PAGE_SIZE} total={results.data?.total} onPage={setPage} loading={results.isFetching} caption={t('resultsCaption')} />
      {explaining ? <ExplainDrawer runId={runId} subjectRef={explaining.ref} label={explaining.label} onClose={() => setExplaining(null)} /> : null}
    </div>
  );
}

/** Why a subject got its grade: each indicator's points, the rule in words and the value it counted. */
function ExplainDrawer({ runId, subjectRef, label, onClose }: { runId: string; subjectRef: string; label: string; onClose: () => void }) {
  const t = useTranslations('gradingUi.runs');
  const trpc = useTRPC();
  const explain = useQuery(trpc.grading.explain.queryOptions({ runId, ref: subjectRef }));
  const locale = useLocale() as 'zh-CN' | 'en';
  const d = explain.data;
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={t('explainTitle', { subject: d?.subjectName ?? label })}>
      {d ? (
        <div className="space-y-3" data-testid="explain">
          <p className="text-sm">
            {t('explainSummary', { score: d.score, grade: d.grade })}
            {d.veto ? ` · ${t('vetoedByText', { veto: d.veto.label[locale] || d.veto.label['zh-CN'] })}` : ''}
          </p>
          <ExplanationList lines={d.indicators} />
        </div>
      ) : (
        <p>{t('loading')}</p>
      )}
    </Dialog>
  );
}

/** A failed run's reason in the user's language: never the server's error text (it may hold SQL). */
function RunError({ error }: { error: string }) {
  const t = useTranslations();
  const failure = decodeRunError(error);
  if (failure.kind === 'abandoned') return <>{t('gradingUi.runs.abandoned', { attempts: RUN_MAX_ATTEMPTS })}</>;
  if (failure.kind === 'refusal' && t.has(failure.key)) return <>{t(failure.key, failure.params)}</>;
  return <>{t('infra.runFailedInternal')}</>;
}
