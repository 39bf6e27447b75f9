'use client';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import type { inferRouterOutputs } from '@trpc/server';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useMemo, useRef, useState } from 'react';
import { toast } from 'sonner';
import type { AppRouter } from '@/server/trpc/router';
import { useTRPC } from '@/app/_trpc/client';
import { messageOf } from '@/app/_trpc/errors';
import { Button } from '@/app/_components/ui/button';
import { Badge, PageTitle } from '@/app/_components/ui/card';
import { DataTable } from '@/app/_components/ui/data-table';
import { Field, Input, Select } from '@/app/_components/ui/field';
import { ChangeView } from './change-view';
import { ChainStatus } from './chain-status';
import { CheckpointButtons } from './checkpoint-buttons';
import { ExportButtons } from './export-buttons';
import { RevealButton } from './reveal-dialog';
import {
  EMPTY_FILTER,
  actionSuggestions,
  exportUrl,
  filterToSearchParams,
  isTimelineFilter,
  registerOf,
  toWireFilter,
  type AuditPageFilter,
} from './filter-state';

type Row = inferRouterOutputs<AppRouter>['audit']['list']['rows'][number];

const PAGE_SIZE = 50;

/** The filter the queries run on trails the form by a moment, so typing is one query, not ten. */
function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return debounced;
}

function shortId(id: string): string {
  return id.length > 28 ? `${id.slice(0, 27)}…` : id;
}

