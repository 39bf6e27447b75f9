'use client';
import { useMutation } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState, type ReactNode } from 'react';
import { fieldErrorsOf, messageOf } from '@/app/_trpc/errors';
import { Button } from '@/app/_components/ui/button';
import { Dialog, DialogActions } from '@/app/_components/ui/dialog';
import { Field, Input } from '@/app/_components/ui/field';

/**
 * 查看原文 with a reason: the auditor gives a reason, the server writes the reveal to the audit log
 * and answers the values, which are shown in this dialog only. One dialog for every masked thing an
 * auditor may reveal (audit rows, query-log lookups); the caller says what to reveal and how to show it.
 */
export function RevealWithReason<T>({ title, inputId, testId, reveal: revealFn, children }: {
  title: string;
  inputId: string;
  testId: string;
  reveal: (reason: string) => Promise<T>;
  children: (data: T) => ReactNode;
}) {
  const t = useTranslations('auditChain');
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const reveal = useMutation({ mutationFn: revealFn, onError: (e) => setError(fieldErrorsOf(e).reason ?? messageOf(e)) });
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
      <Dialog open={open} onOpenChange={close} title={title}>
        {reveal.data !== undefined ? (
          <div className="space-y-3" data-testid={testId}>
            <p className="text-sm text-slate-600">{t('revealedNote')}</p>
            {children(reveal.data)}
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
              reveal.mutate(reason);
            }}
          >
            <p className="text-sm text-slate-600">{t('revealIntro')}</p>
            <Field id={inputId} label={t('revealReason')} error={error} help={t('revealReasonHelp')}>
              <Input id={inputId} value={reason} maxLength={500} aria-invalid={Boolean(error)} onChange={(e) => setReason(e.target.value)} autoFocus />
            </Field>
            <DialogActions onCancel={() => close(false)} pending={reveal.isPending} confirmLabel={t('revealConfirm')} />
          </form>
        )}
      </Dialog>
    </>
  );
}
