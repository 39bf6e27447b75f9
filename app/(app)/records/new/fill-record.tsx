'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import { FormRenderer } from '@/forms/renderer';
import { normalizeCode } from '@/forms/formats/normalize';
import { SUBJECT_TYPE_LABELS, subjectCodeProblem, type SubjectType } from '@/forms/subject';
import { useAfterPointerRelease } from '@/forms/use-after-release';
import { useTRPC } from '@/app/_trpc/client';
import { useIdempotencyKey } from '@/app/_trpc/idempotency';
import { fieldErrorsOf, messageOf } from '@/app/_trpc/errors';
import { Card, PageTitle } from '@/app/_components/ui/card';
import { Field, Input, Select } from '@/app/_components/ui/field';
import { Button } from '@/app/_components/ui/button';
import { Dialog } from '@/app/_components/ui/dialog';
import { PredictedPath, recordSubmission, useFlowBound } from '@/app/(app)/flows/_components/predicted-path';

/**
 * A filler fills a record of a catalog item; the typed data survives a version change. One
 * idempotency key per form session goes with the submit, and after a successful submit the form
 * stays disabled until the record page has opened: a second click cannot make a second record.
 */
export function FillRecord({ code, recordId }: { code: string; recordId?: string }) {
  const t = useTranslations('records');
  const locale = useLocale() as 'zh-CN' | 'en';
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const form = useQuery(trpc.record.form.queryOptions({ code }));
  const [subjectType, setSubjectType] = useState('法人及非法人组织');
  const [subjectCode, setSubjectCode] = useState('');
  const [subjectName, setSubjectName] = useState('');
  const [values, setValues] = useState<Record<string, unknown>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [saved, setSaved] = useState<{ id: string; revision: number } | undefined>(recordId ? undefined : undefined);
  const submit = useMutation(trpc.record.submit.mutationOptions());
  const idempotencyKey = useIdempotencyKey();
  // Submitted: the page is moving on to the record; nothing here may be sent again.
  const [leaving, setLeaving] = useState(false);
  // The catalog item changed under a saved draft: the next save moves it onto the current version.
  const [repin, setRepin] = useState(false);
  const draft = useMutation(trpc.record.saveDraft.mutationOptions());
  const tp = useTranslations('flowPreview');
  const tg = useTranslations('trustGate');
  // With a flow bound, the filler sees its predicted path for the data typed before confirming.
  const flowBound = useFlowBound(form.data ? recordSubmission(form.data.code, form.data.version, {}) : null);
  const [confirming, setConfirming] = useState<Record<string, unknown> | null>(null);
  const afterRelease = useAfterPointerRelease();
  if (form.isError) return <Card role="alert">{messageOf(form.error)}</Card>;
  if (!form.data) return <p>{t('loading')}</p>;
  const f = form.data;
  const dataErrors = Object.fromEntries(Object.entries(errors).filter(([k]) => k.startsWith('data.')).map(([k, v]) => [k.slice(5), v]));
  async function send(kind: 'draft' | 'submit', data: Record<string, unknown>) {
    setValues(data);
    setErrors({});
    setNotice(null);
    const input = { ...saved, catalogCode: f.code, catalogVersion: f.version, subjectType, subjectCode, subjectName, data, ...(repin && saved ? { repin: true } : {}) };
    try {
      if (kind === 'draft') {
        const r = await draft.mutateAsync(input);
        setSaved({ id: r.id, revision: r.revision });
        toast.success(t('draftSaved'));
      } else {
        const r = await submit.mutateAsync({ ...input, idempotencyKey });
        setLeaving(true);
        toast.success(t('submitted'));
        router.push(`/records/${r.id}`);
      }
    } catch (e) {
      const domain = e instanceof TRPCClientError ? (e.data as { domainCode?: string } | undefined)?.domainCode : undefined;
      if (domain === 'CONFLICT') {
        // The catalog item changed meanwhile: show the new version's form with what was typed.
        setNotice(messageOf(e));
        setRepin(true);
        await qc.invalidateQueries({ queryKey: trpc.record.form.queryKey({ code }) });
        return;
      }
      setErrors(fieldErrorsOf(e));
      toast.error(messageOf(e));
    }
  }
  const subjectErr = (k: string) => errors[k];
  // The subject code's one check (forms/subject, the server's too), said as soon as the field is
  // left — not after a round trip. The code is normalised as people type it (spaces, full width, case).
  const checkCode = (type: string, typed: string) => {
    const code = normalizeCode(typed);
    if (code !== typed) setSubjectCode(code);
    const problem = code ? subjectCodeProblem(type, code) : null;
    setErrors(({ subjectCode: _old, ...rest }) => (problem ? { ...rest, subjectCode: problem[locale] } : rest));
  };
  return (
    <div className="space-y-5">
      <PageTitle>
        {t('fillOf', { name: f.name })} <span className="text-sm font-normal text-slate-500">{f.code} v{f.version}</span>
      </PageTitle>
      {notice ? (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {notice}
        </p>
      ) : null}
      <Card className="grid gap-4 md:grid-cols-3">
        <Field id="subject-type" label={`${t('subjectType')} *`} error={subjectErr('subjectType')}>
          <Select
            id="subject-type"
            value={subjectType}
            onChange={(e) => {
              setSubjectType(e.target.value);
              if (subjectCode) checkCode(e.target.value, subjectCode);
            }}
          >
            {f.subjectTypes.map((s) => (
              <option key={s} value={s}>
                {SUBJECT_TYPE_LABELS[s as SubjectType]?.[locale] ?? s}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="subject-code" label={`${subjectType === '自然人' ? t('idNumber') : t('uscc')} *`} error={subjectErr('subjectCode')}>
          <Input
            id="subject-code"
            value={subjectCode}
            autoComplete="off"
            spellCheck={false}
            className="font-mono"
            aria-invalid={Boolean(subjectErr('subjectCode'))}
            aria-describedby={subjectErr('subjectCode') ? 'subject-code-error' : undefined}
            onChange={(e) => {
              setSubjectCode(e.target.value);
              // Once an error is shown, it clears as soon as the code is right.
              if (subjectErr('subjectCode')) checkCode(subjectType, e.target.value);
            }}
            onBlur={(e) => {
              const typed = e.target.value;
              // The message moves the form down: not under a mouse that is still pressed.
              afterRelease(() => checkCode(subjectType, typed));
            }}
          />
        </Field>
        <Field id="subject-name" label={`${t('subjectName')} *`} error={subjectErr('subjectName')}>
          <Input id="subject-name" value={subjectName} aria-invalid={Boolean(subjectErr('subjectName'))} aria-describedby={subjectErr('subjectName') ? 'subject-name-error' : undefined} onChange={(e) => setSubjectName(e.target.value)} />
        </Field>
      </Card>
      <Card>
        <FormRenderer
          key={`${f.key}-${locale}`}
          definition={f.definition as never}
          formKey={f.key}
          locale={locale}
          defaultValues={values}
          serverErrors={dataErrors}
          idPrefix="rec"
          disabled={leaving || submit.isPending || draft.isPending}
          submitLabel={leaving || submit.isPending ? tg('submitting') : t('submit')}
          onSubmit={(v) => {
            if (!flowBound) return send('submit', v);
            setValues(v);
            setConfirming(v);
          }}
          onDraft={(v) => send('draft', v)}
          subject={{ type: subjectType, code: subjectCode, name: subjectName }}
        />
      </Card>
      {confirming ? (
        <Dialog open onOpenChange={(o) => !o && setConfirming(null)} title={tp('confirmTitle')}>
          <div className="space-y-4">
            <PredictedPath input={recordSubmission(f.code, f.version, confirming)} />
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={() => setConfirming(null)}>
                {tp('back')}
              </Button>
              <Button
                disabled={leaving || submit.isPending}
                onClick={() => {
                  setConfirming(null);
                  void send('submit', confirming);
                }}
              >
                {tp('confirm')}
              </Button>
            </div>
          </div>
        </Dialog>
      ) : null}
    </div>
  );
}
