'use client';
/**
 * The BPMN import review: before an imported diagram replaces the flow, the editor sees what the
 * file becomes — how elements were mapped (with their meaning: "P1W → 等待 5 个工作日"), what is
 * not supported and what stands in its place, the parser's warnings — and turns each lane into
 * the assignee of the steps drawn in it (proposed from the lane's name). Nothing is replaced
 * until 替换当前流程图; the replacement can be undone.
 */
import { useLocale, useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { Button } from '@/app/_components/ui/button';
import { Select } from '@/app/_components/ui/field';
import type { BpmnImportResult } from '@/catalog/flows/bpmn';
import { applyLaneChoices, suggestLaneChoice, type LaneChoice } from '@/catalog/flows/bpmn-lanes';
import { nodeLabel } from '@/catalog/flows/graph';
import type { FlowGraph } from '@/catalog/flows/types';

export type ImportedBpmn = Extract<BpmnImportResult, { ok: true }>;

export interface ReviewDirectory {
  roles: string[];
  departments: { id: string; code: string; nameZh: string; nameEn: string }[];
}

const TIMER_NOTES = new Set(['timerDuration', 'deadlineDuration', 'durationUnsupported']);

const encode = (c: LaneChoice) => (!c ? '' : c.kind === 'department' ? `d:${c.departmentId}` : `r:${c.role}`);
const decode = (v: string): LaneChoice => (v.startsWith('d:') ? { kind: 'department', departmentId: v.slice(2) } : v.startsWith('r:') ? { kind: 'role', role: v.slice(2) } : null);

export function ImportReview({ result, directory, onCancel, onReplace }: { result: ImportedBpmn; directory?: ReviewDirectory; onCancel: () => void; onReplace: (graph: FlowGraph) => void }) {
  const t = useTranslations('flowImport');
  const tf = useTranslations('flows');
  const locale = useLocale() === 'en' ? 'en' : 'zh-CN';
  const roleName = (r: string) => tf(`panel.roles.${r}` as 'panel.roles.approver');

  // Proposals follow the directory (it may arrive after the dialog opened); a pick overrides them.
  const suggested = useMemo(() => {
    const roleName = (r: string) => tf(`panel.roles.${r}` as 'panel.roles.approver');
    const dir = { departments: directory?.departments ?? [], roles: (directory?.roles ?? []).map((role) => ({ role, labels: [roleName(role)] })) };
    return Object.fromEntries(result.lanes.map((l) => [l.id, suggestLaneChoice(l.name, dir)]));
  }, [directory, result.lanes, tf]);
  const [picked, setPicked] = useState<Record<string, LaneChoice>>({});
  const choices = { ...suggested, ...picked };

  const mapped = result.mapped.filter((n) => n.code !== 'lane');
  const hasTimers = [...result.mapped, ...result.unsupported].some((n) => TIMER_NOTES.has(n.code));
  const stepName = (id: string) => {
    const n = result.graph.nodes.find((x) => x.id === id);
    return n ? nodeLabel(n, locale) : id;
  };

  return (
    <div className="space-y-4 text-sm" data-testid="import-review">
      <p>
        {result.exporter ? `${t('source', { exporter: result.exporter })}${locale === 'en' ? ' ' : ''}` : ''}
        {tf('importSummary', { nodes: result.graph.nodes.length, edges: result.graph.edges.length })}
      </p>

      {result.warnings.length ? (
        <section aria-labelledby="import-warnings" data-testid="import-warnings">
          <h3 id="import-warnings" className="font-medium text-red-800">
            {t('warningsTitle', { count: result.warnings.length })}
          </h3>
          <ul className="mt-1 list-disc space-y-0.5 pl-5 text-xs text-red-800">
            {result.warnings.map((w, i) => (
              <li key={i}>{w.message[locale]}</li>
            ))}
          </ul>
        </section>
      ) : null}

      {mapped.length ? (
        <section aria-labelledby="import-mapped" data-testid="import-mapped">
          <h3 id="import-mapped" className="font-medium text-slate-800">
            {t('mappedTitle', { count: mapped.length })}
          </h3>
          <ul className="mt-1 list-disc space-y-0.5 pl-5 text-xs text-slate-700">
            {mapped.map((n, i) => (
              <li key={i} data-code={n.code}>
                {n.message[locale]}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="import-unsupported" data-testid="import-unsupported">
        {result.unsupported.length ? (
          <>
            <h3 id="import-unsupported" className="font-medium text-amber-800">
              {t('unsupportedTitle', { count: result.unsupported.length })}
            </h3>
            <ul className="mt-1 list-disc space-y-0.5 pl-5 text-xs text-amber-900">
              {result.unsupported.map((n, i) => (
                <li key={i} data-code={n.code}>
                  {n.message[locale]}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p id="import-unsupported" className="text-emerald-700">
            {tf('importAllSupported')}
          </p>
        )}
      </section>

      {result.lanes.length ? (
        <section aria-labelledby="import-lanes" data-testid="import-lanes">
          <h3 id="import-lanes" className="font-medium text-slate-800">
            {t('lanesTitle')}
          </h3>
          <p className="text-xs text-slate-600">{t('lanesHelp')}</p>
          <table className="mt-1 w-full text-xs">
            <tbody>
              {result.lanes.map((lane) => {
                const name = lane.name || t('laneUnnamed');
                const value = encode(choices[lane.id] ?? null);
                return (
                  <tr key={lane.id} className="border-t border-slate-100 align-top" data-testid="import-lane">
                    <td className="py-1.5 pr-3">
                      <div className="font-medium">{name}</div>
                      <div className="text-slate-500">{t('laneSteps', { count: lane.nodeIds.length, names: lane.nodeIds.map(stepName).join(locale === 'en' ? ', ' : '、') })}</div>
                    </td>
                    <td className="w-72 py-1.5">
                      <Select aria-label={t('laneSelectLabel', { lane: name })} value={value} onChange={(e) => setPicked({ ...picked, [lane.id]: decode(e.target.value) })}>
                        <option value="">{t('laneNone')}</option>
                        <optgroup label={t('laneDepartments')}>
                          {(directory?.departments ?? []).map((d) => (
                            <option key={d.id} value={`d:${d.id}`}>
                              {locale === 'en' ? d.nameEn : d.nameZh}
                            </option>
                          ))}
                        </optgroup>
                        <optgroup label={t('laneRoles')}>
                          {(directory?.roles ?? []).map((r) => (
                            <option key={r} value={`r:${r}`}>
                              {roleName(r)}
                            </option>
                          ))}
                        </optgroup>
                      </Select>
                      {!(lane.id in picked) && suggested[lane.id] ? <div className="mt-0.5 text-emerald-700">{t('laneSuggested')}</div> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      ) : null}

      {hasTimers ? <p className="rounded bg-slate-50 p-2 text-xs text-slate-600" data-testid="import-duration-rules">{t('durationRules')}</p> : null}

      <div className="flex items-center justify-end gap-2">
        <span className="mr-auto text-xs text-slate-500">{t('undoHint')}</span>
        <Button variant="secondary" onClick={onCancel}>
          {tf('cancel')}
        </Button>
        <Button onClick={() => onReplace(applyLaneChoices(result.graph, result.lanes, choices))} data-testid="import-replace">
          {tf('importReplace')}
        </Button>
      </div>
    </div>
  );
}
