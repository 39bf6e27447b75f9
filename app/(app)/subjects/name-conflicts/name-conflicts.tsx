'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/app/_trpc/client';
import { fieldErrorsOf, messageOf } from '@/app/_trpc/errors';
import { Button } from '@/app/_components/ui/button';
import { Badge, Card, PageTitle } from '@/app/_components/ui/card';
import { Field, Input, Select } from '@/app/_components/ui/field';

const PAGE_SIZE = 10;
const textarea = 'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm aria-[invalid=true]:border-red-500';

type Conflict = {
  key: string;
  code: string;
  fileHref: string;
  type: string;
  name: string;
  state: 'open' | 'waiting';
  names: { name: string; since: string; held: { department: { 'zh-CN': string; en: string }; records: number }[] }[];
  review: { outcome: string; note: string; correctName: string | null; byName: string; at: string } | null;
};

export function NameConflicts({ canReview, initialQ }: { canReview: boolean; initialQ: string }) {
  const t = useTranslations('nameConflicts');
  const trpc = useTRPC();
  const [state, setState] = useState<'open' | 'waiting' | ''>('open');
  const [q, setQ] = useState(initialQ);
  const [page, setPage] = useState(1);
  const list = useQuery(trpc.subjects.nameConflicts.queryOptions({ state: state || undefined, q: q.trim() || undefined, page, pageSize: PAGE_SIZE }, { placeholderData: (p) => p }));
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <div className="space-y-4">
      <PageTitle>{t('title')}</PageTitle>
      <p className="text-sm text-slate-600">{t('intro')}</p>
      <Card className="grid gap-3 md:grid-cols-2">
        <Field id="nc-state" label={t('state')}>
          <Select id="nc-state" value={state} onChange={(e) => (setState(e.target.value as 'open'), setPage(1))}>
            <option value="open">{t('states.open')}</option>
            <option value="waiting">{t('states.waiting')}</option>
            <option value="">{t('states.all')}</option>
          </Select>
        </Field>
        <Field id="nc-q" label={t('search')}>
          <Input id="nc-q" value={q} placeholder={t('searchPlaceholder')} onChange={(e) => (setQ(e.target.value), setPage(1))} />
        </Field>
      </Card>
      {list.data && !list.data.rows.length ? (
        <Card>
          <p className="text-sm text-slate-600">{t('empty')}</p>
        </Card>
      ) : null}
      {(list.data?.rows ?? []).map((c) => (
        <ConflictCard key={c.key} c={c as Conflict} canReview={canReview} />
      ))}
      {total > PAGE_SIZE ? (
        <div className="flex items-center justify-between text-sm">
          <span>{t('pageOf', { page, pages, total })}</span>
          <span className="flex gap-2">
            <Button variant="secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>{t('prev')}</Button>
            <Button variant="secondary" disabled={page >= pages} onClick={() => setPage(page + 1)}>{t('next')}</Button>
          </span>
        </div>
      ) : null}
    </div>
  );
}

