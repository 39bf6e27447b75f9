'use client';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { toast } from 'sonner';
import { authClient } from '@/app/_auth/client';
import { Button } from '@/app/_components/ui/button';
import { Card } from '@/app/_components/ui/card';
import { Field, Input } from '@/app/_components/ui/field';

interface Values {
  currentPassword: string;
  newPassword: string;
  repeat: string;
}

const MIN = 8;

/** Changes the user's own password through better-auth (audited there); other sessions end. */
export function ChangePasswordForm() {
  const t = useTranslations('accounts');
  const te = useTranslations('errors');
  const [serverError, setServerError] = useState<{ field: keyof Values | null; message: string } | null>(null);
  const { register, handleSubmit, reset, formState } = useForm<Values>({ defaultValues: { currentPassword: '', newPassword: '', repeat: '' } });
  const errors = formState.errors;
  const message = (field: keyof Values): string | undefined => {
    if (serverError?.field === field) return serverError.message;
    const e = errors[field];
    if (!e) return undefined;
    if (e.type === 'required') return te('required');
    if (e.type === 'minLength') return t('tooShort', { min: MIN });
    return t('mismatch');
  };

  async function onSubmit(v: Values) {
    setServerError(null);
    const res = await authClient.changePassword({ currentPassword: v.currentPassword, newPassword: v.newPassword, revokeOtherSessions: true });
    if (res.error) {
      const code = res.error.code ?? '';
      if (code === 'INVALID_PASSWORD') setServerError({ field: 'currentPassword', message: t('wrongCurrent') });
      else if (code === 'PASSWORD_TOO_SHORT') setServerError({ field: 'newPassword', message: t('tooShort', { min: MIN }) });
      else if (res.error.status === 429) setServerError({ field: null, message: t('tooMany') });
      else setServerError({ field: null, message: t('failed') });
      return;
    }
    reset();
    toast.success(t('changed'));
  }

  const field = (name: keyof Values, id: string, label: string, autoComplete: string, rules: Parameters<typeof register>[1], help?: string) => (
    <Field id={id} label={label} help={help} error={message(name)}>
      <Input id={id} type="password" autoComplete={autoComplete} aria-invalid={Boolean(message(name))} aria-describedby={message(name) ? `${id}-error` : help ? `${id}-help` : undefined} {...register(name, rules)} />
    </Field>
  );

  return (
    <Card>
      <h2 className="mb-4 text-base font-semibold">{t('changePassword')}</h2>
      <form onSubmit={handleSubmit(onSubmit)} className="space-y-4" noValidate>
        {field('currentPassword', 'current-password', t('currentPassword'), 'current-password', { required: true })}
        {field('newPassword', 'new-password', t('newPassword'), 'new-password', { required: true, minLength: MIN }, t('passwordHelp', { min: MIN }))}
        {field('repeat', 'repeat-password', t('repeatPassword'), 'new-password', { required: true, validate: (value, all) => value === all.newPassword })}
        {serverError && serverError.field === null ? (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
            {serverError.message}
          </p>
        ) : null}
        <Button type="submit" disabled={formState.isSubmitting}>
          {formState.isSubmitting ? t('saving') : t('changePassword')}
        </Button>
      </form>
    </Card>
  );
}
