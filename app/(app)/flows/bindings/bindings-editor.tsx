'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/app/_trpc/client';
import { fieldErrorsOf, messageOf } from '@/app/_trpc/errors';
import { Button } from '@/app/_components/ui/button';
import { Badge, Card, PageTitle } from '@/app/_components/ui/card';
import { Field, Input, Select } from '@/app/_components/ui/field';

// Mirrors server/flows/bindings.ts TRIGGER_SCOPES (client files may not import server values).
const TRIGGERS = ['register-change', 'record-submit', 'list-identification', 'objection', 'credit-repair'] as const;
type Trigger = (typeof TRIGGERS)[number];
const RESERVED: readonly Trigger[] = [];
const SCOPES: Record<Trigger, readonly ('register-kind' | 'catalog-item' | 'catalog-category' | 'credit-list' | 'global')[]> = {
  'register-change': ['register-kind'],
  'record-submit': ['catalog-item', 'catalog-category'],
  'list-identification': ['credit-list', 'global'],
  objection: ['global'],
  'credit-repair': ['global'],
};

const nameOf = (name: unknown, locale: 'zh-CN' | 'en', fallback: string) => (typeof name === 'string' ? name : ((name as Record<string, string> | null)?.[locale] ?? fallback));

/** Bind a published flow to a trigger and scope; the reserved triggers are shown as open slots. */
export function BindingsEditor({ canEdit }: { canEdit: boolean }) {
  const t = useTranslations('flowEngine.bindings');
  const locale = useLocale() as 'zh-CN' | 'en';
  const trpc = useTRPC();
  const qc = useQueryClient();
  const bindings = useQuery(trpc.flow.bindings.queryOptions());
  const flows = useQuery(trpc.flow.publishedFlows.queryOptions());
  const kinds = useQuery(trpc.register.kinds.queryOptions());
  const items = useQuery(trpc.register.list.queryOptions({ kindCode: 'info-catalog', page: 1, pageSize: 100 }));
  const lists = useQuery(trpc.register.list.queryOptions({ kindCode: 'credit-list', page: 1, pageSize: 100 }));
  const [trigger, setTrigger] = useState<Trigger>('register-change');
  const [scopeType, setScopeType] = useState<string>('register-kind');
  const [scopeValue, setScopeValue] = useState('');
  const [flowCode, setFlowCode] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.flow.bindings.queryKey() });
  const set = useMutation(
    trpc.flow.setBinding.mutationOptions({
      onSuccess: () => {
        toast.success(t('saved'));
        setErrors({});
        refresh();
      },
      onError: (e) => {
        setErrors(fieldErrorsOf(e));
        toast.error(messageOf(e));
      },
    }),
  );
  const remove = useMutation(trpc.flow.removeBinding.mutationOptions({ onSuccess: () => (toast.success(t('removed')), refresh()), onError: (e) => toast.error(messageOf(e)) }));
  // Named choices for the scope (清单、信息类别、名单、分类): office staff pick names, the code is kept beside them.
  const options: { value: string; label: string }[] =
    scopeType === 'register-kind'
      ? (kinds.data ?? []).map((k) => ({ value: k.code, label: nameOf(k.name, locale, k.code) }))
      : scopeType === 'catalog-item'
        ? (items.data?.rows ?? []).map((r) => ({ value: r.code, label: nameOf((r.content as { name?: unknown }).name, locale, r.code) }))
        : scopeType === 'credit-list'
          ? (lists.data?.rows ?? []).map((r) => ({ value: r.code, label: nameOf((r.content as { name?: unknown }).name, locale, r.code) }))
          : [...new Set((items.data?.rows ?? []).map((r) => String((r.content as { category?: string }).category ?? '')).filter(Boolean))].map((c) => ({ value: c, label: c }));
  /** The name of a bound scope, for the table. */
  const scopeName = (type: string, value: string) => {
    if (type === 'global') return t('scopeTypes.global');
    if (type === 'register-kind') return nameOf(kinds.data?.find((k) => k.code === value)?.name, locale, value);
    if (type === 'catalog-item') return nameOf((items.data?.rows.find((r) => r.code === value)?.content as { name?: unknown } | undefined)?.name, locale, value);
    if (type === 'credit-list') return nameOf((lists.data?.rows.find((r) => r.code === value)?.content as { name?: unknown } | undefined)?.name, locale, value);
    return value;
  };
  const flowName = (code: string) => nameOf(flows.data?.find((f) => f.code === code)?.name, locale, code);
  const chooseTrigger = (value: Trigger) => {
    setTrigger(value);
    setScopeType(SCOPES[value][0]!);
    setScopeValue('');
  };
  const bound = bindings.data ?? [];
  return (
    <div className="space-y-4">
      <PageTitle>{t('title')}</PageTitle>
      <p className="text-sm text-slate-600">{t('intro')}</p>
      <Card>
        <h2 className="mb-2 font-semibold">{t('current')}</h2>
        {bound.length === 0 ? <p className="text-sm text-slate-500">{t('none')}</p> : null}
        <div className="overflow-x-auto">
        <table className="w-full text-sm" data-testid="bindings">
          <tbody>
            {bound.map((b) => (
              <tr key={b.id} className="border-t border-slate-100">
                <td className="py-1">{t(`triggers.${b.trigger}` as 'triggers.objection')}</td>
                <td>
                  <span className="text-slate-500">{t(`scopeTypes.${b.scopeType}` as 'scopeTypes.global')}</span> {scopeName(b.scopeType, b.scopeValue)}{' '}
                  {b.scopeType !== 'global' && scopeName(b.scopeType, b.scopeValue) !== b.scopeValue ? <span className="text-xs text-slate-500">{b.scopeValue}</span> : null}
                </td>
                <td>
                  {flowName(b.flowCode)} <span className="text-xs text-slate-500">{b.flowCode}</span>
                </td>
                <td className="text-right">
                  {canEdit ? (
                    <Button size="sm" variant="ghost" onClick={() => remove.mutate({ id: b.id })}>
                      {t('remove')}
                    </Button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      </Card>
      {RESERVED.length ? (
      <Card>
        <h2 className="mb-1 font-semibold">{t('reserved')}</h2>
        <p className="mb-2 text-sm text-slate-500">{t('reservedHint')}</p>
        <ul className="flex flex-wrap gap-2" data-testid="reserved-triggers">
          {RESERVED.map((r) => {
            const b = bound.find((x) => x.trigger === r);
            return (
              <li key={r}>
                <Badge tone={b ? 'green' : 'slate'}>
                  {t(`triggers.${r}` as 'triggers.objection')}: {b ? flowName(b.flowCode) : t('available')}
                </Badge>
              </li>
            );
          })}
        </ul>
      </Card>
      ) : null}
      {canEdit ? (
        <Card>
          <h2 className="mb-2 font-semibold">{t('bind')}</h2>
          {flows.data?.length === 0 ? <p className="mb-2 text-sm text-amber-800">{t('noFlows')}</p> : null}
          <div className="grid gap-3 md:grid-cols-4">
            <Field id="binding-trigger" label={t('trigger')}>
              <Select id="binding-trigger" value={trigger} onChange={(e) => chooseTrigger(e.target.value as Trigger)}>
                {TRIGGERS.map((x) => (
                  <option key={x} value={x}>
                    {t(`triggers.${x}` as 'triggers.objection')}
                  </option>
                ))}
              </Select>
            </Field>
            <Field id="binding-scope-type" label={t('scopeType')}>
              <Select id="binding-scope-type" value={scopeType} onChange={(e) => (setScopeType(e.target.value), setScopeValue(''))}>
                {SCOPES[trigger].map((s) => (
                  <option key={s} value={s}>
                    {t(`scopeTypes.${s}` as 'scopeTypes.global')}
                  </option>
                ))}
              </Select>
            </Field>
            <Field id="binding-scope-value" label={t('scopeValue')} error={errors.scopeValue}>
              {scopeType === 'global' ? (
                <Input id="binding-scope-value" value={t('scopeTypes.global')} disabled />
              ) : (
                <Select id="binding-scope-value" value={scopeValue} aria-invalid={Boolean(errors.scopeValue)} onChange={(e) => setScopeValue(e.target.value)}>
                  <option value="" />
                  {options.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label === o.value ? o.label : `${o.label}（${o.value}）`}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <Field id="binding-flow" label={t('flow')}>
              <Select id="binding-flow" value={flowCode} onChange={(e) => setFlowCode(e.target.value)}>
                <option value="" />
                {flows.data?.map((f) => (
                  <option key={f.code} value={f.code}>
                    {nameOf(f.name, locale, f.code)} ({f.code} v{f.version})
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <div className="mt-3 flex justify-end">
            <Button disabled={!flowCode || (scopeType !== 'global' && !scopeValue) || set.isPending} onClick={() => set.mutate({ trigger, scopeType: scopeType as 'global', scopeValue: scopeType === 'global' ? '*' : scopeValue, flowCode })}>
              {t('bind')}
            </Button>
          </div>
        </Card>
      ) : (
        <p className="text-sm text-slate-500">{t('readOnly')}</p>
      )}
    </div>
  );
}
