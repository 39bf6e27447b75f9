'use client';
/**
 * Renders any form definition with react-hook-form and the shared resolver, so the errors shown
 * before submitting are the server's verdict. Framework-free on purpose (no next/*, no
 * next-intl): texts of its own come from `RENDERER_LABELS`, labels and help from the definition,
 * so a benchmark page or a test harness can mount it as well as the app.
 *
 * Visibility and the required marker are recomputed from the watched values on every change by
 * `fieldStates`, the same steps `prepare` runs, so a field hidden on screen is a field the server
 * drops. Hidden fields are unmounted; their values stay in the form state (the user may switch
 * back) but are removed from what is submitted.
 *
 * Errors show as soon as a filled-in field is left (blur), from the same resolver — a wrong
 * check character of a 统一社会信用代码 is said before anything is sent. Codes are normalised on
 * blur (full-width, spaces, lower case), as `prepare` does. Fields bound to the record's subject
 * (./subject) are filled from the `subject` prop and cannot be typed into.
 */
import { memo, useEffect, useId, useMemo, useRef, type CSSProperties, type ReactNode } from 'react';
import { Controller, get, useFieldArray, useForm, useWatch, type Control, type FieldErrors, type FieldValues, type UseFormRegister, type UseFormRegisterReturn } from 'react-hook-form';
import type { Locale } from '../catalog/types';
import { formModel, type FormDefinition, type FormField } from './definition';
import { fieldStates, type FieldStates } from './effective';
import { conditionFields, isEmptyValue, isPlainObject } from './conditions';
import { formResolver } from './resolver';
import { CODE_FORMATS, normalizeCode } from './formats/normalize';
import { bindingOf, boundFields, boundValue, normalizeSubject, type Subject, type SubjectBinding } from './subject';
import { useAfterPointerRelease } from './use-after-release';

export interface RendererLabels {
  addRow: string;
  removeRow: (row: number) => string;
  row: (row: number) => string;
  noRows: string;
  yes: string;
  no: string;
  selectPlaceholder: string;
  required: string;
  moneyUnit: string;
  submit: string;
  saveDraft: string;
  formErrors: string;
  /** Note under a field bound to the subject. */
  bound: Record<SubjectBinding, string>;
  boundEmpty: string;
}

export const RENDERER_LABELS: Record<Locale, RendererLabels> = {
  'zh-CN': {
    addRow: '添加一行',
    removeRow: (n) => `删除第 ${n} 行`,
    row: (n) => `第 ${n} 行`,
    noRows: '尚无记录，请点击“添加一行”。',
    yes: '是',
    no: '否',
    selectPlaceholder: '请选择',
    required: '（必填）',
    moneyUnit: '万元',
    submit: '提交',
    saveDraft: '保存草稿',
    formErrors: '提交未成功，请处理以下问题：',
    bound: { type: '按上方的主体类型自动填写。', code: '按上方的主体代码自动填写；如需修改，请改上方的主体信息。', name: '按上方的主体名称自动填写；如需修改，请改上方的主体信息。' },
    boundEmpty: '自动填写',
  },
  en: {
    addRow: 'Add a row',
    removeRow: (n) => `Remove row ${n}`,
    row: (n) => `Row ${n}`,
    noRows: 'No rows yet; use “Add a row”.',
    yes: 'Yes',
    no: 'No',
    selectPlaceholder: 'Select…',
    required: ' (required)',
    moneyUnit: '万元 (10,000 yuan)',
    submit: 'Submit',
    saveDraft: 'Save draft',
    formErrors: 'The form was not accepted:',
    bound: { type: 'Filled in from the subject type above.', code: 'Filled in from the subject code above; to change it, change the subject above.', name: 'Filled in from the subject name above; to change it, change the subject above.' },
    boundEmpty: 'Filled in automatically',
  },
};

