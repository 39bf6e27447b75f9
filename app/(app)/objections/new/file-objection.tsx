'use client';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/app/_trpc/client';
import { fieldErrorsOf, messageOf } from '@/app/_trpc/errors';
import { Button } from '@/app/_components/ui/button';
import { Card, PageTitle } from '@/app/_components/ui/card';
import { Field } from '@/app/_components/ui/field';
import { UnsavedChangesGuard } from '@/app/_components/unsaved-changes';
import { EvidencePicker, type Evidence } from '../evidence-picker';

const textarea = 'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm aria-[invalid=true]:border-red-500';

/** Registering an objection on behalf of a subject, against a record or a listing. */
export function FileObjection({ target }: { target: { targetType: 'record' | 'membership'; targetId: string } | null }) {
  const t = useTranslations('objections');
  const locale = useLocale() as 'zh-CN' | 'en';
  const trpc = useTRPC();
  const router = useRouter();
  const info = useQuery(trpc.objection.target.queryOptions(target ?? { targetType: 'record', targetId: '00000000-0000-4000-8000-000000000000' }, { enabled: Boolean(target) }));
  const [content, setContent] = useState('');
  const [items, setItems] = useState<string[]>([]);
  const [files, setFiles] = useState<Evidence[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);
  const m = useMutation(
    trpc.objection.file.mutationOptions({
      onSuccess: (r) => {
        setDone(true);
        toast.success(t('filed', { no: r.trackingNo, due: r.answerDue }));
        router.push(`/objections/${r.id}`);
      },
      onError: (e) => (setErrors(fieldErrorsOf(e)), toast.error(messageOf(e))),
    }),
  );
  if (!target) return <Card role="alert">{t('errors.targetNotFound')}</Card>;
  if (info.isError) return <Card role="alert">{messageOf(info.error)}</Card>;
  if (!info.data) return <p>…</p>;
  const d = info.data;
  const dirty = !done && (content.trim() !== '' || items.length > 0 || files.length > 0);
  return (
    <div className="space-y-4">
      <UnsavedChangesGuard when={dirty} />
      <PageTitle>{t('new')}</PageTitle>
      <Card>
        <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm md:grid-cols-[9rem_1fr]">
          <dt className="text-slate-500">{t('subject')}</dt>
          <dd>
            {d.subjectName} <span className="font-mono text-xs text-slate-500">{d.subjectCode}</span>
          </dd>
          <dt className="text-slate-500">{target.targetType === 'record' ? t('record') : t('membership')}</dt>
          <dd>
            {d.what} {d.decisionDate ? `· ${d.decisionDate}` : ''}
          </dd>
          <dt className="text-slate-500">{t('department')}</dt>
          <dd>{d.department[locale]}</dd>
        </dl>
        <p className="mt-2 text-xs text-slate-500">{t('deadlineNote')}</p>
      </Card>
      {d.revoked ? <Card role="alert">{t('errors.recordRevoked')}</Card> : null}
      <Card>
        <form
          className="space-y-3"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (m.isPending) return;
            setErrors({});
            m.mutate({ ...target, content, disputedItems: items, evidence: files });
          }}
        >
          {d.fields.length ? (
            <fieldset>
              <legend className="mb-1 text-sm font-medium">{t('disputedItems')}</legend>
              <p className="mb-1 text-xs text-slate-500">{t('disputedHelp')}</p>
              <div className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
                {d.fields.map((f) => (
                  <label key={f.key} className="inline-flex items-center gap-1">
                    <input type="checkbox" checked={items.includes(f.key)} onChange={(e) => setItems(e.target.checked ? [...items, f.key] : items.filter((x) => x !== f.key))} />
                    {f.label[locale]}
                  </label>
                ))}
              </div>
            </fieldset>
          ) : null}
          <Field id="objection-content" label={t('content')} error={errors.content}>
            <textarea id="objection-content" rows={4} className={textarea} value={content} aria-invalid={Boolean(errors.content)} onChange={(e) => setContent(e.target.value)} />
          </Field>
          <EvidencePicker id="objection-evidence" label={t('evidence')} files={files} onChange={setFiles} error={errors.evidence} />
          <Button type="submit" disabled={m.isPending || done}>
            {t('submitFile')}
          </Button>
        </form>
      </Card>
    </div>
  );
}
