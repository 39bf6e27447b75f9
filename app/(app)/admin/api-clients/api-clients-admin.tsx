'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/app/_trpc/client';
import { fieldErrorsOf, messageOf } from '@/app/_trpc/errors';
import { Button } from '@/app/_components/ui/button';
import { Badge, PageTitle } from '@/app/_components/ui/card';
import { Dialog, DialogActions } from '@/app/_components/ui/dialog';
import { Field, Input, Select } from '@/app/_components/ui/field';
import { UnsavedChangesGuard } from '@/app/_components/unsaved-changes';

const OPERATIONS = ['credit-check', 'records-submit', 'feedback', 'feed'] as const;
type Operation = (typeof OPERATIONS)[number];

interface Client {
  id: string;
  name: string;
  department: { 'zh-CN': string; en: string };
  operations: string[];
  keyPrefix: string;
  createdAt: Date;
  rotatedAt: Date | null;
  revokedAt: Date | null;
}

export function ApiClientsAdmin() {
  const t = useTranslations('apiClients');
  const tc = useTranslations('common');
  const locale = useLocale() as 'zh-CN' | 'en';
  const trpc = useTRPC();
  const qc = useQueryClient();
  const list = useQuery(trpc.apiClient.list.queryOptions());
  const scenarios = useQuery(trpc.apiClient.scenarios.queryOptions());
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Client | null>(null);
  const [shownKey, setShownKey] = useState<{ name: string; key: string } | null>(null);
  const [rotating, setRotating] = useState<Client | null>(null);
  const [revoking, setRevoking] = useState<Client | null>(null);
  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.apiClient.list.queryKey() });
  const fmt = (d: Date | null) => (d ? new Date(d).toLocaleString(locale, { timeZone: 'Asia/Shanghai' }) : '—');
  return (
    <div className="space-y-6">
      <PageTitle
        actions={
          <div className="flex gap-2">
            <a href="/public/api-docs" className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-800 hover:bg-slate-50">
              {t('docs')}
            </a>
            <Button onClick={() => setCreating(true)}>{t('create')}</Button>
          </div>
        }
      >
        {t('title')}
      </PageTitle>
      <p className="text-sm text-slate-600">{t('intro')}</p>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="sr-only">{t('title')}</caption>
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">{t('name')}</th>
              <th scope="col" className="px-3 py-2 font-medium">{t('department')}</th>
              <th scope="col" className="px-3 py-2 font-medium">{t('operations')}</th>
              <th scope="col" className="px-3 py-2 font-medium">{t('keyStart')}</th>
              <th scope="col" className="px-3 py-2 font-medium">{t('createdAt')}</th>
              <th scope="col" className="px-3 py-2 font-medium">{t('status')}</th>
              <th scope="col" className="px-3 py-2 font-medium">{tc('actions')}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {list.data?.length === 0 ? (
              <tr>
                <td colSpan={7} className="px-3 py-6 text-center text-slate-500">
                  {t('empty')}
                </td>
              </tr>
            ) : null}
            {(list.data ?? []).map((c) => (
              <tr key={c.id}>
                <td className="px-3 py-2 font-medium">{c.name}</td>
                <td className="px-3 py-2">{c.department[locale]}</td>
                <td className="px-3 py-2">{c.operations.map((o) => t(`op.${o as Operation}`)).join('、')}</td>
                <td className="px-3 py-2 font-mono text-xs">ccg_{c.keyPrefix}_…</td>
                <td className="px-3 py-2">{fmt(c.createdAt)}</td>
                <td className="px-3 py-2">{c.revokedAt ? <Badge tone="red">{t('revokedOn', { at: fmt(c.revokedAt) })}</Badge> : <Badge tone="green">{c.rotatedAt ? t('rotatedOn', { at: fmt(c.rotatedAt) }) : t('active')}</Badge>}</td>
                <td className="px-3 py-2">
                  {!c.revokedAt ? (
                    <div className="flex gap-1">
                      <Button size="sm" variant="secondary" onClick={() => setEditing(c)}>
                        {t('edit')}
                      </Button>
                      <Button size="sm" variant="secondary" onClick={() => setRotating(c)}>
                        {t('rotate')}
                      </Button>
                      <Button size="sm" variant="danger" onClick={() => setRevoking(c)}>
                        {t('revoke')}
                      </Button>
                    </div>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <section aria-labelledby="scenarios-title" className="space-y-2">
        <h2 id="scenarios-title" className="text-lg font-semibold">
          {t('scenariosTitle')}
        </h2>
        <p className="text-sm text-slate-600">{t('scenariosIntro')}</p>
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">{t('scenariosTitle')}</caption>
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">{t('matter')}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t('blockLists')}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t('warnLists')}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t('warnGrades')}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {(scenarios.data ?? []).map((s) => (
                <tr key={s.matterType}>
                  <td className="px-3 py-2">
                    {locale === 'en' ? s.nameEn : s.nameZh} <span className="font-mono text-xs text-slate-500">{s.matterType}</span>
                  </td>
                  <td className="px-3 py-2">{s.blockLists.join('、') || '—'}</td>
                  <td className="px-3 py-2">{s.warnLists.join('、') || '—'}</td>
                  <td className="px-3 py-2">{s.warnGrades.join('、') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {creating ? (
        <ClientDialog
          onClose={() => setCreating(false)}
          onDone={(name, key) => {
            setCreating(false);
            if (key) setShownKey({ name, key });
            void invalidate();
          }}
        />
      ) : null}
      {editing ? (
        <ClientDialog
          client={editing}
          onClose={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            toast.success(t('saved'));
            void invalidate();
          }}
        />
      ) : null}
      {rotating ? (
        <RotateDialog
          client={rotating}
          onClose={() => setRotating(null)}
          onRotated={(key) => {
            setShownKey({ name: rotating.name, key });
            setRotating(null);
            void invalidate();
          }}
        />
      ) : null}
      {revoking ? (
        <RevokeDialog
          client={revoking}
          onClose={() => setRevoking(null)}
          onRevoked={() => {
            setRevoking(null);
            toast.success(t('revoked'));
            void invalidate();
          }}
        />
      ) : null}
      {shownKey ? (
        <Dialog open onOpenChange={(o) => !o && setShownKey(null)} title={t('keyTitle', { name: shownKey.name })}>
          <div className="space-y-3">
            <p className="text-sm text-amber-900">{t('keyOnce')}</p>
            <label htmlFor="api-key" className="block text-sm font-medium">
              {t('key')}
            </label>
            <input id="api-key" readOnly value={shownKey.key} data-testid="api-key" className="w-full rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-sm" onFocus={(e) => e.currentTarget.select()} />
            <div className="flex justify-end gap-2">
              <Button
                variant="secondary"
                onClick={() => {
                  void navigator.clipboard?.writeText(shownKey.key).then(() => toast.success(t('copied')));
                }}
              >
                {t('copy')}
              </Button>
              <Button onClick={() => setShownKey(null)}>{t('keyKept')}</Button>
            </div>
          </div>
        </Dialog>
      ) : null}
    </div>
  );
}

/** Registers a client (its key shown once afterwards), or changes a client's name and operations (its department stays). */
function ClientDialog({ client, onClose, onDone }: { client?: Client; onClose: () => void; onDone: (name: string, key: string | null) => void }) {
  const t = useTranslations('apiClients');
  const locale = useLocale() as 'zh-CN' | 'en';
  const trpc = useTRPC();
  const departments = useQuery({ ...trpc.department.list.queryOptions({ includeArchived: false }), enabled: !client });
  const [name, setName] = useState(client?.name ?? '');
  const [departmentId, setDepartmentId] = useState('');
  const [operations, setOperations] = useState<Operation[]>(client ? (client.operations as Operation[]) : ['credit-check']);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const dirty = client ? name !== client.name || [...operations].sort().join() !== [...client.operations].sort().join() : name !== '' || departmentId !== '';
  const onError = (e: Parameters<typeof fieldErrorsOf>[0]) => {
    setErrors(fieldErrorsOf(e));
    toast.error(messageOf(e));
  };
  const create = useMutation(trpc.apiClient.create.mutationOptions({ onSuccess: (r) => onDone(name.trim(), r.key), onError }));
  const update = useMutation(trpc.apiClient.update.mutationOptions({ onSuccess: () => onDone(name.trim(), null), onError }));
  const pending = create.isPending || update.isPending;
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={client ? t('editTitle', { name: client.name }) : t('create')}>
      <UnsavedChangesGuard when={dirty && !create.isSuccess && !update.isSuccess} />
      <form
        className="space-y-4"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (pending) return;
          setErrors({});
          if (client) update.mutate({ id: client.id, name, operations });
          else create.mutate({ name, departmentId, operations });
        }}
      >
        <Field id="client-name" label={t('name')} help={t('nameHelp')} error={errors.name}>
          <Input id="client-name" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={Boolean(errors.name)} aria-describedby={errors.name ? 'client-name-error' : 'client-name-help'} />
        </Field>
        {client ? (
          <p className="text-sm">
            <span className="text-slate-600">{t('department')}：</span>
            {client.department[locale]} <span className="text-slate-500">{t('departmentFixed')}</span>
          </p>
        ) : (
          <Field id="client-department" label={t('department')} error={errors.departmentId}>
            <Select id="client-department" value={departmentId} onChange={(e) => setDepartmentId(e.target.value)} aria-invalid={Boolean(errors.departmentId)}>
              <option value="">{t('chooseDepartment')}</option>
              {(departments.data ?? []).map((d) => (
                <option key={d.id} value={d.id}>
                  {locale === 'en' ? d.nameEn : d.nameZh}
                </option>
              ))}
            </Select>
          </Field>
        )}
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium">{t('operations')}</legend>
          {OPERATIONS.map((o) => (
            <label key={o} className="flex items-start gap-2 text-sm">
              <input type="checkbox" className="mt-1" checked={operations.includes(o)} onChange={(e) => setOperations((prev) => (e.target.checked ? [...prev, o] : prev.filter((x) => x !== o)))} />
              <span>
                {t(`op.${o}`)} <span className="text-slate-500">— {t(`opHelp.${o}`)}</span>
              </span>
            </label>
          ))}
          {errors.operations ? (
            <p className="text-sm text-red-700" role="alert">
              {errors.operations}
            </p>
          ) : null}
        </fieldset>
        <DialogActions onCancel={onClose} pending={pending} confirmLabel={client ? t('saveConfirm') : t('createConfirm')} />
      </form>
    </Dialog>
  );
}

function RotateDialog({ client, onClose, onRotated }: { client: Client; onClose: () => void; onRotated: (key: string) => void }) {
  const t = useTranslations('apiClients');
  const trpc = useTRPC();
  const rotate = useMutation(trpc.apiClient.rotate.mutationOptions({ onSuccess: (r) => onRotated(r.key), onError: (e) => toast.error(messageOf(e)) }));
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={t('rotateTitle', { name: client.name })}>
      <p className="mb-4 text-sm">{t('rotateExplain')}</p>
      <DialogActions onCancel={onClose} pending={rotate.isPending} confirmLabel={t('rotate')} onConfirm={() => !rotate.isPending && rotate.mutate({ id: client.id })} />
    </Dialog>
  );
}

function RevokeDialog({ client, onClose, onRevoked }: { client: Client; onClose: () => void; onRevoked: () => void }) {
  const t = useTranslations('apiClients');
  const trpc = useTRPC();
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const revoke = useMutation(
    trpc.apiClient.revoke.mutationOptions({
      onSuccess: onRevoked,
      onError: (e) => {
        setErrors(fieldErrorsOf(e));
        toast.error(messageOf(e));
      },
    }),
  );
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={t('revokeTitle', { name: client.name })}>
      <UnsavedChangesGuard when={reason !== ''} />
      <form
        className="space-y-4"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (revoke.isPending) return;
          revoke.mutate({ id: client.id, reason });
        }}
      >
        <p className="text-sm">{t('revokeExplain')}</p>
        <Field id="revoke-reason" label={t('reason')} error={errors.reason}>
          <Input id="revoke-reason" value={reason} onChange={(e) => setReason(e.target.value)} aria-invalid={Boolean(errors.reason)} />
        </Field>
        <DialogActions onCancel={onClose} pending={revoke.isPending} confirmLabel={t('revoke')} danger />
      </form>
    </Dialog>
  );
}
