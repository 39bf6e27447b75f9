'use client';
import Link from 'next/link';
import { DisclosureLine } from '@/app/(app)/_disclosure/disclosure-facts';
import { RevisionHistory } from '@/app/(app)/objections/revision-history';
import { useMutation } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import type { LegalBasis, Localized } from '@/catalog/types';
import { useTRPC } from '@/app/_trpc/client';
import { fieldErrorsOf, messageOf } from '@/app/_trpc/errors';
import { Button } from '@/app/_components/ui/button';
import { Badge, Card, PageTitle } from '@/app/_components/ui/card';
import { Field, Input } from '@/app/_components/ui/field';
import { formatBasis } from '../registers/_components/content-view';
import { ExplanationList } from '../grading/_components/explanation-list';
import { dataItemsOf } from '../grading/_components/model-content';
import { useGradingRefs } from '../grading/_components/use-grading-refs';
import { ListMemberships } from './list-memberships';

const text = (v: string | Localized | null | undefined, locale: 'zh-CN' | 'en') => (v && typeof v === 'object' ? v[locale] || v['zh-CN'] : (v ?? ''));

/** Legal basis as stored on the sanction measure: a list of documents. */
function basisText(list: unknown[]): string {
  return (list as LegalBasis[]).filter((b) => b && typeof b === 'object' && b.name).map(formatBasis).join('；');
}

interface RecordRowData {
  id: string;
  decisionDate: string | null;
  masked: boolean;
  data: Record<string, unknown>;
  severity: string | null;
  publicUntil: string | null;
  repairableFrom: string | null;
  publication: string;
  objectionOpen: boolean;
  repairOpen: boolean;
  revision: number;
}

/** One record as the server sends it (already masked for this role), labelled with the catalog item's data items. */
function RecordRow({ row, labels, canObject }: { row: RecordRowData; labels: Map<string, string>; canObject: boolean }) {
  const t = useTranslations('gradingUi.lookup');
  const td = useTranslations('disclosure');
  const fields = Object.entries(row.data).filter(([, v]) => v !== null && v !== '' && typeof v !== 'object');
  return (
    <li className="py-1.5">
      <p className="text-xs text-slate-600">
        {t('decisionDate', { date: row.decisionDate ?? '—' })}
        {row.masked ? <span className="ml-2">{t('masked')}</span> : null}
      </p>
      <DisclosureLine row={row} />
      {/* At the counter: the subject disputes a published record of any department; this department registers it for them. */}
      {canObject && row.publication === 'published' && !row.objectionOpen ? (
        <Link className="text-xs text-brand-600 underline" href={`/objections/new?record=${row.id}`}>
          {td('fileObjection')}
        </Link>
      ) : null}
      {row.revision > 1 ? <RevisionHistory recordId={row.id} /> : null}
      <dl className="flex flex-wrap gap-x-4 gap-y-0.5 text-xs">
        {fields.map(([key, value]) => (
          <div key={key} className="flex gap-1">
            <dt className="text-slate-500">{labels.get(key) ?? key}</dt>
            <dd className="text-slate-800">{String(value)}</dd>
          </div>
        ))}
      </dl>
    </li>
  );
}

