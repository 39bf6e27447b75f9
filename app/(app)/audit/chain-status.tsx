'use client';
import { useQuery } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { useTRPC } from '@/app/_trpc/client';

/**
 * Where the chain stands: its sealed end, and the rows committed but not chained yet (the
 * chainer seals them moments after each change; a long wait means it is not running).
 */
export function ChainStatus() {
  const t = useTranslations('auditChain');
  const locale = useLocale();
  const trpc = useTRPC();
  const status = useQuery(trpc.audit.status.queryOptions(undefined, { refetchInterval: 5000 }));
  if (!status.data) return null;
  const s = status.data;
  const waitedS = s.oldestPendingAt ? Math.max(0, Math.round((Date.now() - new Date(s.oldestPendingAt).getTime()) / 1000)) : 0;
  return (
    <p className="mb-4 flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-600" data-testid="chain-status">
      <span>{s.headSeq > 0 ? t('head', { seq: s.headSeq, at: s.headAt ? new Date(s.headAt).toLocaleString(locale) : '—', hash: s.headHash.slice(0, 12) }) : t('headEmpty')}</span>
      <span className={s.pending > 0 && waitedS > 60 ? 'font-medium text-amber-800' : undefined}>
        {s.pending > 0 ? t('pendingWaited', { count: s.pending, seconds: waitedS }) : t('pendingNone')}
      </span>
      {s.keyId ? <span title={s.keyId}>{t('keyId', { key: s.keyId.slice(0, 16) })}</span> : <span>{t('noKey')}</span>}
    </p>
  );
}
