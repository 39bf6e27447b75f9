'use client';
/** A flow-graph field in the generic register pages: a small read-only drawing and a way to the designer. */
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { FlowGraph } from '@/catalog/flows/types';
import { FlowGraphView } from './flow-nodes';
import { useFlowLabels } from './use-flow-labels';

const EMPTY: FlowGraph = { nodes: [], edges: [] };

export function FlowGraphField({ value, code, editing = false }: { value: unknown; code?: string; editing?: boolean }) {
  const t = useTranslations('flows');
  const graph = value && typeof value === 'object' && Array.isArray((value as FlowGraph).nodes) ? (value as FlowGraph) : EMPTY;
  const labels = useFlowLabels(graph);
  return (
    <div className="space-y-1" data-testid="flow-graph-field">
      <FlowGraphView graph={graph} labels={labels} height={220} />
      <p className="text-xs text-slate-500">
        {t('graphSummary', { nodes: graph.nodes.length, edges: graph.edges.length })}{' '}
        <Link className="text-brand-600 hover:underline" href={code ? `/flows/${encodeURIComponent(code)}` : '/flows'}>
          {editing ? t('editInDesigner') : t('openDesigner')}
        </Link>
      </p>
    </div>
  );
}
