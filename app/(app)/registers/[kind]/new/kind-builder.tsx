'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/app/_trpc/client';
import { fieldErrorsOf, messageOf } from '@/app/_trpc/errors';
import { Button } from '@/app/_components/ui/button';
import { Card, PageTitle } from '@/app/_components/ui/card';
import { Field, Input, Select } from '@/app/_components/ui/field';
import { UnsavedChangesGuard } from '@/app/_components/unsaved-changes';

type FieldType = 'text' | 'textarea' | 'integer' | 'number' | 'date' | 'boolean' | 'select' | 'departments' | 'legal-basis';
interface Row {
  key: string;
  zh: string;
  en: string;
  type: FieldType;
  required: boolean;
  options: string;
}

const FIRST_ROW: Row = { key: 'name', zh: '名称', en: 'Name', type: 'text', required: true, options: '' };

const TYPES: FieldType[] = ['text', 'textarea', 'integer', 'number', 'date', 'boolean', 'select', 'departments', 'legal-basis'];

/** Turns the builder's rows into a register-kind definition (JSON Schema + UI schema). */
export function buildDefinition(name: { zh: string; en: string }, codePattern: string, rows: Row[]) {
  const properties: Record<string, unknown> = {};
  const fields: Record<string, unknown> = {};
  for (const r of rows) {
    const label = { 'zh-CN': r.zh, en: r.en || r.zh };
    const opts = r.options.split(/[;；\n]/).map((s) => s.trim()).filter(Boolean);
    switch (r.type) {
      case 'integer':
      case 'number':
        properties[r.key] = { type: r.type };
        break;
      case 'date':
        properties[r.key] = { type: 'string', format: 'date' };
        break;
      case 'boolean':
        properties[r.key] = { type: 'boolean' };
        break;
      case 'select':
        properties[r.key] = { type: 'string', enum: opts };
        break;
      case 'departments':
        properties[r.key] = { type: 'array', items: { type: 'string' }, uniqueItems: true, ...(r.required ? { minItems: 1 } : {}) };
        break;
      case 'legal-basis':
        properties[r.key] = {
          type: 'array',
          items: { type: 'object', properties: { name: { type: 'string', minLength: 2 }, number: { type: 'string' }, article: { type: 'string' } }, required: ['name'], additionalProperties: false },
          ...(r.required ? { minItems: 1 } : {}),
        };
        break;
      default:
        properties[r.key] = { type: 'string', ...(r.required ? { minLength: 1 } : {}), maxLength: r.type === 'textarea' ? 5000 : 500 };
    }
    fields[r.key] = { label, widget: r.type };
  }
  return {
    name: { 'zh-CN': name.zh, en: name.en || name.zh },
    ...(codePattern ? { codePattern } : {}),
    schema: { type: 'object', properties, required: rows.filter((r) => r.required).map((r) => r.key), additionalProperties: false },
    ui: { order: rows.map((r) => r.key), titleField: rows[0]?.key ?? '', listFields: rows.slice(1, 3).map((r) => r.key), fields },
  };
}

