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
import { Field, Input, Select } from '@/app/_components/ui/field';
import { UnsavedChangesGuard } from '@/app/_components/unsaved-changes';

const SUBJECT_TYPES = ['法人及非法人组织', '个体工商户', '自然人'];

export function IssueCommitment() {
  const t = useTranslations('commitments');
  const trpc = useTRPC();
  const router = useRouter();
  const items = useQuery(trpc.commitment.items.queryOptions());
  const [form, setForm] = useState({ itemCode: '', subjectType: SUBJECT_TYPES[0]!, subjectCode: '', subjectName: '', legalRepresentative: '', note: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const issue = useMutation(
    trpc.commitment.issue.mutationOptions({
      onSuccess: (c) => {
        toast.success(t('issued', { no: c.commitmentNo }));
        router.push(`/commitments/${c.id}`);
      },
      onError: (e) => {
        setErrors(fieldErrorsOf(e));
        toast.error(messageOf(e));
      },
    }),
  );
  const dirty = !issue.isSuccess && Boolean(form.itemCode || form.subjectCode || form.subjectName || form.legalRepresentative || form.note);
  const item = items.data?.find((i) => i.code === form.itemCode);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  return (
    <div className="space-y-4">
      <UnsavedChangesGuard when={dirty} />
      <PageTitle>{t('issueTitle')}</PageTitle>
      {items.data && !items.data.length ? <Card className="text-sm text-slate-600">{t('noItems')}</Card> : null}
      <Card>
        <form
          className="grid gap-3 md:grid-cols-2"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const errs: Record<string, string> = {};
            if (!form.itemCode) errs.itemCode = t('pickItem');
            setErrors(errs);
            if (Object.keys(errs).length) return;
            issue.mutate({ ...form, legalRepresentative: form.legalRepresentative || undefined, note: form.note || undefined });
          }}
        >
          <div className="md:col-span-2">
            <Field id="cn-item" label={t('item')} error={errors.itemCode}>
              <Select id="cn-item" value={form.itemCode} aria-invalid={Boolean(errors.itemCode)} onChange={set('itemCode')}>
                <option value="">{t('pickItem')}</option>
                {(items.data ?? []).map((i) => (
                  <option key={i.code} value={i.code}>{i.matterName}（{i.commitmentType}）</option>
                ))}
              </Select>
            </Field>
            {item ? <p className="mt-1 text-sm text-slate-600">{item.verificationMethod}</p> : null}
          </div>
          <Field id="cn-type" label={t('subjectType')} error={errors.subjectType}>
            <Select id="cn-type" value={form.subjectType} onChange={set('subjectType')}>
              {SUBJECT_TYPES.map((s) => <option key={s} value={s}>{s}</option>)}
            </Select>
          </Field>
          <Field id="cn-code" label={t('subjectCode')} error={errors.subjectCode}>
            <Input id="cn-code" value={form.subjectCode} aria-invalid={Boolean(errors.subjectCode)} onChange={set('subjectCode')} />
          </Field>
          <Field id="cn-name" label={t('subjectName')} error={errors.subjectName}>
            <Input id="cn-name" value={form.subjectName} aria-invalid={Boolean(errors.subjectName)} onChange={set('subjectName')} />
          </Field>
          <Field id="cn-rep" label={t('legalRepresentative')} error={errors.legalRepresentative}>
            <Input id="cn-rep" value={form.legalRepresentative} aria-invalid={Boolean(errors.legalRepresentative)} onChange={set('legalRepresentative')} />
          </Field>
          <div className="md:col-span-2">
            <Field id="cn-note" label={t('note')}>
              <Input id="cn-note" value={form.note} onChange={set('note')} />
            </Field>
          </div>
          <div className="md:col-span-2 flex justify-end">
            <Button type="submit" disabled={issue.isPending || issue.isSuccess}>{issue.isPending ? t('issuing') : t('issue')}</Button>
          </div>
        </form>
      </Card>
    </div>
  );
}