export interface FormRendererProps {
  definition: FormDefinition;
  /**
   * `id@version`, the validator cache key. (React reserves the prop name `key`; pass the same
   * value as `key` too when the version can change under a mounted form, to start afresh.)
   */
  formKey: string;
  locale: Locale;
  defaultValues?: Record<string, unknown>;
  /** Receives the prepared record: only declared, visible, filled-in fields. */
  onSubmit: (values: Record<string, unknown>) => void | Promise<void>;
  disabled?: boolean;
  /** Errors from the server by dotted path (`items.1.amount`; '' for the whole record). */
  serverErrors?: Record<string, string>;
  /** Prefix of element ids (default: a React id), for pages with several forms. */
  idPrefix?: string;
  submitLabel?: string;
  /** Extra buttons next to the submit button. */
  actions?: ReactNode;
  /** A second button that hands over the current values without validating (saving a draft). */
  onDraft?: (values: Record<string, unknown>) => void | Promise<void>;
  draftLabel?: string;
  /** The record's subject (the header): fields bound to it show and submit its values. */
  subject?: Subject;
}

const control = 'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm aria-[invalid=true]:border-red-500 disabled:bg-slate-100';
const labelClass = 'block text-sm font-medium text-slate-700';
const helpClass = 'text-xs text-slate-500';
const errorClass = 'text-sm text-red-600';
const buttonClass = 'inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-700 disabled:opacity-50';
const primaryButtonClass = 'inline-flex items-center rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-700 disabled:opacity-50';

type Values = FieldValues;

interface Ctx {
  control: Control<Values, unknown, Record<string, unknown>>;
  register: UseFormRegister<Values>;
  errors: FieldErrors<Values>;
  states: FieldStates;
  locale: Locale;
  labels: RendererLabels;
  idOf: (name: string) => string;
  /** a long form: its blocks may be skipped while off screen */
  lazy: boolean;
  /** The record's subject is given (the fill page): fields bound to it are shown locked. */
  hasSubject: boolean;
  /** Wraps a registered input so that leaving it (blur) normalises codes and shows its errors. */
  checked: (name: string, field: FormField, reg: UseFormRegisterReturn) => UseFormRegisterReturn;
}

const join = (a: string, b: string) => (a ? `${a}.${b}` : b);

/** Top-level fields whose values can change what is hidden or required. */
function watchedRoots(model: ReturnType<typeof formModel>): string[] {
  const roots = new Set<string>();
  const rootOf = (path: string) => path.split('.')[0]!;
  const visit = (fields: FormField[]) => {
    for (const f of fields) {
      if (f.structure === 'rows') roots.add(rootOf(f.path));
      for (const c of [f.ui?.visibleIf, f.ui?.requiredIf]) {
        if (c === undefined) continue;
        for (const ref of conditionFields(c)) roots.add(ref.startsWith('$item.') ? rootOf(f.row ?? f.path) : rootOf(ref));
      }
      visit(f.children);
    }
  };
  visit(model.fields);
  return [...roots].sort();
}

/** The text of an input as a number when it reads as one; otherwise kept, for the validator to name. */
function toNumber(v: unknown): unknown {
  if (v === '' || v === null || v === undefined) return undefined;
  if (typeof v === 'number') return Number.isNaN(v) ? undefined : v;
  const s = String(v).trim();
  if (s === '') return undefined;
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) ? Number(s) : s;
}

/** A select's text back to the enum value it stands for (enums may hold numbers). */
function fromOption(field: FormField, v: unknown): unknown {
  if (v === '' || v === null || v === undefined) return undefined;
  const values = Array.isArray(field.schema.enum) ? field.schema.enum : [];
  return values.find((e) => String(e) === String(v)) ?? v;
}

/** Default values shaped like the form: an object per group and a list per repeating group. */
function shapeDefaults(fields: FormField[], given: unknown): Record<string, unknown> {
  const src = isPlainObject(given) ? given : {};
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    // Own keys only: a field called toString must not pick up Object.prototype.toString.
    const v = Object.hasOwn(src, f.key) ? src[f.key] : undefined;
    if (f.structure === 'group') out[f.key] = shapeDefaults(f.children, v);
    else if (f.structure === 'rows') out[f.key] = Array.isArray(v) ? v.map((row) => shapeDefaults(f.children, row)) : [];
    else if (v !== undefined) out[f.key] = v;
  }
  return out;
}

