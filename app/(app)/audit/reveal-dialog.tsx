'use client';
import { useMutation } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useTRPC } from '@/app/_trpc/client';
import { fieldErrorsOf, messageOf } from '@/app/_trpc/errors';
import { Button } from '@/app/_components/ui/button';
import { Dialog, DialogActions } from '@/app/_components/ui/dialog';
import { Field, Input } from '@/app/_components/ui/field';
import { ChangeView } from './change-view';

/**
 * 查看原文 of one audit row whose personal values are masked: the auditor gives a reason, the
 * reveal is written to the audit log, and the row's values are shown here (nowhere else).
 */
export function RevealButton({ id, label }: { id: number; label: string }) {
  const t = useTranslations('auditChain');
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const reveal = useMutation(trpc.audit.reveal.mutationOptions({ onError: (e) => setError(fieldErrorsOf(e).reason ?? messageOf(e)) }));
  const close = (o: boolean) => {
    setOpen(o);
    if (!o) {
      setReason('');
      setError(undefined);
      reveal.reset();
    }
  };
  return (
    <>
      <Button size="sm" variant="ghost" className="text-brand-700" onClick={() => setOpen(true)}>
        {t('reveal')}
      </Button>
      <Dialog open={open} onOpenChange={close} title={t('revealTitle', { row: label })}>
        {reveal.data ? (
          <div className="space-y-3" data-testid="revealed">
            <p className="text-sm text-slate-600">{t('revealedNote')}</p>
            <ChangeView before={reveal.data.before} after={reveal.data.after} />
            {reveal.data.reason ? <p className="text-sm text-slate-700">{t('rowReason', { reason: reveal.data.reason })}</p> : null}
            <div className="flex justify-end">
              <Button onClick={() => close(false)}>{t('close')}</Button>
            </div>
          </div>
        ) : (
          <form
            className="space-y-4"
            onSubmit={(e) => {
              e.preventDefault();
              if (reveal.isPending) return;
              setError(undefined);
              reveal.mutate({ id, reason });
            }}
          >
            <p className="text-sm text-slate-600">{t('revealIntro')}</p>
            <Field id={`reveal-reason-${id}`} label={t('revealReason')} error={error} help={t('revealReasonHelp')}>
              <Input id={`reveal-reason-${id}`} value={reason} maxLength={500} aria-invalid={Boolean(error)} onChange={(e) => setReason(e.target.value)} autoFocus />
            </Field>
            <DialogActions onCancel={() => close(false)} pending={reveal.isPending} confirmLabel={t('revealConfirm')} />
          </form>
        )}
      </Dialog>
    </>
  );
}
