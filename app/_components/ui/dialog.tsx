'use client';
import { useTranslations } from 'next-intl';
import { Dialog as D } from 'radix-ui';
import { Button } from './button';

/** Accessible modal (focus trap, Escape, labelled title) on Radix Dialog. */
export function Dialog({ open, onOpenChange, title, children, wide }: { open: boolean; onOpenChange: (open: boolean) => void; title: string; children: React.ReactNode; wide?: boolean }) {
  return (
    <D.Root open={open} onOpenChange={onOpenChange}>
      <D.Portal>
        <D.Overlay className="fixed inset-0 bg-slate-900/40" />
        <D.Content
          aria-describedby={undefined}
          className={`fixed left-1/2 top-1/2 max-h-[90vh] ${wide ? 'w-[min(94vw,880px)]' : 'w-[min(92vw,520px)]'} -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white p-6 shadow-xl`}
        >
          <D.Title className="mb-4 text-lg font-semibold text-slate-900">{title}</D.Title>
          {children}
        </D.Content>
      </D.Portal>
    </D.Root>
  );
}

/**
 * A dialog's footer: 取消, then the confirming button — the form's submit button, or a plain
 * button calling `onConfirm` when the dialog is not a form. Disabled while `pending`.
 */
export function DialogActions({ onCancel, pending, confirmLabel, onConfirm, danger }: { onCancel: () => void; pending?: boolean; confirmLabel?: string; onConfirm?: () => void; danger?: boolean }) {
  const tc = useTranslations('common');
  return (
    <div className="flex justify-end gap-2">
      <Button variant="secondary" onClick={onCancel}>
        {tc('cancel')}
      </Button>
      <Button type={onConfirm ? 'button' : 'submit'} variant={danger ? 'danger' : 'primary'} disabled={pending} onClick={onConfirm}>
        {confirmLabel ?? tc('save')}
      </Button>
    </div>
  );
}