export function KindBuilder() {
  const t = useTranslations('registers.builder');
  const tc = useTranslations('common');
  const trpc = useTRPC();
  const router = useRouter();
  const [code, setCode] = useState('');
  const [zh, setZh] = useState('');
  const [en, setEn] = useState('');
  const [codePattern, setCodePattern] = useState('');
  const [rows, setRows] = useState<Row[]>([FIRST_ROW]);
  const dirty = Boolean(code || zh || en || codePattern) || rows.length !== 1 || JSON.stringify(rows[0]) !== JSON.stringify(FIRST_ROW);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useMutation(
    trpc.register.create.mutationOptions({
      onSuccess: () => {
        toast.success(t('saved'));
        router.push(`/registers/register-kind/${encodeURIComponent(code)}`);
      },
      onError: (e) => {
        setErrors(fieldErrorsOf(e));
        toast.error(messageOf(e));
      },
    }),
  );
  const set = (i: number, patch: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const problem = Object.entries(errors).filter(([k]) => k !== 'code');
  return (
    <div className="space-y-5">
      <PageTitle>{t('title')}</PageTitle>
      <UnsavedChangesGuard when={dirty && !create.isSuccess} />
      <Card className="grid gap-4 md:grid-cols-2">
        <Field id="k-code" label={t('code')} help={t('codeHelp')} error={errors.code}>
          <Input id="k-code" value={code} aria-invalid={Boolean(errors.code)} onChange={(e) => setCode(e.target.value)} />
        </Field>
        <Field id="k-pattern" label={t('codePattern')} help={t('codePatternHelp')}>
          <Input id="k-pattern" value={codePattern} onChange={(e) => setCodePattern(e.target.value)} />
        </Field>
        <Field id="k-zh" label={t('nameZh')}>
          <Input id="k-zh" value={zh} onChange={(e) => setZh(e.target.value)} />
        </Field>
        <Field id="k-en" label={t('nameEn')}>
          <Input id="k-en" value={en} onChange={(e) => setEn(e.target.value)} />
        </Field>
      </Card>
      <Card>
        <h2 className="mb-3 font-semibold">{t('fields')}</h2>
        <div className="space-y-3">
          {rows.map((r, i) => (
            <fieldset key={i} className="grid grid-cols-12 items-end gap-2 border-b border-slate-100 pb-3">
              <legend className="sr-only">{t('fieldN', { n: i + 1 })}</legend>
              <div className="col-span-2">
                <Field id={`fk-${i}`} label={t('fieldKey')}>
                  <Input id={`fk-${i}`} value={r.key} onChange={(e) => set(i, { key: e.target.value })} />
                </Field>
              </div>
              <div className="col-span-3">
                <Field id={`fz-${i}`} label={t('fieldZh')}>
                  <Input id={`fz-${i}`} value={r.zh} onChange={(e) => set(i, { zh: e.target.value })} />
                </Field>
              </div>
              <div className="col-span-2">
                <Field id={`fe-${i}`} label={t('fieldEn')}>
                  <Input id={`fe-${i}`} value={r.en} onChange={(e) => set(i, { en: e.target.value })} />
                </Field>
              </div>
              <div className="col-span-2">
                <Field id={`ft-${i}`} label={t('fieldType')}>
                  <Select id={`ft-${i}`} value={r.type} onChange={(e) => set(i, { type: e.target.value as FieldType })}>
                    {TYPES.map((ty) => (
                      <option key={ty} value={ty}>
                        {t(`types.${ty}`)}
                      </option>
                    ))}
                  </Select>
                </Field>
              </div>
              <label className="col-span-1 flex items-center gap-1 pb-2 text-sm">
                <input type="checkbox" checked={r.required} onChange={(e) => set(i, { required: e.target.checked })} />
                {t('required')}
              </label>
              <div className="col-span-2 flex justify-end pb-1">
                <Button variant="ghost" size="sm" onClick={() => setRows(rows.filter((_, j) => j !== i))} disabled={rows.length === 1}>
                  {t('removeField')}
                </Button>
              </div>
              {r.type === 'select' ? (
                <div className="col-span-12">
                  <Field id={`fo-${i}`} label={t('options')}>
                    <Input id={`fo-${i}`} value={r.options} placeholder="A；B；C" onChange={(e) => set(i, { options: e.target.value })} />
                  </Field>
                </div>
              ) : null}
            </fieldset>
          ))}
        </div>
        <Button variant="secondary" size="sm" className="mt-3" onClick={() => setRows([...rows, { key: `field${rows.length + 1}`, zh: '', en: '', type: 'text', required: false, options: '' }])}>
          {t('addField')}
        </Button>
      </Card>
      {problem.length ? (
        <div role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          <ul className="list-disc pl-5">
            {problem.map(([k, m]) => (
              <li key={k}>
                {k}: {m}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={() => router.back()}>
          {tc('cancel')}
        </Button>
        <Button
          disabled={create.isPending}
          onClick={() => {
            setErrors({});
            create.mutate({ kindCode: 'register-kind', code: code.trim(), content: buildDefinition({ zh, en }, codePattern.trim(), rows) });
          }}
        >
          {t('saveDraft')}
        </Button>
      </div>
    </div>
  );
}
