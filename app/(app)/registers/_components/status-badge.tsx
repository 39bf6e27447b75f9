'use client';
import { useTranslations } from 'next-intl';
import { Badge } from '@/app/_components/ui/card';

const tones: Record<string, 'slate' | 'green' | 'red' | 'blue' | 'amber'> = {
  draft: 'slate',
  in_review: 'amber',
  published: 'green',
  superseded: 'blue',
  retired: 'red',
  rejected: 'red',
};

export function StatusBadge({ status }: { status: string }) {
  const t = useTranslations('registers.status');
  return <Badge tone={tones[status] ?? 'slate'}>{t.has(status) ? t(status) : status}</Badge>;
}
