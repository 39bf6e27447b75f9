'use client';
import { useTranslations } from 'next-intl';
import { useTRPCClient } from '@/app/_trpc/client';
import { ChangeView } from './change-view';
import { RevealWithReason } from './reveal-with-reason';

/** 查看原文 of one audit row whose personal values are masked: its before/after, with a reason. */
export function RevealButton({ id, label }: { id: number; label: string }) {
  const t = useTranslations('auditChain');
  const client = useTRPCClient();
  return (
    <RevealWithReason title={t('revealTitle', { row: label })} inputId={`reveal-reason-${id}`} testId="revealed" reveal={(reason) => client.audit.reveal.mutate({ id, reason })}>
      {(data) => (
        <>
          <ChangeView before={data.before} after={data.after} />
          {data.reason ? <p className="text-sm text-slate-700">{t('rowReason', { reason: data.reason })}</p> : null}
        </>
      )}
    </RevealWithReason>
  );
}
