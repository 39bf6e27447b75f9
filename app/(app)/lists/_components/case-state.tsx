'use client';
import { useTranslations } from 'next-intl';
import { Badge } from '@/app/_components/ui/card';

const TONE: Record<string, 'slate' | 'green' | 'red' | 'blue' | 'amber'> = {
  proposed: 'slate',
  notified: 'blue',
  objection_open: 'amber',
  objection_answered: 'blue',
  in_decision: 'amber',
  listed: 'red',
  rejected: 'slate',
  closed: 'slate',
  removed: 'green',
  expired: 'green',
  revoked: 'green',
};

export function CaseState({ state }: { state: string }) {
  const t = useTranslations('listsUi.states');
  return (
    <Badge tone={TONE[state] ?? 'slate'}>
      <span data-testid="case-state">{t(state as 'proposed')}</span>
    </Badge>
  );
}
