'use client';
/**
 * The side panel: every rule of the selected field. Each control calls one pure operation
 * (./operations) and hands the new definition up; refusals (a taken key, an unsafe pattern, a
 * field still referenced) come back as messages shown next to the control or announced.
 */
import { useEffect, useId, useState, type ReactNode } from 'react';
import { useLocale, useTranslations } from 'use-intl';
import type { Locale, Localized } from '../../catalog/types';
import { formModel, type FormDefinition, type FormField } from '../definition';
import { defaultMaskFor, DEFAULT_MASK_RULES, type MaskRule } from '../masking';
import { ConditionBuilder, Errors } from './condition-builder';
import { conditionTargets } from './conditions';
import {
  deleteField,
  duplicateField,
  moveField,
  optionsOf,
  renameField,
  requirednessOf,
  setCondition,
  setMasking,
  setOptions,
  setPattern,
  setRequired,
  setSchemaKeyword,
  setSection,
  setText,
  type Constraint,
  type OpResult,
  type Requiredness,
} from './operations';
import type { FieldProblem } from './problems';
import { buttonClass, dangerButtonClass, inputClass, labelClass, sectionHeadingClass } from './ui';

export interface FieldPanelProps {
  definition: FormDefinition;
  path: string;
  problems: FieldProblem[];
  onChange: (def: FormDefinition, selectPath?: string) => void;
  /** A refusal to announce (deleting a referenced field …). */
  onRefused: (message: Localized) => void;
}

function TextInput({ id, label, value, onChange, errors, help }: { id: string; label: string; value: string; onChange: (v: string) => void; errors?: string[]; help?: string }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <input id={id} className={inputClass} value={value} aria-invalid={errors?.length ? true : undefined} aria-describedby={errors?.length ? `${id}-errors` : help ? `${id}-help` : undefined} onChange={(e) => onChange(e.target.value)} />
      {help ? (
        <p id={`${id}-help`} className="text-xs text-slate-500">
          {help}
        </p>
      ) : null}
      <Errors id={`${id}-errors`} errors={errors} />
    </div>
  );
}