function ConflictCard({ c, canReview }: { c: Conflict; canReview: boolean }) {
  const t = useTranslations('nameConflicts');
  const locale = useLocale() as 'zh-CN' | 'en';
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [outcome, setOutcome] = useState<'renamed' | 'wrong_code' | 'corrected'>(c.state === 'waiting' ? 'corrected' : 'renamed');
  const [correctName, setCorrectName] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const review = useMutation(
    trpc.subjects.reviewNames.mutationOptions({
      onSuccess: (r) => {
        toast.success(r.state === 'waiting' ? t('savedWaiting', { n: r.told }) : t('savedDone'));
        setOpen(false);
        void qc.invalidateQueries({ queryKey: trpc.subjects.nameConflicts.queryKey() });
      },
      onError: (e) => {
        setErrors(fieldErrorsOf(e));
        toast.error(messageOf(e));
      },
    }),
  );
  const headingId = `nc-${c.key.replace(/[^A-Za-z0-9]/g, '').slice(0, 24)}`;
  const submit = () => {
    const errs: Record<string, string> = {};
    if (!note.trim()) errs.note = t('noteRequired');
    if (outcome === 'wrong_code' && !correctName) errs.correctName = t('chooseCorrect');
    setErrors(errs);
    if (Object.keys(errs).length) return;
    review.mutate({ key: c.key, outcome, correctName: outcome === 'wrong_code' ? correctName : undefined, note: note.trim() });
  };
  return (
    <Card data-testid="name-conflict">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={headingId} className="font-semibold">
          <Link className="text-brand-600 underline" href={c.fileHref}>{c.name}</Link> <span className="font-mono text-xs font-normal text-slate-500">{c.code}</span>
        </h2>
        <Badge tone={c.state === 'waiting' ? 'amber' : 'blue'}>{t(`states.${c.state}`)}</Badge>
      </div>
      <table className="mt-2 w-full text-sm">
        <caption className="sr-only">{t('namesOf', { name: c.name })}</caption>
        <thead className="text-left text-slate-600">
          <tr>
            <th className="py-1 font-normal">{t('name')}</th>
            <th className="py-1 font-normal">{t('since')}</th>
            <th className="py-1 font-normal">{t('held')}</th>
          </tr>
        </thead>
        <tbody>
          {c.names.map((n) => (
            <tr key={n.name} className="border-t border-slate-100">
              <td className="py-1">{n.name}</td>
              <td className="py-1">{n.since}</td>
              <td className="py-1">{n.held.length ? n.held.map((h) => t('heldBy', { department: h.department[locale], n: h.records })).join('；') : t('noRecords')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {c.review ? (
        <p className="mt-2 text-sm text-slate-600" data-testid="last-review">
          {t('lastReview', { outcome: t(`outcomes.${c.review.outcome as 'renamed'}`), by: c.review.byName, at: new Date(c.review.at).toLocaleDateString(locale, { timeZone: 'Asia/Shanghai' }), note: c.review.note })}
        </p>
      ) : null}
      {canReview && !open ? (
        <div className="mt-3">
          <Button variant="secondary" onClick={() => setOpen(true)}>{c.state === 'waiting' ? t('markCorrected') : t('review')}</Button>
        </div>
      ) : null}
      {canReview && open ? (
        <form
          className="mt-3 space-y-3 border-t border-slate-100 pt-3"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          {c.state === 'open' ? (
            <fieldset>
              <legend className="mb-1 text-sm font-medium">{t('outcome')}</legend>
              {(['renamed', 'wrong_code'] as const).map((o) => (
                <label key={o} className="mr-4 inline-flex items-center gap-1 text-sm">
                  <input type="radio" name={`${headingId}-outcome`} checked={outcome === o} onChange={() => setOutcome(o)} /> {t(`outcomes.${o}`)}
                </label>
              ))}
              <p className="mt-1 text-xs text-slate-500">{t(`outcomeHelp.${outcome as 'renamed'}`)}</p>
            </fieldset>
          ) : null}
          {outcome === 'wrong_code' ? (
            <Field id={`${headingId}-correct`} label={t('correctName')} error={errors.correctName}>
              <Select id={`${headingId}-correct`} value={correctName} aria-invalid={Boolean(errors.correctName)} onChange={(e) => (setCorrectName(e.target.value), setErrors((x) => ({ ...x, correctName: '' })))}>
                <option value="">{t('chooseCorrect')}</option>
                {c.names.map((n) => (
                  <option key={n.name} value={n.name}>{n.name}</option>
                ))}
              </Select>
            </Field>
          ) : null}
          <Field id={`${headingId}-note`} label={t('note')} error={errors.note} help={t('noteHelp')}>
            <textarea id={`${headingId}-note`} className={textarea} rows={2} maxLength={2000} value={note} aria-invalid={Boolean(errors.note)} onChange={(e) => (setNote(e.target.value), setErrors((x) => ({ ...x, note: '' })))} />
          </Field>
          <div className="flex gap-2">
            <Button type="submit" disabled={review.isPending}>{review.isPending ? t('saving') : t('save')}</Button>
            <Button type="button" variant="secondary" disabled={review.isPending} onClick={() => setOpen(false)}>{t('cancel')}</Button>
          </div>
        </form>
      ) : null}
    </Card>
  );
}
