'use client';
import '@xyflow/react/dist/style.css';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { toast } from 'sonner';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/trpc/router';
import { useTRPC } from '@/app/_trpc/client';
import { messageOf } from '@/app/_trpc/errors';
import { Button } from '@/app/_components/ui/button';
import { Badge, Card, PageTitle } from '@/app/_components/ui/card';
import { InstanceStatus } from '@/app/(app)/tasks/tasks-inbox';
import { FlowGraphView, FlowStatusLegend, displayName, type FlowNodeStatus } from '../../_components/flow-nodes';
import { useFlowLabels } from '../../_components/use-flow-labels';

type View = inferRouterOutputs<AppRouter>['flow']['byId'];
type NodeState = 'done' | 'active' | 'pending';

const INSTANCE_STATUSES: FlowNodeStatus[] = ['done', 'active', 'pending'];

/** The graph drawn read-only by the designer's node cards: done / active / pending steps in
 *  distinct styles, the due date under an active or predicted step. */
function InstanceGraph({ view }: { view: View }) {
  const t = useTranslations('flowEngine.instance');
  const labels = useFlowLabels(view.graph);
  const notes = useMemo(() => {
    const out: Record<string, string> = {};
    for (const s of view.predicted) if (s.dueOn) out[s.nodeId] = t('dueOn', { date: s.dueOn });
    for (const task of view.tasks) if (task.status === 'active' && task.dueDate) out[task.nodeId] = t('dueOn', { date: task.dueDate });
    return out;
  }, [view, t]);
  return (
    <div data-testid="instance-graph">
      <FlowGraphView graph={view.graph} labels={labels} statuses={view.nodeStates} notes={notes} height={420} controls />
    </div>
  );
}

export function InstanceView({ id, viewerId }: { id: string; viewerId: string }) {
  const t = useTranslations('flowEngine.instance');
  const tn = useTranslations('flows.nodeTypes');
  const tc = useTranslations('common');
  const locale = useLocale() as 'zh-CN' | 'en';
  const trpc = useTRPC();
  const qc = useQueryClient();
  const q = useQuery(trpc.flow.byId.queryOptions({ id }));
  const [comment, setComment] = useState('');
  const opts = {
    onSuccess: () => {
      setComment('');
      qc.invalidateQueries({ queryKey: trpc.flow.byId.queryKey({ id }) });
    },
    onError: (e: unknown) => toast.error(messageOf(e)),
  };
  const withdraw = useMutation(trpc.flow.withdraw.mutationOptions(opts));
  const urge = useMutation(trpc.flow.urge.mutationOptions(opts));
  const say = useMutation(trpc.flow.comment.mutationOptions(opts));
  if (q.error) return <Card>{messageOf(q.error)}</Card>;
  const view = q.data;
  if (!view) return null;
  const i = view.instance;
  const mine = i.initiatorId === viewerId && i.status === 'running';
  const nodeName = (nodeId: string | null) => {
    const n = nodeId ? view.graph.nodes.find((x) => x.id === nodeId) : undefined;
    return n ? displayName(n, locale, (type) => tn(type)) : '';
  };
  return (
    <div className="space-y-4">
      <PageTitle
        actions={
          mine ? (
            <div className="flex gap-2">
              <Button variant="secondary" disabled={urge.isPending} onClick={() => urge.mutate({ instanceId: id, comment: comment || undefined })}>
                {t('urge')}
              </Button>
              <Button variant="danger" disabled={withdraw.isPending} onClick={() => withdraw.mutate({ instanceId: id, comment: comment || undefined })}>
                {t('withdraw')}
              </Button>
            </div>
          ) : null
        }
      >
        {t('title')} <InstanceStatus status={i.status} />
      </PageTitle>
      <Card>
        <p className="text-sm">{t('subject', { label: i.subjectLabel })}</p>
        <p className="text-sm text-slate-600">
          {t('flow', { code: i.flowCode, version: i.flowVersion })} · {t('initiator', { name: i.initiatorName ?? '' })}
        </p>
      </Card>
      <Card>
        <div className="mb-2 flex justify-end">
          <FlowStatusLegend statuses={INSTANCE_STATUSES} title={t('legend')} name={(st) => t(st as 'done')} />
        </div>
        <InstanceGraph view={view} />
      </Card>
      <div className="grid gap-4 md:grid-cols-2">
        <Card>
          <h2 className="mb-2 font-semibold">{t('timeline')}</h2>
          <ol className="space-y-1 text-sm" data-testid="timeline">
            {view.events.map((e) => (
              <li key={e.seq}>
                <span className="text-slate-500">{new Date(e.at).toLocaleString()}</span> <strong>{e.actorName ?? tc('system')}</strong> {t(`event.${e.type.replace(/\./g, '_')}` as 'event.comment')} {nodeName(e.nodeId)}
                {typeof e.payload.comment === 'string' && e.payload.comment ? <span className="text-slate-700">「{e.payload.comment}」</span> : null}
              </li>
            ))}
          </ol>
          {i.status === 'running' ? (
            <div className="mt-3 flex gap-2">
              <input aria-label={t('comment')} className="flex-1 rounded-md border border-slate-300 px-2 py-1 text-sm" value={comment} onChange={(e) => setComment(e.target.value)} />
              <Button size="sm" disabled={!comment.trim() || say.isPending} onClick={() => say.mutate({ instanceId: id, text: comment })}>
                {t('send')}
              </Button>
            </div>
          ) : null}
        </Card>
        <div className="space-y-4">
          <Card>
            <h2 className="mb-2 font-semibold">{t('tasks')}</h2>
            <ul className="space-y-1 text-sm" data-testid="instance-tasks">
              {view.tasks.map((task) => (
                <li key={task.id}>
                  {nodeName(task.nodeId)} · {task.assigneeName ?? '—'} <Badge tone={task.status === 'active' ? 'blue' : task.outcome === 'rejected' ? 'red' : task.status === 'done' ? 'green' : 'slate'}>{task.outcome ? t(`outcome.${task.outcome}` as 'outcome.approved') : t(`taskStatus.${task.status}` as 'taskStatus.active')}</Badge>
                  {task.actedAt ? <span className="text-slate-500"> {new Date(task.actedAt).toLocaleString()}</span> : null}
                  {task.comment ? <span> 「{task.comment}」</span> : null}
                  {task.dueDate && task.status === 'active' ? <span className="text-slate-500"> {t('dueOn', { date: task.dueDate })}</span> : null}
                </li>
              ))}
            </ul>
          </Card>
          <Card>
            <h2 className="mb-2 font-semibold">{t('predicted')}</h2>
            {view.predicted.length === 0 ? <p className="text-sm text-slate-500">{t('predictedEmpty')}</p> : null}
            <ol className="list-decimal space-y-1 pl-5 text-sm" data-testid="predicted-path">
              {view.predicted.map((s) => (
                <li key={s.nodeId}>
                  {nodeName(s.nodeId)} · {t('startsOn', { date: s.startsOn })} · {s.dueOn ? t('dueOn', { date: s.dueOn }) : t('noDeadline')}
                </li>
              ))}
            </ol>
          </Card>
        </div>
      </div>
    </div>
  );
}
