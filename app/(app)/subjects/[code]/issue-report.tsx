'use client';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/app/_trpc/client';
import { fieldErrorsOf, messageOf } from '@/app/_trpc/errors';
import { Button } from '@/app/_components/ui/button';
import { Card } from '@/app/_components/ui/card';
import { Field, Input, Select } from '@/app/_components/ui/field';

/** 出具信用报告 for a stated purpose and requester; shows the number and verification code. */
export function IssueReport({ subject }: { subject: string }) {
  const t = useTranslations('creditReport');
  const trpc = useTRPC();
  const purposes = useQuery(trpc.subjects.purposes.queryOptions());
  const [purpose, setPurpose] = useState('');
  const [requester, setRequester] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const issue = useMutation(
    trpc.subjects.issueReport.mutationOptions({
      onSuccess: (r) => toast.success(t('issued', { no: r.reportNo, code: r.verifyCode })),
      onError: (e) => {
        setErrors(fieldErrorsOf(e));
        toast.error(messageOf(e));
      },
    }),
  );
  const done = issue.data;
  return (
    <Card>
      <h2 className="mb-2 font-semibold">{t('title')}</h2>
      <form
        className="grid gap-3 md:grid-cols-[1fr_1fr_auto] md:items-start"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setErrors({});
          issue.mutate({ subject, purpose, requester });
        }}
      >
        <Field id="report-purpose" label={t('purpose')} error={errors.purpose}>
          <Select id="report-purpose" value={purpose} aria-invalid={Boolean(errors.purpose)} onChange={(e) => setPurpose(e.target.value)} disabled={Boolean(done)}>
            <option value="">—</option>
            {(purposes.data ?? []).map((p) => <option key={p} value={p}>{p}</option>)}
          </Select>
        </Field>
        <Field id="report-requester" label={t('requester')} error={errors.requester}>
          <Input id="report-requester" value={requester} aria-invalid={Boolean(errors.requester)} onChange={(e) => setRequester(e.target.value)} disabled={Boolean(done)} />
        </Field>
        <Button type="submit" className="md:mt-6" disabled={issue.isPending || Boolean(done)}>{issue.isPending ? t('issuing') : t('issue')}</Button>
      </form>
      {done ? (
        <div className="mt-3 space-y-1 text-sm" role="status">
          <p>{t('reportNo')}：<strong>{done.reportNo}</strong></p>
          <p>{t('verifyCode')}：<strong data-testid="verify-code">{done.verifyCode}</strong></p>
          <a className="text-brand-700 underline" href={`/api/reports/${done.id}`} download>{t('download')}</a>
        </div>
      ) : null}
    </Card>
  );
}