export function AuditLog({ initialFilter, canReveal }: { initialFilter: AuditPageFilter; canReveal: boolean }) {
  const t = useTranslations('audit');
  const tch = useTranslations('auditChain');
  const ta = useTranslations('actions');
  const tc = useTranslations('common');
  const locale = useLocale();
  const trpc = useTRPC();
  const [filter, setFilter] = useState<AuditPageFilter>(initialFilter);
  const [page, setPage] = useState(1);
  const [view, setView] = useState<'table' | 'timeline'>(isTimelineFilter(initialFilter) ? 'timeline' : 'table');
  const applied = useDebounced(filter, 250);
  const wire = useMemo(() => toWireFilter(applied), [applied]);

  // Keep the address shareable: /audit?objectId=… opens the same view for a colleague.
  useEffect(() => {
    const qs = filterToSearchParams(applied).toString();
    window.history.replaceState(null, '', qs ? `?${qs}` : window.location.pathname);
  }, [applied]);

  // Keyset cursors per filter and page: the next page starts below the last seq seen, so paging
  // deep into a million rows stays an index range scan (a jump to an unseen page falls back to OFFSET).
  const cursors = useRef(new Map<string, number>());
  const cursorKey = (p: number) => `${JSON.stringify(wire)}#${p}`;
  const beforeSeq = cursors.current.get(cursorKey(page));
  const list = useQuery(trpc.audit.list.queryOptions({ ...wire, page, pageSize: PAGE_SIZE, ...(beforeSeq ? { beforeSeq } : {}) }, { placeholderData: keepPreviousData }));
  const lastSeq = list.data?.rows.at(-1)?.seq;
  if (lastSeq != null && !list.isPlaceholderData) cursors.current.set(cursorKey(page + 1), Number(lastSeq));
  const count = useQuery(trpc.audit.count.queryOptions(wire, { placeholderData: keepPreviousData }));
  const actions = useQuery(trpc.audit.actions.queryOptions());
  const departments = useQuery(trpc.department.list.queryOptions({ includeArchived: true }));
  const qc = useQueryClient();
  // Verifying and checkpoints are audited: show their rows and the new chain end at once.
  const refreshLog = () => {
    void qc.invalidateQueries({ queryKey: trpc.audit.list.pathKey() });
    void qc.invalidateQueries({ queryKey: trpc.audit.count.pathKey() });
    void qc.invalidateQueries({ queryKey: trpc.audit.status.pathKey() });
  };
  const verify = useMutation(trpc.audit.verify.mutationOptions({ onError: (e) => toast.error(messageOf(e)), onSettled: refreshLog }));
  const rowLabel = (r: Row) => (r.seq === null ? tch('pending') : `#${r.seq}`);
  const masking = (r: Row) =>
    r.masked ? (
      <span className="mt-1 flex items-center gap-1">
        <Badge tone="amber">{tch('masked')}</Badge>
        {canReveal ? <RevealButton id={r.id} label={rowLabel(r)} /> : null}
      </span>
    ) : null;
  const choices = useQuery(trpc.auditView.choices.queryOptions());
  const rowIds = (list.data?.rows ?? []).map((r) => r.id);
  // Names for the rows on screen: people, departments, objects, and the registers' plain-language diff.
  const described = useQuery({ ...trpc.auditView.describe.queryOptions({ ids: rowIds }), enabled: rowIds.length > 0, placeholderData: keepPreviousData });
  const descOf = useMemo(() => new Map((described.data ?? []).map((d) => [d.id, d])), [described.data]);
  const groupLabel = (g: string) => (t.has(`groups.${g}`) ? t(`groups.${g}` as 'groups.auth') : g);
  const objectTypeLabel = (ty: string) => (t.has(`objectTypes.${ty}`) ? t(`objectTypes.${ty}` as 'objectTypes.user') : ty);
  const loc = (l: { 'zh-CN': string; en: string } | null | undefined) => (l ? (locale === 'en' ? l.en || l['zh-CN'] : l['zh-CN']) : null);

  const actionLabel = (a: string) => (ta.has(a) ? ta(a) : a);
  const update = (patch: Partial<AuditPageFilter>) => {
    setFilter((f) => ({ ...f, ...patch }));
    setPage(1);
  };
  const openTimeline = (patch: Partial<AuditPageFilter>) => {
    setFilter({ ...EMPTY_FILTER, ...patch });
    setPage(1);
    setView('timeline');
  };

  const objectCell = (r: Row) => {
    const { objectType, objectId } = r;
    if (!objectId) return objectType ? objectTypeLabel(objectType) : '—';
    const d = descOf.get(r.id);
    const register = registerOf(objectType, objectId);
    const registerName = register ? (loc(choices.data?.registers.find((k) => k.code === register)?.name) ?? register) : null;
    return (
      <span className="flex flex-col items-start gap-0.5">
        <button type="button" className="text-left text-brand-700 underline-offset-2 hover:underline" title={t('showHistory')} onClick={() => openTimeline({ objectType: objectType ?? '', objectId })}>
          {loc(d?.object?.title) ?? shortId(objectId)}
        </button>
        <span className="text-xs text-slate-500">
          {registerName ? (
            <button type="button" className="hover:underline" onClick={() => openTimeline({ register: register! })}>
              {t('showRegister', { register: registerName })}
            </button>
          ) : objectType ? (
            objectTypeLabel(objectType)
          ) : null}
          {d?.object ? <span className="ml-1 text-slate-500">{shortId(objectId.slice(objectId.indexOf('/') + 1))}</span> : null}
        </span>
      </span>
    );
  };
  const detailCell = (r: Row, compact: boolean) => {
    const d = descOf.get(r.id);
    if (d?.changes?.length) {
      const shown = compact ? d.changes.slice(0, 3) : d.changes;
      return (
        <ul className={compact ? 'max-w-md list-disc space-y-0.5 pl-4 text-xs' : 'list-disc space-y-1 pl-5 text-sm'} data-testid="audit-changes">
          {shown.map((c, i) => (
            <li key={i}>{loc(c)}</li>
          ))}
          {compact && d.changes.length > 3 ? <li className="list-none text-slate-500">…</li> : null}
        </ul>
      );
    }
    return <ChangeView before={r.before} after={r.after} compact={compact} />;
  };

  const columns = useMemo<ColumnDef<Row, unknown>[]>(
    () => [
      { header: t('seq'), id: 'seq', cell: (c) => (c.row.original.seq === null ? <Badge tone="amber">{tch('pending')}</Badge> : c.row.original.seq) },
      { header: t('at'), id: 'at', cell: (c) => new Date(c.row.original.at).toLocaleString(locale) },
      { header: t('actor'), id: 'actor', cell: (c) => (c.row.original.actorName === 'system' ? t('system') : (descOf.get(c.row.original.id)?.actor ?? c.row.original.actorName ?? '—')) },
      { header: t('department'), id: 'dept', cell: (c) => loc(descOf.get(c.row.original.id)?.department) ?? c.row.original.department ?? '—' },
      { header: t('action'), id: 'action', cell: (c) => actionLabel(c.row.original.action) },
      { header: t('object'), id: 'object', cell: (c) => objectCell(c.row.original) },
      {
        header: t('detail'),
        id: 'detail',
        cell: (c) => (
          <>
            {detailCell(c.row.original, true)}
            {masking(c.row.original)}
          </>
        ),
      },
      { header: t('hash'), id: 'hash', cell: (c) => (c.row.original.hash ? <code className="text-xs">{c.row.original.hash.slice(0, 12)}…</code> : <span className="text-xs text-slate-500">{tch('hashPending')}</span>) },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, ta, tch, locale, canReveal, descOf, choices.data],
  );

  const rows = (list.data?.rows as Row[] | undefined) ?? [];
  const total = count.data;
  const actionList = choices.data?.actions ?? [];
  const groups = [...new Set(actionSuggestions(actionList).filter((a) => a.endsWith('.*')).map((a) => a.slice(0, -2)))];
  const timelineObject = rows.find((r) => r.objectId === applied.objectId);
  const timelineTitle = applied.objectId
    ? t('timelineEntry', { objectId: (timelineObject && loc(descOf.get(timelineObject.id)?.object?.title)) || applied.objectId })
    : applied.register
      ? t('timelineRegister', { register: loc(choices.data?.registers.find((k) => k.code === applied.register)?.name) ?? applied.register })
      : t('timeline');

  return (
    <div>
      <PageTitle
        actions={
          <>
            <Button variant="secondary" onClick={() => verify.mutate(undefined)} disabled={verify.isPending}>
              {verify.isPending ? t('verifying') : t('verify')}
            </Button>
            <CheckpointButtons onVerify={(checkpoint) => verify.mutate({ checkpoint })} verifying={verify.isPending} onDownloaded={refreshLog} />
            <ExportButtons urlFor={(format) => exportUrl(applied, format)} />
          </>
        }
      >
        {t('title')}
      </PageTitle>
      {verify.data ? (
        <p role="status" data-testid="verify-result" className={verify.data.ok ? 'mb-4 rounded-md bg-green-50 px-3 py-2 text-sm text-green-800' : 'mb-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800'}>
          {verify.data.ok ? t('verifyOk', { rows: verify.data.rows, hash: verify.data.endHash.slice(0, 16) + '…' }) : t('verifyBroken', { seq: verify.data.brokenSeq, reason: verify.data.reason })}
          {verify.data.checkpoint ? (
            <span className="block">
              {verify.data.ok ? tch('checkpointHolds', { seq: verify.data.checkpoint.seq, at: new Date(verify.data.checkpoint.issuedAt).toLocaleString(locale) }) : tch('checkpointFails', { seq: verify.data.checkpoint.seq })}{' '}
              {verify.data.checkpoint.keyMatches ? tch('checkpointOurKey') : tch('checkpointOtherKey', { key: verify.data.checkpoint.keyId.slice(0, 16) })}
            </span>
          ) : null}
        </p>
      ) : null}
      <ChainStatus />

      <form className="mb-4 space-y-3 rounded-lg border border-slate-200 bg-white p-4" aria-label={t('filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="grid gap-3 sm:grid-cols-5">
          <Field id="f-from" label={t('from')}>
            <Input id="f-from" type="date" value={filter.from} onChange={(e) => update({ from: e.target.value })} />
          </Field>
          <Field id="f-to" label={t('to')}>
            <Input id="f-to" type="date" value={filter.to} onChange={(e) => update({ to: e.target.value })} />
          </Field>
          <Field id="f-actor" label={t('filterActorName')}>
            <Select id="f-actor" value={filter.actor} onChange={(e) => update({ actor: e.target.value })}>
              <option value="">{t('anyone')}</option>
              <option value="system">{t('system')}</option>
              {(choices.data?.people ?? []).map((p) => (
                <option key={p.username} value={p.username}>
                  {p.name}
                  {p.department ? `（${loc(p.department)}）` : ''}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="f-department" label={t('filterDepartment')}>
            <Select id="f-department" value={filter.department} onChange={(e) => update({ department: e.target.value })}>
              <option value="">{t('allDepartments')}</option>
              {(choices.data?.departments ?? []).map((d) => (
                <option key={d.code} value={d.code}>
                  {loc(d.name)}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="f-action" label={t('filterAction')}>
            <Select id="f-action" value={filter.action} onChange={(e) => update({ action: e.target.value })}>
              <option value="">{t('anyAction')}</option>
              {groups.map((g) => (
                <optgroup key={g} label={groupLabel(g)}>
                  <option value={`${g}.*`}>{t('allOfGroup', { group: groupLabel(g) })}</option>
                  {actionList
                    .filter((a) => a.startsWith(`${g}.`))
                    .map((a) => (
                      <option key={a} value={a}>
                        {actionLabel(a)}
                      </option>
                    ))}
                </optgroup>
              ))}
              {actionList
                .filter((a) => !a.includes('.'))
                .map((a) => (
                  <option key={a} value={a}>
                    {actionLabel(a)}
                  </option>
                ))}
            </Select>
          </Field>
        </div>
        <div className="grid items-end gap-3 sm:grid-cols-5">
          <Field id="f-register" label={t('filterRegister')}>
            <Select id="f-register" value={filter.register} onChange={(e) => update({ register: e.target.value })}>
              <option value="">{t('anyRegister')}</option>
              {(choices.data?.registers ?? []).map((k) => (
                <option key={k.code} value={k.code}>
                  {loc(k.name)}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="f-object-id" label={t('filterObjectId')}>
            <Input id="f-object-id" value={filter.objectId} onChange={(e) => update({ objectId: e.target.value })} />
          </Field>
          <Field id="f-object-type" label={t('filterObjectType')}>
            <Select id="f-object-type" value={filter.register ? 'register-entry' : filter.objectType} disabled={Boolean(filter.register)} onChange={(e) => update({ objectType: e.target.value })}>
              <option value="">{t('anyObjectType')}</option>
              {['register-entry', 'record', 'user', 'department', 'list-case', 'list-member', 'flow-binding', 'flow-instance', 'register-edition', 'calendar', 'evaluation-run', 'query-log', 'audit_log'].map((ty) => (
                <option key={ty} value={ty}>
                  {objectTypeLabel(ty)}
                </option>
              ))}
            </Select>
          </Field>
          <div className="flex gap-2 sm:col-span-2">
            <Button variant="ghost" onClick={() => update(EMPTY_FILTER)}>
              {t('clearFilters')}
            </Button>
            <div role="group" aria-label={t('view')} className="ml-auto inline-flex overflow-hidden rounded-md border border-slate-300">
              {(['table', 'timeline'] as const).map((v) => (
                <button
                  key={v}
                  type="button"
                  aria-pressed={view === v}
                  onClick={() => setView(v)}
                  className={view === v ? 'bg-brand-600 px-3 py-2 text-sm text-white' : 'bg-white px-3 py-2 text-sm text-slate-700 hover:bg-slate-50'}
                >
                  {v === 'table' ? t('viewTable') : t('viewTimeline')}
                </button>
              ))}
            </div>
          </div>
        </div>
      </form>

      {view === 'table' ? (
        <DataTable<Row> caption={t('title')} columns={columns} data={rows} page={page} pageSize={PAGE_SIZE} total={total} hasMore={list.data?.hasMore} onPage={setPage} loading={list.isLoading} />
      ) : (
        <section aria-labelledby="audit-timeline-title" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="audit-timeline-title" className="mb-1 text-base font-semibold text-slate-900">
            {timelineTitle}
          </h2>
          <p className="mb-4 text-xs text-slate-500">{total !== undefined ? t('rowsTotal', { total }) : tc('loading')}</p>
          {rows.length === 0 ? (
            <p className="py-6 text-center text-sm text-slate-500">{list.isLoading ? tc('loading') : tc('noData')}</p>
          ) : (
            <ol className="relative ml-2 border-l border-slate-200" data-testid="audit-timeline">
              {rows.map((r) => (
                <li key={r.id} className="mb-5 ml-5">
                  <span aria-hidden="true" className="absolute -left-1.5 mt-1.5 h-3 w-3 rounded-full border border-white bg-brand-600" />
                  <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1 text-sm">
                    <time dateTime={new Date(r.at).toISOString()} className="text-slate-500">
                      {new Date(r.at).toLocaleString(locale)}
                    </time>
                    <Badge tone="blue">{actionLabel(r.action)}</Badge>
                    <span className="text-slate-800">
                      {r.actorName === 'system' ? t('system') : (descOf.get(r.id)?.actor ?? r.actorName ?? '—')}
                      {r.department ? <span className="text-slate-500">（{loc(descOf.get(r.id)?.department) ?? r.department}）</span> : null}
                    </span>
                    {r.objectId && r.objectId !== applied.objectId ? (
                      <button type="button" className="text-brand-700 hover:underline" onClick={() => openTimeline({ objectType: r.objectType ?? '', objectId: r.objectId ?? '' })}>
                        {loc(descOf.get(r.id)?.object?.title) ?? shortId(r.objectId)}
                      </button>
                    ) : null}
                    {r.seq === null ? <Badge tone="amber">{tch('pending')}</Badge> : <span className="text-xs text-slate-500">#{r.seq}</span>}
                  </div>
                  <div className="mt-1">
                    {detailCell(r, false)}
                    {masking(r)}
                  </div>
                  {r.reason ? (
                    <p className="mt-1 text-sm text-slate-600">
                      {t('reason')}：{r.reason}
                    </p>
                  ) : null}
                </li>
              ))}
            </ol>
          )}
          <nav className="flex items-center justify-between border-t border-slate-200 pt-2 text-sm text-slate-600" aria-label="pagination">
            <span>{tc('page', { page })}</span>
            <span className="flex gap-2">
              <Button variant="secondary" size="sm" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                {tc('previous')}
              </Button>
              <Button variant="secondary" size="sm" disabled={!list.data?.hasMore} onClick={() => setPage(page + 1)}>
                {tc('next')}
              </Button>
            </span>
          </nav>
        </section>
      )}
    </div>
  );
}
