'use client';
import { useLocale, useTranslations } from 'next-intl';
import { Controller, useForm, useWatch } from 'react-hook-form';
import type { KindDefinition } from '@/catalog/types';
import { Button } from '@/app/_components/ui/button';
import { Field, Input } from '@/app/_components/ui/field';
import { UnsavedChangesGuard } from '@/app/_components/unsaved-changes';
import { loc, Widget, type Dept, type RefOption } from './widgets';
import { codeExample } from '@/catalog/code-example';
import { useHydrated } from '@/app/_components/use-hydrated';

export interface EntryFormValues {
  code: string;
  content: Record<string, unknown>;
  changeNote: string;
}

/**
 * The generic editor of a register entry: fields come from the kind's UI schema; the server
 * validates with the kind's JSON Schema and its field errors are shown next to each field.
 */
export function EntryForm({
  kind,
  initial,
  codeEditable,
  departments,
  refOptions,
  serverErrors,
  submitting,
  onSubmit,
}: {
  kind: Pick<KindDefinition, 'schema' | 'ui' | 'codePattern'>;
  initial: EntryFormValues;
  codeEditable: boolean;
  departments: Dept[];
  refOptions: Record<string, RefOption[]>;
  serverErrors: Record<string, string>;
  submitting: boolean;
  onSubmit: (v: EntryFormValues) => void;
}) {
  const t = useTranslations('registers.form');
  const locale = useLocale();
  const form = useForm<EntryFormValues>({ defaultValues: initial });
  const hydrated = useHydrated();
  const required = new Set(kind.schema.required ?? []);
  const errorFor = (field: string) => serverErrors[field] ?? Object.entries(serverErrors).find(([k]) => k.startsWith(`${field}.`))?.[1];
  const content = useWatch({ control: form.control, name: 'content' }) ?? {};
  // A conditional field shows while its condition holds, and always when it has a value or an error.
  const shown = (name: string) => {
    const when = kind.ui.fields[name]?.shownWhen;
    if (!when || when.in.includes(String(content[when.field] ?? ''))) return true;
    const v = content[name];
    return (v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0)) || Boolean(errorFor(name));
  };
  return (
    <form noValidate onSubmit={form.handleSubmit(onSubmit)}>
      {/* Disabled until the page is live: nothing chosen before that is silently lost. */}
      <fieldset disabled={!hydrated} className="space-y-5">
        {/* Every field, the form designer's definition included, counts: leaving asks until saved. */}
        <UnsavedChangesGuard when={form.formState.isDirty} />
        <Field id="entry-code" label={t('code')} help={kind.codePattern ? (codeExample(kind.codePattern) ? t('codeHelp', { example: codeExample(kind.codePattern)! }) : t('codeHelpGeneric')) : undefined} error={serverErrors.code}>
          <Input id="entry-code" readOnly={!codeEditable} aria-invalid={Boolean(serverErrors.code)} aria-describedby={serverErrors.code ? 'entry-code-error' : 'entry-code-help'} {...form.register('code')} />
        </Field>
        {kind.ui.order.map((name) => {
          const ui = kind.ui.fields[name];
          if (!ui || !shown(name)) return null;
          const id = `f-${name}`;
          const err = errorFor(name);
          const help = loc(ui.help, locale);
          const label = `${loc(ui.label, locale)}${required.has(name) ? ' *' : ''}`;
          return (
            <Field key={name} id={id} label={label} help={help || undefined} error={err}>
              <Controller
                control={form.control}
                name={`content.${name}` as const}
                render={({ field }) => (
                  <Widget
                    id={id}
                    ui={ui}
                    schema={(kind.schema.properties[name] ?? {}) as Record<string, unknown>}
                    value={field.value}
                    onChange={field.onChange}
                    invalid={Boolean(err)}
                    describedBy={err ? `${id}-error` : help ? `${id}-help` : undefined}
                    departments={departments}
                    refOptions={ui.refKind ? refOptions[ui.refKind] : undefined}
                    content={content}
                  />
                )}
              />
            </Field>
          );
        })}
        <Field id="entry-note" label={t('changeNote')}>
          <Input id="entry-note" {...form.register('changeNote')} />
        </Field>
        <div className="flex justify-end">
          <Button type="submit" disabled={submitting}>
            {t('saveDraft')}
          </Button>
        </div>
      </fieldset>
    </form>
  );
}

/** Removes undefined and empty strings so optional fields are absent rather than "". */
export function cleanContent(content: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(content)) {
    if (v === undefined || v === '') continue;
    out[k] = v;
  }
  return out;
}
