'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { toast } from 'sonner';
import type { KindDefinition } from '@/catalog/types';
import { useTRPC } from '@/app/_trpc/client';
import { fieldErrorsOf, messageOf } from '@/app/_trpc/errors';
import { Button } from '@/app/_components/ui/button';
import { Badge, Card, PageTitle } from '@/app/_components/ui/card';
import { DataTable } from '@/app/_components/ui/data-table';
import { Field, Input, Select } from '@/app/_components/ui/field';
import { loc } from '../_components/widgets';
import { StatusBadge } from '../_components/status-badge';
import { todayLocal } from '../_components/use-register-data';
import { titleOf } from '@/catalog/kind-definition';
import { ImportExport } from './import-export';

type Kind = KindDefinition & { version: number; builtIn: boolean };
interface Row {
  code: string;
  version: number;
  status: string;
  content: Record<string, unknown>;
  validFrom: string | null;
  validTo: string | null;
}

const PAGE_SIZE = 20;

export function RegisterView({ kind, canEdit }: { kind: Kind; canEdit: boolean }) {
  const t = useTranslations('registers');
  const locale = useLocale() as 'zh-CN' | 'en';
  const trpc = useTRPC();
  const [mode, setMode] = useState<'working' | 'asOf'>('asOf');
  const [asOf, setAsOf] = useState(todayLocal());
  const [q, setQ] = useState('');
  const [status, setStatus] = useState('');
  const [page, setPage] = useState(1);
  const list = useQuery(
    trpc.register.list.queryOptions(
      { kindCode: kind.code, asOf: mode === 'asOf' ? asOf || undefined : undefined, q: q || undefined, status: mode === 'working' && status ? status : undefined, page, pageSize: PAGE_SIZE },
      { placeholderData: (p) => p },
    ),
  );
  const columns = useMemo<ColumnDef<Row, unknown>[]>(() => {
    const cols: ColumnDef<Row, unknown>[] = [
      { header: loc(kind.ui.fields[kind.ui.titleField]?.label, locale) || t('title'), id: 'title', cell: (c) => <Link className="line-clamp-2 text-brand-700 underline" href={`/registers/${kind.code}/${encodeURIComponent(c.row.original.code)}`}>{titleOf(kind, c.row.original.content, locale) || c.row.original.code}</Link> },
      { header: t('code'), id: 'code', cell: (c) => <Link className="font-mono text-xs text-slate-600 underline" href={`/registers/${kind.code}/${encodeURIComponent(c.row.original.code)}`}>{c.row.original.code}</Link> },
    ];
    for (const f of kind.ui.listFields ?? []) {
      const ui = kind.ui.fields[f];
      cols.push({
        header: loc(ui?.label, locale) || f,
        id: f,
        cell: (c) => {
          const v = c.row.original.content[f];
          // A measure whose basis is not verified is marked as an example, not just "no".
          if (f === 'basisVerified' && v !== true) return <Badge tone="amber">{t('unverified')}</Badge>;
          if (typeof v === 'boolean') return v ? t('form.yes') : t('form.no');
          return v === undefined ? '—' : loc(ui?.options?.[String(v)], locale) || String(v);
        },
      });
    }
    cols.push(
      { header: t('version'), id: 'version', cell: (c) => `v${c.row.original.version}` },
      { header: t('statusLabel'), id: 'status', cell: (c) => <StatusBadge status={c.row.original.status} /> },
      { header: t('validFrom'), id: 'validFrom', cell: (c) => c.row.original.validFrom ?? '—' },
      { header: t('validTo'), id: 'validTo', cell: (c) => c.row.original.validTo ?? '—' },
    );
    return cols;
  }, [kind, locale, t]);
  return (
    <div className="space-y-5">
      <PageTitle
        actions={
          canEdit ? (
            <Link href={`/registers/${kind.code}/new`} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
              {t('newEntry')}
            </Link>
          ) : null
        }
      >
        {loc(kind.name, locale)}
      </PageTitle>
      <div className="flex flex-wrap items-end gap-3">
        <div role="radiogroup" aria-label={t('view')} className="flex overflow-hidden rounded-md border border-slate-300 text-sm">
          {(['asOf', 'working'] as const).map((m) => (
            <button key={m} type="button" role="radio" aria-checked={mode === m} onClick={() => { setMode(m); setPage(1); }} className={mode === m ? 'bg-brand-600 px-3 py-2 text-white' : 'bg-white px-3 py-2 text-slate-700'}>
              {t(m === 'asOf' ? 'viewAsOf' : 'viewWorking')}
            </button>
          ))}
        </div>
        {mode === 'asOf' ? (
          <div className="w-44">
            <Field id="as-of" label={t('asOf')}>
              <Input id="as-of" type="date" value={asOf} onChange={(e) => { setAsOf(e.target.value); setPage(1); }} />
            </Field>
          </div>
        ) : (
          <div className="w-40">
            <Field id="status-filter" label={t('statusLabel')}>
              <Select id="status-filter" value={status} onChange={(e) => { setStatus(e.target.value); setPage(1); }}>
                <option value="">{t('anyStatus')}</option>
                {['draft', 'in_review', 'published', 'retired', 'rejected'].map((s) => (
                  <option key={s} value={s}>
                    {t(`status.${s}`)}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
        )}
        <div className="w-64">
          <Field id="q" label={t('search')}>
            <Input id="q" value={q} onChange={(e) => { setQ(e.target.value); setPage(1); }} />
          </Field>
        </div>
      </div>
      <DataTable<Row> caption={loc(kind.name, locale)} columns={columns} data={(list.data?.rows as Row[]) ?? []} page={page} pageSize={PAGE_SIZE} total={list.data?.total} onPage={setPage} loading={list.isLoading} />
      <ImportExport kindCode={kind.code} canEdit={canEdit} asOf={mode === 'asOf' ? asOf : undefined} />
      <div className="grid gap-5 lg:grid-cols-2">
        <RegisterDiff kind={kind} />
        <Editions kindCode={kind.code} canEdit={canEdit} />
      </div>
    </div>
  );
}

function RegisterDiff({ kind }: { kind: Kind }) {
  const t = useTranslations('registers');
  const locale = useLocale() as 'zh-CN' | 'en';
  const trpc = useTRPC();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState(todayLocal());
  const diff = useQuery({ ...trpc.register.diffDates.queryOptions({ kindCode: kind.code, from, to }), enabled: Boolean(from && to) });
  return (
    <Card>
      <h2 className="mb-3 font-semibold">{t('diffDates')}</h2>
      <div className="mb-3 grid grid-cols-2 gap-3">
        <Field id="diff-from" label={t('from')}>
          <Input id="diff-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </Field>
        <Field id="diff-to" label={t('to')}>
          <Input id="diff-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </Field>
      </div>
      {diff.data ? (
        diff.data.length === 0 ? (
          <p className="text-sm text-slate-500">{t('noChanges')}</p>
        ) : (
          <ul className="space-y-2 text-sm" data-testid="register-diff">
            {diff.data.map((d) => (
              <li key={d.code}>
                <p className="font-medium">{d.text[locale]}</p>
                {d.changes.length ? (
                  <ul className="ml-4 list-disc text-slate-600">
                    {d.changes.map((c, i) => (
                      <li key={i}>{c.text[locale]}</li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        )
      ) : null}
    </Card>
  );
}

function Editions({ kindCode, canEdit }: { kindCode: string; canEdit: boolean }) {
  const t = useTranslations('registers');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const editions = useQuery(trpc.register.editions.queryOptions({ kindCode }));
  const [name, setName] = useState('');
  const [asOf, setAsOf] = useState(todayLocal());
  const [err, setErr] = useState<string | undefined>();
  const create = useMutation(
    trpc.register.createEdition.mutationOptions({
      onSuccess: (r) => {
        toast.success(t('editionCreated', { count: r.entries }));
        setName('');
        qc.invalidateQueries({ queryKey: trpc.register.editions.queryKey() });
      },
      onError: (e) => setErr(fieldErrorsOf(e).name ?? messageOf(e)),
    }),
  );
  return (
    <Card>
      <h2 className="mb-3 font-semibold">{t('editions')}</h2>
      <ul className="mb-3 space-y-1 text-sm">
        {(editions.data ?? []).map((e) => (
          <li key={e.id}>
            <Link className="text-brand-600 underline" href={`/registers/${kindCode}/editions/${e.id}`}>
              {e.name}
            </Link>{' '}
            <span className="text-slate-500">{t('editionInfo', { asOf: e.asOf, count: e.entries })}</span>
          </li>
        ))}
        {editions.data?.length === 0 ? <li className="text-slate-500">{t('noEditions')}</li> : null}
      </ul>
      {canEdit ? (
        <form
          className="grid grid-cols-3 items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            setErr(undefined);
            create.mutate({ kindCode, name, asOf });
          }}
        >
          <Field id="ed-name" label={t('editionName')} error={err}>
            <Input id="ed-name" placeholder="2024年版" value={name} aria-invalid={Boolean(err)} aria-describedby={err ? 'ed-name-error' : undefined} onChange={(e) => setName(e.target.value)} />
          </Field>
          <Field id="ed-asof" label={t('asOf')}>
            <Input id="ed-asof" type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} />
          </Field>
          <Button type="submit" disabled={create.isPending || !name}>
            {t('publishEdition')}
          </Button>
        </form>
      ) : null}
    </Card>
  );
}
