'use client';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { useState } from 'react';
import { authClient } from '@/app/_auth/client';
import { Button } from '@/app/_components/ui/button';
import { Card } from '@/app/_components/ui/card';
import { Field, Input } from '@/app/_components/ui/field';

interface Values {
  username: string;
  password: string;
}

export function SignInForm({ demo }: { demo: { username: string; password: string; roles: string }[] | null }) {
  const t = useTranslations('signIn');
  const tc = useTranslations('errors');
  const ta = useTranslations('accounts');
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const { register, handleSubmit, setValue, formState } = useForm<Values>({ defaultValues: { username: '', password: '' } });

  async function onSubmit(values: Values) {
    setError(null);
    const res = await authClient.signIn.username({ username: values.username.trim(), password: values.password });
    if (res.error) {
      const status = res.error.status;
      if (res.error.code === 'ACCOUNT_LOCKED') {
        setError(ta('accountLocked'));
      } else if (status === 429) {
        setError(t('rateLimited', { seconds: 60 }));
      } else if (res.error.code === 'ACCOUNT_DISABLED' || res.error.message === 'ACCOUNT_DISABLED') {
        setError(t('disabled'));
      } else if (status === 401 || status === 400 || status === 403) {
        setError(t('invalid'));
      } else {
        setError(t('failed'));
      }
      return;
    }
    router.replace('/');
    router.refresh();
  }

  return (
    <div className="grid w-full gap-6 md:grid-cols-2">
      <Card>
        <h2 className="mb-4 text-lg font-semibold">{t('title')}</h2>
        <form onSubmit={handleSubmit(onSubmit)} className="space-y-4" noValidate>
          <Field id="username" label={t('username')} error={formState.errors.username ? tc('required') : undefined}>
            <Input
              id="username"
              autoComplete="username"
              aria-invalid={Boolean(formState.errors.username)}
              aria-describedby={formState.errors.username ? 'username-error' : undefined}
              {...register('username', { required: true })}
            />
          </Field>
          <Field id="password" label={t('password')} error={formState.errors.password ? tc('required') : undefined}>
            <Input
              id="password"
              type="password"
              autoComplete="current-password"
              aria-invalid={Boolean(formState.errors.password)}
              aria-describedby={formState.errors.password ? 'password-error' : undefined}
              {...register('password', { required: true })}
            />
          </Field>
          {error ? (
            <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
              {error}
            </p>
          ) : null}
          <Button type="submit" className="w-full" disabled={formState.isSubmitting}>
            {formState.isSubmitting ? t('submitting') : t('submit')}
          </Button>
        </form>
      </Card>
      {demo ? (
        <Card>
          <h2 className="mb-3 text-base font-semibold">{t('demoTitle')}</h2>
          <table className="w-full text-sm">
            <thead>
              <tr className="text-left text-slate-500">
                <th className="py-1 font-medium">{t('demoUser')}</th>
                <th className="py-1 font-medium">{t('demoPassword')}</th>
                <th className="py-1 font-medium">{t('demoRole')}</th>
              </tr>
            </thead>
            <tbody>
              {demo.map((u) => (
                <tr key={u.username} className="border-t border-slate-100">
                  <td className="py-1.5">
                    <button
                      type="button"
                      className="font-mono text-brand-600 underline"
                      aria-label={`${t('useAccount')} ${u.username}`}
                      onClick={() => {
                        setValue('username', u.username);
                        setValue('password', u.password);
                      }}
                    >
                      {u.username}
                    </button>
                  </td>
                  <td className="py-1.5 font-mono">{u.password}</td>
                  <td className="py-1.5">{u.roles}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      ) : null}
    </div>
  );
}
