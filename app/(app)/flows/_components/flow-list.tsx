'use client';
/** The approval flows (entries of the `approval-flow` register) with their status; "新建流程" creates one. */
import { useMutation, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/app/_trpc/client';
import { fieldErrorsOf, messageOf } from '@/app/_trpc/errors';
import { Button } from '@/app/_components/ui/button';
import { Card, PageTitle } from '@/app/_components/ui/card';
import { Dialog } from '@/app/_components/ui/dialog';
import { Field, Input, Select } from '@/app/_components/ui/field';
import { FLOW_TRIGGERS, type FlowTrigger } from '@/catalog/flows/types';
import { FLOW_TRIGGER_LABELS } from '@/catalog/kinds/approval-flow';
import { StatusBadge } from '../../registers/_components/status-badge';
import { emptyGraph } from './graph-edit';

export function FlowList({ canEdit }: { canEdit: boolean }) {
  const t = useTranslations('flows');
  const locale = useLocale() === 'en' ? 'en' : 'zh-CN';
  const trpc = useTRPC();
  const list = useQuery(trpc.register.list.queryOptions({ kindCode: 'approval-flow', pageSize: 200 }));
  const [open, setOpen] = useState(false);
  return (
    <div className="space-y-4">
      <PageTitle actions={canEdit ? <Button onClick={() => setOpen(true)} data-testid="new-flow">{t('newFlow')}</Button> : null}>{t('title')}</PageTitle>
      <Card className="overflow-x-auto p-0">
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-left text-xs text-slate-500">
            <tr>
              <th className="px-3 py-2">{t('code')}</th>
              <th className="px-3 py-2">{t('name')}</th>
              <th className="px-3 py-2">{t('appliesTo')}</th>
              <th className="px-3 py-2">{t('version')}</th>
              <th className="px-3 py-2">{t('status')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data?.rows.length === 0 ? (
              <tr>
                <td colSpan={5} className="px-3 py-6 text-center text-slate-500">
                  {t('empty')}
                </td>
              </tr>
            ) : null}
            {list.data?.rows.map((r) => {
              const c = r.content as { name?: string; appliesTo?: FlowTrigger };
              return (
                <tr key={r.entryId} className="border-t border-slate-100">
                  <td className="px-3 py-2 font-mono">
                    <Link className="text-brand-600 hover:underline" href={`/flows/${encodeURIComponent(r.code)}`}>
                      {r.code}
                    </Link>
                  </td>
                  <td className="px-3 py-2">{c.name}</td>
                  <td className="px-3 py-2">{c.appliesTo ? FLOW_TRIGGER_LABELS[c.appliesTo]?.[locale] : ''}</td>
                  <td className="px-3 py-2">v{r.version}</td>
                  <td className="px-3 py-2">
                    <StatusBadge status={r.status} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </Card>
      <Dialog open={open} onOpenChange={setOpen} title={t('newFlow')}>
        <NewFlowForm />
      </Dialog>
    </div>
  );
}

function NewFlowForm() {
  const t = useTranslations('flows');
  const locale = useLocale() === 'en' ? 'en' : 'zh-CN';
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.register.create.mutationOptions());
  const [v, setV] = useState({ code: 'FLOW-', name: '', appliesTo: 'register-change' as FlowTrigger });
  const [errors, setErrors] = useState<Record<string, string>>({});
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    try {
      await create.mutateAsync({ kindCode: 'approval-flow', code: v.code.trim(), content: { name: v.name, appliesTo: v.appliesTo, graph: emptyGraph() } });
      router.push(`/flows/${encodeURIComponent(v.code.trim())}`);
    } catch (err) {
      setErrors(fieldErrorsOf(err));
      toast.error(messageOf(err));
    }
  }
  return (
    <form className="space-y-3" onSubmit={submit}>
      <Field id="flow-code" label={t('code')} error={errors.code} help={t('codeHelp')}>
        <Input id="flow-code" value={v.code} onChange={(e) => setV({ ...v, code: e.target.value.toUpperCase() })} />
      </Field>
      <Field id="flow-name" label={t('name')} error={errors.name}>
        <Input id="flow-name" value={v.name} onChange={(e) => setV({ ...v, name: e.target.value })} />
      </Field>
      <Field id="flow-applies" label={t('appliesTo')}>
        <Select id="flow-applies" value={v.appliesTo} onChange={(e) => setV({ ...v, appliesTo: e.target.value as FlowTrigger })}>
          {FLOW_TRIGGERS.map((tg) => (
            <option key={tg} value={tg}>
              {FLOW_TRIGGER_LABELS[tg][locale]}
            </option>
          ))}
        </Select>
      </Field>
      <div className="flex justify-end">
        <Button type="submit" disabled={create.isPending}>
          {t('create')}
        </Button>
      </div>
    </form>
  );
}
