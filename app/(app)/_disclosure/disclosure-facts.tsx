'use client';
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useTRPC } from '@/app/_trpc/client';
import { Badge, Card } from '@/app/_components/ui/card';
import { RevisionHistory } from '@/app/(app)/objections/revision-history';

type State = 'published' | 'not-published' | 'expired' | 'repaired' | 'revoked' | 'unstamped';
const TONE: Record<State, 'green' | 'slate' | 'blue' | 'red' | 'amber'> = { published: 'amber', 'not-published': 'slate', expired: 'slate', repaired: 'green', revoked: 'red', unstamped: 'slate' };

/** The lookup's line for a record: class, 公示截止日, 可申请修复日, publication, 异议处理中 / 修复申请中. */
export function DisclosureLine({ row }: { row: { severity: string | null; publicUntil: string | null; repairableFrom: string | null; publication: string; objectionOpen: boolean; repairOpen: boolean; revision: number } }) {
  const t = useTranslations('disclosure');
  return (
    <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600" data-testid="disclosure-line">
      <Badge tone={TONE[row.publication as State] ?? 'slate'}>{t(`states.${row.publication as State}`)}</Badge>
      {row.severity ? <span>{t('severity')}：{row.severity}</span> : null}
      {row.publicUntil ? <span>{t('publicUntil')}：{row.publicUntil}</span> : null}
      {row.repairableFrom ? <span>{t('repairableFrom')}：{row.repairableFrom}</span> : null}
      {row.objectionOpen ? <Badge tone="red">{t('objectionOpen')}</Badge> : null}
      {row.repairOpen ? <Badge tone="blue">{t('repairOpen')}</Badge> : null}
    </p>
  );
}

/** The record page's 公示与修复 card, the revision history, and the ways to object or apply for repair. */
export function RecordDisclosure({ id, canAct }: { id: string; canAct: boolean }) {
  const t = useTranslations('disclosure');
  const trpc = useTRPC();
  const q = useQuery(trpc.disclosure.ofRecord.queryOptions({ id }));
  const d = q.data?.disclosure;
  if (!d || d.state === 'unstamped') return <RevisionHistory recordId={id} />;
  return (
    <>
      <Card data-testid="record-disclosure">
        <h2 className="mb-2 font-semibold">{t('title')}</h2>
        <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-sm md:grid-cols-[9rem_1fr]">
          <dt className="text-slate-500">{t('state')}</dt>
          <dd>
            <Badge tone={TONE[d.state]}>{t(`states.${d.state}`)}</Badge> {d.endedOn ? d.endedOn : ''}
          </dd>
          <dt className="text-slate-500">{t('severity')}</dt>
          <dd>{d.severity ?? '—'}</dd>
          <dt className="text-slate-500">{t('publicUntil')}</dt>
          <dd data-testid="public-until">{d.publicUntil ?? '—'}</dd>
          <dt className="text-slate-500">{t('repairableFrom')}</dt>
          <dd data-testid="repairable-from">{d.repairableFrom ?? '—'}</dd>
          {d.rule ? (
            <>
              <dt className="text-slate-500">{t('rule')}</dt>
              <dd>
                <Link className="text-brand-600 underline" href={`/registers/disclosure-rule/${d.rule.code}`}>
                  {d.rule.name}
                </Link>{' '}
                <span className="text-xs text-slate-500">
                  {d.rule.code} v{d.rule.version}
                </span>
              </dd>
            </>
          ) : null}
        </dl>
        <div className="mt-3 flex flex-wrap gap-3 text-sm">
          {d.openObjection ? (
            <Link className="text-brand-600 underline" href={`/objections/${d.openObjection.id}`}>
              {t('objectionOpen')} {d.openObjection.trackingNo}
            </Link>
          ) : canAct && d.state !== 'revoked' ? (
            <Link className="text-brand-600 underline" href={`/objections/new?record=${id}`}>
              {t('fileObjection')}
            </Link>
          ) : null}
          {d.openRepair ? (
            <Link className="text-brand-600 underline" href={`/repairs/${d.openRepair.id}`}>
              {t('repairOpen')} {d.openRepair.applicationNo}
            </Link>
          ) : canAct && d.repairable ? (
            <Link className="text-brand-600 underline" href={`/repairs/new?record=${id}`}>
              {t('applyRepair')}
            </Link>
          ) : null}
        </div>
      </Card>
      <RevisionHistory recordId={id} />
    </>
  );
}
