'use client';
import type { ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { Button } from '@/app/_components/ui/button';
import { Card } from '@/app/_components/ui/card';

/**
 * A stale save (CONFLICT carrying the stored draft): the editor compares and chooses — take the
 * stored version, or keep theirs and save over it. Never a silent overwrite. Every draft editor
 * (entries, flows, grading models) shows this same card; `mine`/`theirs` are optional renderings.
 */
export function ConflictCard({ revision, mine, theirs, onTakeTheirs, onKeepMine }: { revision: number; mine?: ReactNode; theirs?: ReactNode; onTakeTheirs: () => void; onKeepMine: () => void }) {
  const t = useTranslations('registers');
  return (
    <Card className="border-amber-400" role="alert" data-testid="conflict">
      <h2 className="mb-2 font-semibold text-amber-900">{t('conflictTitle')}</h2>
      <p className="mb-3 text-sm text-slate-700">{t('conflictBody')}</p>
      {mine || theirs ? (
        <div className="grid gap-4 md:grid-cols-2">
          <div>
            <h3 className="mb-2 text-sm font-semibold">{t('conflictMine')}</h3>
            {mine}
          </div>
          <div>
            <h3 className="mb-2 text-sm font-semibold">{t('conflictTheirs', { revision })}</h3>
            {theirs}
          </div>
        </div>
      ) : null}
      <div className="mt-3 flex gap-2">
        <Button variant="secondary" onClick={onTakeTheirs}>
          {t('conflictTakeTheirs')}
        </Button>
        <Button onClick={onKeepMine}>{t('conflictKeepMine')}</Button>
      </div>
    </Card>
  );
}
