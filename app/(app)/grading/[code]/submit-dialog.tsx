'use client';
import { useMutation } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/app/_trpc/client';
import { useIdempotencyKey } from '@/app/_trpc/idempotency';
import { fieldErrorsOf, messageOf } from '@/app/_trpc/errors';
import { Dialog, DialogActions } from '@/app/_components/ui/dialog';
import { Field, Input } from '@/app/_components/ui/field';
import { todayLocal } from '../../registers/_components/use-register-data';

/** Submits the saved draft revision for approval with an effective date (register.submit). */
export function SubmitDialog({ versionId, revision, hasPrevious, onClose, onDone }: { versionId: string; revision: number; hasPrevious: boolean; onClose: () => void; onDone: () => void }) {
  const t = useTranslations('gradingUi.submit');
  const trpc = useTRPC();
  const [date, setDate] = useState(todayLocal());
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const idempotencyKey = useIdempotencyKey();
  const submit = useMutation(
    trpc.register.submit.mutationOptions({
      onSuccess: () => {
        toast.success(t('done'));
        onClose();
        onDone();
      },
      onError: (e) => {
        setErrors(fieldErrorsOf(e));
        toast.error(messageOf(e));
      },
    }),
  );
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={t('title')}>
      <div className="space-y-4">
        <p className="text-sm text-slate-600">{hasPrevious ? t('bodyChange') : t('bodyNew')}</p>
        <Field id="gm-eff-date" label={t('effectiveDate')} error={errors.effectiveDate}>
          <Input id="gm-eff-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        </Field>
        <Field id="gm-reason" label={t('reason')} error={errors.reason}>
          <textarea id="gm-reason" rows={3} className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm" value={reason} aria-invalid={Boolean(errors.reason)} onChange={(e) => setReason(e.target.value)} />
        </Field>
        <DialogActions onCancel={onClose} pending={submit.isPending} confirmLabel={t('confirm')} onConfirm={() => { setErrors({}); submit.mutate({ versionId, revision, effectiveDate: date, reason: reason || undefined, idempotencyKey }); }} />
      </div>
    </Dialog>
  );
}
