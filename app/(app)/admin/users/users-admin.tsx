'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useLocale, useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { toast } from 'sonner';
import { useTRPC } from '@/app/_trpc/client';
import { fieldErrorsOf, messageOf } from '@/app/_trpc/errors';
import { Button } from '@/app/_components/ui/button';
import { Badge, PageTitle } from '@/app/_components/ui/card';
import { DataTable } from '@/app/_components/ui/data-table';
import { Dialog, DialogActions } from '@/app/_components/ui/dialog';
import { Field, Input, Select } from '@/app/_components/ui/field';

type Role = 'admin' | 'editor' | 'filler' | 'approver' | 'auditor';
interface Row {
  id: string;
  username: string | null;
  name: string;
  disabled: boolean;
  departmentId: string | null;
  departmentNameZh: string | null;
  departmentNameEn: string | null;
  roles: Role[];
}

const PAGE_SIZE = 20;

export function UsersAdmin({ roles, selfId }: { roles: Role[]; selfId: string }) {
  const t = useTranslations('users');
  const tr = useTranslations('roles');
  const tc = useTranslations('common');
  const locale = useLocale();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const [departmentId, setDepartmentId] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<Row | null>(null);
  const [editing, setEditing] = useState<Row | null>(null);
  const [renaming, setRenaming] = useState<Row | null>(null);
  const ta = useTranslations('accounts');

  const departments = useQuery(trpc.department.list.queryOptions({ includeArchived: false }));
  const list = useQuery(
    trpc.user.list.queryOptions({ q: q || undefined, departmentId: departmentId || undefined, role: role || undefined, page, pageSize: PAGE_SIZE }, { placeholderData: (prev) => prev }),
  );
  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.user.list.queryKey() });
  const toggle = useMutation(
    trpc.user.setDisabled.mutationOptions({
      onSuccess: () => invalidate(),
      onError: (e) => toast.error(messageOf(e)),
    }),
  );
  const deptName = (r: { nameZh: string; nameEn: string }) => (locale === 'en' ? r.nameEn : r.nameZh);

  const columns = useMemo<ColumnDef<Row, unknown>[]>(
    () => [
      { header: t('username'), accessorKey: 'username', cell: (c) => <span className="font-mono">{String(c.getValue())}</span> },
      { header: t('name'), accessorKey: 'name' },
      { header: t('department'), id: 'dept', cell: (c) => (locale === 'en' ? c.row.original.departmentNameEn : c.row.original.departmentNameZh) ?? '—' },
      {
        header: t('roles'),
        id: 'roles',
        cell: (c) => (
          <span className="flex flex-wrap gap-1">
            {c.row.original.roles.map((r) => (
              <Badge key={r} tone="blue">
                {tr(r)}
              </Badge>
            ))}
          </span>
        ),
      },
      { header: t('status'), id: 'status', cell: (c) => (c.row.original.disabled ? <Badge tone="red">{t('disabled')}</Badge> : <Badge tone="green">{t('active')}</Badge>) },
      {
        header: tc('actions'),
        id: 'actions',
        cell: (c) => (
          <span className="flex flex-wrap gap-1">
            <Button size="sm" variant="secondary" onClick={() => setRenaming(c.row.original)}>
              {ta('rename')}
            </Button>
            <Button size="sm" variant="secondary" onClick={() => setEditing(c.row.original)}>
              {t('editRoles')}
            </Button>
            <Button size="sm" variant="secondary" onClick={() => setResetting(c.row.original)}>
              {t('resetPassword')}
            </Button>
            {c.row.original.id !== selfId ? (
              <Button size="sm" variant={c.row.original.disabled ? 'secondary' : 'danger'} onClick={() => toggle.mutate({ userId: c.row.original.id, disabled: !c.row.original.disabled })}>
                {c.row.original.disabled ? t('enable') : t('disable')}
              </Button>
            ) : null}
          </span>
        ),
      },
    ],
    [t, tr, tc, ta, locale, selfId, toggle],
  );

  return (
    <div>
      <PageTitle actions={<Button onClick={() => setCreating(true)}>{t('create')}</Button>}>{t('title')}</PageTitle>
      <form
        className="mb-4 flex flex-wrap items-end gap-3"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setPage(1);
        }}
      >
        <div className="w-64">
          <label htmlFor="user-q" className="sr-only">
            {tc('search')}
          </label>
          <Input id="user-q" placeholder={t('searchPlaceholder')} value={q} onChange={(e) => { setQ(e.target.value); setPage(1); }} />
        </div>
        <div className="w-56">
          <label htmlFor="user-dept" className="sr-only">{t('department')}</label>
          <Select id="user-dept" value={departmentId} onChange={(e) => { setDepartmentId(e.target.value); setPage(1); }}>
            <option value="">{t('anyDepartment')}</option>
            {departments.data?.map((d) => (
              <option key={d.id} value={d.id}>
                {deptName(d)}
              </option>
            ))}
          </Select>
        </div>
        <div className="w-44">
          <label htmlFor="user-role" className="sr-only">{t('roles')}</label>
          <Select id="user-role" value={role} onChange={(e) => { setRole(e.target.value as Role | ''); setPage(1); }}>
            <option value="">{t('anyRole')}</option>
            {roles.map((r) => (
              <option key={r} value={r}>
                {tr(r)}
              </option>
            ))}
          </Select>
        </div>
      </form>
      <DataTable<Row> caption={t('title')} columns={columns} data={(list.data?.rows as Row[]) ?? []} page={page} pageSize={PAGE_SIZE} total={list.data?.total} onPage={setPage} loading={list.isLoading} />
      {creating ? (
        <CreateUserDialog roles={roles} departments={departments.data ?? []} onClose={() => setCreating(false)} onCreated={invalidate} />
      ) : null}
      {resetting ? <ResetPasswordDialog user={resetting} onClose={() => setResetting(null)} /> : null}
      {renaming ? <RenameDialog user={renaming} onClose={() => setRenaming(null)} onSaved={invalidate} /> : null}
      {editing ? <EditRolesDialog user={editing} roles={roles} departments={departments.data ?? []} onClose={() => setEditing(null)} onSaved={invalidate} /> : null}
    </div>
  );
}

