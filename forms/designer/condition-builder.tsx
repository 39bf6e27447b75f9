'use client';
/**
 * The visual condition builder: rules of "field – operator – value", joined by all/any, producing
 * the `Condition` data of ../conditions. Values are typed by the field they compare with (yes/no,
 * a code of the code list, a number), so what is stored is what the runtime compares.
 */
import { useId } from 'react';
import { useLocale, useTranslations } from 'use-intl';
import type { Locale } from '../../catalog/types';
import { OPS_WITH_VALUE, type Condition, type ConditionOp } from '../conditions';
import { defaultValue, fromDraft, opsFor, parseValue, toDraft, type ConditionDraft, type ConditionRule, type ConditionTarget } from './conditions';
import { buttonClass, inputClass, labelClass } from './ui';

export interface ConditionBuilderProps {
  /** Names the group (e.g. 显示条件). */
  legend: string;
  value: Condition | undefined;
  targets: ConditionTarget[];
  onChange: (c: Condition | undefined) => void;
  /** Problems of this condition, shown under it. */
  errors?: string[];
  hint?: string;
}

function RuleValue({ id, rule, target, onChange }: { id: string; rule: ConditionRule; target: ConditionTarget | undefined; onChange: (v: unknown) => void }) {
  const t = useTranslations('formDesigner.condition');
  const locale = useLocale() as Locale;
  const list = rule.op === 'in' || rule.op === 'notIn';
  if (target?.widget === 'boolean' && !list) {
    return (
      <select id={id} className={inputClass} value={String(rule.value === true)} onChange={(e) => onChange(e.target.value === 'true')}>
        <option value="true">{t('yes')}</option>
        <option value="false">{t('no')}</option>
      </select>
    );
  }
  if (target?.enum && !list) {
    return (
      <select id={id} className={inputClass} value={String(rule.value ?? '')} onChange={(e) => onChange(parseValue(target, e.target.value))}>
        {target.enum.map((v) => (
          <option key={String(v)} value={String(v)}>
            {String(v)}
          </option>
        ))}
      </select>
    );
  }
  if (list) {
    const values = Array.isArray(rule.value) ? rule.value : [];
    return (
      <input
        id={id}
        className={inputClass}
        title={t('listHint')}
        placeholder={t('listHint')}
        value={values.map(String).join('；')}
        onChange={(e) => onChange(e.target.value.split(/[;；]/).map((s) => s.trim()).filter(Boolean).map((s) => parseValue(target, s)))}
      />
    );
  }
  const numeric = target?.widget === 'number' || target?.widget === 'money';
  return (
    <input
      id={id}
      className={inputClass}
      type={target?.widget === 'date' ? 'date' : 'text'}
      inputMode={numeric ? 'decimal' : undefined}
      lang={locale}
      value={rule.value === undefined ? '' : String(rule.value)}
      onChange={(e) => onChange(parseValue(target, e.target.value))}
    />
  );
}

