'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/app/_trpc/client';
import { fieldErrorsOf, messageOf } from '@/app/_trpc/errors';
import { Button } from '@/app/_components/ui/button';
import { Badge, Card, PageTitle } from '@/app/_components/ui/card';
import { Field } from '@/app/_components/ui/field';
import { titleOf } from '@/catalog/kind-definition';
import type { KindDefinition } from '@/catalog/types';

interface Request {
  id: string;
  kindCode: string;
  code: string;
  action: string;
  version: number;
  baseVersion: number | null;
  effectiveDate: string;
  reason: string | null;
  requestedAt: Date;
  requestedBy: string;
  requesterName: string | null;
  content: Record<string, unknown>;
}

/** Approver's inbox: every open change request with its plain-language diff. */
export function Inbox({ viewerId }: { viewerId: string }) {
  const t = useTranslations('approvals');
  const trpc = useTRPC();
  const inbox = useQuery(trpc.approval.inbox.queryOptions());
  const kinds = useQuery(trpc.register.kinds.queryOptions());
  return (
    <div className="space-y-4">
      <PageTitle>{t('title')}</PageTitle>
      {inbox.data?.length === 0 ? <Card>{t('empty')}</Card> : null}
      {(inbox.data as Request[] | undefined)?.map((r) => <RequestCard key={r.id} r={r} own={r.requestedBy === viewerId} kind={kinds.data?.find((k) => k.code === r.kindCode)} />)}
    </div>
  );
}

function RequestCard({ r, own, kind }: { r: Request; own: boolean; kind?: KindDefinition }) {
  const t = useTranslations('approvals');
  const locale = useLocale() as 'zh-CN' | 'en';
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | undefined>();
  const diff = useQuery({ ...trpc.register.diffVersions.queryOptions({ kindCode: r.kindCode, code: r.code, from: r.baseVersion ?? 0, to: r.version }), enabled: r.action === 'publish' });
  const decide = useMutation(
    trpc.approval.decide.mutationOptions({
      onSuccess: (res) => {
        toast.success(res.status === 'approved' ? t('approved') : t('rejected'));
        qc.invalidateQueries({ queryKey: trpc.approval.inbox.queryKey() });
      },
      onError: (e) => {
        setError(fieldErrorsOf(e).comment ?? messageOf(e));
      },
    }),
  );
  const id = `comment-${r.id}`;
  return (
    <Card data-testid="request">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h2 className="font-semibold">
          {/* Names first (清单 · 条目); the code and version stay as secondary text. */}
          <span className="text-slate-600">{kind ? kind.name[locale] : ''}</span> {kind ? '· ' : ''}
          <Link className="text-brand-600 underline" href={`/registers/${r.kindCode}/${encodeURIComponent(r.code)}`}>
            {(kind && titleOf(kind, r.content, locale)) || r.code}
          </Link>{' '}
          <span className="text-xs font-normal text-slate-500">
            {r.code} v{r.version}
          </span>{' '}
          <Badge tone={r.action === 'retire' ? 'red' : 'amber'}>{t(r.action === 'retire' ? 'retire' : 'publish')}</Badge>
        </h2>
        <span className="text-sm text-slate-500">{t('requested', { who: r.requesterName ?? '', date: r.effectiveDate })}</span>
      </div>
      {r.reason ? <p className="mb-2 text-sm">{t('reason', { reason: r.reason })}</p> : null}
      {r.action === 'publish' ? (
        <ul className="mb-3 list-disc pl-5 text-sm" data-testid="request-diff">
          {(diff.data ?? []).map((c, i) => (
            <li key={i}>{c.text[locale]}</li>
          ))}
        </ul>
      ) : null}
      <Field id={id} label={t('comment')} error={error}>
        <textarea id={id} rows={2} className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm" value={comment} aria-invalid={Boolean(error)} aria-describedby={error ? `${id}-error` : undefined} onChange={(e) => setComment(e.target.value)} />
      </Field>
      {own ? <p className="mt-2 text-sm text-amber-800">{t('ownNotice')}</p> : null}
      <div className="mt-3 flex justify-end gap-2">
        <Button variant="secondary" disabled={decide.isPending} onClick={() => { setError(undefined); decide.mutate({ id: r.id, decision: 'reject', comment: comment || undefined }); }}>
          {t('reject')}
        </Button>
        <Button disabled={decide.isPending} onClick={() => { setError(undefined); decide.mutate({ id: r.id, decision: 'approve', comment: comment || undefined }); }}>
          {t('approve')}
        </Button>
      </div>
    </Card>
  );
}
