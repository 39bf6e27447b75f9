'use client';
import { useTranslations } from 'next-intl';
import { useTRPCClient } from '@/app/_trpc/client';
import { RevealWithReason } from '../reveal-with-reason';

/** 查看原文 of one lookup whose ID or phone numbers are masked: what was asked, about whom, why. */
export function RevealLookupButton({ id }: { id: string }) {
  const t = useTranslations('auditChain');
  const tq = useTranslations('gradingUi.queryLog');
  const client = useTRPCClient();
  return (
    <RevealWithReason title={t('revealQueryTitle')} inputId={`reveal-lookup-${id}`} testId="revealed-lookup" reveal={(reason) => client.audit.revealQueryLog.mutate({ id, reason })}>
      {(data) => (
        <dl className="grid grid-cols-[8rem_1fr] gap-y-1 text-sm">
          <dt className="text-slate-500">{tq('query')}</dt>
          <dd className="break-all">{data.query}</dd>
          <dt className="text-slate-500">{tq('subject')}</dt>
          <dd className="break-all">{data.subjectCode ? `${data.subjectName ?? ''} ${data.subjectCode}` : '—'}</dd>
          <dt className="text-slate-500">{tq('purpose')}</dt>
          <dd className="break-all">{data.purpose}</dd>
        </dl>
      )}
    </RevealWithReason>
  );
}
