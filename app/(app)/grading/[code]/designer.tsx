'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { useLocale, useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { toast } from 'sonner';
import { flattenIndicators, updateIndicator } from '@/catalog/grading/tree';
import type { GradingProblem } from '@/catalog/grading/types';
import { gradingModelProblems } from '@/catalog/grading/validate';
import { SUBJECT_TYPES } from '@/catalog/kinds/common';
import { useTRPC, useTRPCClient } from '@/app/_trpc/client';
import { fieldErrorsOf, messageOf } from '@/app/_trpc/errors';
import { Button } from '@/app/_components/ui/button';
import { Badge, Card, PageTitle } from '@/app/_components/ui/card';
import { Field, Input } from '@/app/_components/ui/field';
import { UnsavedChangesGuard } from '@/app/_components/unsaved-changes';
import { ConflictCard } from '../../registers/_components/conflict-card';
import { ContentView } from '../../registers/_components/content-view';
import { StatusBadge } from '../../registers/_components/status-badge';
import { useFormSupport } from '../../registers/_components/use-register-data';
import { forSave, GRADING_KIND, normalizeContent, problemsAt, type ModelContent } from '../_components/model-content';
import { useGradingRefs } from '../_components/use-grading-refs';
import { BandsEditor } from './bands-editor';
import { IndicatorTree } from './indicator-tree';
import { MappingTable, PeriodFields, VetoEditor } from './model-sections';
import { RuleEditor } from './rule-editor';
import { SubmitDialog } from './submit-dialog';
import { WHAT_IF_PAGE_SIZE, WhatIfPanel } from './what-if-panel';
import { Tabs } from '../_components/tabs';
import { useDebounced } from '../_components/use-debounced';

interface Conflict {
  mine: ModelContent;
  theirs: { revision: number; content: Record<string, unknown> };
}

/** Save-time field errors (already localized) as problems, so they show where live ones do. */
function problemsFromError(e: unknown): GradingProblem[] {
  return Object.entries(fieldErrorsOf(e)).map(([path, m]) => ({ path: path.replace(/^content\./, ''), code: 'server', message: { 'zh-CN': m, en: m } }));
}

/**
 * The grading-model designer, on the entry's open draft — or, while there is none, on the latest
 * version: looking writes nothing, and the first save of a change starts the draft with that change
 * (one audited action). Everything is edited locally, judged live by `grading.validate`, and saved
 * as one draft revision; a stale save shows both versions like the generic entry editor does.
 */
export function Designer({ code }: { code: string }) {
  const t = useTranslations('gradingUi');
  const entry = useQuery(useTRPC().register.entry.queryOptions({ kindCode: GRADING_KIND, code }, { refetchOnMount: 'always' }));
  const versions = entry.data?.versions ?? [];
  const latest = versions[0];
  const draft = versions.find((v) => v.status === 'draft' || v.status === 'rejected');
  if (!entry.data || !latest) return <p>{t('designer.loading')}</p>;
  const tabs = <Tabs code={code} active="design" />;
  const published = versions.find((v) => v.status === 'published') ?? null;
  if (!draft && latest.status === 'in_review') {
    const notice = (
      <Card role="status" className="border-amber-300 bg-amber-50">
        {t('designer.inReview', { version: latest.version })}
      </Card>
    );
    return <DraftEditor key={latest.id} code={code} draft={latest} base={latest} published={published} kind={entry.data.kind} tabs={<>{tabs}{notice}</>} readOnly />;
  }
  // One key for "no draft yet" and "the draft this editor started": saving the first change must not remount it.
  return <DraftEditor key={`edit:${code}`} code={code} draft={draft ?? null} base={latest} published={published} kind={entry.data.kind} tabs={tabs} readOnly={false} />;
}

type Version = { id: string; version: number; status: string; revision: number; content: Record<string, unknown> };

type Target = Pick<Version, 'id' | 'version' | 'revision' | 'status'>;

/**
 * The whole model, edited locally; `readOnly` shows a version under review the same way, without
 * actions. With no `draft`, it shows `base` and the first save starts the draft (`target` is then set).
 */
