'use client';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { authClient } from '@/app/_auth/client';
import { Button } from './ui/button';

export function SignOutButton() {
  const t = useTranslations('common');
  const router = useRouter();
  return (
    <Button
      variant="ghost"
      size="sm"
      onClick={async () => {
        await authClient.signOut();
        router.replace('/sign-in');
        router.refresh();
      }}
    >
      {t('signOut')}
    </Button>
  );
}