function describedBy(id: string, help: boolean, error: boolean, extra?: string): string | undefined {
  return [help ? `${id}-help` : null, extra ?? null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
}

function errorText(errors: FieldErrors<Values>, name: string): string | undefined {
  const e = get(errors, name) as { message?: unknown; root?: { message?: unknown } } | undefined;
  const m = e?.root?.message ?? e?.message;
  return typeof m === 'string' && m ? m : undefined;
}

function RequiredMark({ show, labels }: { show: boolean; labels: RendererLabels }) {
  if (!show) return null;
  return (
    <span className="ml-0.5 text-red-600">
      <span aria-hidden="true">*</span>
      <span className="sr-only">{labels.required}</span>
    </span>
  );
}

function Help({ id, text }: { id: string; text?: string }) {
  return text ? (
    <p id={`${id}-help`} className={helpClass}>
      {text}
    </p>
  ) : null;
}

function ErrorText({ id, text }: { id: string; text?: string }) {
  return text ? (
    <p id={`${id}-error`} role="alert" className={errorClass}>
      {text}
    </p>
  ) : null;
}

/**
 * Fields are laid out in blocks of `BLOCK`. In a long form (LAZY_FROM_FIELDS fields or more) the
 * browser may skip a block while it is off screen (`content-visibility: auto`): a keystroke then
 * re-lays out, repaints and re-layerizes the few blocks in view instead of every field, and the
 * first render lays out one screenful (in a 500-field form this took a keystroke's frame from
 * ~20 ms to ~3 ms; see bench/forms.ts). Skipped fields stay in the accessibility tree, in
 * find-in-page and in the tab order; focusing one (as the error focus on submit does) renders it.
 * A block remembers its last rendered height (`auto`), and its paint clip is widened so focus
 * outlines are not cut off. Short forms gain nothing from it and are drawn whole (so a full-page
 * screenshot or a print shows every field). Blocks are cut from the full field list, hidden
 * fields included, so a field changing visibility never moves other fields to another block
 * (which would remount them).
 */
const BLOCK = 10;
const LAZY_FROM_FIELDS = 60;
const FIELD_ESTIMATE_REM = 4.5;

/** Inputs in a definition (a group counts its fields; a repeating group its row's fields once). */
function fieldCount(fields: FormField[]): number {
  return fields.reduce((n, f) => n + (f.children.length > 0 ? fieldCount(f.children) : 1), 0);
}

function blockStyle(fields: number): CSSProperties {
  return { contentVisibility: 'auto', containIntrinsicSize: `auto ${fields * FIELD_ESTIMATE_REM}rem`, overflowClipMargin: '0.5rem' };
}

function FieldList({ fields, base, ctx }: { fields: FormField[]; base: string; ctx: Ctx }) {
  const blocks: FormField[][] = [];
  for (let i = 0; i < fields.length; i += BLOCK) blocks.push(fields.slice(i, i + BLOCK));
  return (
    <>
      {blocks.map((block) => {
        const shown = block.filter((f) => !ctx.states.hidden.has(join(base, f.key)));
        if (shown.length === 0) return null;
        return (
          <div key={join(base, block[0]!.key)} data-block={join(base, block[0]!.key)} style={ctx.lazy ? blockStyle(shown.length) : undefined} className="space-y-4">
            {shown.map((f) => {
              const name = join(base, f.key);
              return <FieldView key={name} field={f} name={name} ctx={ctx} />;
            })}
          </div>
        );
      })}
    </>
  );
}

const FieldView = memo(function FieldView({ field, name, ctx }: { field: FormField; name: string; ctx: Ctx }) {
  if (field.structure === 'group') return <GroupView field={field} name={name} ctx={ctx} />;
  if (field.structure === 'rows') return <RowsView field={field} name={name} ctx={ctx} />;
  if (field.widget === 'boolean') return <BooleanView field={field} name={name} ctx={ctx} />;
  // Without a subject (the designer's preview) a bound field is an ordinary input to try rules on.
  const binding = ctx.hasSubject ? bindingOf(field) : null;
  if (binding) return <BoundView field={field} binding={binding} name={name} ctx={ctx} />;
  return <LeafView field={field} name={name} ctx={ctx} />;
});

/** The fieldset of a group or repeating group: legend, help and error linked for screen readers. */
function GroupFieldset({ field, name, ctx, className, children }: { field: FormField; name: string; ctx: Ctx; className: string; children: ReactNode }) {
  const id = ctx.idOf(name);
  const help = field.ui?.help?.[ctx.locale];
  const error = errorText(ctx.errors, name);
  return (
    <fieldset id={id} className={className} aria-describedby={describedBy(id, !!help, !!error)} aria-invalid={error ? true : undefined}>
      <legend className="px-1 text-sm font-semibold text-slate-800">
        {field.label[ctx.locale]}
        <RequiredMark show={ctx.states.required.has(name)} labels={ctx.labels} />
      </legend>
      <Help id={id} text={help} />
      <ErrorText id={id} text={error} />
      {children}
    </fieldset>
  );
}

const GroupView = memo(function GroupView({ field, name, ctx }: { field: FormField; name: string; ctx: Ctx }) {
  return (
    <GroupFieldset field={field} name={name} ctx={ctx} className="space-y-4 rounded-md border border-slate-200 p-4">
      <FieldList fields={field.children} base={name} ctx={ctx} />
    </GroupFieldset>
  );
});

function emptyRow(field: FormField): Record<string, unknown> {
  return shapeDefaults(field.children, {});
}

const RowsView = memo(function RowsView({ field, name, ctx }: { field: FormField; name: string; ctx: Ctx }) {
  const { fields: rows, append, remove } = useFieldArray({ control: ctx.control, name });
  return (
    <GroupFieldset field={field} name={name} ctx={ctx} className="space-y-3 rounded-md border border-slate-200 p-4">
      {rows.length === 0 ? <p className={helpClass}>{ctx.labels.noRows}</p> : null}
      <ol className="space-y-3">
        {rows.map((row, i) => (
          <li key={row.id}>
            <fieldset className="space-y-4 rounded-md border border-slate-200 bg-slate-50 p-3">
              <legend className="px-1 text-xs font-medium text-slate-600">{ctx.labels.row(i + 1)}</legend>
              <FieldList fields={field.children} base={`${name}.${i}`} ctx={ctx} />
              <button type="button" className={buttonClass} onClick={() => remove(i)}>
                {ctx.labels.removeRow(i + 1)}
              </button>
            </fieldset>
          </li>
        ))}
      </ol>
      <button type="button" className={buttonClass} onClick={() => append(emptyRow(field))}>
        {ctx.labels.addRow}
      </button>
    </GroupFieldset>
  );
});

const BooleanView = memo(function BooleanView({ field, name, ctx }: { field: FormField; name: string; ctx: Ctx }) {
  const id = ctx.idOf(name);
  const help = field.ui?.help?.[ctx.locale];
  const error = errorText(ctx.errors, name);
  const required = ctx.states.required.has(name);
  return (
    <Controller
      control={ctx.control}
      name={name}
      render={({ field: rhf }) => (
        <fieldset id={id} className="space-y-1" aria-describedby={describedBy(id, !!help, !!error)} aria-required={required || undefined}>
          <legend className={labelClass}>
            {field.label[ctx.locale]}
            <RequiredMark show={required} labels={ctx.labels} />
          </legend>
          <div className="flex gap-6">
            {([true, false] as const).map((value, i) => (
              <label key={String(value)} htmlFor={`${id}-${value ? 'yes' : 'no'}`} className="inline-flex items-center gap-2 text-sm text-slate-800">
                <input
                  ref={i === 0 ? rhf.ref : undefined}
                  id={`${id}-${value ? 'yes' : 'no'}`}
                  type="radio"
                  name={id}
                  className="h-4 w-4"
                  checked={rhf.value === value}
                  onChange={() => rhf.onChange(value)}
                  onBlur={rhf.onBlur}
                  aria-invalid={error ? true : undefined}
                />
                {value ? ctx.labels.yes : ctx.labels.no}
              </label>
            ))}
          </div>
          <Help id={id} text={help} />
          <ErrorText id={id} text={error} />
        </fieldset>
      )}
    />
  );
});

/** A field that means the subject: shows the header's value, read-only (its value is set by FormRenderer). */
const BoundView = memo(function BoundView({ field, binding, name, ctx }: { field: FormField; binding: SubjectBinding; name: string; ctx: Ctx }) {
  const id = ctx.idOf(name);
  const { locale, labels } = ctx;
  const value = useWatch({ control: ctx.control, name });
  const help = field.ui?.help?.[locale];
  const error = errorText(ctx.errors, name);
  const text = isEmptyValue(value) ? '' : (field.ui?.options?.[String(value)]?.[locale] ?? String(value));
  return (
    <div className="space-y-1">
      <label htmlFor={id} className={labelClass}>
        {field.label[locale]}
        <RequiredMark show={ctx.states.required.has(name)} labels={labels} />
      </label>
      <input
        id={id}
        type="text"
        readOnly
        value={text}
        placeholder={labels.boundEmpty}
        data-subject={binding}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, !!help, !!error, `${id}-bound`)}
        className={`${control} bg-slate-50 text-slate-700 ${binding === 'code' ? 'font-mono' : ''}`}
      />
      <p id={`${id}-bound`} className={helpClass}>
        {labels.bound[binding]}
      </p>
      <Help id={id} text={help} />
      <ErrorText id={id} text={error} />
    </div>
  );
});