type Dept = { id: string; nameZh: string; nameEn: string };

function RoleChecks({ roles, value, onChange, error }: { roles: Role[]; value: Role[]; onChange: (v: Role[]) => void; error?: string }) {
  const t = useTranslations('users');
  const tr = useTranslations('roles');
  return (
    <fieldset aria-describedby={error ? 'roles-error' : undefined}>
      <legend className="mb-1 text-sm font-medium text-slate-700">{t('roles')}</legend>
      <div className="flex flex-wrap gap-3">
        {roles.map((r) => (
          <label key={r} className="flex items-center gap-1.5 text-sm">
            <input type="checkbox" checked={value.includes(r)} onChange={(e) => onChange(e.target.checked ? [...value, r] : value.filter((x) => x !== r))} />
            {tr(r)}
          </label>
        ))}
      </div>
      {error ? (
        <p id="roles-error" role="alert" className="mt-1 text-sm text-red-600">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

function CreateUserDialog({ roles, departments, onClose, onCreated }: { roles: Role[]; departments: Dept[]; onClose: () => void; onCreated: () => void }) {
  const t = useTranslations('users');
  const te = useTranslations('errors');
  const locale = useLocale();
  const trpc = useTRPC();
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [picked, setPicked] = useState<Role[]>([]);
  const form = useForm<{ username: string; name: string; password: string; departmentId: string }>({ defaultValues: { username: '', name: '', password: '', departmentId: '' } });
  const create = useMutation(
    trpc.user.create.mutationOptions({
      onSuccess: (_d, vars) => {
        toast.success(t('created', { username: vars.username }));
        onCreated();
        onClose();
      },
      onError: (e) => {
        setServerErrors(fieldErrorsOf(e));
        toast.error(messageOf(e));
      },
    }),
  );
  const err = (k: 'username' | 'name' | 'password' | 'departmentId') => serverErrors[k] ?? (form.formState.errors[k] ? te('required') : undefined);
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={t('create')}>
      <form
        className="space-y-4"
        noValidate
        onSubmit={form.handleSubmit((v) => {
          setServerErrors({});
          create.mutate({ ...v, roles: picked });
        })}
      >
        <Field id="new-username" label={t('username')} help={t('usernameHelp')} error={err('username')}>
          <Input id="new-username" aria-invalid={Boolean(err('username'))} aria-describedby={err('username') ? 'new-username-error' : 'new-username-help'} {...form.register('username', { required: true })} />
        </Field>
        <Field id="new-name" label={t('name')} error={err('name')}>
          <Input id="new-name" aria-invalid={Boolean(err('name'))} aria-describedby={err('name') ? 'new-name-error' : undefined} {...form.register('name', { required: true })} />
        </Field>
        <Field id="new-password" label={t('password')} help={t('passwordHelp')} error={err('password')}>
          <Input id="new-password" type="password" autoComplete="new-password" aria-invalid={Boolean(err('password'))} aria-describedby={err('password') ? 'new-password-error' : 'new-password-help'} {...form.register('password', { required: true })} />
        </Field>
        <Field id="new-dept" label={t('department')} error={err('departmentId')}>
          <Select id="new-dept" aria-invalid={Boolean(err('departmentId'))} aria-describedby={err('departmentId') ? 'new-dept-error' : undefined} {...form.register('departmentId', { required: true })}>
            <option value="">—</option>
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {locale === 'en' ? d.nameEn : d.nameZh}
              </option>
            ))}
          </Select>
        </Field>
        <RoleChecks roles={roles} value={picked} onChange={setPicked} error={serverErrors.roles} />
        <DialogActions onCancel={onClose} pending={create.isPending} />
      </form>
    </Dialog>
  );
}