/** An input whose value is applied when the editor leaves it (or presses Enter): key and pattern. */
function CommitInput({ id, label, initial, commit, help, extraErrors, mono }: { id: string; label: string; initial: string; commit: (v: string) => Localized | null; help?: string; extraErrors?: string[]; mono?: boolean }) {
  const locale = useLocale() as Locale;
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setText(initial);
    setError(null);
  }, [initial]);
  const apply = () => {
    if (text === initial) return;
    const refusal = commit(text);
    setError(refusal ? refusal[locale] : null);
  };
  const errors = [...(error ? [error] : []), ...(extraErrors ?? [])];
  return (
    <div className="space-y-1">
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <input
        id={id}
        className={`${inputClass} ${mono ? 'font-mono' : ''}`}
        value={text}
        spellCheck={false}
        aria-invalid={errors.length ? true : undefined}
        aria-describedby={[help ? `${id}-help` : '', errors.length ? `${id}-errors` : ''].filter(Boolean).join(' ') || undefined}
        onChange={(e) => setText(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            // Enter applies the value here; it must not submit the entry form around the designer.
            e.preventDefault();
            apply();
          }
        }}
      />
      {help ? (
        <p id={`${id}-help`} className="text-xs text-slate-500">
          {help}
        </p>
      ) : null}
      {errors.length ? (
        <ul id={`${id}-errors`} role="alert" className="space-y-0.5 text-xs text-red-600">
          {errors.map((e, i) => (
            <li key={i}>{e}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function NumberInput({ id, label, value, onChange, errors }: { id: string; label: string; value: unknown; onChange: (v: number | undefined) => void; errors?: string[] }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <input
        id={id}
        type="number"
        className={inputClass}
        value={typeof value === 'number' ? value : ''}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? `${id}-errors` : undefined}
        onChange={(e) => {
          const n = e.target.value === '' ? undefined : Number(e.target.value);
          if (n === undefined || Number.isFinite(n)) onChange(n);
        }}
      />
      <Errors id={`${id}-errors`} errors={errors} />
    </div>
  );
}

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-2 border-t border-slate-200 pt-3">
      <h4 className={sectionHeadingClass}>{title}</h4>
      {children}
    </section>
  );
}

type MaskMode = 'default' | 'full' | 'name' | 'custom';

function maskModeOf(mask: MaskRule | undefined): MaskMode {
  if (!mask) return 'default';
  if (mask.keepStart === 0 && mask.keepEnd === 0 && mask.char === undefined) return 'full';
  const name = DEFAULT_MASK_RULES['person-name'];
  if (mask.keepStart === name.keepStart && mask.keepEnd === name.keepEnd && mask.char === undefined) return 'name';
  return 'custom';
}

function MaskingEditor({ id, field, onChange }: { id: string; field: FormField; onChange: (personal: boolean, mask?: MaskRule) => void }) {
  const t = useTranslations('formDesigner.panel');
  const personal = field.ui?.personal === true;
  const mask = field.ui?.mask;
  const mode = maskModeOf(mask);
  const fallback = defaultMaskFor(typeof field.schema.format === 'string' ? field.schema.format : '') ?? { keepStart: 0, keepEnd: 0 };
  const [custom, setCustom] = useState<MaskRule>(mask ?? fallback);
  const setMode = (m: MaskMode) => onChange(true, m === 'default' ? undefined : m === 'full' ? { keepStart: 0, keepEnd: 0 } : m === 'name' ? { ...DEFAULT_MASK_RULES['person-name'] } : custom);
  const setCustomRule = (patch: Partial<MaskRule>) => {
    const next = { ...custom, ...patch };
    if (next.char === '' || next.char === undefined) delete next.char;
    setCustom(next);
    onChange(true, next);
  };
  return (
    <div className="space-y-2">
      <label className="flex items-center gap-2 text-sm text-slate-800">
        <input type="checkbox" className="h-4 w-4" checked={personal} onChange={(e) => onChange(e.target.checked, e.target.checked ? mask : undefined)} />
        {t('personal')}
      </label>
      {personal ? (
        <>
          <div className="space-y-1">
            <label htmlFor={`${id}-mode`} className={labelClass}>
              {t('maskRule')}
            </label>
            <select id={`${id}-mode`} className={inputClass} value={mode} onChange={(e) => setMode(e.target.value as MaskMode)}>
              <option value="default">{t('maskDefault', { start: fallback.keepStart, end: fallback.keepEnd })}</option>
              <option value="full">{t('maskFull')}</option>
              <option value="name">{t('maskName')}</option>
              <option value="custom">{t('maskCustom')}</option>
            </select>
          </div>
          {mode === 'custom' ? (
            <div className="grid grid-cols-3 gap-2">
              <NumberInput id={`${id}-start`} label={t('keepStart')} value={custom.keepStart} onChange={(v) => setCustomRule({ keepStart: Math.max(0, Math.floor(v ?? 0)) })} />
              <NumberInput id={`${id}-end`} label={t('keepEnd')} value={custom.keepEnd} onChange={(v) => setCustomRule({ keepEnd: Math.max(0, Math.floor(v ?? 0)) })} />
              <div className="space-y-1">
                <label htmlFor={`${id}-char`} className={labelClass}>
                  {t('maskChar')}
                </label>
                <input id={`${id}-char`} className={inputClass} maxLength={1} value={custom.char ?? ''} placeholder="*" onChange={(e) => setCustomRule({ char: e.target.value })} />
              </div>
            </div>
          ) : null}
        </>
      ) : null}
    </div>
  );
}

function OptionsEditor({ id, definition, path, onChange, errors }: { id: string; definition: FormDefinition; path: string; onChange: (d: FormDefinition) => void; errors?: string[] }) {
  const t = useTranslations('formDesigner.panel');
  const rows = optionsOf(definition, path);
  const set = (next: typeof rows) => onChange(setOptions(definition, path, next));
  const patch = (i: number, p: { code?: string; zh?: string; en?: string }) =>
    set(rows.map((r, j) => (j === i ? { code: p.code ?? r.code, label: { 'zh-CN': p.zh ?? r.label['zh-CN'], en: p.en ?? r.label.en } } : r)));
  return (
    <div className="space-y-2">
      <ol className="space-y-2">
        {rows.map((r, i) => (
          <li key={i} className="grid grid-cols-[5rem_1fr_1fr_auto] items-end gap-1" aria-label={t('optionRow', { n: i + 1 })}>
            <input aria-label={`${t('code')} ${i + 1}`} className={`${inputClass} font-mono`} value={r.code} onChange={(e) => patch(i, { code: e.target.value })} />
            <input aria-label={`${t('optionZh')} ${i + 1}`} className={inputClass} value={r.label['zh-CN']} onChange={(e) => patch(i, { zh: e.target.value })} />
            <input aria-label={`${t('optionEn')} ${i + 1}`} className={inputClass} value={r.label.en} onChange={(e) => patch(i, { en: e.target.value })} />
            <button type="button" className={buttonClass} aria-label={t('removeOption', { n: i + 1 })} onClick={() => set(rows.filter((_, j) => j !== i))}>
              ✕
            </button>
          </li>
        ))}
      </ol>
      <button
        type="button"
        className={buttonClass}
        onClick={() => {
          const n = rows.length + 1;
          const code = String(n).padStart(2, '0');
          set([...rows, { code, label: { 'zh-CN': code, en: code } }]);
        }}
      >
        {t('addOption')}
      </button>
      <Errors id={`${id}-options-errors`} errors={errors} />
    </div>
  );
}

export function FieldPanel({ definition, path, problems, onChange, onRefused }: FieldPanelProps) {
  const t = useTranslations('formDesigner.panel');
  const locale = useLocale() as Locale;
  const base = `fd-${useId().replace(/[^A-Za-z0-9_-]/g, '')}`;
  const model = formModel(definition);
  const field = model.byPath.get(path);
  const stored = requirednessOf(definition, path);
  const [pendingConditional, setPendingConditional] = useState(false);
  useEffect(() => setPendingConditional(false), [path]);
  if (!field) return null;

  const errorsFor = (...aspects: string[]) => problems.filter((p) => aspects.includes(p.aspect)).map((p) => p.message[locale]);
  const apply = (r: OpResult): Localized | null => {
    if (!r.ok) return r.message;
    onChange(r.definition, r.path);
    return null;
  };
  const refusable = (r: OpResult) => {
    const refusal = apply(r);
    if (refusal) onRefused(refusal);
  };
  const siblings = field.parent ? field.parent.children : model.fields;
  const index = siblings.indexOf(field);
  const requiredness: Requiredness = pendingConditional && stored === 'optional' ? 'conditional' : stored;
  const targets = conditionTargets(definition, path);
  const isLeaf = field.structure === 'leaf';
  const numeric = field.widget === 'number' || field.widget === 'money';
  const textual = ['text', 'textarea', 'phone', 'email'].includes(field.widget) && field.schema.type === 'string';
  const sections = Array.isArray(definition.ui?.sections) ? definition.ui.sections : [];
  const setLimit = (k: Constraint) => (v: number | undefined) => onChange(setSchemaKeyword(definition, path, k, v));
  const showRequiredIf = requiredness === 'conditional' || field.ui?.requiredIf !== undefined;
  const showLimits = isLeaf && (numeric || textual);
  // Problems of parts the panel has no control for are listed at its top, so none goes unseen.
  const placed = new Set([
    'label',
    'help',
    'visibleIf',
    'section',
    'mask',
    ...(showRequiredIf ? ['requiredIf'] : []),
    ...(showLimits ? (numeric ? ['minimum', 'maximum'] : ['minLength', 'maxLength', 'pattern']) : []),
    ...(field.widget === 'select' ? ['enum', 'options'] : []),
  ]);
  const unplaced = problems.filter((p) => !placed.has(p.aspect)).map((p) => p.message[locale]);

  return (
    <div className="space-y-3" aria-labelledby={`${base}-title`} role="group">
      <h3 id={`${base}-title`} className="text-base font-semibold text-slate-900">
        {t('title')}：{field.label[locale]}
      </h3>
      {unplaced.length ? (
        <ul role="alert" className="space-y-0.5 rounded bg-red-50 p-2 text-xs text-red-700">
          {unplaced.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
      ) : null}
      <CommitInput id={`${base}-key`} label={t('key')} help={t('keyHelp')} initial={field.key} mono commit={(v) => apply(renameField(definition, path, v.trim()))} />
      <div className="grid grid-cols-2 gap-2">
        <TextInput id={`${base}-label-zh`} label={t('labelZh')} value={field.ui?.label?.['zh-CN'] ?? ''} errors={errorsFor('label')} onChange={(v) => onChange(setText(definition, path, 'label', 'zh-CN', v))} />
        <TextInput id={`${base}-label-en`} label={t('labelEn')} value={field.ui?.label?.en ?? ''} onChange={(v) => onChange(setText(definition, path, 'label', 'en', v))} />
        <TextInput id={`${base}-help-zh`} label={t('helpZh')} value={field.ui?.help?.['zh-CN'] ?? ''} errors={errorsFor('help')} onChange={(v) => onChange(setText(definition, path, 'help', 'zh-CN', v))} />
        <TextInput id={`${base}-help-en`} label={t('helpEn')} value={field.ui?.help?.en ?? ''} onChange={(v) => onChange(setText(definition, path, 'help', 'en', v))} />
      </div>

      <Group title={t('requiredness')}>
        <div role="radiogroup" aria-label={t('requiredness')} className="flex flex-wrap gap-4">
          {(['optional', 'required', 'conditional'] as const).map((mode) => (
            <label key={mode} className="inline-flex items-center gap-1.5 text-sm text-slate-800">
              <input
                type="radio"
                name={`${base}-required`}
                className="h-4 w-4"
                checked={requiredness === mode}
                onChange={() => {
                  setPendingConditional(mode === 'conditional');
                  if (mode !== 'conditional') onChange(setRequired(definition, path, mode));
                  else if (stored === 'required') onChange(setRequired(definition, path, 'optional'));
                }}
              />
              {t(mode)}
            </label>
          ))}
        </div>
        {showRequiredIf ? (
          <ConditionBuilder
            legend={t('requiredIf')}
            value={field.ui?.requiredIf}
            targets={targets}
            errors={errorsFor('requiredIf')}
            onChange={(c) => onChange(c ? setRequired(definition, path, 'conditional', c) : setCondition(definition, path, 'requiredIf', undefined))}
          />
        ) : null}
      </Group>

      <ConditionBuilder legend={t('visibleIf')} hint={t('visibleHint')} value={field.ui?.visibleIf} targets={targets} errors={errorsFor('visibleIf')} onChange={(c) => onChange(setCondition(definition, path, 'visibleIf', c))} />

      {showLimits ? (
        <Group title={t('limits')}>
          {numeric ? (
            <div className="grid grid-cols-2 gap-2">
              <NumberInput id={`${base}-min`} label={t('minimum')} value={field.schema.minimum} onChange={setLimit('minimum')} errors={errorsFor('minimum')} />
              <NumberInput id={`${base}-max`} label={t('maximum')} value={field.schema.maximum} onChange={setLimit('maximum')} errors={errorsFor('maximum')} />
            </div>
          ) : (
            <>
              <div className="grid grid-cols-2 gap-2">
                <NumberInput id={`${base}-minlen`} label={t('minLength')} value={field.schema.minLength} onChange={setLimit('minLength')} errors={errorsFor('minLength')} />
                <NumberInput id={`${base}-maxlen`} label={t('maxLength')} value={field.schema.maxLength} onChange={setLimit('maxLength')} errors={errorsFor('maxLength')} />
              </div>
              <CommitInput
                id={`${base}-pattern`}
                label={t('pattern')}
                help={t('patternHelp')}
                mono
                initial={typeof field.schema.pattern === 'string' ? field.schema.pattern : ''}
                extraErrors={errorsFor('pattern')}
                commit={(v) => apply(setPattern(definition, path, v))}
              />
            </>
          )}
        </Group>
      ) : null}

      {field.widget === 'select' ? (
        <Group title={t('options')}>
          <OptionsEditor id={base} definition={definition} path={path} onChange={onChange} errors={errorsFor('enum', 'options')} />
        </Group>
      ) : null}

      {isLeaf ? (
        <Group title={t('masking')}>
          <MaskingEditor key={path} id={`${base}-mask`} field={field} onChange={(personal, mask) => onChange(setMasking(definition, path, personal, mask))} />
          <Errors id={`${base}-mask-errors`} errors={errorsFor('mask')} />
        </Group>
      ) : null}

      {!field.parent && sections.length > 0 ? (
        <div className="space-y-1">
          <label htmlFor={`${base}-section`} className={labelClass}>
            {t('section')}
          </label>
          <select id={`${base}-section`} className={inputClass} value={field.ui?.section ?? ''} onChange={(e) => onChange(setSection(definition, path, e.target.value))}>
            <option value="">{t('noSection')}</option>
            {sections.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title?.[locale] || s.id}
              </option>
            ))}
          </select>
          <Errors id={`${base}-section-errors`} errors={errorsFor('section')} />
        </div>
      ) : null}

      <div className="flex flex-wrap gap-2 border-t border-slate-200 pt-3">
        <button type="button" className={buttonClass} disabled={index <= 0} onClick={() => onChange(moveField(definition, path, index - 1), path)}>
          {t('moveUp')}
        </button>
        <button type="button" className={buttonClass} disabled={index >= siblings.length - 1} onClick={() => onChange(moveField(definition, path, index + 1), path)}>
          {t('moveDown')}
        </button>
        <button type="button" className={buttonClass} onClick={() => refusable(duplicateField(definition, path))}>
          {t('duplicate')}
        </button>
        <button type="button" className={dangerButtonClass} onClick={() => refusable(deleteField(definition, path))}>
          {t('delete')}
        </button>
      </div>
    </div>
  );
}