export function SubjectLookup({ canFeedback, canObject }: { canFeedback: boolean; canObject: boolean }) {
  const t = useTranslations('gradingUi.lookup');
  const locale = useLocale() as 'zh-CN' | 'en';
  const trpc = useTRPC();
  const [query, setQuery] = useState('');
  const [purpose, setPurpose] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const lookup = useMutation(trpc.grading.lookup.mutationOptions({ onError: (e) => setErrors(fieldErrorsOf(e)) }));
  const generalError = lookup.error && !Object.keys(errors).length ? messageOf(lookup.error) : null;
  const subjects = lookup.data?.subjects ?? [];
  const { catalogItems } = useGradingRefs();
  const labelsOf = (catalogCode: string) => new Map(dataItemsOf(catalogItems.find((c) => c.code === catalogCode)?.content, locale).map((d) => [d.key, d.title]));
  return (
    <div className="space-y-5">
      <PageTitle>{t('title')}</PageTitle>
      <p className="text-sm text-slate-600">{t('intro')}</p>
      <Card>
        <form
          className="grid gap-3 md:grid-cols-[1fr_1fr_auto] md:items-start"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            setErrors({});
            lookup.mutate({ query: query.trim(), purpose: purpose.trim() });
          }}
        >
          <Field id="lookup-query" label={t('query')} error={errors.query}>
            <Input id="lookup-query" value={query} placeholder={t('queryPlaceholder')} aria-invalid={Boolean(errors.query)} aria-describedby={errors.query ? 'lookup-query-error' : undefined} onChange={(e) => setQuery(e.target.value)} />
          </Field>
          <Field id="lookup-purpose" label={t('purpose')} help={t('purposeHelp')} error={errors.purpose}>
            <Input id="lookup-purpose" value={purpose} required placeholder={t('purposePlaceholder')} aria-invalid={Boolean(errors.purpose)} aria-describedby={errors.purpose ? 'lookup-purpose-error' : 'lookup-purpose-help'} onChange={(e) => setPurpose(e.target.value)} />
          </Field>
          <Button type="submit" className="md:mt-6" disabled={lookup.isPending}>
            {t('search')}
          </Button>
        </form>
        {generalError ? (
          <p role="alert" className="mt-2 text-sm text-red-700">
            {generalError}
          </p>
        ) : null}
      </Card>
      {lookup.isSuccess && subjects.length === 0 ? <Card role="status">{t('noSubject')}</Card> : null}
      {subjects.map((s) => (
        <Card key={s.code} className="space-y-4" data-testid="lookup-subject">
          <div>
            <h2 className="text-lg font-semibold">
              <a className="text-brand-700 underline" href={s.fileHref}>
                {s.name}
              </a>
            </h2>
            <p className="text-sm text-slate-600">
              <span className="font-mono">{s.code}</span> · {s.type}
            </p>
          </div>
          <ListMemberships lists={s.lists} queryLogId={lookup.data?.queryLogId ?? null} canFeedback={canFeedback} today={lookup.data?.today ?? ''} />
          <section>
            <h3 className="mb-2 font-semibold">{t('grades')}</h3>
            {s.grades.length === 0 ? <p className="text-sm text-slate-500">{t('noGrades')}</p> : null}
            <div className="space-y-3">
              {s.grades.map((g) => {
                const m = g.measures;
                return (
                  <div key={`${g.modelCode}-${g.version}`} className="rounded-md border border-slate-200 p-3" data-testid={`grade-${g.modelCode}`}>
                    <div className="flex flex-wrap items-baseline justify-between gap-2">
                      <p className="font-medium">
                        {g.modelName} <span className="text-sm text-slate-500">· {g.industry} · v{g.version}</span>
                      </p>
                      <p>
                        <span className="mr-2 text-sm text-slate-600">{t('period', { start: g.period.start, end: g.period.end })}</span>
                        <span className="mr-2 text-sm">{t('score', { score: g.score })}</span>
                        <Badge tone="blue">
                          <span data-testid="grade-value">
                            {g.grade} {text(g.gradeLabel, locale)}
                          </span>
                        </Badge>
                      </p>
                    </div>
                    {g.vetoedBy ? <p className="mt-1 text-sm text-red-700">{t('vetoedBy', { veto: text(g.vetoedBy, locale) })}</p> : null}
                    <details className="mt-2" open>
                      <summary className="cursor-pointer text-sm text-brand-600">{t('explanation')}</summary>
                      <ExplanationList lines={g.explanation} />
                    </details>
                    <div className="mt-2 rounded bg-slate-50 p-2 text-sm" data-testid="measures">
                      <p className="font-medium">{t('measures')}</p>
                      <ul className="mt-1 space-y-0.5">
                        {m.inspectionRatio ? <li>{t('ratio', { min: m.inspectionRatio.min, max: m.inspectionRatio.max })}</li> : null}
                        {m.frequency ? <li>{t('frequency', { frequency: text(m.frequency, locale) })}</li> : null}
                        {(m.incentives ?? []).map((i, k) => (
                          <li key={k}>{t('incentive', { incentive: text(i, locale) })}</li>
                        ))}
                        {(m.sanctionMeasures ?? []).map((sm) => (
                          <li key={sm.code}>
                            {t('sanction', { code: sm.code, title: sm.title ?? '' })}
                            {sm.inForce ? null : <span className="ml-1 text-xs text-red-700">{t('notInForce')}</span>}
                            {basisText(sm.legalBasis) ? <span className="block pl-4 text-xs text-slate-600">{t('legalBasis', { basis: basisText(sm.legalBasis) })}</span> : null}
                          </li>
                        ))}
                      </ul>
                    </div>
                  </div>
                );
              })}
            </div>
          </section>
          <section>
            <h3 className="mb-2 font-semibold">{t('records')}</h3>
            {s.records.length === 0 ? <p className="text-sm text-slate-500">{t('noRecords')}</p> : null}
            {s.records.map((group) => (
              <details key={group.catalogCode} className="mb-2 rounded-md border border-slate-200 p-2" data-testid={`records-${group.catalogCode}`}>
                <summary className="cursor-pointer text-sm font-medium">{t('recordGroup', { name: group.catalogName, code: group.catalogCode, count: group.total })}</summary>
                <ul className="divide-y divide-slate-100">
                  {group.rows.map((row) => (
                    <RecordRow key={row.id} row={row} labels={labelsOf(group.catalogCode)} canObject={canObject} />
                  ))}
                </ul>
              </details>
            ))}
          </section>
        </Card>
      ))}
    </div>
  );
}
