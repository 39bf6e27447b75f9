'use client';

import { startTransition } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { Button } from './_components/ui/button';

/**
 * A page that failed on the server (most often: the database was briefly unavailable, e.g. during
 * a failover) says so in the user's language and offers to try again, instead of Next's bare
 * "Application error" — and never asks a signed-in user to sign in again.
 */
export default function PageError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations('infra');
  const router = useRouter();
  // The failure was on the server: fetch the page again, then re-render the segment.
  const retry = () => startTransition(() => {
    router.refresh();
    reset();
  });
  return (
    <main className="mx-auto max-w-lg px-4 py-16 text-center" role="alert">
      <h1 className="text-lg font-semibold">{t('pageErrorTitle')}</h1>
      <p className="mt-2 text-sm text-slate-600">{t('pageErrorBody')}</p>
      <Button className="mt-6" onClick={retry}>
        {t('retry')}
      </Button>
    </main>
  );
}
