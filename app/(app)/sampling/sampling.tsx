'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/app/_trpc/client';
import { fieldErrorsOf, messageOf } from '@/app/_trpc/errors';
import { Button } from '@/app/_components/ui/button';
import { Card, PageTitle } from '@/app/_components/ui/card';
import { Field, Input, Select } from '@/app/_components/ui/field';
import { SampleSubjects } from './sample-subjects';

export function Sampling() {
  const t = useTranslations('sampling');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const runs = useQuery(trpc.subjects.sampleRuns.queryOptions());
  const [runId, setRunId] = useState('');
  const [plan, setPlan] = useState('');
  const [seed, setSeed] = useState('');
  // Per grade, the ratio to draw (%): the model's lowest mapped ratio unless the office sets another within its range.
  const [ratios, setRatios] = useState<Record<string, string>>({});
  const mappings = (runs.data ?? []).find((r) => r.id === runId)?.mappings ?? [];
  const [shown, setShown] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const history = useQuery({ ...trpc.subjects.samples.queryOptions({ runId: runId || undefined }) });
  const sample = useQuery({ ...trpc.subjects.sample.queryOptions({ id: shown ?? '00000000-0000-4000-8000-000000000000' }), enabled: Boolean(shown) });
  const draw = useMutation(
    trpc.subjects.drawSample.mutationOptions({
      onSuccess: (s) => {
        toast.success(t('drawn', { n: s.drawn }));
        setShown(s.id);
        setSeed(s.seed);
        qc.invalidateQueries({ queryKey: trpc.subjects.samples.queryKey() });
      },
      onError: (e) => {
        setErrors(fieldErrorsOf(e));
        toast.error(messageOf(e));
      },
    }),
  );
  const s = sample.data;
  const previous = s ? (history.data ?? []).find((h) => h.id !== s.id && h.seed === s.seed && h.runId === s.runId) : undefined;
  return (
    <div className="space-y-4">
      <PageTitle>{t('title')}</PageTitle>
      {runs.data && !runs.data.length ? <Card className="text-sm text-slate-600">{t('noRuns')}</Card> : null}
      <Card>
        <form
          className="grid gap-3 md:grid-cols-[2fr_2fr_1fr_auto] md:items-start"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const errs: Record<string, string> = {};
            if (!runId) errs.runId = t('pickRun');
            if (!plan.trim()) errs.plan = t('errors.planRequired');
            const asked: Record<string, number> = {};
            for (const m of mappings) {
              const v = (ratios[m.grade] ?? '').trim();
              if (!v) continue;
              const n = Number(v);
              if (!Number.isFinite(n) || n < m.min || n > m.max) errs[`ratios.${m.grade}`] = t('errors.ratioOutside', { grade: m.grade, min: m.min, max: m.max });
              else asked[m.grade] = n;
            }
            setErrors(errs);
            if (Object.keys(errs).length || draw.isPending) return;
            draw.mutate({ runId, plan, seed: seed.trim() || undefined, ratios: asked });
          }}
        >
          <Field id="sample-run" label={t('run')} error={errors.runId}>
            <Select id="sample-run" value={runId} aria-invalid={Boolean(errors.runId)} onChange={(e) => setRunId(e.target.value)}>
              <option value="">{t('pickRun')}</option>
              {(runs.data ?? []).map((r) => (
                <option key={r.id} value={r.id}>{r.modelName}（{r.periodStart}—{r.periodEnd}）</option>
              ))}
            </Select>
          </Field>
          <Field id="sample-plan" label={t('plan')} error={errors.plan}>
            <Input id="sample-plan" value={plan} aria-invalid={Boolean(errors.plan)} onChange={(e) => setPlan(e.target.value)} />
          </Field>
          <Field id="sample-seed" label={t('seed')} error={errors.seed}>
            <Input id="sample-seed" value={seed} aria-invalid={Boolean(errors.seed)} onChange={(e) => setSeed(e.target.value)} />
          </Field>
          <Button type="submit" className="md:mt-6" disabled={draw.isPending}>{draw.isPending ? t('drawing') : t('draw')}</Button>
          {mappings.length ? (
            <fieldset className="md:col-span-4">
              <legend className="mb-1 text-sm font-medium">{t('ratios')}</legend>
              <p className="mb-2 text-xs text-slate-500">{t('ratiosHelp')}</p>
              <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
                {mappings.map((m) => (
                  <Field key={m.grade} id={`ratio-${m.grade}`} label={t('ratioOf', { grade: m.grade })} help={t('ratioRange', { min: m.min, max: m.max })} error={errors[`ratios.${m.grade}`]}>
                    <Input id={`ratio-${m.grade}`} inputMode="decimal" placeholder={String(m.min)} value={ratios[m.grade] ?? ''} aria-invalid={Boolean(errors[`ratios.${m.grade}`])} onChange={(e) => setRatios({ ...ratios, [m.grade]: e.target.value })} />
                  </Field>
                ))}
              </div>
            </fieldset>
          ) : null}
        </form>
      </Card>
      {s ? (
        <Card className="space-y-3">
          <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
            <span>{t('plan')}：{s.plan} · {t('seedShort')}：<code>{s.seed}</code> · {t('digest')}：<code data-testid="sample-digest">{s.digest.slice(0, 16)}</code></span>
            <a className="text-brand-700 underline" href={`/api/sampling/${s.id}/export?format=xlsx`} download>{t('export')}</a>
          </div>
          {previous ? <p role="status" className={previous.digest === s.digest ? 'text-sm text-green-800' : 'text-sm text-red-700'}>{previous.digest === s.digest ? t('sameAsPrevious') : ''}</p> : null}
          <table className="w-full text-sm">
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr><th className="p-2">{t('grade')}</th><th className="p-2">{t('ratio')}</th><th className="p-2">{t('population')}</th><th className="p-2">{t('count')}</th></tr>
            </thead>
            <tbody>
              {Object.entries(s.perGrade).map(([g, v]) => (
                <tr key={g} className="border-t border-slate-100"><td className="p-2">{g}</td><td className="p-2">{v.ratio}%</td><td className="p-2">{v.population}</td><td className="p-2">{v.drawn}</td></tr>
              ))}
            </tbody>
          </table>
          <SampleSubjects sampleId={s.id} subjects={s.subjects} results={s.results} mayRecord={s.mayRecord} />
        </Card>
      ) : null}
      <Card>
        <h2 className="mb-2 font-semibold">{t('history')}</h2>
        {(history.data ?? []).length ? (
          <ul className="divide-y divide-slate-100 text-sm">
            {(history.data ?? []).map((h) => (
              <li key={h.id} className="flex flex-wrap gap-3 py-1">
                <button type="button" className="text-brand-700 underline" onClick={() => setShown(h.id)}>{h.plan}</button>
                <span>{new Date(h.drawnAt).toLocaleString('zh-CN')}</span>
                <span>{t('seedShort')}：<code>{h.seed}</code></span>
                <span>{t('digest')}：<code>{h.digest.slice(0, 16)}</code></span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-500">{t('empty')}</p>
        )}
      </Card>
    </div>
  );
}