function ResetPasswordDialog({ user, onClose }: { user: Row; onClose: () => void }) {
  const t = useTranslations('users');
  const trpc = useTRPC();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const reset = useMutation(
    trpc.user.resetPassword.mutationOptions({
      onSuccess: () => {
        toast.success(t('passwordReset'));
        onClose();
      },
      onError: (e) => setError(fieldErrorsOf(e).password ?? messageOf(e)),
    }),
  );
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={t('resetPasswordFor', { username: user.username ?? '' })}>
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          reset.mutate({ userId: user.id, password });
        }}
      >
        <Field id="reset-password" label={t('newPassword')} help={t('passwordHelp')} error={error}>
          <Input id="reset-password" type="password" autoComplete="new-password" value={password} aria-invalid={Boolean(error)} aria-describedby={error ? 'reset-password-error' : 'reset-password-help'} onChange={(e) => setPassword(e.target.value)} />
        </Field>
        <DialogActions onCancel={onClose} pending={reset.isPending} />
      </form>
    </Dialog>
  );
}

function EditRolesDialog({ user, roles, departments, onClose, onSaved }: { user: Row; roles: Role[]; departments: Dept[]; onClose: () => void; onSaved: () => void }) {
  const t = useTranslations('users');
  const tc = useTranslations('common');
  const locale = useLocale();
  const trpc = useTRPC();
  const [picked, setPicked] = useState<Role[]>(user.roles);
  const [departmentId, setDepartmentId] = useState(user.departmentId ?? '');
  const [error, setError] = useState<string | undefined>();
  const setRoles = useMutation(trpc.user.setRoles.mutationOptions());
  const setDept = useMutation(trpc.user.setDepartment.mutationOptions());
  async function save() {
    setError(undefined);
    try {
      await setRoles.mutateAsync({ userId: user.id, roles: picked });
      if (departmentId && departmentId !== user.departmentId) await setDept.mutateAsync({ userId: user.id, departmentId });
      toast.success(tc('saved'));
      onSaved();
      onClose();
    } catch (e) {
      setError(fieldErrorsOf(e).roles ?? messageOf(e));
    }
  }
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={t('editRolesFor', { username: user.username ?? '' })}>
      <div className="space-y-4">
        <RoleChecks roles={roles} value={picked} onChange={setPicked} error={error} />
        <Field id="edit-dept" label={t('department')}>
          <Select id="edit-dept" value={departmentId} onChange={(e) => setDepartmentId(e.target.value)}>
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {locale === 'en' ? d.nameEn : d.nameZh}
              </option>
            ))}
          </Select>
        </Field>
        <DialogActions onCancel={onClose} pending={setRoles.isPending || setDept.isPending} onConfirm={save} />
      </div>
    </Dialog>
  );
}

/** Sign-in name and display name: only an admin changes them (users cannot rename themselves). */
function RenameDialog({ user, onClose, onSaved }: { user: Row; onClose: () => void; onSaved: () => void }) {
  const t = useTranslations('users');
  const ta = useTranslations('accounts');
  const te = useTranslations('errors');
  const trpc = useTRPC();
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const form = useForm<{ username: string; name: string }>({ defaultValues: { username: user.username ?? '', name: user.name } });
  const rename = useMutation(
    trpc.user.rename.mutationOptions({
      onSuccess: () => {
        toast.success(ta('renamed'));
        onSaved();
        onClose();
      },
      onError: (e) => {
        setServerErrors(fieldErrorsOf(e));
        toast.error(messageOf(e));
      },
    }),
  );
  const err = (k: 'username' | 'name') => serverErrors[k] ?? (form.formState.errors[k] ? te('required') : undefined);
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={ta('renameFor', { username: user.username ?? '' })}>
      <form
        className="space-y-4"
        noValidate
        onSubmit={form.handleSubmit((v) => {
          setServerErrors({});
          rename.mutate({ userId: user.id, ...v });
        })}
      >
        <Field id="rename-username" label={t('username')} help={t('usernameHelp')} error={err('username')}>
          <Input id="rename-username" aria-invalid={Boolean(err('username'))} aria-describedby={err('username') ? 'rename-username-error' : 'rename-username-help'} {...form.register('username', { required: true })} />
        </Field>
        <Field id="rename-name" label={t('name')} error={err('name')}>
          <Input id="rename-name" aria-invalid={Boolean(err('name'))} aria-describedby={err('name') ? 'rename-name-error' : undefined} {...form.register('name', { required: true })} />
        </Field>
        <DialogActions onCancel={onClose} pending={rename.isPending} />
      </form>
    </Dialog>
  );
}
