'use client';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/app/_trpc/client';
import { fieldErrorsOf, messageOf } from '@/app/_trpc/errors';
import { Button } from '@/app/_components/ui/button';
import { Card, PageTitle } from '@/app/_components/ui/card';
import { Dialog, DialogActions } from '@/app/_components/ui/dialog';
import { Field, Input, Select } from '@/app/_components/ui/field';
import { UnsavedChangesGuard } from '@/app/_components/unsaved-changes';
import { useHydrated } from '@/app/_components/use-hydrated';
import { FIELD_TYPES, FIRST_ROW, buildDefinition, builderOf, newRow, type FieldType, type Row } from './kind-builder-model';

/** A stored draft of a kind, edited in the builder. */
export interface KindDraft {
  code: string;
  versionId: string;
  version: number;
  revision: number;
  content: Record<string, unknown>;
  changeNote: string;
}

export function KindBuilder({ draft, onSaved }: { draft?: KindDraft; onSaved?: () => Promise<void> | void } = {}) {
  const t = useTranslations('registers.builder');
  const tw = useTranslations('registers.readable.widget');
  const tc = useTranslations('common');
  const trpc = useTRPC();
  const router = useRouter();
  const hydrated = useHydrated();
  const widgetName = (r: Row) => {
    const w = r.stored?.ui.widget;
    return typeof w === 'string' && tw.has(w) ? tw(w as 'text') : t('types.otherUnnamed');
  };
  const [start] = useState(() => (draft ? builderOf(draft.content) : { zh: '', en: '', descZh: '', descEn: '', codePattern: '', rows: [FIRST_ROW] }));
  const [code, setCode] = useState(draft?.code ?? '');
  const [zh, setZh] = useState(start.zh);
  const [en, setEn] = useState(start.en);
  const [descZh, setDescZh] = useState(start.descZh);
  const [descEn, setDescEn] = useState(start.descEn);
  const [codePattern, setCodePattern] = useState(start.codePattern);
  const [rows, setRows] = useState<Row[]>(start.rows);
  const [changeNote, setChangeNote] = useState(draft?.changeNote ?? '');
  const dirty = (!draft && Boolean(code)) || zh !== start.zh || en !== start.en || descZh !== start.descZh || descEn !== start.descEn || codePattern !== start.codePattern || changeNote !== (draft?.changeNote ?? '') || JSON.stringify(rows) !== JSON.stringify(start.rows);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const failed = (e: Parameters<typeof fieldErrorsOf>[0]) => {
    setErrors(fieldErrorsOf(e));
    toast.error(messageOf(e));
  };
  const done = async () => {
    toast.success(t(draft ? 'savedEdit' : 'saved'));
    await onSaved?.();
    router.push(`/registers/register-kind/${encodeURIComponent(code.trim())}`);
  };
  const create = useMutation(trpc.register.create.mutationOptions({ onSuccess: done, onError: failed }));
  const save = useMutation(trpc.register.saveDraft.mutationOptions({ onSuccess: done, onError: failed }));
  const busy = create.isPending || save.isPending;
  const submitted = create.isSuccess || save.isSuccess;
  const set = (i: number, patch: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  // Entries holding a value for each stored field: removing such a field is confirmed first.
  const storedKeys = start.rows.filter((r) => r.stored).map((r) => r.key);
  const usage = useQuery({ ...trpc.register.fieldUsage.queryOptions({ kindCode: draft?.code ?? '-', fields: storedKeys }), enabled: Boolean(draft) && storedKeys.length > 0 });
  const inUse = (r: Row) => (r.stored ? (usage.data?.[r.key] ?? 0) : 0);
  // While the count is not known (loading, or it failed), a stored field is asked about too.
  const mayHoldValues = (r: Row) => Boolean(r.stored) && (!usage.data || inUse(r) > 0);
  const [removing, setRemoving] = useState<Row | null>(null);
  const removeRow = (r: Row) => setRows((all) => all.filter((x) => x !== r));
  const askRemove = (r: Row) => (mayHoldValues(r) ? setRemoving(r) : removeRow(r));
  const problem = Object.entries(errors).filter(([k]) => k !== 'code');
  return (
    <div className="space-y-5">
      <PageTitle>{draft ? t('editTitle', { code: draft.code, version: draft.version }) : t('title')}</PageTitle>
      <UnsavedChangesGuard when={dirty && !submitted} />
      <Dialog open={removing !== null} onOpenChange={(o) => !o && setRemoving(null)} title={t('removeFieldTitle', { label: removing?.zh || removing?.key || '' })}>
        <p className="mb-4 text-sm text-slate-700">{usage.data ? t('removeFieldBody', { count: removing ? inUse(removing) : 0 }) : t('removeFieldBodyUnknown')}</p>
        <DialogActions
          danger
          onCancel={() => setRemoving(null)}
          confirmLabel={t('removeFieldConfirm')}
          onConfirm={() => {
            if (removing) removeRow(removing);
            setRemoving(null);
          }}
        />
      </Dialog>
      {draft ? (
        <p className="text-sm text-slate-600">
          {t('editHelp')}{' '}
          <a className="text-brand-600 underline" href={`/registers/register-kind/${encodeURIComponent(draft.code)}/edit?as=json`}>
            {t('editAsJson')}
          </a>
        </p>
      ) : null}
      <fieldset disabled={!hydrated} className="contents">
      <Card className="grid gap-4 md:grid-cols-2">
        <Field id="k-code" label={t('code')} help={draft ? undefined : t('codeHelp')} error={errors.code}>
          <Input id="k-code" className="read-only:bg-slate-50 read-only:text-slate-600" value={code} readOnly={Boolean(draft)} aria-invalid={Boolean(errors.code)} onChange={(e) => setCode(e.target.value)} />
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
        <Field id="k-desc-zh" label={t('descriptionZh')} help={t('descriptionHelp')}>
          <Input id="k-desc-zh" value={descZh} onChange={(e) => setDescZh(e.target.value)} />
        </Field>
        <Field id="k-desc-en" label={t('descriptionEn')}>
          <Input id="k-desc-en" value={descEn} onChange={(e) => setDescEn(e.target.value)} />
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
                  {/* A stored field's key names data in every entry: renaming it would orphan that data. */}
                  <Input id={`fk-${i}`} className="read-only:bg-slate-50 read-only:text-slate-600" value={r.key} readOnly={Boolean(r.stored)} title={r.stored ? t('keyFixed') : undefined} onChange={(e) => set(i, { key: e.target.value })} />
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
                  {r.type === 'other' ? (
                    // A field of a kind the builder does not offer (a reference, a table…) is kept as it is.
                    <Input id={`ft-${i}`} className="read-only:bg-slate-50 read-only:text-slate-600" readOnly value={t('types.other', { widget: widgetName(r) })} />
                  ) : (
                    <Select id={`ft-${i}`} value={r.type} onChange={(e) => set(i, { type: e.target.value as FieldType })}>
                      {FIELD_TYPES.map((ty) => (
                        <option key={ty} value={ty}>
                          {t(`types.${ty}`)}
                        </option>
                      ))}
                    </Select>
                  )}
                </Field>
              </div>
              <label className="col-span-1 flex items-center gap-1 pb-2 text-sm">
                <input type="checkbox" checked={r.required} onChange={(e) => set(i, { required: e.target.checked })} />
                {t('required')}
              </label>
              <div className="col-span-2 flex justify-end pb-1">
                {inUse(r) > 0 ? <span className="mr-2 self-center text-xs text-slate-500">{t('fieldInUse', { count: inUse(r) })}</span> : null}
                <Button variant="ghost" size="sm" onClick={() => askRemove(r)} disabled={rows.length === 1}>
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
        <Button variant="secondary" size="sm" className="mt-3" onClick={() => setRows([...rows, newRow(rows.length + 1)])}>
          {t('addField')}
        </Button>
      </Card>
      {draft ? (
        <Card>
          <Field id="k-note" label={t('changeNote')}>
            <Input id="k-note" value={changeNote} onChange={(e) => setChangeNote(e.target.value)} />
          </Field>
        </Card>
      ) : null}
      </fieldset>
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
          disabled={!hydrated || busy || submitted}
          aria-busy={busy}
          onClick={() => {
            setErrors({});
            if (draft) save.mutate({ versionId: draft.versionId, revision: draft.revision, content: buildDefinition({ zh, en, descZh, descEn }, codePattern.trim(), rows, draft.content), changeNote: changeNote.trim() || undefined });
            else create.mutate({ kindCode: 'register-kind', code: code.trim(), content: buildDefinition({ zh, en, descZh, descEn }, codePattern.trim(), rows) });
          }}
        >
          {t('saveDraft')}
        </Button>
      </div>
    </div>
  );
}

