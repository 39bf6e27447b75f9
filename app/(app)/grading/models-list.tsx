'use client';
import { useMutation, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
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
import { StatusBadge } from '../registers/_components/status-badge';
import { MiniDistribution } from './_components/distribution';
import { GRADING_KIND, newModelContent } from './_components/model-content';
import { useGradingRefs } from './_components/use-grading-refs';

export function ModelsList({ canEdit }: { canEdit: boolean }) {
  const t = useTranslations('gradingUi');
  const trpc = useTRPC();
  const [creating, setCreating] = useState(false);
  const models = useQuery(trpc.register.list.queryOptions({ kindCode: GRADING_KIND, page: 1, pageSize: 200 }));
  const runs = useQuery(trpc.grading.runs.queryOptions({}));
  // runs come newest first
  const latestRun = (code: string) => (runs.data ?? []).find((r) => r.code === code);
  return (
    <div className="space-y-5">
      <PageTitle actions={canEdit ? <Button onClick={() => setCreating(true)}>{t('list.create')}</Button> : null}>{t('list.title')}</PageTitle>
      <p className="text-sm text-slate-600">{t('list.intro')}</p>
      <Card className="overflow-x-auto p-0">
        <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="models">
          <caption className="sr-only">{t('list.title')}</caption>
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">{t('list.code')}</th>
              <th scope="col" className="px-3 py-2 font-medium">{t('list.name')}</th>
              <th scope="col" className="px-3 py-2 font-medium">{t('list.industry')}</th>
              <th scope="col" className="px-3 py-2 font-medium">{t('list.total')}</th>
              <th scope="col" className="px-3 py-2 font-medium">{t('list.status')}</th>
              <th scope="col" className="px-3 py-2 font-medium">{t('list.latestRun')}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {(models.data?.rows ?? []).map((m) => {
              const run = latestRun(m.code);
              const c = m.content as { name?: string; industry?: string; totalPoints?: number };
              return (
                <tr key={m.code} className="hover:bg-slate-50">
                  <td className="px-3 py-2 font-mono text-xs">
                    <Link className="text-brand-600 underline" href={`/grading/${encodeURIComponent(m.code)}${canEdit ? '' : '/runs'}`}>
                      {m.code}
                    </Link>
                  </td>
                  <td className="px-3 py-2">{c.name}</td>
                  <td className="px-3 py-2">{c.industry}</td>
                  <td className="px-3 py-2">{c.totalPoints}</td>
                  <td className="px-3 py-2">
                    v{m.version} <StatusBadge status={m.status} />
                  </td>
                  <td className="px-3 py-2">
                    {run ? (
                      <Link href={`/grading/${encodeURIComponent(m.code)}/runs`} className="block hover:opacity-80">
                        <span className="text-xs text-slate-600">{t('list.runOf', { version: run.version ?? '—', start: run.periodStart, end: run.periodEnd })}</span>
                        <MiniDistribution distribution={run.distribution ?? {}} />
                      </Link>
                    ) : (
                      <Link href={`/grading/${encodeURIComponent(m.code)}/runs`} className="text-xs text-brand-600 underline">
                        {t('list.noRun')}
                      </Link>
                    )}
                  </td>
                </tr>
              );
            })}
            {models.data && models.data.rows.length === 0 ? (
              <tr>
                <td colSpan={6} className="px-3 py-6 text-center text-slate-500">{t('list.empty')}</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </Card>
      {creating ? <CreateDialog onClose={() => setCreating(false)} /> : null}
    </div>
  );
}

/** A new model starts as a valid skeleton (one leaf worth the total, A–E bands) the designer refines. */
function CreateDialog({ onClose }: { onClose: () => void }) {
  const t = useTranslations('gradingUi');
  const trpc = useTRPC();
  const router = useRouter();
  const [code, setCode] = useState('GM-');
  const [name, setName] = useState('');
  const [industry, setIndustry] = useState('');
  const [total, setTotal] = useState('1000');
  const { catalogItems } = useGradingRefs();
  const [catalog, setCatalog] = useState('');
  const catalogCode = catalog || catalogItems.find((c) => c.code === 'XZCF')?.code || catalogItems[0]?.code || '';
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useMutation(
    trpc.register.create.mutationOptions({
      onSuccess: () => router.push(`/grading/${encodeURIComponent(code.trim())}`),
      onError: (e) => {
        setErrors(fieldErrorsOf(e));
        toast.error(messageOf(e));
      },
    }),
  );
  const err = (k: string) => errors[k] ?? errors[`content.${k}`];
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={t('list.createTitle')}>
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          setErrors({});
          create.mutate({ kindCode: GRADING_KIND, code: code.trim(), content: newModelContent({ name: name.trim(), industry: industry.trim(), totalPoints: Number(total), catalogCode }) });
        }}
      >
        <Field id="gm-code" label={t('list.code')} help={t('list.codeHelp')} error={err('code')}>
          <Input id="gm-code" value={code} onChange={(e) => setCode(e.target.value.toUpperCase())} aria-invalid={Boolean(err('code'))} />
        </Field>
        <Field id="gm-name" label={t('header.name')} error={err('name')}>
          <Input id="gm-name" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={Boolean(err('name'))} />
        </Field>
        <Field id="gm-industry" label={t('header.industry')} error={err('industry')}>
          <Input id="gm-industry" value={industry} onChange={(e) => setIndustry(e.target.value)} aria-invalid={Boolean(err('industry'))} />
        </Field>
        <Field id="gm-total" label={t('header.totalPoints')} help={t('list.totalHelp')} error={err('totalPoints')}>
          <Input id="gm-total" type="number" min={1} value={total} onChange={(e) => setTotal(e.target.value)} aria-invalid={Boolean(err('totalPoints'))} />
        </Field>
        <Field id="gm-catalog" label={t('list.firstSource')} help={t('list.firstSourceHelp')}>
          <Select id="gm-catalog" value={catalogCode} onChange={(e) => setCatalog(e.target.value)}>
            {catalogItems.map((c) => (
              <option key={c.code} value={c.code}>
                {c.code} {c.title}
              </option>
            ))}
          </Select>
        </Field>
        <DialogActions onCancel={onClose} pending={create.isPending} confirmLabel={t('list.createSubmit')} />
      </form>
    </Dialog>
  );
}