function DraftEditor({ code, draft, base, published, kind, tabs, readOnly }: { code: string; draft: Version | null; base: Version; published: Version | null; kind: Parameters<typeof ContentView>[0]['kind']; tabs: React.ReactNode; readOnly: boolean }) {
  const t = useTranslations('gradingUi');
  const td = useTranslations('gradingDraft');
  const locale = useLocale() as 'zh-CN' | 'en';
  const trpc = useTRPC();
  const qc = useQueryClient();
  const refs = useGradingRefs();
  const support = useFormSupport(kind);
  const [content, setContent] = useState<ModelContent>(() => normalizeContent((draft ?? base).content));
  const [target, setTarget] = useState<Target | null>(draft);
  const revision = target?.revision ?? 0;
  const setRevision = (r: number) => setTarget((x) => (x ? { ...x, revision: r } : x));
  const [dirty, setDirty] = useState(false);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [saveProblems, setSaveProblems] = useState<GradingProblem[]>([]);
  const [submitting, setSubmitting] = useState(false);
  const [whatIfOpen, setWhatIfOpen] = useState(false);
  const saving = useMemo(() => forSave(content), [content]);
  const debounced = useDebounced(saving, 600);
  const client = useTRPCClient();
  // validate is a mutation (a POST: the whole model would not fit a GET URL) asked like a query, so
  // it stays live, debounced, cached per content and keeps the last answer while the next is asked.
  const validation = useQuery({ queryKey: ['grading.validate', debounced], queryFn: () => client.grading.validate.mutate({ content: debounced }), placeholderData: (p) => p, retry: false, enabled: !readOnly });
  // If the server cannot answer, the same checks run here, without the server's context (data
  // items, measures in force), which save and submit still apply.
  const live = useMemo(() => validation.data?.problems ?? (validation.isError ? gradingModelProblems(debounced) : []), [validation.data, validation.isError, debounced]);
  const problems = useMemo(() => [...live, ...saveProblems], [live, saveProblems]);
  const save = useMutation(trpc.register.saveDraft.mutationOptions());
  const start = useMutation(trpc.register.startDraft.mutationOptions());
  const whatIf = useMutation(trpc.grading.whatIf.mutationOptions({ onSuccess: () => setWhatIfOpen(true), onError: (e) => toast.error(messageOf(e)) }));
  // Pages of the changed-subjects list re-ask with the snapshot the panel shows, not later edits.
  const [whatIfSnapshot, setWhatIfSnapshot] = useState<ModelContent | null>(null);
  const [whatIfPage, setWhatIfPage] = useState(1);
  const runWhatIf = (snapshot: ModelContent, page: number) => {
    setWhatIfSnapshot(snapshot);
    setWhatIfPage(page);
    whatIf.mutate({ code, content: snapshot, page, pageSize: WHAT_IF_PAGE_SIZE });
  };
  const edit = (next: ModelContent) => {
    setContent(next);
    setDirty(true);
    setSaveProblems([]);
  };
  const def = content.definition;
  const setDef = (patch: Partial<ModelContent['definition']>) => edit({ ...content, definition: { ...def, ...patch } });
  const flat = flattenIndicators(def.indicators);
  const selected = flat.find((f) => f.indicator.id === selectedId && !f.indicator.children?.length);

  async function saveNow(): Promise<number | null> {
    try {
      if (!target) {
        // The first change saved: the draft starts now, with it.
        const r = await start.mutateAsync({ kindCode: GRADING_KIND, code, content: saving });
        setTarget({ id: r.versionId, version: r.version, revision: r.revision, status: 'draft' });
        setDirty(false);
        toast.success(t('designer.saved'));
        await qc.invalidateQueries({ queryKey: trpc.register.entry.queryKey({ kindCode: GRADING_KIND, code }) });
        return r.revision;
      }
      const r = await save.mutateAsync({ versionId: target.id, revision, content: saving });
      setRevision(r.revision);
      setDirty(false);
      toast.success(t('designer.saved'));
      await qc.invalidateQueries({ queryKey: trpc.register.entry.queryKey({ kindCode: GRADING_KIND, code }) });
      return r.revision;
    } catch (e) {
      const theirs = e instanceof TRPCClientError ? (e.data as { conflict?: Conflict['theirs'] } | undefined)?.conflict : undefined;
      if (theirs) setConflict({ mine: saving, theirs });
      setSaveProblems(problemsFromError(e));
      toast.error(messageOf(e));
      return null;
    }
  }

  const err = (path: string) => problemsAt(problems, path)[0]?.message[locale];
  const problemCount = live.length;
  return (
    <div className="space-y-5">
      <PageTitle
        actions={
          readOnly ? null : <>
            <Button variant="secondary" onClick={() => runWhatIf(saving, 1)} disabled={whatIf.isPending}>
              {whatIf.isPending ? t('designer.whatIfRunning') : t('designer.whatIf')}
            </Button>
            <Button variant="secondary" onClick={saveNow} disabled={save.isPending || start.isPending || !dirty}>
              {t('designer.save')}
            </Button>
            <Button
              disabled={save.isPending || start.isPending || (!target && !dirty)}
              title={!target && !dirty ? td('nothingToSubmit') : undefined}
              onClick={async () => {
                if (dirty && (await saveNow()) === null) return;
                setSubmitting(true);
              }}
            >
              {t('designer.submit')}
            </Button>
          </>
        }
      >
        {t('designer.title', { code, name: content.name })} <span className="font-mono text-sm font-normal text-slate-500">{code}</span>
      </PageTitle>
      {tabs}
      <p className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
        {target ? (
          <>
            {t('designer.editing', { version: target.version })} <StatusBadge status={target.status} />
          </>
        ) : (
          <span data-testid="no-draft-yet">{td('notStarted', { version: base.version })}</span>
        )}
        {published ? <span>{t('designer.publishedIs', { version: published.version })}</span> : <Badge tone="amber">{t('designer.neverPublished')}</Badge>}
        {dirty ? <Badge tone="amber">{t('designer.unsaved')}</Badge> : null}
        <span data-testid="validation-status" className={problemCount ? 'text-red-700' : 'text-green-700'}>
          {validation.isFetching ? t('designer.checking') : problemCount ? t('designer.problems', { count: problemCount }) : t('designer.valid')}
        </span>
      </p>
      {conflict ? (
        <ConflictCard
          revision={conflict.theirs.revision}
          mine={<ContentView kind={kind} content={conflict.mine} departments={support.departments} refOptions={support.refOptions} />}
          theirs={<ContentView kind={kind} content={conflict.theirs.content} departments={support.departments} refOptions={support.refOptions} />}
          onTakeTheirs={() => {
            setContent(normalizeContent(conflict.theirs.content));
            setRevision(conflict.theirs.revision);
            setDirty(false);
            setConflict(null);
          }}
          onKeepMine={() => {
            setRevision(conflict.theirs.revision);
            setConflict(null);
          }}
        />
      ) : null}
      {whatIfOpen && whatIf.data && whatIfSnapshot ? (
        <WhatIfPanel result={whatIf.data} grades={def.bands.map((b) => b.grade)} page={whatIfPage} loading={whatIf.isPending} onPage={(p) => runWhatIf(whatIfSnapshot, p)} onClose={() => setWhatIfOpen(false)} />
      ) : null}

      <Card className="space-y-3">
        <h2 className="font-semibold">{t('header.title')}</h2>
        <fieldset disabled={readOnly} className="space-y-3">
          <div className="grid gap-3 sm:grid-cols-3">
            <Field id="m-name" label={t('header.name')} error={err('name')}>
              <Input id="m-name" value={content.name} aria-invalid={Boolean(err('name'))} onChange={(e) => edit({ ...content, name: e.target.value })} />
            </Field>
            <Field id="m-industry" label={t('header.industry')} error={err('industry')}>
              <Input id="m-industry" value={content.industry} aria-invalid={Boolean(err('industry'))} onChange={(e) => edit({ ...content, industry: e.target.value })} />
            </Field>
            <Field id="m-total" label={t('header.totalPoints')} error={err('totalPoints')}>
              <Input id="m-total" type="number" min={1} value={content.totalPoints} aria-invalid={Boolean(err('totalPoints'))} onChange={(e) => edit({ ...content, totalPoints: Number(e.target.value) })} />
            </Field>
          </div>
          <fieldset>
            <legend className="text-sm font-medium text-slate-700">{t('header.subjectTypes')}</legend>
            <div className="mt-1 flex flex-wrap gap-4">
              {Object.entries(SUBJECT_TYPES).map(([value, label]) => (
                <label key={value} className="flex items-center gap-1 text-sm">
                  <input
                    type="checkbox"
                    checked={def.subjectTypes.includes(value)}
                    onChange={(e) => setDef({ subjectTypes: e.target.checked ? [...def.subjectTypes, value] : def.subjectTypes.filter((s) => s !== value) })}
                  />
                  {label[locale]}
                </label>
              ))}
            </div>
            {err('definition.subjectTypes') ? (
              <p role="alert" className="text-sm text-red-600">
                {err('definition.subjectTypes')}
              </p>
            ) : null}
          </fieldset>
        </fieldset>
      </Card>

      <div className="grid gap-5 xl:grid-cols-[minmax(0,1fr)_28rem]">
        <Card className="space-y-3">
          <h2 className="font-semibold">{t('tree.title')}</h2>
          <IndicatorTree indicators={def.indicators} totalPoints={content.totalPoints} onChange={(indicators) => setDef({ indicators })} selectedId={selectedId} onSelect={setSelectedId} problems={problems} readOnly={readOnly} />
          {problemsAt(problems, 'definition.indicators').map((p, i) => (
            <p key={i} role="alert" className="text-sm text-red-700">
              {p.message[locale]}
            </p>
          ))}
        </Card>
        <Card>
          {selected ? (
            <RuleEditor
              key={selected.indicator.id}
              leaf={selected.indicator}
              path={selected.path}
              content={saving}
              onChange={(rule) => setDef({ indicators: updateIndicator(def.indicators, selected.indicator.id, { rule }) })}
              refs={refs}
              problems={problems}
              readOnly={readOnly}
            />
          ) : (
            <p className="text-sm text-slate-500">{t('rule.pickLeaf')}</p>
          )}
        </Card>
      </div>

      <Card className="space-y-3">
        <h2 className="font-semibold">{t('bands.title')}</h2>
        <BandsEditor
          bands={def.bands}
          total={content.totalPoints}
          onChange={(bands, rename) =>
            setDef(
              rename
                ? { bands, mappings: def.mappings.map((m) => (m.grade === rename.from ? { ...m, grade: rename.to } : m)), vetoes: (def.vetoes ?? []).map((v) => (v.grade === rename.from ? { ...v, grade: rename.to } : v)) }
                : { bands },
            )
          }
          problems={problems}
          readOnly={readOnly}
        />
      </Card>

      <Card className="space-y-3">
        <h2 className="font-semibold">{t('veto.title')}</h2>
        <VetoEditor vetoes={def.vetoes ?? []} bands={def.bands} onChange={(vetoes) => setDef({ vetoes })} refs={refs} problems={problems} readOnly={readOnly} />
      </Card>

      <Card className="space-y-3">
        <h2 className="font-semibold">{t('period.title')}</h2>
        <PeriodFields value={def.period} onChange={(period) => setDef({ period })} problems={problems} readOnly={readOnly} />
      </Card>

      <Card className="space-y-3">
        <h2 className="font-semibold">{t('mapping.title')}</h2>
        <MappingTable mappings={def.mappings} bands={def.bands} onChange={(mappings) => setDef({ mappings })} refs={refs} problems={problems} readOnly={readOnly} />
      </Card>

      {readOnly ? null : <UnsavedChangesGuard when={dirty} />}
      {submitting && target ? <SubmitDialog versionId={target.id} revision={revision} hasPrevious={target.version > 1} onClose={() => setSubmitting(false)} onDone={() => qc.invalidateQueries({ queryKey: trpc.register.entry.queryKey({ kindCode: GRADING_KIND, code }) })} /> : null}
    </div>
  );
}
