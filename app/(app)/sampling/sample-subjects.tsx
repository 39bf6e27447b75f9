'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/app/_trpc/client';
import { fieldErrorsOf, messageOf } from '@/app/_trpc/errors';
import { Button } from '@/app/_components/ui/button';
import { Badge } from '@/app/_components/ui/card';
import { Field, Input, Select } from '@/app/_components/ui/field';

const textarea = 'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm aria-[invalid=true]:border-red-500';
const PAGE = 50;

type Result = { recordId: string; result: string; inspectedOn: string; status: string | null };
type Row = { grade: string; subjectName: string; subjectCode: string; subjectType: string };

/** The drawn subjects with their inspection results; the drawing department's inspectors record them here. */
export function SampleSubjects({ sampleId, subjects, results, mayRecord }: { sampleId: string; subjects: Row[]; results: Record<string, Result>; mayRecord: boolean }) {
  const t = useTranslations('sampling');
  const ts = useTranslations('records.statuses');
  const [open, setOpen] = useState<number | null>(null);
  const [shown, setShown] = useState(PAGE);
  const recorded = Object.keys(results).length;
  return (
    <section aria-labelledby="sample-subjects">
      <h3 id="sample-subjects" className="mb-1 text-sm font-semibold">
        {t('subjects')}（{subjects.length}） · {t('resultsRecorded', { n: recorded, total: subjects.length })}
      </h3>
      <table className="w-full text-sm">
        <thead className="bg-slate-50 text-left text-slate-600">
          <tr>
            <th className="p-2">{t('grade')}</th>
            <th className="p-2">{t('subject')}</th>
            <th className="p-2">{t('result')}</th>
          </tr>
        </thead>
        <tbody>
          {subjects.slice(0, shown).map((r, i) => {
            const done = results[String(i)];
            return (
              <tr key={`${i}-${r.subjectCode}`} className="border-t border-slate-100 align-top">
                <td className="p-2">{r.grade}</td>
                <td className="p-2">
                  {r.subjectName}
                  <span className="block font-mono text-xs text-slate-500">{r.subjectCode}</span>
                </td>
                <td className="p-2">
                  {done ? (
                    <span data-testid="sample-result">
                      {done.result}（{done.inspectedOn}）{' '}
                      <a className="text-brand-700 underline" href={`/records/${done.recordId}`}>{t('resultRecord')}</a>{' '}
                      {done.status ? <Badge tone={done.status === 'accepted' ? 'green' : done.status === 'rejected' ? 'red' : 'amber'}>{ts(done.status as 'accepted')}</Badge> : null}
                    </span>
                  ) : mayRecord && open !== i ? (
                    <Button size="sm" variant="secondary" onClick={() => setOpen(i)} aria-label={t('recordResultFor', { name: r.subjectName })}>{t('recordResult')}</Button>
                  ) : !mayRecord ? (
                    <span className="text-slate-500">{t('noResult')}</span>
                  ) : null}
                  {mayRecord && open === i && !done ? <ResultForm sampleId={sampleId} index={i} name={r.subjectName} onClose={() => setOpen(null)} /> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {subjects.length > shown ? (
        <Button variant="secondary" size="sm" className="mt-2" onClick={() => setShown(shown + PAGE)}>{t('showMore', { n: subjects.length - shown })}</Button>
      ) : null}
    </section>
  );
}

function ResultForm({ sampleId, index, name, onClose }: { sampleId: string; index: number; name: string; onClose: () => void }) {
  const t = useTranslations('sampling');
  const locale = useLocale();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const options = useQuery(trpc.subjects.resultOptions.queryOptions());
  const [inspectedOn, setInspectedOn] = useState(() => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }));
  const [result, setResult] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation(
    trpc.subjects.recordResult.mutationOptions({
      onSuccess: () => {
        toast.success(t('resultSaved', { name }));
        onClose();
        void qc.invalidateQueries({ queryKey: trpc.subjects.sample.queryKey() });
      },
      onError: (e) => {
        setErrors(fieldErrorsOf(e));
        toast.error(messageOf(e));
      },
    }),
  );
  const id = `result-${index}`;
  return (
    <form
      className="mt-2 space-y-2 rounded-md border border-slate-200 p-3"
      lang={locale}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const errs: Record<string, string> = {};
        if (!inspectedOn) errs.inspectedOn = t('errors.inspectedOn');
        if (!result) errs.result = t('errors.result');
        if (result && result !== '未发现问题' && !note.trim()) errs.note = t('errors.noteRequired');
        setErrors(errs);
        if (Object.keys(errs).length || save.isPending) return;
        save.mutate({ sampleId, index, inspectedOn, result, note: note.trim() || undefined });
      }}
    >
      <Field id={`${id}-date`} label={t('inspectedOn')} error={errors.inspectedOn}>
        <Input id={`${id}-date`} type="date" value={inspectedOn} aria-invalid={Boolean(errors.inspectedOn)} onChange={(e) => setInspectedOn(e.target.value)} />
      </Field>
      <Field id={`${id}-result`} label={t('result')} error={errors.result}>
        <Select id={`${id}-result`} value={result} aria-invalid={Boolean(errors.result)} onChange={(e) => (setResult(e.target.value), setErrors((x) => ({ ...x, result: '' })))}>
          <option value="">{t('pickResult')}</option>
          {(options.data ?? []).map((o) => (
            <option key={o} value={o}>{o}</option>
          ))}
        </Select>
      </Field>
      <Field id={`${id}-note`} label={t('resultNote')} error={errors.note} help={t('resultNoteHelp')}>
        <textarea id={`${id}-note`} className={textarea} rows={2} maxLength={2000} value={note} aria-invalid={Boolean(errors.note)} onChange={(e) => (setNote(e.target.value), setErrors((x) => ({ ...x, note: '' })))} />
      </Field>
      <div className="flex gap-2">
        <Button type="submit" size="sm" disabled={save.isPending}>{save.isPending ? t('saving') : t('saveResult')}</Button>
        <Button type="button" size="sm" variant="secondary" disabled={save.isPending} onClick={() => ((result || note.trim()) && !window.confirm(t('discardResult')) ? undefined : onClose())}>{t('cancel')}</Button>
      </div>
    </form>
  );
}
