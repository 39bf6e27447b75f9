'use client';
import { useTranslations } from 'next-intl';
import { useRef, useState } from 'react';
import { toast } from 'sonner';
import { Button } from '@/app/_components/ui/button';

/**
 * 下载检查点: a signed file of the chain's end, for the auditor to keep outside the system; and
 * 用检查点校验: walks the chain against such a file (a chain cut at its end fails).
 */
export function CheckpointButtons({ onVerify, verifying, onDownloaded }: { onVerify: (checkpointText: string) => void; verifying: boolean; onDownloaded: () => void }) {
  const t = useTranslations('auditChain');
  const [busy, setBusy] = useState(false);
  const file = useRef<HTMLInputElement>(null);

  async function download() {
    setBusy(true);
    try {
      const res = await fetch('/api/audit/checkpoint', { cache: 'no-store' });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: string } | null;
        throw new Error(body?.error ?? `HTTP ${res.status}`);
      }
      const blob = await res.blob();
      const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'audit-checkpoint.json';
      const href = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = href;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(href), 60_000);
      onDownloaded();
      toast.success(t('checkpointDone', { seq: res.headers.get('x-chain-end-seq') ?? '?', key: (res.headers.get('x-key-id') ?? '').slice(0, 16) }));
    } catch (e) {
      toast.error(t('checkpointFailed', { message: (e as Error).message }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button variant="secondary" onClick={() => void download()} disabled={busy} title={t('checkpointHelp')}>
        {busy ? t('checkpointBusy') : t('checkpoint')}
      </Button>
      <Button variant="secondary" onClick={() => file.current?.click()} disabled={verifying} title={t('verifyCheckpointHelp')}>
        {t('verifyCheckpoint')}
      </Button>
      <input
        ref={file}
        type="file"
        accept="application/json,.json"
        className="hidden"
        aria-label={t('verifyCheckpoint')}
        data-testid="checkpoint-file"
        onChange={async (e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (!f) return;
          if (f.size > 20_000) {
            toast.error(t('checkpointTooBig'));
            return;
          }
          onVerify(await f.text());
        }}
      />
    </>
  );
}