const LeafView = memo(function LeafView({ field, name, ctx }: { field: FormField; name: string; ctx: Ctx }) {
  const id = ctx.idOf(name);
  const register = (opts?: Parameters<UseFormRegister<Values>>[1]) => ctx.checked(name, field, ctx.register(name, opts));
  const { locale, labels } = ctx;
  const help = field.ui?.help?.[locale];
  const error = errorText(ctx.errors, name);
  const required = ctx.states.required.has(name);
  const placeholder = field.ui?.placeholder?.[locale];
  const unitId = field.widget === 'money' ? `${id}-unit` : undefined;
  const a11y = {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(id, !!help, !!error, unitId),
    'aria-required': required || undefined,
    className: control,
  } as const;

  let input: ReactNode;
  switch (field.widget) {
    case 'textarea':
      input = <textarea rows={4} placeholder={placeholder} {...a11y} {...register()} />;
      break;
    case 'number':
      input = <input type="number" step={field.schema.type === 'integer' ? 1 : 'any'} inputMode="decimal" placeholder={placeholder} {...a11y} {...register({ setValueAs: toNumber })} />;
      break;
    case 'money':
      input = (
        <div className="flex items-center gap-2">
          <input type="text" inputMode="decimal" autoComplete="off" placeholder={placeholder} {...a11y} {...register({ setValueAs: toNumber })} />
          <span id={unitId} className="shrink-0 text-sm text-slate-600">
            {labels.moneyUnit}
          </span>
        </div>
      );
      break;
    case 'date':
      input = <input type="date" {...a11y} {...register()} />;
      break;
    case 'select': {
      const values = Array.isArray(field.schema.enum) ? field.schema.enum : [];
      input = (
        <select {...a11y} {...register({ setValueAs: (v: unknown) => fromOption(field, v) })}>
          <option value="">{labels.selectPlaceholder}</option>
          {values.map((v) => (
            <option key={String(v)} value={String(v)}>
              {field.ui?.options?.[String(v)]?.[locale] ?? String(v)}
            </option>
          ))}
        </select>
      );
      break;
    }
    case 'uscc':
    case 'resident-id':
      input = <input type="text" autoComplete="off" spellCheck={false} autoCapitalize="characters" placeholder={placeholder} {...a11y} className={`${control} font-mono`} {...register()} />;
      break;
    case 'phone':
      input = <input type="tel" inputMode="tel" autoComplete="tel" placeholder={placeholder} {...a11y} {...register()} />;
      break;
    case 'email':
      input = <input type="email" autoComplete="email" placeholder={placeholder} {...a11y} {...register()} />;
      break;
    default:
      input = <input type="text" placeholder={placeholder} {...a11y} {...register()} />;
  }

  return (
    <div className="space-y-1">
      <label htmlFor={id} className={labelClass}>
        {field.label[locale]}
        <RequiredMark show={required} labels={labels} />
      </label>
      {input}
      <Help id={id} text={help} />
      <ErrorText id={id} text={error} />
    </div>
  );
});

