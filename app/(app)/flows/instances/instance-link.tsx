'use client';
import Link from 'next/link';
import { useTranslations } from 'next-intl';

/** Link from a subject (record, register entry's open request) to its approval-flow instance. */
export function FlowInstanceLink({ id }: { id: string }) {
  const t = useTranslations('flowEngine.instance');
  return (
    <Link className="text-brand-600 underline" href={`/flows/instances/${id}`} data-testid="flow-instance-link">
      {t('linkFromSubject')}
    </Link>
  );
}
