'use client';
/** Sample data in, predicted path out (catalog/flows/predict.ts), highlighted on the canvas. */
import { useQuery } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { useTRPC } from '@/app/_trpc/client';
import { Button } from '@/app/_components/ui/button';
import { Input, Select } from '@/app/_components/ui/field';
import { predictPath, type Prediction } from '@/catalog/flows/predict';
import { nodeLabel } from '@/catalog/flows/graph';
import type { FlowGraph } from '@/catalog/flows/types';
import { factsFrom, flowVariables } from '@/catalog/flows/variables';
import type { WorkingCalendar } from '@/forms/working-days';
import type { FlowNodeStatus } from './flow-nodes';

/** Today's date in China (UTC+8, no daylight saving), as YYYY-MM-DD. */
export const todayInChina = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

export interface PreviewResult {
  statuses: Record<string, FlowNodeStatus>;
  edges: Set<string>;
}

const NO_DAYS: WorkingCalendar = { holidays: [], workdays: [] };

/** The office calendar for the two years from `from`, read from the server (never bundled). */
export function useWorkingCalendar(from: string): WorkingCalendar {
  const trpc = useTRPC();
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(from);
  const to = valid ? `${Number(from.slice(0, 4)) + 2}${from.slice(4, 10)}`.replace(/-02-29$/, '-02-28') : from;
  const range = useQuery({ ...trpc.calendar.range.queryOptions({ from, to }), enabled: valid, staleTime: 10 * 60_000 });
  return range.data ?? NO_DAYS;
}

export function PathPreview({ graph, onResult }: { graph: FlowGraph; onResult: (r: PreviewResult | null) => void }) {
  const t = useTranslations('flows.preview');
  const locale = useLocale() === 'en' ? 'en' : 'zh-CN';
  // One field per fact the conditions read: no JSON to type.
  const variables = useMemo(() => flowVariables(graph), [graph]);
  const [values, setValues] = useState<Record<string, string>>({});
  const [startDate, setStartDate] = useState(todayInChina);
  const [prediction, setPrediction] = useState<Prediction | null>(null);
  const calendar = useWorkingCalendar(startDate);
  const labelOf = (path: string) => {
    const last = path.split('.').at(-1) ?? path;
    return t.has(`vars.${last}`) ? t(`vars.${last}` as 'vars.amount') : last;
  };
  const run = () => {
    const typed: Record<string, unknown> = {};
    for (const v of variables) {
      const raw = values[v.path];
      if (raw === undefined || raw === '') continue;
      typed[v.path] = v.kind === 'number' ? Number(raw) : v.kind === 'boolean' ? raw === 'true' : raw;
    }
    const p = predictPath(graph, { ...factsFrom(typed), startDate, calendar });
    setPrediction(p);
    onResult({ statuses: Object.fromEntries(p.path.map((id) => [id, 'predicted' as const])), edges: new Set(p.edges) });
  };
  return (
    <div className="space-y-2 text-sm" data-testid="path-preview">
      <fieldset className="space-y-1" data-testid="preview-facts">
        <legend className="text-xs text-slate-600">{t('sampleData')}</legend>
        {variables.length === 0 ? <p className="text-xs text-slate-500">{t('noVariables')}</p> : null}
        {variables.map((v) => {
          const id = `preview-${v.path}`;
          const set = (value: string) => setValues((x) => ({ ...x, [v.path]: value }));
          return (
            <label key={v.path} htmlFor={id} className="flex flex-col text-xs text-slate-600">
              {labelOf(v.path)}
              {v.kind === 'boolean' ? (
                <Select id={id} value={values[v.path] ?? ''} onChange={(e) => set(e.target.value)}>
                  <option value="">{t('any')}</option>
                  <option value="true">{t('yes')}</option>
                  <option value="false">{t('no')}</option>
                </Select>
              ) : v.kind === 'text' && v.values.length ? (
                <Select id={id} value={values[v.path] ?? ''} onChange={(e) => set(e.target.value)}>
                  <option value="">{t('any')}</option>
                  {v.values.map((x) => (
                    <option key={String(x)} value={String(x)}>
                      {String(x)}
                    </option>
                  ))}
                </Select>
              ) : (
                <Input id={id} type={v.kind === 'number' ? 'number' : 'text'} value={values[v.path] ?? ''} onChange={(e) => set(e.target.value)} />
              )}
            </label>
          );
        })}
      </fieldset>
      <label className="flex flex-col text-xs text-slate-600">
        {t('startDate')}
        <Input type="date" value={startDate} onChange={(e) => setStartDate(e.target.value)} />
      </label>
      <div className="flex gap-2">
        <Button size="sm" onClick={run}>
          {t('run')}
        </Button>
        <Button size="sm" variant="ghost" onClick={() => { setPrediction(null); onResult(null); }}>
          {t('clear')}
        </Button>
      </div>
      {prediction ? (
        <ol className="list-decimal space-y-0.5 pl-5 text-xs" data-testid="predicted-steps">
          {prediction.steps.map((s) => {
            const n = graph.nodes.find((x) => x.id === s.nodeId);
            return (
              <li key={s.nodeId}>
                {n ? nodeLabel(n, locale) : s.nodeId}
                {s.dueOn ? <span className="text-slate-500"> · {t('due', { date: s.dueOn })}</span> : null}
              </li>
            );
          })}
          {!prediction.endNodeId ? <li className="text-red-700">{t('noEnd')}</li> : null}
          {prediction.conditionErrors.map((c, i) => (
            <li key={i} className="text-amber-700">
              {t('conditionError', { node: (() => { const n = graph.nodes.find((x) => x.id === c.nodeId); return n ? nodeLabel(n, locale) : c.nodeId; })() })}
            </li>
          ))}
        </ol>
      ) : null}
    </div>
  );
}