export function ConditionBuilder({ legend, value, targets, onChange, errors, hint }: ConditionBuilderProps) {
  const t = useTranslations('formDesigner.condition');
  const locale = useLocale() as Locale;
  const base = useId().replace(/[^A-Za-z0-9_-]/g, '');
  const draft = toDraft(value);
  const errorId = `${base}-errors`;

  if (!draft) {
    return (
      <fieldset className="space-y-2 rounded-md border border-slate-200 p-3" aria-describedby={errors?.length ? errorId : undefined}>
        <legend className="px-1 text-sm font-medium text-slate-700">{legend}</legend>
        <p className="text-xs text-amber-800">{t('advanced')}</p>
        <pre className="max-h-32 overflow-auto rounded bg-slate-50 p-2 text-xs">{JSON.stringify(value, null, 2)}</pre>
        <button type="button" className={buttonClass} onClick={() => onChange(undefined)}>
          {t('clear')}
        </button>
        <Errors id={errorId} errors={errors} />
      </fieldset>
    );
  }

  const emit = (next: ConditionDraft) => onChange(fromDraft(next));
  const setRule = (i: number, patch: Partial<ConditionRule>) => emit({ ...draft, rules: draft.rules.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  const targetOf = (ref: string) => targets.find((x) => x.ref === ref);
  const addRule = () => {
    const first = targets[0];
    if (!first) return;
    const op = opsFor(first.widget)[0]!;
    emit({ ...draft, rules: [...draft.rules, { field: first.ref, op, value: defaultValue(first, op) }] });
  };

  return (
    <fieldset className="space-y-2 rounded-md border border-slate-200 p-3" aria-describedby={errors?.length ? errorId : undefined}>
      <legend className="px-1 text-sm font-medium text-slate-700">{legend}</legend>
      {hint && draft.rules.length === 0 ? <p className="text-xs text-slate-500">{hint}</p> : null}
      {draft.rules.length > 1 ? (
        <div>
          <label htmlFor={`${base}-join`} className={labelClass}>
            {t('join')}
          </label>
          <select id={`${base}-join`} className={inputClass} value={draft.join} onChange={(e) => emit({ ...draft, join: e.target.value as 'all' | 'any' })}>
            <option value="all">{t('all')}</option>
            <option value="any">{t('any')}</option>
          </select>
        </div>
      ) : null}
      <ol className="space-y-2">
        {draft.rules.map((rule, i) => {
          const target = targetOf(rule.field);
          const ops = opsFor(target?.widget);
          const id = `${base}-${i}`;
          return (
            <li key={i} className="grid grid-cols-[1fr_auto] gap-2 rounded bg-slate-50 p-2" aria-label={t('rule', { n: i + 1 })}>
              <div className="grid gap-2 sm:grid-cols-3">
                <div>
                  <label htmlFor={`${id}-field`} className={labelClass}>
                    {t('field')}
                  </label>
                  <select
                    id={`${id}-field`}
                    className={inputClass}
                    value={rule.field}
                    onChange={(e) => {
                      const next = targetOf(e.target.value);
                      const op = opsFor(next?.widget).includes(rule.op) ? rule.op : opsFor(next?.widget)[0]!;
                      setRule(i, { field: e.target.value, op, value: defaultValue(next, op) });
                    }}
                  >
                    {target ? null : <option value={rule.field}>{rule.field}</option>}
                    {targets.map((x) => (
                      <option key={x.ref} value={x.ref}>
                        {x.label[locale]}（{x.ref}）
                      </option>
                    ))}
                  </select>
                </div>
                <div>
                  <label htmlFor={`${id}-op`} className={labelClass}>
                    {t('op')}
                  </label>
                  <select
                    id={`${id}-op`}
                    className={inputClass}
                    value={rule.op}
                    onChange={(e) => {
                      const op = e.target.value as ConditionOp;
                      const keep = OPS_WITH_VALUE.has(op) && Array.isArray(rule.value) === (op === 'in' || op === 'notIn');
                      setRule(i, { op, value: keep ? rule.value : defaultValue(target, op) });
                    }}
                  >
                    {ops.map((op) => (
                      <option key={op} value={op}>
                        {t(`ops.${op}`)}
                      </option>
                    ))}
                  </select>
                </div>
                {OPS_WITH_VALUE.has(rule.op) ? (
                  <div>
                    <label htmlFor={`${id}-value`} className={labelClass}>
                      {t('value')}
                    </label>
                    <RuleValue id={`${id}-value`} rule={rule} target={target} onChange={(v) => setRule(i, { value: v })} />
                  </div>
                ) : null}
              </div>
              <button type="button" className={`${buttonClass} self-end`} aria-label={t('remove', { n: i + 1 })} onClick={() => emit({ ...draft, rules: draft.rules.filter((_, j) => j !== i) })}>
                ✕
              </button>
            </li>
          );
        })}
      </ol>
      {targets.length === 0 ? (
        <p className="text-xs text-slate-500">{t('noTargets')}</p>
      ) : (
        <button type="button" className={buttonClass} onClick={addRule}>
          {t('add')}
        </button>
      )}
      <Errors id={errorId} errors={errors} />
    </fieldset>
  );
}

export function Errors({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <ul id={id} className="space-y-0.5 text-xs text-red-600">
      {errors.map((e, i) => (
        <li key={i}>{e}</li>
      ))}
    </ul>
  );
}
