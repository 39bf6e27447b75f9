'use client';
/**
 * The flow designer: palette, canvas, the selected node's panel, live problems, a path preview,
 * BPMN export/import, undo/redo and copy/paste. It edits the draft version of an `approval-flow`
 * register entry and saves it through the registers lifecycle (saveDraft with the revision read;
 * a stale save shows both versions, as the generic entry editor does).
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useLocale, useTranslations } from 'next-intl';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/app/_trpc/client';
import { messageOf } from '@/app/_trpc/errors';
import { Button } from '@/app/_components/ui/button';
import { ConflictCard } from '../../registers/_components/conflict-card';
import { Card } from '@/app/_components/ui/card';
import { Dialog } from '@/app/_components/ui/dialog';
import { Input, Select } from '@/app/_components/ui/field';
import { UnsavedChangesGuard } from '@/app/_components/unsaved-changes';
import { layoutFlow, NODE_SIZE } from '@/catalog/flows/layout';
import { exportBpmn } from '@/catalog/flows/bpmn';
import { FLOW_TRIGGERS, type FlowGraph, type FlowNodeType, type FlowProblem } from '@/catalog/flows/types';
import { FLOW_TRIGGER_LABELS } from '@/catalog/kinds/approval-flow';
import { DesignerCanvas } from './designer-canvas';
import { ImportReview, type ImportedBpmn } from './import-review';
import { NodePanel } from './node-panel';
import { PathPreview, todayInChina, type PreviewResult } from './path-preview';
import { Palette } from './palette';
import { addNode, copySelection, defaultNode, freeSpot, pasteFragment, updateNode } from './graph-edit';
import { commit, redo, undo } from './history';
import { useFlowProblems, useGraphHistory, useStructure } from './use-graph-history';
import { useFlowLabels } from './use-flow-labels';

export interface FlowContent extends Record<string, unknown> {
  name: string;
  description?: string;
  appliesTo: string;
  graph: FlowGraph;
}

export interface DraftRef {
  id: string;
  version: number;
  revision: number;
  content: FlowContent;
}

const isTyping = (el: EventTarget | null) => el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));

export function FlowDesigner(props: { code: string; draft: DraftRef; onSubmitted: () => void }) {
  return (
    <ReactFlowProvider>
      <Designer {...props} />
    </ReactFlowProvider>
  );
}

function Designer({ code, draft, onSubmitted }: { code: string; draft: DraftRef; onSubmitted: () => void }) {
  const t = useTranslations('flows');
  const locale = useLocale() === 'en' ? 'en' : 'zh-CN';
  const trpc = useTRPC();
  const flow = useReactFlow();
  const directory = useQuery(trpc.flowDesign.directory.queryOptions());
  const { history, setHistory, onGraph } = useGraphHistory(draft.content.graph);
  const graph = history.present;
  const [meta, setMeta] = useState({ name: draft.content.name, description: draft.content.description ?? '', appliesTo: draft.content.appliesTo });
  const [revision, setRevision] = useState(draft.revision);
  const [saved, setSaved] = useState<{ graph: FlowGraph; meta: typeof meta }>({ graph: draft.content.graph, meta });
  const [selectedNodes, setSelectedNodes] = useState<Set<string>>(new Set());
  const [selectedEdges, setSelectedEdges] = useState<Set<string>>(new Set());
  const [tab, setTab] = useState<'node' | 'problems' | 'preview'>('node');
  const [preview, setPreview] = useState<PreviewResult | null>(null);
  const [conflict, setConflict] = useState<{ revision: number; content: FlowContent } | null>(null);
  const [imported, setImported] = useState<ImportedBpmn | null>(null);
  const [effectiveDate, setEffectiveDate] = useState(todayInChina);
  const clipboard = useRef<FlowGraph | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const labels = useFlowLabels(graph);

  const save = useMutation(trpc.register.saveDraft.mutationOptions());
  const submit = useMutation(trpc.register.submit.mutationOptions());
  const importBpmn = useMutation(trpc.flowDesign.importBpmn.mutationOptions());

  // Validation ignores positions: reuse the verdict while only nodes move (every frame of a drag).
  const ctx = useMemo(() => (directory.data ? { roles: directory.data.roles, departmentIds: directory.data.departments.map((d) => d.id), userIds: directory.data.users.map((u) => u.id) } : undefined), [directory.data]);
  const { problems, onNode } = useFlowProblems(graph, ctx, locale);

  const dirty = graph !== saved.graph || meta !== saved.meta;
  // The panel gets the node and graph as the validator sees them: the same objects while nodes are
  // only dragged, so the memoised panel is not redrawn on every frame of a drag (positions it does
  // not show).
  const structure = useStructure(graph);
  const selected = selectedNodes.size === 1 ? structure.nodes.find((n) => selectedNodes.has(n.id)) : undefined;
  const selectedId = selected?.id;
  const onPanelChange = useCallback(
    (update: Parameters<typeof updateNode>[2], mode: 'commit' | 'transient') => {
      if (selectedId) onGraph((g) => updateNode(g, selectedId, update), mode);
    },
    [onGraph, selectedId],
  );
  const onPanelSettle = useCallback(() => onGraph((g) => g, 'settle'), [onGraph]);

  const onSelection = useCallback((nodes: Set<string>, edges: Set<string>) => {
    setSelectedNodes(nodes);
    setSelectedEdges(edges);
    if (nodes.size === 1) setTab('node');
  }, []);

  const addAt = useCallback(
    (type: FlowNodeType, position: { x: number; y: number }) => {
      const node = defaultNode(type, position);
      onGraph((g) => addNode(g, node), 'commit');
      onSelection(new Set([node.id]), new Set());
    },
    [onGraph, onSelection],
  );
  /** Click-to-add (keyboard users): the centre of the visible canvas, or the first free place below it. */
  const addAtCentre = (type: FlowNodeType) => {
    const el = document.querySelector('[data-testid="flow-canvas"]')?.getBoundingClientRect();
    const c = el ? flow.screenToFlowPosition({ x: el.left + el.width / 2, y: el.top + el.height / 2 }) : { x: 0, y: 0 };
    addAt(type, freeSpot(graph, { x: Math.round(c.x - NODE_SIZE.width / 2), y: Math.round(c.y - NODE_SIZE.height / 2) }, NODE_SIZE));
  };

  const doUndo = useCallback(() => setHistory(undo), [setHistory]);
  const doRedo = useCallback(() => setHistory(redo), [setHistory]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || isTyping(e.target)) return;
      const k = e.key.toLowerCase();
      if (k === 'z' && !e.shiftKey) doUndo();
      else if ((k === 'z' && e.shiftKey) || k === 'y') doRedo();
      else if (k === 'c') clipboard.current = copySelection(graph, selectedNodes);
      else if (k === 'v' && clipboard.current?.nodes.length) {
        const frag = clipboard.current;
        let pasted: string[] = [];
        onGraph((g) => {
          const r = pasteFragment(g, frag);
          pasted = r.pasted;
          return r.graph;
        }, 'commit');
        queueMicrotask(() => onSelection(new Set(pasted), new Set()));
      } else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [doUndo, doRedo, graph, selectedNodes, onGraph, onSelection]);

  const content = (): FlowContent => ({ name: meta.name, ...(meta.description ? { description: meta.description } : {}), appliesTo: meta.appliesTo, graph });

  async function onSave(): Promise<number | null> {
    try {
      const r = await save.mutateAsync({ versionId: draft.id, revision, content: content() });
      setRevision(r.revision);
      setSaved({ graph, meta });
      toast.success(t('saved'));
      return r.revision;
    } catch (e) {
      const theirs = e instanceof TRPCClientError ? (e.data as { conflict?: { revision: number; content: FlowContent } } | undefined)?.conflict : undefined;
      if (theirs) setConflict(theirs);
      toast.error(messageOf(e));
      return null;
    }
  }

  async function onSubmit() {
    const rev = dirty ? await onSave() : revision;
    if (rev === null) return;
    try {
      await submit.mutateAsync({ versionId: draft.id, revision: rev, effectiveDate });
      toast.success(t('submitted'));
      onSubmitted();
    } catch (e) {
      toast.error(messageOf(e));
    }
  }

  async function onExport() {
    const xml = await exportBpmn(graph, { processId: code.replace(/[^A-Za-z0-9_.-]/g, '_'), name: meta.name });
    const url = URL.createObjectURL(new Blob([xml], { type: 'application/xml' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${code}.bpmn`;
    a.click();
    URL.revokeObjectURL(url);
  }

  async function onImportFile(file: File) {
    try {
      setImported(await importBpmn.mutateAsync({ xml: await file.text() }));
    } catch (e) {
      toast.error(messageOf(e));
    }
  }

  const focusNode = (p: FlowProblem) => {
    if (!p.nodeId) return;
    onSelection(new Set([p.nodeId]), new Set());
    const n = graph.nodes.find((x) => x.id === p.nodeId);
    if (n) flow.setCenter(n.position.x + NODE_SIZE.width / 2, n.position.y + NODE_SIZE.height / 2, { zoom: 1.2, duration: 300 });
  };

  return (
    <div className="space-y-3" data-testid="flow-designer">
      <UnsavedChangesGuard when={dirty} />
      {conflict ? (
        <ConflictCard
          revision={conflict.revision}
          onTakeTheirs={() => {
            setHistory((h) => commit(h, conflict.content.graph));
            const m = { name: conflict.content.name, description: conflict.content.description ?? '', appliesTo: conflict.content.appliesTo };
            setMeta(m);
            setSaved({ graph: conflict.content.graph, meta: m });
            setRevision(conflict.revision);
            setConflict(null);
          }}
          onKeepMine={() => {
            setRevision(conflict.revision);
            setConflict(null);
          }}
        />
      ) : null}

      <div className="grid gap-2 md:grid-cols-[2fr_1fr_3fr]">
        <label className="flex flex-col text-xs text-slate-600">
          {t('name')}
          <Input value={meta.name} onChange={(e) => setMeta({ ...meta, name: e.target.value })} />
        </label>
        <label className="flex flex-col text-xs text-slate-600">
          {t('appliesTo')}
          <Select value={meta.appliesTo} onChange={(e) => setMeta({ ...meta, appliesTo: e.target.value })}>
            {FLOW_TRIGGERS.map((tg) => (
              <option key={tg} value={tg}>
                {FLOW_TRIGGER_LABELS[tg][locale]}
              </option>
            ))}
          </Select>
        </label>
        <label className="flex flex-col text-xs text-slate-600">
          {t('description')}
          <Input value={meta.description} onChange={(e) => setMeta({ ...meta, description: e.target.value })} />
        </label>
      </div>

      <div className="flex flex-wrap items-center gap-2" role="toolbar" aria-label={t('toolbar')}>
        <Button size="sm" variant="secondary" onClick={doUndo} disabled={history.past.length === 0 && !history.checkpoint} title="Ctrl+Z">
          {t('undo')}
        </Button>
        <Button size="sm" variant="secondary" onClick={doRedo} disabled={history.future.length === 0} title="Ctrl+Shift+Z">
          {t('redo')}
        </Button>
        <Button size="sm" variant="secondary" onClick={() => { onGraph((g) => layoutFlow(g), 'commit'); setTimeout(() => flow.fitView({ duration: 300 }), 50); }}>
          {t('autoLayout')}
        </Button>
        <Button size="sm" variant="secondary" onClick={onExport}>
          {t('exportBpmn')}
        </Button>
        <Button size="sm" variant="secondary" onClick={() => fileInput.current?.click()} disabled={importBpmn.isPending}>
          {t('importBpmn')}
        </Button>
        <input ref={fileInput} type="file" accept=".bpmn,.xml,application/xml,text/xml" className="hidden" data-testid="bpmn-file" onChange={(e) => { const f = e.target.files?.[0]; if (f) void onImportFile(f); e.target.value = ''; }} />
        <span className="mx-2 h-5 w-px bg-slate-300" />
        <Button size="sm" onClick={() => void onSave()} disabled={save.isPending || !dirty} data-testid="save-draft">
          {dirty ? t('saveDraft') : t('savedState')}
        </Button>
        <label className="flex items-center gap-1 text-xs text-slate-600">
          {t('effectiveDate')}
          <Input type="date" className="h-8 w-36" value={effectiveDate} onChange={(e) => setEffectiveDate(e.target.value)} />
        </label>
        <Button size="sm" onClick={() => void onSubmit()} disabled={problems.length > 0 || submit.isPending || save.isPending} title={problems.length ? t('submitBlocked', { count: problems.length }) : undefined} data-testid="submit-flow">
          {t('submit')}
        </Button>
        <span className={`text-xs ${problems.length ? 'text-red-700' : 'text-emerald-700'}`} data-testid="problem-count" aria-live="polite">
          {problems.length ? t('problemCount', { count: problems.length }) : t('noProblems')}
        </span>
      </div>

      <div className="grid gap-3 lg:grid-cols-[9rem_1fr_20rem]">
        <Palette onAdd={addAtCentre} />
        <DesignerCanvas
          graph={graph}
          labels={labels}
          problems={onNode}
          statuses={preview?.statuses}
          highlightedEdges={preview?.edges}
          selectedNodes={selectedNodes}
          selectedEdges={selectedEdges}
          onSelection={onSelection}
          onGraph={onGraph}
          onDropNode={addAt}
          height={640}
        />
        <aside className="space-y-2">
          <div className="flex gap-1" role="tablist">
            {(['node', 'problems', 'preview'] as const).map((k) => (
              <button key={k} role="tab" aria-selected={tab === k} className={`rounded px-2 py-1 text-xs ${tab === k ? 'bg-slate-800 text-white' : 'bg-slate-100'}`} onClick={() => setTab(k)}>
                {t(`tabs.${k}`)}
                {k === 'problems' && problems.length ? ` (${problems.length})` : ''}
              </button>
            ))}
          </div>
          <Card className="max-h-[600px] overflow-auto p-3">
            {tab === 'node' ? (
              selected ? (
                <NodePanel node={selected} graph={structure} directory={directory.data} onChange={onPanelChange} onSettle={onPanelSettle} />
              ) : (
                <p className="text-sm text-slate-500">{t('selectNode')}</p>
              )
            ) : null}
            {tab === 'problems' ? (
              problems.length ? (
                <ul className="space-y-1 text-sm" data-testid="problem-list">
                  {problems.map((p, i) => (
                    <li key={i}>
                      <button className="text-left text-red-700 hover:underline" onClick={() => focusNode(p)}>
                        {p.message[locale]}
                      </button>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="text-sm text-emerald-700">{t('noProblems')}</p>
              )
            ) : null}
            {tab === 'preview' ? <PathPreview graph={structure} onResult={setPreview} /> : null}
          </Card>
        </aside>
      </div>

      <Dialog open={!!imported} onOpenChange={(o) => !o && setImported(null)} title={t('importTitle')} wide>
        {imported ? (
          <ImportReview
            result={imported}
            directory={directory.data}
            onCancel={() => setImported(null)}
            onReplace={(g) => {
              setHistory((h) => commit(h, g));
              setImported(null);
              setTimeout(() => flow.fitView({ duration: 300 }), 50);
            }}
          />
        ) : null}
      </Dialog>
    </div>
  );
}
