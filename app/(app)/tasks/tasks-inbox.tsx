'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/trpc/router';
import { useTRPC } from '@/app/_trpc/client';
import { fieldErrorsOf, messageOf } from '@/app/_trpc/errors';
import { Button } from '@/app/_components/ui/button';
import { Badge, Card, PageTitle } from '@/app/_components/ui/card';
import { Field, Select } from '@/app/_components/ui/field';

type Inbox = inferRouterOutputs<AppRouter>['flow']['inbox'];
type Task = Inbox['tasks'][number];
type Panel = null | 'return' | 'transfer' | 'addSigner';

/** 我的待办: the signed-in user's active tasks with counts, their notices and the flows they started. */
export function TasksInbox() {
  const t = useTranslations('flowEngine.tasks');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const inbox = useQuery(trpc.flow.inbox.queryOptions());
  const mine = useQuery(trpc.flow.myInstances.queryOptions());
  const markRead = useMutation(trpc.flow.markRead.mutationOptions({ onSuccess: () => qc.invalidateQueries({ queryKey: trpc.flow.inbox.queryKey() }) }));
  const data = inbox.data;
  return (
    <div className="space-y-4">
      <PageTitle>{t('title')}</PageTitle>
      {data ? (
        <div className="flex flex-wrap gap-2" data-testid="task-counts">
          <Badge tone="blue">{t('total', { count: data.counts.total })}</Badge>
          {data.counts.overdue ? <Badge tone="red">{t('overdue', { count: data.counts.overdue })}</Badge> : null}
          {data.counts.resubmit ? <Badge tone="amber">{t('resubmit', { count: data.counts.resubmit })}</Badge> : null}
          {Object.entries(data.counts.bySubject).map(([kind, n]) => (
            <Badge key={kind}>
              {t(`subject.${kind}` as 'subject.record')} {n}
            </Badge>
          ))}
          {data.counts.unread ? <Badge tone="amber">{t('unread', { count: data.counts.unread })}</Badge> : null}
        </div>
      ) : null}
      {data?.tasks.length === 0 ? <Card>{t('empty')}</Card> : null}
      {data?.tasks.map((task) => <TaskCard key={task.taskId} task={task} />)}
      {data?.notifications.length ? (
        <Card>
          <div className="mb-2 flex items-center justify-between">
            <h2 className="font-semibold">{t('notifications')}</h2>
            <Button size="sm" variant="ghost" onClick={() => markRead.mutate({})}>
              {t('markRead')}
            </Button>
          </div>
          <ul className="space-y-1 text-sm" data-testid="notifications">
            {data.notifications.map((n) => (
              <li key={n.id} className={n.read ? 'text-slate-500' : 'font-medium'}>
                <Badge tone={n.kind === 'urge' || n.kind === 'remind' ? 'amber' : 'slate'}>{t(`kind.${n.kind}` as 'kind.cc')}</Badge>{' '}
                <Link className="text-brand-600 underline" href={`/flows/instances/${n.instanceId}`}>
                  {n.subjectLabel}
                </Link>{' '}
                {n.message ?? ''} <span className="text-slate-400">{new Date(n.createdAt).toLocaleString()}</span>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      <Card>
        <h2 className="mb-2 font-semibold">{t('myInstances')}</h2>
        {mine.data?.length === 0 ? <p className="text-sm text-slate-500">{t('noInstances')}</p> : null}
        <ul className="space-y-1 text-sm" data-testid="my-instances">
          {mine.data?.map((i) => (
            <li key={i.id}>
              <Link className="text-brand-600 underline" href={`/flows/instances/${i.id}`}>
                {i.subjectLabel}
              </Link>{' '}
              <InstanceStatus status={i.status} /> <span className="text-slate-400">{new Date(i.startedAt).toLocaleString()}</span>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}

export function InstanceStatus({ status }: { status: string }) {
  const t = useTranslations('flowEngine.instance.status');
  const tone = status === 'approved' ? 'green' : status === 'rejected' ? 'red' : status === 'running' ? 'blue' : 'slate';
  return <Badge tone={tone}>{t(status as 'running')}</Badge>;
}

function TaskCard({ task }: { task: Task }) {
  const t = useTranslations('flowEngine.tasks');
  const tg = useTranslations('trustGate');
  const locale = useLocale() as 'zh-CN' | 'en';
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [userError, setUserError] = useState<string | undefined>();
  const [panel, setPanel] = useState<Panel>(null);
  const [target, setTarget] = useState('previous');
  const [userId, setUserId] = useState('');
  const [position, setPosition] = useState<'before' | 'after'>('before');
  const view = useQuery({ ...trpc.flow.byId.queryOptions({ id: task.instanceId }), enabled: panel === 'return' });
  const candidates = useQuery({ ...trpc.flow.candidates.queryOptions({ taskId: task.taskId }), enabled: panel === 'transfer' || panel === 'addSigner' });
  const opts = {
    onSuccess: () => {
      toast.success(t('done'));
      setPanel(null);
      qc.invalidateQueries({ queryKey: trpc.flow.inbox.queryKey() });
    },
    onError: (e: unknown) => {
      const fields = fieldErrorsOf(e);
      if (fields.userId) setUserError(fields.userId);
      else setError(fields.comment ?? messageOf(e));
    },
  };
  const approve = useMutation(trpc.flow.approve.mutationOptions(opts));
  const reject = useMutation(trpc.flow.reject.mutationOptions(opts));
  const ret = useMutation(trpc.flow.return.mutationOptions(opts));
  const transfer = useMutation(trpc.flow.transfer.mutationOptions(opts));
  const addSigner = useMutation(trpc.flow.addSigner.mutationOptions(opts));
  const busy = approve.isPending || reject.isPending || ret.isPending || transfer.isPending || addSigner.isPending;
  const base = { taskId: task.taskId, comment: comment || undefined };
  const run = (fn: () => void) => () => {
    setError(undefined);
    setUserError(undefined);
    fn();
  };
  const id = `comment-${task.taskId}`;
  const resubmit = task.kind === 'resubmit';
  const labelOf = (nodeId: string) => {
    const n = view.data?.graph.nodes.find((x) => x.id === nodeId);
    const l = n?.params && 'label' in n.params ? n.params.label : undefined;
    return l?.[locale] || nodeId;
  };
  return (
    <Card data-testid="task">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h2 className="font-semibold">
          <Link className="text-brand-600 underline" href={`/flows/instances/${task.instanceId}`}>
            {task.subjectLabel}
          </Link>{' '}
          <Badge>{t(`subject.${task.subjectType}` as 'subject.record')}</Badge> {task.overdue ? <Badge tone="red">{t('overdueBadge')}</Badge> : null}
        </h2>
        <span className="text-sm text-slate-500">{t('initiator', { name: task.initiatorName ?? '' })}</span>
      </div>
      <p className="text-sm">
        {resubmit ? t('waitingResubmit') : t('step', { step: task.step.label[locale] })}
        {task.dueDate ? <span className="ml-3 text-slate-500">{t('due', { date: task.dueDate })}</span> : null}
      </p>
      <div className="mt-2">
        <Field id={id} label={t('comment')} error={error}>
          <textarea id={id} rows={2} className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm" value={comment} aria-invalid={Boolean(error)} onChange={(e) => setComment(e.target.value)} />
        </Field>
      </div>
      {panel === 'return' ? (
        <div className="mt-2 flex items-end gap-2">
          <Field id={`target-${task.taskId}`} label={t('returnTo')}>
            <Select id={`target-${task.taskId}`} value={target} onChange={(e) => setTarget(e.target.value)}>
              <option value="previous">{t('returnPrevious')}</option>
              <option value="initiator">{t('returnInitiator')}</option>
              {view.data?.completedSteps.map((n) => (
                <option key={n} value={n}>
                  {labelOf(n)}
                </option>
              ))}
            </Select>
          </Field>
          <Button disabled={busy} onClick={run(() => ret.mutate({ ...base, target }))}>
            {t('confirm')}
          </Button>
        </div>
      ) : null}
      {panel === 'transfer' || panel === 'addSigner' ? (
        <div className="mt-2 flex flex-wrap items-end gap-2">
          <Field id={`user-${task.taskId}`} label={t('pickUser')} error={userError}>
            <Select id={`user-${task.taskId}`} value={userId} aria-invalid={Boolean(userError)} onChange={(e) => setUserId(e.target.value)}>
              <option value="" />
              {candidates.data?.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name} ({u.username}) {locale === 'en' ? (u.departmentNameEn ?? '') : (u.departmentNameZh ?? '')}
                </option>
              ))}
            </Select>
          </Field>
          {candidates.data?.length === 0 ? (
            <p className="w-full text-sm text-slate-500" data-testid="no-candidates">
              {tg('noCandidates')}
            </p>
          ) : null}
          {panel === 'addSigner' ? (
            <Select aria-label={t('addSigner')} value={position} onChange={(e) => setPosition(e.target.value as 'before' | 'after')}>
              <option value="before">{t('before')}</option>
              <option value="after">{t('after')}</option>
            </Select>
          ) : null}
          <Button disabled={busy || !userId} onClick={run(() => (panel === 'transfer' ? transfer.mutate({ ...base, userId }) : addSigner.mutate({ ...base, userId, position })))}>
            {t('confirm')}
          </Button>
        </div>
      ) : null}
      <div className="mt-3 flex flex-wrap justify-end gap-2">
        {!resubmit ? (
          <>
            <Button variant="ghost" onClick={() => setPanel(panel === 'transfer' ? null : 'transfer')}>
              {t('transfer')}
            </Button>
            <Button variant="ghost" onClick={() => setPanel(panel === 'addSigner' ? null : 'addSigner')}>
              {t('addSigner')}
            </Button>
            <Button variant="secondary" onClick={() => setPanel(panel === 'return' ? null : 'return')}>
              {t('return')}
            </Button>
            <Button variant="danger" disabled={busy} onClick={run(() => reject.mutate(base))}>
              {t('reject')}
            </Button>
          </>
        ) : null}
        <Button disabled={busy} onClick={run(() => approve.mutate(base))}>
          {resubmit ? t('resubmit') : t('approve')}
        </Button>
      </div>
    </Card>
  );
}
