'use client';
import { useMutation } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useTRPC } from '@/app/_trpc/client';
import { fieldErrorsOf, messageOf } from '@/app/_trpc/errors';
import { Button } from '@/app/_components/ui/button';
import { Dialog, DialogActions } from '@/app/_components/ui/dialog';
import { Field, Input } from '@/app/_components/ui/field';

/** 查看原文 of one lookup whose ID or phone numbers are masked: a reason, audited, then the values. */
export function RevealLookupButton({ id }: { id: string }) {
  const t = useTranslations('auditChain');
  const tq = useTranslations('gradingUi.queryLog');
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const reveal = useMutation(trpc.audit.revealQueryLog.mutationOptions({ onError: (e) => setError(fieldErrorsOf(e).reason ?? messageOf(e)) }));
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
      <Dialog open={open} onOpenChange={close} title={t('revealQueryTitle')}>
        {reveal.data ? (
          <div className="space-y-3" data-testid="revealed-lookup">
            <p className="text-sm text-slate-600">{t('revealedNote')}</p>
            <dl className="grid grid-cols-[8rem_1fr] gap-y-1 text-sm">
              <dt className="text-slate-500">{tq('query')}</dt>
              <dd className="break-all">{reveal.data.query}</dd>
              <dt className="text-slate-500">{tq('subject')}</dt>
              <dd className="break-all">{reveal.data.subjectCode ? `${reveal.data.subjectName ?? ''} ${reveal.data.subjectCode}` : '—'}</dd>
              <dt className="text-slate-500">{tq('purpose')}</dt>
              <dd className="break-all">{reveal.data.purpose}</dd>
            </dl>
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
            <Field id={`reveal-lookup-${id}`} label={t('revealReason')} error={error} help={t('revealReasonHelp')}>
              <Input id={`reveal-lookup-${id}`} value={reason} maxLength={500} aria-invalid={Boolean(error)} onChange={(e) => setReason(e.target.value)} autoFocus />
            </Field>
            <DialogActions onCancel={() => close(false)} pending={reveal.isPending} confirmLabel={t('revealConfirm')} />
          </form>
        )}
      </Dialog>
    </>
  );
}
