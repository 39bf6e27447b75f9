'use client';
import { useQuery } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { useTRPC } from '@/app/_trpc/client';
import { Card } from '@/app/_components/ui/card';

/** A record's earlier revisions, each with what the correction changed, in plain language. */
export function RevisionHistory({ recordId }: { recordId: string }) {
  const t = useTranslations('disclosure');
  const locale = useLocale() as 'zh-CN' | 'en';
  const trpc = useTRPC();
  const q = useQuery(trpc.disclosure.ofRecord.queryOptions({ id: recordId }));
  const revs = q.data?.revisions ?? [];
  if (!revs.length) return null;
  return (
    <Card data-testid="revision-history">
      <h2 className="mb-2 font-semibold">{t('revisions')}</h2>
      <ol className="space-y-3 text-sm">
        {revs.map((r) => (
          <li key={r.revision}>
            <p className="font-medium">{t('revisionN', { n: r.revision, date: new Date(r.replacedAt).toLocaleDateString(locale, { timeZone: 'Asia/Shanghai' }) })}</p>
            {r.reason ? <p className="text-slate-600">{r.reason}</p> : null}
            <p className="mt-1 text-slate-500">{t('changesToNext')}</p>
            <ul className="list-disc pl-5" data-testid="revision-diff">
              {r.changes.map((c, i) => (
                <li key={i}>{c[locale]}</li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </Card>
  );
}
