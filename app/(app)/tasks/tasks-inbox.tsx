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
type InboxItem = inferRouterOutputs<AppRouter>['inbox']['list']['items'][number];
type Task = Inbox['tasks'][number];
type Panel = null | 'return' | 'transfer' | 'addSigner';

/**
 * 我的待办: everything waiting for the signed-in user (server/inbox: flow tasks, built-in decisions,
 * deadlines) with counts; flow tasks are acted on in place, the other items open where they are
 * decided. Below: the outcomes of what they started, the flow notices and the flows they started.
 */
export function TasksInbox() {
  const t = useTranslations('flowEngine.tasks');
  const ti = useTranslations('inbox');
  const locale = useLocale() as 'zh-CN' | 'en';
  const trpc = useTRPC();
  const qc = useQueryClient();
  const inbox = useQuery(trpc.flow.inbox.queryOptions());
  const all = useQuery(trpc.inbox.list.queryOptions());
  const mine = useQuery(trpc.flow.myInstances.queryOptions());
  const markRead = useMutation(trpc.flow.markRead.mutationOptions({ onSuccess: () => qc.invalidateQueries({ queryKey: trpc.flow.inbox.queryKey() }) }));
  const data = inbox.data;
  const titles = new Map((all.data?.items ?? []).filter((i) => i.taskId).map((i) => [i.taskId!, i]));
  const others = (all.data?.items ?? []).filter((i) => !i.taskId);
  const counts = all.data?.counts;
  return (
    <div className="space-y-4">
      <PageTitle>{ti('title')}</PageTitle>
      <p className="text-sm text-slate-600">{ti('intro')}</p>
      {counts ? (
        <div className="flex flex-wrap gap-2" data-testid="task-counts">
          <Badge tone="blue">{ti('total', { count: counts.total })}</Badge>
          {counts.overdue ? <Badge tone="red">{ti('overdue', { count: counts.overdue })}</Badge> : null}
          {Object.entries(counts.byKind).map(([kind, n]) => (
            <span key={kind} data-testid={`count-${kind}`}>
              <Badge>
                {ti(`kind.${kind}` as 'kind.flow-task')} {n}
              </Badge>
            </span>
          ))}
          {data?.counts.unread ? <Badge tone="amber">{t('unread', { count: data.counts.unread })}</Badge> : null}
        </div>
      ) : null}
      {counts?.total === 0 ? <Card>{ti('empty')}</Card> : null}
      {data?.tasks.length ? <h2 className="font-semibold">{ti('flowTasks')}</h2> : null}
      {data?.tasks.map((task) => <TaskCard key={task.taskId} task={task} title={titles.get(task.taskId)} />)}
      {others.length ? (
        <section aria-labelledby="inbox-others">
          <h2 id="inbox-others" className="mb-2 font-semibold">
            {ti('others')}
          </h2>
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" data-testid="inbox-items">
            {others.map((i) => (
              <li key={i.key} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3" data-testid="inbox-item">
                <div className="min-w-0">
                  <div className="flex flex-wrap items-center gap-2">
                    <Badge tone={i.group === 'deadline' ? 'amber' : 'blue'}>{ti(`kind.${i.kind}` as 'kind.flow-task')}</Badge>
                    <Link className="font-medium text-brand-700 underline" href={i.href}>
                      {i.title[locale]}
                    </Link>
                    {i.code ? <span className="text-xs text-slate-500">{i.code}</span> : null}
                    {i.overdue ? <Badge tone="red">{ti('overdueBadge')}</Badge> : null}
                  </div>
                  <p className="mt-0.5 text-xs text-slate-600">
                    {i.from ? <span className="mr-3">{ti('from', { name: i.from })}</span> : null}
                    {i.dueDate ? <span className="mr-3">{ti('due', { date: i.dueDate })}</span> : null}
                    {i.since ? <span>{ti('since', { date: new Date(i.since).toLocaleDateString(locale) })}</span> : null}
                  </p>
                </div>
                <Link className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50" href={i.href}>
                  {ti('open')}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <OutcomeNotices />
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
                {n.message ?? ''} <span className="text-slate-500">{new Date(n.createdAt).toLocaleString()}</span>
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
              <InstanceStatus status={i.status} /> <span className="text-slate-500">{new Date(i.startedAt).toLocaleString()}</span>
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

function TaskCard({ task, title }: { task: Task; title?: InboxItem }) {
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
            {title ? title.title[locale] : task.subjectLabel}
          </Link>{' '}
          {title?.code ? <span className="text-xs font-normal text-slate-500">{title.code}</span> : null}{' '}
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

/** The outcomes of what the user started: approved, returned, accepted, rejected, listed. */
function OutcomeNotices() {
  const t = useTranslations('inbox');
  const locale = useLocale() as 'zh-CN' | 'en';
  const trpc = useTRPC();
  const qc = useQueryClient();
  const notes = useQuery(trpc.inbox.notifications.queryOptions());
  const markRead = useMutation(trpc.inbox.markRead.mutationOptions({ onSuccess: () => qc.invalidateQueries({ queryKey: trpc.inbox.notifications.queryKey() }) }));
  const data = notes.data;
  if (!data) return null;
  return (
    <Card>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h2 className="font-semibold">
          {t('outcomes')} {data.unread ? <Badge tone="amber">{t('unread', { count: data.unread })}</Badge> : null}
        </h2>
        {data.unread ? (
          <Button size="sm" variant="ghost" disabled={markRead.isPending} onClick={() => markRead.mutate({})}>
            {t('markRead')}
          </Button>
        ) : null}
      </div>
      {data.items.length === 0 ? <p className="text-sm text-slate-500">{t('outcomesEmpty')}</p> : null}
      <ul className="space-y-2 text-sm" data-testid="outcome-notices">
        {data.items.map((n) => (
          <li key={n.id} className={n.read ? 'text-slate-600' : 'font-medium'} data-testid="outcome-notice">
            <Badge tone={n.outcome === 'approved' || n.outcome === 'accepted' || n.outcome === 'listed' ? 'green' : n.outcome === 'rejected' || n.outcome === 'returned' ? 'red' : 'slate'}>
              {t.has(`outcome.${n.outcome}`) ? t(`outcome.${n.outcome}` as 'outcome.approved') : n.outcome}
            </Badge>{' '}
            <span className="text-slate-500">{t.has(`subject.${n.subjectType}`) ? t(`subject.${n.subjectType}` as 'subject.record') : ''}</span>{' '}
            {n.href ? (
              <Link className="text-brand-700 underline" href={n.href}>
                {n.title?.[locale] ?? n.code}
              </Link>
            ) : (
              <span>{n.title?.[locale] ?? n.code}</span>
            )}{' '}
            {n.code ? <span className="text-xs text-slate-500">{n.code}</span> : null}
            <span className="ml-2 text-xs text-slate-500">
              {n.actorName ? t('by', { name: n.actorName }) : null} · {new Date(n.createdAt).toLocaleString(locale)}
            </span>
            {n.comment ? <p className="text-xs text-slate-600">{t('comment', { comment: n.comment })}</p> : null}
          </li>
        ))}
      </ul>
    </Card>
  );
}
