'use client';
import { useLocale, useTranslations } from 'next-intl';
import { useMemo } from 'react';
import type { FlowGraph, FlowNode } from '@/catalog/flows/types';
import type { CanvasLabels } from './flow-nodes';

const ARIA_KEYS = ['node.a11yDescription.default', 'node.a11yDescription.keyboardDisabled', 'edge.a11yDescription.default', 'controls.ariaLabel', 'controls.zoomIn.ariaLabel', 'controls.zoomOut.ariaLabel', 'controls.fitView.ariaLabel', 'controls.interactive.ariaLabel', 'minimap.ariaLabel', 'handle.ariaLabel'] as const;

/** Translated captions for canvas nodes and condition edges (type · mode, branch names). */
export function useFlowLabels(graph: FlowGraph): CanvasLabels {
  const t = useTranslations('flows');
  const locale = useLocale() === 'en' ? 'en' : 'zh-CN';
  // Keyed by the text of the branch labels, so that moving nodes (every frame of a drag) keeps the
  // same labels object and the canvas does not rebuild its edges.
  const entries: [string, string][] = [];
  for (const n of graph.nodes) {
    if (n.type !== 'condition') continue;
    if (n.params.defaultEdgeId) entries.push([n.params.defaultEdgeId, t('panel.defaultBranch')]);
    for (const b of n.params.branches) entries.push([b.edgeId, (locale === 'en' ? b.label.en : b.label['zh-CN']) || b.label['zh-CN']]);
  }
  const key = JSON.stringify(entries);
  const edgeLabels = useMemo(() => new Map<string, string>(JSON.parse(key) as [string, string][]), [key]);
  return useMemo(
    () => ({
      locale,
      caption: (n: FlowNode) => {
        const type = t(`nodeTypes.${n.type}`);
        if (n.type === 'approval') return `${type} · ${t(`modes.${n.params.mode}`)}${n.params.deadline ? ` · ${t('panel.daysShort', { days: n.params.deadline.workingDays })}` : ''}`;
        if (n.type === 'timer') return `${type} · ${t('panel.daysShort', { days: n.params.workingDays })}`;
        return type;
      },
      edgeLabel: (id: string) => edgeLabels.get(id),
      typeName: (type: FlowNode['type']) => t(`nodeTypes.${type}`),
      minimap: t('minimap'),
      // React Flow's own tooltips and screen-reader texts (zoom buttons, minimap …) in the page's language.
      aria: Object.fromEntries(ARIA_KEYS.map((k) => [k, t(`canvasAria.${k.replaceAll('.', '_')}` as 'canvasAria.controls_ariaLabel')])) as CanvasLabels['aria'],
    }),
    [edgeLabels, locale, t],
  );
}
