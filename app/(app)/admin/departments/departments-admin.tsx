'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { toast } from 'sonner';
import { useTRPC } from '@/app/_trpc/client';
import { fieldErrorsOf, messageOf } from '@/app/_trpc/errors';
import { Button } from '@/app/_components/ui/button';
import { Badge, PageTitle } from '@/app/_components/ui/card';
import { Dialog, DialogActions } from '@/app/_components/ui/dialog';
import { Field, Input } from '@/app/_components/ui/field';

interface Dept {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  isCreditOffice: boolean;
  archived: boolean;
  members: number;
}

export function DepartmentsAdmin() {
  const t = useTranslations('departments');
  const tc = useTranslations('common');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [showArchived, setShowArchived] = useState(false);
  const [editing, setEditing] = useState<Dept | 'new' | null>(null);
  const list = useQuery(trpc.department.list.queryOptions({ includeArchived: showArchived }));
  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.department.list.queryKey() });
  const update = useMutation(trpc.department.update.mutationOptions({ onSuccess: invalidate, onError: (e) => toast.error(messageOf(e)) }));
  return (
    <div>
      <PageTitle actions={<Button onClick={() => setEditing('new')}>{t('create')}</Button>}>{t('title')}</PageTitle>
      <label className="mb-3 flex items-center gap-2 text-sm">
        <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} />
        {t('showArchived')}
      </label>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="sr-only">{t('title')}</caption>
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">{t('code')}</th>
              <th scope="col" className="px-3 py-2 font-medium">{t('nameZh')}</th>
              <th scope="col" className="px-3 py-2 font-medium">{t('nameEn')}</th>
              <th scope="col" className="px-3 py-2 font-medium">{t('members')}</th>
              <th scope="col" className="px-3 py-2 font-medium">{tc('actions')}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {(list.data ?? []).map((d) => (
              <tr key={d.id}>
                <td className="px-3 py-2 font-mono">{d.code}</td>
                <td className="px-3 py-2">
                  {d.nameZh} {d.isCreditOffice ? <Badge tone="blue">{t('creditOffice')}</Badge> : null} {d.archived ? <Badge tone="red">{t('archived')}</Badge> : null}
                </td>
                <td className="px-3 py-2">{d.nameEn}</td>
                <td className="px-3 py-2">{d.members}</td>
                <td className="flex gap-1 px-3 py-2">
                  <Button size="sm" variant="secondary" onClick={() => setEditing(d)}>
                    {tc('edit')}
                  </Button>
                  {!d.isCreditOffice ? (
                    <Button size="sm" variant="secondary" onClick={() => update.mutate({ id: d.id, nameZh: d.nameZh, nameEn: d.nameEn, archived: !d.archived })}>
                      {d.archived ? t('restore') : t('archive')}
                    </Button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editing ? <DepartmentDialog dept={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={invalidate} /> : null}
    </div>
  );
}

function DepartmentDialog({ dept, onClose, onSaved }: { dept: Dept | null; onClose: () => void; onSaved: () => void }) {
  const t = useTranslations('departments');
  const tc = useTranslations('common');
  const trpc = useTRPC();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const form = useForm({ defaultValues: { code: dept?.code ?? '', nameZh: dept?.nameZh ?? '', nameEn: dept?.nameEn ?? '' } });
  const onError = (e: unknown) => {
    setErrors(fieldErrorsOf(e));
    toast.error(messageOf(e));
  };
  const create = useMutation(trpc.department.create.mutationOptions({ onSuccess: (_r, v) => { toast.success(t('created', { code: v.code.toUpperCase() })); onSaved(); onClose(); }, onError }));
  const update = useMutation(trpc.department.update.mutationOptions({ onSuccess: () => { toast.success(tc('saved')); onSaved(); onClose(); }, onError }));
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={dept ? `${tc('edit')} ${dept.code}` : t('create')}>
      <form
        className="space-y-4"
        noValidate
        onSubmit={form.handleSubmit((v) => {
          setErrors({});
          if (dept) update.mutate({ id: dept.id, nameZh: v.nameZh, nameEn: v.nameEn, archived: dept.archived });
          else create.mutate(v);
        })}
      >
        {!dept ? (
          <Field id="dept-code" label={t('code')} help={t('codeHelp')} error={errors.code}>
            <Input id="dept-code" aria-invalid={Boolean(errors.code)} aria-describedby={errors.code ? 'dept-code-error' : 'dept-code-help'} {...form.register('code')} />
          </Field>
        ) : null}
        <Field id="dept-zh" label={t('nameZh')} error={errors.nameZh}>
          <Input id="dept-zh" aria-invalid={Boolean(errors.nameZh)} aria-describedby={errors.nameZh ? 'dept-zh-error' : undefined} {...form.register('nameZh')} />
        </Field>
        <Field id="dept-en" label={t('nameEn')} error={errors.nameEn}>
          <Input id="dept-en" {...form.register('nameEn')} />
        </Field>
        <DialogActions onCancel={onClose} pending={create.isPending || update.isPending} />
      </form>
    </Dialog>
  );
}
