'use client';
import { useLocale, useTranslations } from 'next-intl';
import { PERIOD_KINDS, type EvaluationPeriod, type GradeBand, type GradingProblem, type MeasureMapping, type VetoTrigger } from '@/catalog/grading/types';
import type { Localized } from '@/catalog/types';
import { Button } from '@/app/_components/ui/button';
import { Field, Input, Select } from '@/app/_components/ui/field';
import { DEFAULT_FREQUENCY, emptyRule, problemsAt, problemsUnder } from '../_components/model-content';
import type { GradingRefs } from '../_components/use-grading-refs';
import { ConditionFields } from './rule-editor';

function useFirstError(problems: GradingProblem[]) {
  const locale = useLocale() as 'zh-CN' | 'en';
  return (path: string, deep = false) => (deep ? problemsUnder(problems, path) : problemsAt(problems, path))[0]?.message[locale];
}

/** When evaluations run: period kind, the date periods align to, and the publication lag. */
export function PeriodFields({ value, onChange, problems, readOnly }: { value: EvaluationPeriod; onChange: (next: EvaluationPeriod) => void; problems: GradingProblem[]; readOnly: boolean }) {
  const t = useTranslations('gradingUi.period');
  const err = useFirstError(problems);
  return (
    <fieldset disabled={readOnly} className="grid gap-3 sm:grid-cols-3">
      <Field id="period-kind" label={t('kind')} error={err('definition.period.kind')}>
        <Select id="period-kind" value={value.kind} onChange={(e) => onChange({ ...value, kind: e.target.value as EvaluationPeriod['kind'] })}>
          {PERIOD_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kinds.${k}`)}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="period-anchor" label={t('anchor')} help={t('anchorHelp')} error={err('definition.period.anchor')}>
        <Input id="period-anchor" type="date" value={value.anchor} onChange={(e) => onChange({ ...value, anchor: e.target.value })} />
      </Field>
      <Field id="period-lag" label={t('lag')} error={err('definition.period.publicationLagDays')}>
        <Input id="period-lag" type="number" min={0} value={value.publicationLagDays} onChange={(e) => onChange({ ...value, publicationLagDays: Number(e.target.value) })} />
      </Field>
    </fieldset>
  );
}

/** Vetoes: a condition (like a rule's) that forces a grade, e.g. on the serious-dishonesty list → E. */
export function VetoEditor({ vetoes, bands, onChange, refs, problems, readOnly }: { vetoes: VetoTrigger[]; bands: GradeBand[]; onChange: (next: VetoTrigger[]) => void; refs: GradingRefs; problems: GradingProblem[]; readOnly: boolean }) {
  const t = useTranslations('gradingUi.veto');
  const err = useFirstError(problems);
  const set = (i: number, patch: Partial<VetoTrigger>) => onChange(vetoes.map((v, j) => (j === i ? { ...v, ...patch } : v)));
  const add = () => {
    const { points: _p, start: _s, ...rule } = emptyRule('list-membership');
    const used = new Set(vetoes.map((v) => v.id));
    let n = vetoes.length + 1;
    while (used.has(`V${n}`)) n += 1;
    onChange([...vetoes, { id: `V${n}`, label: { 'zh-CN': '', en: '' }, rule, grade: bands[bands.length - 1]?.grade ?? '' }]);
  };
  return (
    <div className="space-y-4">
      {vetoes.length === 0 ? <p className="text-sm text-slate-500">{t('none')}</p> : null}
      {vetoes.map((v, i) => {
        const path = `definition.vetoes.${i}`;
        return (
          <div key={v.id} className="space-y-3 rounded-md border border-slate-200 p-3" data-testid={`veto-${v.id}`}>
            <fieldset disabled={readOnly} className="grid gap-3 sm:grid-cols-3">
              <Field id={`veto-${i}-zh`} label={t('labelZh')} error={err(`${path}.label`, true)}>
                <Input id={`veto-${i}-zh`} value={v.label['zh-CN']} onChange={(e) => set(i, { label: { ...v.label, 'zh-CN': e.target.value } })} />
              </Field>
              <Field id={`veto-${i}-en`} label={t('labelEn')}>
                <Input id={`veto-${i}-en`} value={v.label.en} onChange={(e) => set(i, { label: { ...v.label, en: e.target.value } })} />
              </Field>
              <Field id={`veto-${i}-grade`} label={t('grade')} error={err(`${path}.grade`)}>
                <Select id={`veto-${i}-grade`} value={v.grade} onChange={(e) => set(i, { grade: e.target.value })}>
                  {bands.map((b) => (
                    <option key={b.grade} value={b.grade}>
                      {b.grade} {b.label['zh-CN']}
                    </option>
                  ))}
                </Select>
              </Field>
            </fieldset>
            <ConditionFields idPrefix={`veto-${i}`} path={`${path}.rule`} value={v.rule} onChange={(rule) => set(i, { rule })} refs={refs} problems={problems} readOnly={readOnly} />
            {readOnly ? null : (
              <Button size="sm" variant="ghost" className="text-red-700" onClick={() => onChange(vetoes.filter((_, j) => j !== i))}>
                {t('remove')}
              </Button>
            )}
          </div>
        );
      })}
      {readOnly ? null : (
        <Button size="sm" variant="secondary" onClick={add}>
          {t('add')}
        </Button>
      )}
    </div>
  );
}

const lines = (text: string) => text.split('\n');
const joinLines = (list: Localized[] | undefined, locale: 'zh-CN' | 'en') => (list ?? []).map((l) => l[locale]).join('\n');

/** Zips the zh and en lines of the incentives boxes into Localized items (blank ones go on save). */
function incentivesFrom(zh: string, en: string): Localized[] {
  const z = lines(zh);
  const e = lines(en);
  return Array.from({ length: Math.max(z.length, e.length) }, (_, i) => ({ 'zh-CN': z[i] ?? '', en: e[i] ?? '' }));
}

/** Grade → differentiated supervision: inspection ratio range, frequency, incentives, sanction measures. */
export function MappingTable({ mappings, bands, onChange, refs, problems, readOnly }: { mappings: MeasureMapping[]; bands: GradeBand[]; onChange: (next: MeasureMapping[]) => void; refs: GradingRefs; problems: GradingProblem[]; readOnly: boolean }) {
  const t = useTranslations('gradingUi.mapping');
  const locale = useLocale() as 'zh-CN' | 'en';
  const err = useFirstError(problems);
  const rowOf = (grade: string): MeasureMapping => mappings.find((m) => m.grade === grade) ?? { grade, inspectionRatio: { min: 0, max: 100 }, frequency: DEFAULT_FREQUENCY[grade] ?? { 'zh-CN': '', en: '' }, incentives: [], sanctionMeasures: [] };
  const set = (grade: string, patch: Partial<MeasureMapping>) => {
    const next = { ...rowOf(grade), ...patch };
    onChange(mappings.some((m) => m.grade === grade) ? mappings.map((m) => (m.grade === grade ? next : m)) : [...mappings, next]);
  };
  const pathOf = (grade: string) => {
    const i = mappings.findIndex((m) => m.grade === grade);
    return `definition.mappings.${i < 0 ? mappings.length : i}`;
  };
  return (
    // min-w-0: a fieldset is as wide as its content by default, so the table widened the page on a tablet.
    <fieldset disabled={readOnly} className="min-w-0 overflow-x-auto">
      <table className="min-w-full text-sm" data-testid="mapping-table">
        <thead>
          <tr className="text-left text-slate-600">
            <th scope="col" className="px-2 py-1 font-medium">{t('grade')}</th>
            <th scope="col" className="px-2 py-1 font-medium">{t('ratio')}</th>
            <th scope="col" className="px-2 py-1 font-medium">{t('frequency')}</th>
            <th scope="col" className="px-2 py-1 font-medium">{t('incentives')}</th>
            <th scope="col" className="px-2 py-1 font-medium">{t('sanctions')}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">
          {bands.map((b) => {
            const m = rowOf(b.grade);
            const path = pathOf(b.grade);
            const chosen = new Set((m.sanctionMeasures ?? []).map((s) => s.code));
            const ratioErr = err(`${path}.inspectionRatio`, true);
            const sanctionErr = err(`${path}.sanctionMeasures`, true);
            return (
              <tr key={b.grade} data-testid={`mapping-${b.grade}`}>
                <th scope="row" className="px-2 py-2 text-left font-semibold">
                  {b.grade} {b.label[locale]}
                </th>
                <td className="px-2 py-2">
                  <div className="flex items-center gap-1">
                    <Input className="w-20" type="number" min={0} max={100} aria-label={t('ratioMinOf', { grade: b.grade })} aria-invalid={Boolean(ratioErr)} value={m.inspectionRatio.min} onChange={(e) => set(b.grade, { inspectionRatio: { ...m.inspectionRatio, min: Number(e.target.value) } })} />
                    <span>–</span>
                    <Input className="w-20" type="number" min={0} max={100} aria-label={t('ratioMaxOf', { grade: b.grade })} aria-invalid={Boolean(ratioErr)} value={m.inspectionRatio.max} onChange={(e) => set(b.grade, { inspectionRatio: { ...m.inspectionRatio, max: Number(e.target.value) } })} />
                    <span>%</span>
                  </div>
                  {ratioErr ? <p className="text-xs text-red-700">{ratioErr}</p> : null}
                </td>
                <td className="space-y-1 px-2 py-2">
                  <Input className="w-48" aria-label={t('frequencyZhOf', { grade: b.grade })} value={m.frequency['zh-CN']} onChange={(e) => set(b.grade, { frequency: { ...m.frequency, 'zh-CN': e.target.value } })} />
                  <Input className="w-48" aria-label={t('frequencyEnOf', { grade: b.grade })} value={m.frequency.en} onChange={(e) => set(b.grade, { frequency: { ...m.frequency, en: e.target.value } })} />
                </td>
                <td className="space-y-1 px-2 py-2">
                  <textarea className="block w-56 rounded-md border border-slate-300 px-2 py-1 text-sm" rows={2} aria-label={t('incentivesZhOf', { grade: b.grade })} placeholder={t('onePerLine')} value={joinLines(m.incentives, 'zh-CN')} onChange={(e) => set(b.grade, { incentives: incentivesFrom(e.target.value, joinLines(m.incentives, 'en')) })} />
                  <textarea className="block w-56 rounded-md border border-slate-300 px-2 py-1 text-sm" rows={2} aria-label={t('incentivesEnOf', { grade: b.grade })} placeholder={t('onePerLineEn')} value={joinLines(m.incentives, 'en')} onChange={(e) => set(b.grade, { incentives: incentivesFrom(joinLines(m.incentives, 'zh-CN'), e.target.value) })} />
                </td>
                <td className="px-2 py-2">
                  <div className="max-h-36 w-72 space-y-1 overflow-y-auto rounded border border-slate-200 p-1" role="group" aria-label={t('sanctionsOf', { grade: b.grade })}>
                    {refs.sanctionMeasures.length === 0 ? <p className="text-xs text-slate-500">{t('noMeasures')}</p> : null}
                    {refs.sanctionMeasures.map((s) => (
                      <label key={s.code} className="flex items-start gap-1 text-xs">
                        <input
                          type="checkbox"
                          checked={chosen.has(s.code)}
                          onChange={(e) => set(b.grade, { sanctionMeasures: e.target.checked ? [...(m.sanctionMeasures ?? []), { code: s.code, version: null }] : (m.sanctionMeasures ?? []).filter((x) => x.code !== s.code) })}
                        />
                        <span>
                          <span className="font-mono">{s.code}</span> {s.title}
                        </span>
                      </label>
                    ))}
                    {(m.sanctionMeasures ?? [])
                      .filter((x) => !refs.sanctionMeasures.some((s) => s.code === x.code))
                      .map((x) => (
                        <p key={x.code} className="text-xs text-red-700">
                          {t('unknownMeasure', { code: x.code })}
                        </p>
                      ))}
                  </div>
                  {sanctionErr ? <p className="text-xs text-red-700">{sanctionErr}</p> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </fieldset>
  );
}