export function FormRenderer({ definition, formKey, locale, defaultValues, onSubmit, disabled, serverErrors, idPrefix, submitLabel, actions, onDraft, draftLabel, subject }: FormRendererProps) {
  const model = formModel(definition);
  const labels = RENDERER_LABELS[locale];
  const reactId = useId();
  const prefix = idPrefix ?? `form-${reactId.replace(/[^A-Za-z0-9_-]/g, '')}`;
  // The resolver reads the subject when it runs: the header may change while the form is mounted.
  const subjectRef = useRef(subject);
  subjectRef.current = subject;
  const resolver = useMemo(() => formResolver<Values>(definition, formKey, locale, () => subjectRef.current), [definition, formKey, locale]);
  // Shaped once: react-hook-form keeps its own copy after the first render.
  const initial = useMemo(() => shapeDefaults(model.fields, defaultValues), [model, defaultValues]);
  const form = useForm<Values, unknown, Record<string, unknown>>({ resolver, defaultValues: initial, mode: 'onSubmit', reValidateMode: 'onChange' });
  const { register, handleSubmit, setError, formState, getValues, setValue, trigger, getFieldState } = form;

  // Fields bound to the subject hold the header's values (and nothing the user could type).
  const bound = useMemo(() => boundFields(model), [model]);
  const subjectKey = subject ? JSON.stringify(normalizeSubject(subject)) : '';
  useEffect(() => {
    if (!subject) return;
    const s = normalizeSubject(subject);
    for (const { field, binding } of bound) {
      const v = boundValue(field, binding, s) ?? '';
      if ((getValues(field.path) ?? '') === v) continue;
      setValue(field.path, v, { shouldDirty: true });
      if (getFieldState(field.path).error) void trigger(field.path);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [subjectKey, bound]);
  // Re-render on typing only for the fields that conditions read (and repeating groups, whose
  // rows carry per-row states); every other keystroke stays inside its uncontrolled input.
  const watched = useMemo(() => watchedRoots(model), [model]);
  const watchedValues = useWatch({ control: form.control, name: watched.length ? watched : ['__nothing_watched__'] });
  const watchKey = JSON.stringify(watchedValues);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const states = useMemo(() => fieldStates(definition, form.getValues()), [definition, watchKey]);

  useEffect(() => {
    for (const [path, message] of Object.entries(serverErrors ?? {})) if (path !== '') setError(path, { type: 'server', message });
  }, [serverErrors, setError]);

  // Server errors that no visible field can show (the whole record, or a field now hidden).
  const shownAtField = (path: string) => {
    const schemaPath = path
      .split('.')
      .filter((p) => !/^\d+$/.test(p))
      .join('.');
    return model.byPath.has(schemaPath) && ![...states.hidden].some((h) => path === h || path.startsWith(`${h}.`));
  };
  const formLevel = [
    ...(typeof formState.errors.root?.message === 'string' ? [formState.errors.root.message] : []),
    ...Object.entries(serverErrors ?? {})
      .filter(([path]) => path === '' || !shownAtField(path))
      .map(([path, message]) => (path ? `${path}: ${message}` : message)),
  ];

  const lazy = useMemo(() => fieldCount(model.fields) >= LAZY_FROM_FIELDS, [model]);
  const errors = formState.errors;
  const errorsKey = JSON.stringify(Object.keys(errors)) + JSON.stringify(errors, (k, v) => (k === 'ref' ? undefined : v));
  // Leaving a filled-in field shows its verdict at once (the same resolver as submitting); once a
  // field shows an error, each change re-checks it, so a corrected value clears it while typing.
  const afterRelease = useAfterPointerRelease();
  const checked = useMemo(
    () =>
      (name: string, field: FormField, reg: UseFormRegisterReturn): UseFormRegisterReturn => ({
        ...reg,
        onBlur: async (e) => {
          await reg.onBlur(e);
          // Not while the mouse that left the field is still pressed on something below it.
          afterRelease(() => {
            let v: unknown = getValues(name);
            if (typeof v === 'string' && CODE_FORMATS.has(String(field.schema.format))) {
              const n = normalizeCode(v);
              if (n !== v) {
                setValue(name, n, { shouldDirty: true });
                v = n;
              }
            }
            if (!isEmptyValue(v) || getFieldState(name).error) void trigger(name);
          });
        },
        onChange: async (e) => {
          await reg.onChange(e);
          if (getFieldState(name).error) await trigger(name);
        },
      }),
    [getValues, setValue, trigger, getFieldState, afterRelease],
  );
  // One stable context between keystrokes, so the memoised field views do not re-render.
  const ctx: Ctx = useMemo(
    () => ({ control: form.control, register, errors, states, locale, labels, idOf: (name: string) => `${prefix}-${name.split('.').join('__')}`, lazy, checked, hasSubject: subject !== undefined }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [form.control, register, errorsKey, states, locale, labels, prefix, lazy, checked, subject !== undefined],
  );

  const sections = Array.isArray(definition.ui?.sections) ? definition.ui.sections.filter((s) => isPlainObject(s) && typeof s.id === 'string') : [];
  const sectionIds = new Set(sections.map((s) => s.id));
  // Lists keep hidden fields (FieldList skips them) so that its blocks stay put as fields show and hide.
  const inSection = (f: FormField, id: string | undefined) => (typeof f.ui?.section === 'string' && sectionIds.has(f.ui.section) ? f.ui.section : undefined) === id;
  const shown = (fields: FormField[]) => fields.some((f) => !states.hidden.has(f.path));
  const unsectioned = model.fields.filter((f) => inSection(f, undefined));

  return (
    <form noValidate className="space-y-6" onSubmit={handleSubmit((v) => onSubmit(v))}>
      {formLevel.length > 0 ? (
        <div id={`${prefix}-form-error`} role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-700">
          <p className="font-medium">{labels.formErrors}</p>
          <ul className="list-disc pl-5">
            {formLevel.map((m, i) => (
              <li key={i}>{m}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <fieldset disabled={disabled || formState.isSubmitting} className="space-y-6">
        {shown(unsectioned) ? (
          <div className="space-y-4">
            <FieldList fields={unsectioned} base="" ctx={ctx} />
          </div>
        ) : null}
        {sections.map((s) => {
          const fields = model.fields.filter((f) => inSection(f, s.id));
          if (!shown(fields)) return null;
          const headingId = `${prefix}-section-${s.id}`;
          return (
            <section key={s.id} aria-labelledby={headingId} className="space-y-4">
              <h2 id={headingId} className="border-b border-slate-200 pb-1 text-base font-semibold text-slate-900">
                {s.title?.[locale] ?? s.id}
              </h2>
              <FieldList fields={fields} base="" ctx={ctx} />
            </section>
          );
        })}
        <div className="flex items-center gap-3">
          <button type="submit" className={primaryButtonClass}>
            {submitLabel ?? labels.submit}
          </button>
          {onDraft ? (
            <button type="button" className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50" onClick={() => onDraft(form.getValues())}>
              {draftLabel ?? labels.saveDraft}
            </button>
          ) : null}
          {actions}
        </div>
      </fieldset>
    </form>
  );
}
