'use client';
/**
 * The side panel for the selected node: its label and parameters. Text fields change the graph
 * transiently (one undo step per field, recorded on blur); selects and checkboxes commit at once.
 */
import { useLocale, useTranslations } from 'next-intl';
import { memo, useState } from 'react';
import { APPROVAL_MODES, TIMEOUT_ACTIONS, type Assignee, type FlowGraph, type FlowNode, type ConditionParams, type FlowExpression } from '@/catalog/flows/types';
import { CONDITION_OPS, UNARY_OPS, expressionProblem, fromJsonLogic, toJsonLogic, type ConditionGroup, type SimpleCondition, type Scalar } from '@/catalog/flows/expression';
import { nodeLabel } from '@/catalog/flows/graph';
import { Input, Select } from '@/app/_components/ui/field';
import { Button } from '@/app/_components/ui/button';
import type { FlowDirectory } from '@/server/flow-design/service';

export interface PanelChange {
  /** transient: typing in a text field; recorded as one step on blur. */
  (update: (n: FlowNode) => FlowNode, mode: 'commit' | 'transient'): void;
}

const row = 'flex flex-col gap-1 text-sm';
const label = 'text-xs font-medium text-slate-600';

/** Memoised: the designer hands it the node and graph as the validator sees them, which keep their identity while nodes are only dragged. */
export const NodePanel = memo(function NodePanel({ node, graph, directory, onChange, onSettle }: { node: FlowNode; graph: FlowGraph; directory: FlowDirectory | undefined; onChange: PanelChange; onSettle: () => void }) {
  const t = useTranslations('flows.panel');
  const tt = useTranslations('flows');
  const setParams = (params: Record<string, unknown>, mode: 'commit' | 'transient' = 'commit') => onChange((n) => ({ ...n, params: { ...n.params, ...params } }) as FlowNode, mode);
  const lbl = node.params.label ?? { 'zh-CN': '', en: '' };
  return (
    <div className="space-y-3" data-testid="node-panel">
      <h3 className="text-sm font-semibold">
        {tt(`nodeTypes.${node.type}`)}
      </h3>
      <label className={row}>
        <span className={label}>{t('labelZh')}</span>
        <Input value={lbl['zh-CN']} onChange={(e) => setParams({ label: { ...lbl, 'zh-CN': e.target.value } }, 'transient')} onBlur={onSettle} />
      </label>
      <label className={row}>
        <span className={label}>{t('labelEn')}</span>
        <Input value={lbl.en} onChange={(e) => setParams({ label: { ...lbl, en: e.target.value } }, 'transient')} onBlur={onSettle} />
      </label>
      {node.type === 'approval' ? (
        <>
          <AssigneeEditor value={node.params.assignee} directory={directory} onChange={(assignee) => setParams({ assignee })} />
          <label className={row}>
            <span className={label}>{t('mode')}</span>
            <Select value={node.params.mode} onChange={(e) => setParams({ mode: e.target.value })}>
              {APPROVAL_MODES.map((m) => (
                <option key={m} value={m}>
                  {tt(`modes.${m}`)}
                </option>
              ))}
            </Select>
          </label>
          <DeadlineEditor node={node} directory={directory} onChange={(deadline) => setParams({ deadline })} />
        </>
      ) : null}
      {node.type === 'cc' ? <AssigneeEditor value={node.params.assignee} directory={directory} onChange={(assignee) => setParams({ assignee })} /> : null}
      {node.type === 'timer' ? (
        <label className={row}>
          <span className={label}>{t('workingDays')}</span>
          <Input type="number" min={1} step={1} value={node.params.workingDays} onChange={(e) => setParams({ workingDays: Number(e.target.value) }, 'transient')} onBlur={onSettle} />
        </label>
      ) : null}
      {node.type === 'action' ? (
        <label className={row}>
          <span className={label}>{t('action')}</span>
          <Select value={node.params.action} onChange={(e) => setParams({ action: e.target.value })}>
            {(['publish', 'notify', 'apply-list-decision'] as const).map((a) => (
              <option key={a} value={a}>
                {t(`actions.${a}`)}
              </option>
            ))}
          </Select>
        </label>
      ) : null}
      {node.type === 'end' ? (
        <label className={row}>
          <span className={label}>{t('outcome')}</span>
          <Select value={node.params.outcome} onChange={(e) => setParams({ outcome: e.target.value })}>
            <option value="approved">{t('outcomes.approved')}</option>
            <option value="rejected">{t('outcomes.rejected')}</option>
          </Select>
        </label>
      ) : null}
      {node.type === 'join' ? (
        <label className={row}>
          <span className={label}>{t('splitOfJoin')}</span>
          <Select value={node.params.splitId ?? ''} onChange={(e) => setParams({ splitId: e.target.value || null })}>
            <option value="">—</option>
            {graph.nodes
              .filter((n) => n.type === 'split')
              .map((s) => (
                <option key={s.id} value={s.id}>
                  {nodeLabel(s)}
                </option>
              ))}
          </Select>
        </label>
      ) : null}
      {node.type === 'condition' ? <ConditionEditor node={node} graph={graph} onChange={(params) => setParams(params as Record<string, unknown>)} /> : null}
    </div>
  );
});

function AssigneeEditor({ value, directory, onChange }: { value: Assignee; directory: FlowDirectory | undefined; onChange: (a: Assignee) => void }) {
  const t = useTranslations('flows.panel');
  const locale = useLocale();
  const [filter, setFilter] = useState('');
  const roles = directory?.roles ?? [];
  const depts = directory?.departments ?? [];
  const deptName = (d: { nameZh: string; nameEn: string }) => (locale === 'en' ? d.nameEn : d.nameZh);
  const switchKind = (kind: Assignee['kind']) => {
    if (kind === 'role') onChange({ kind, role: '' });
    else if (kind === 'department') onChange({ kind, departmentId: '', role: 'approver' });
    else if (kind === 'users') onChange({ kind, userIds: [] });
    else onChange({ kind });
  };
  const users = (directory?.users ?? []).filter((u) => !filter || `${u.username ?? ''} ${u.name}`.toLowerCase().includes(filter.toLowerCase()));
  return (
    <fieldset className="space-y-2 rounded border border-slate-200 p-2" data-testid="assignee-editor">
      <legend className={label}>{t('assignee')}</legend>
      <Select aria-label={t('assigneeKind')} value={value.kind} onChange={(e) => switchKind(e.target.value as Assignee['kind'])}>
        {(['role', 'department', 'users', 'initiator-approver'] as const).map((k) => (
          <option key={k} value={k}>
            {t(`assigneeKinds.${k}`)}
          </option>
        ))}
      </Select>
      {value.kind === 'role' || value.kind === 'department' ? (
        <Select aria-label={t('role')} value={value.role ?? ''} onChange={(e) => onChange({ ...value, role: e.target.value } as Assignee)}>
          <option value="">{t('chooseRole')}</option>
          {roles.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </Select>
      ) : null}
      {value.kind === 'department' ? (
        <Select aria-label={t('department')} value={value.departmentId} onChange={(e) => onChange({ ...value, departmentId: e.target.value })}>
          <option value="">{t('chooseDepartment')}</option>
          {depts.map((d) => (
            <option key={d.id} value={d.id}>
              {deptName(d)}
            </option>
          ))}
        </Select>
      ) : null}
      {value.kind === 'users' ? (
        <div className="space-y-1">
          <Input placeholder={t('filterUsers')} value={filter} onChange={(e) => setFilter(e.target.value)} />
          <div className="max-h-40 overflow-auto rounded border border-slate-100 p-1">
            {users.map((u) => (
              <label key={u.id} className="flex items-center gap-2 text-xs">
                <input type="checkbox" checked={value.userIds.includes(u.id)} onChange={(e) => onChange({ kind: 'users', userIds: e.target.checked ? [...value.userIds, u.id] : value.userIds.filter((x) => x !== u.id) })} />
                {u.name} <span className="text-slate-500">{u.username}</span>
              </label>
            ))}
          </div>
        </div>
      ) : null}
      {value.kind === 'initiator-approver' ? <p className="text-xs text-slate-500">{t('initiatorApproverHelp')}</p> : null}
    </fieldset>
  );
}

function DeadlineEditor({ node, directory, onChange }: { node: Extract<FlowNode, { type: 'approval' }>; directory: FlowDirectory | undefined; onChange: (d: Extract<FlowNode, { type: 'approval' }>['params']['deadline']) => void }) {
  const t = useTranslations('flows.panel');
  const d = node.params.deadline;
  return (
    <fieldset className="space-y-2 rounded border border-slate-200 p-2">
      <legend className={label}>{t('deadline')}</legend>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={!!d} onChange={(e) => onChange(e.target.checked ? { workingDays: 3, onTimeout: 'remind' } : null)} />
        {t('hasDeadline')}
      </label>
      {d ? (
        <>
          <label className={row}>
            <span className={label}>{t('workingDays')}</span>
            <Input type="number" min={1} step={1} value={d.workingDays} onChange={(e) => onChange({ ...d, workingDays: Number(e.target.value) })} />
          </label>
          <label className={row}>
            <span className={label}>{t('onTimeout')}</span>
            <Select value={d.onTimeout} onChange={(e) => onChange({ ...d, onTimeout: e.target.value as typeof d.onTimeout })}>
              {TIMEOUT_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {t(`timeoutActions.${a}`)}
                </option>
              ))}
            </Select>
          </label>
          {d.onTimeout === 'escalate' ? (
            <label className={row}>
              <span className={label}>{t('escalateToRole')}</span>
              <Select value={d.escalateToRole ?? ''} onChange={(e) => onChange({ ...d, escalateToRole: e.target.value || null })}>
                <option value="">{t('chooseRole')}</option>
                {(directory?.roles ?? []).map((r) => (
                  <option key={r} value={r}>
                    {t(`roles.${r}`)}
                  </option>
                ))}
              </Select>
            </label>
          ) : null}
        </>
      ) : null}
    </fieldset>
  );
}

/** Each outgoing edge of a condition: the default, or a branch with its expression. */
function ConditionEditor({ node, graph, onChange }: { node: Extract<FlowNode, { type: 'condition' }>; graph: FlowGraph; onChange: (p: Partial<ConditionParams>) => void }) {
  const t = useTranslations('flows.panel');
  const outs = graph.edges.filter((e) => e.source === node.id);
  const targetName = (id: string) => {
    const n = graph.nodes.find((x) => x.id === id);
    return n ? nodeLabel(n) : id;
  };
  const setDefault = (edgeId: string) => {
    const old = node.params.defaultEdgeId;
    const branches = node.params.branches.filter((b) => b.edgeId !== edgeId);
    if (old && old !== edgeId && outs.some((e) => e.id === old)) branches.push({ edgeId: old, label: { 'zh-CN': targetName(outs.find((e) => e.id === old)!.target), en: '' }, when: false });
    onChange({ defaultEdgeId: edgeId, branches });
  };
  const setBranch = (edgeId: string, patch: Partial<ConditionParams['branches'][number]>) => onChange({ branches: node.params.branches.map((b) => (b.edgeId === edgeId ? { ...b, ...patch } : b)) });
  if (outs.length === 0) return <p className="text-xs text-slate-500">{t('conditionNoEdges')}</p>;
  return (
    <div className="space-y-2" data-testid="condition-editor">
      <p className="text-xs text-slate-500">{t('conditionHelp')}</p>
      {outs.map((e) => {
        const isDefault = node.params.defaultEdgeId === e.id;
        const branch = node.params.branches.find((b) => b.edgeId === e.id);
        return (
          <div key={e.id} className="space-y-1 rounded border border-slate-200 p-2">
            <div className="flex items-center justify-between text-xs">
              <span>→ {targetName(e.target)}</span>
              <label className="flex items-center gap-1">
                <input type="radio" name={`default-${node.id}`} checked={isDefault} onChange={() => setDefault(e.id)} />
                {t('defaultBranch')}
              </label>
            </div>
            {!isDefault && !branch ? (
              <Button size="sm" variant="secondary" onClick={() => onChange({ branches: [...node.params.branches, { edgeId: e.id, label: { 'zh-CN': targetName(e.target), en: '' }, when: false }] })}>
                {t('makeBranch')}
              </Button>
            ) : null}
            {branch ? (
              <>
                <Input aria-label={t('branchLabel')} value={branch.label['zh-CN']} onChange={(ev) => setBranch(e.id, { label: { ...branch.label, 'zh-CN': ev.target.value } })} />
                <ExpressionEditor value={branch.when} onChange={(when) => setBranch(e.id, { when })} />
              </>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}

function parseValue(text: string, op: SimpleCondition['op']): Scalar | Scalar[] {
  const one = (s: string): Scalar => {
    const v = s.trim();
    if (v === 'true' || v === 'false') return v === 'true';
    if (v !== '' && !Number.isNaN(Number(v))) return Number(v);
    return v;
  };
  return op === 'in' || op === 'notIn' ? text.split(/[,，]/).map(one) : one(text);
}
const showValue = (v: SimpleCondition['value']) => (Array.isArray(v) ? v.join(',') : v === undefined || v === null ? '' : String(v));

/** The visual builder (all/any of field–op–value rows); JSON for what it cannot show. */
function ExpressionEditor({ value, onChange }: { value: FlowExpression; onChange: (e: FlowExpression) => void }) {
  const t = useTranslations('flows.panel');
  const group = fromJsonLogic(value);
  const [raw, setRaw] = useState<string | null>(null);
  if (!group || raw !== null) {
    const text = raw ?? JSON.stringify(value, null, 1);
    let problem: string | null = null;
    try {
      const p = expressionProblem(JSON.parse(text));
      problem = p ? p.message['zh-CN'] : null;
    } catch {
      problem = t('badJson');
    }
    return (
      <div className="space-y-1">
        <textarea aria-label={t('expressionJson')} className="h-24 w-full rounded border border-slate-300 p-1 font-mono text-xs" value={text} onChange={(e) => setRaw(e.target.value)} />
        {problem ? <p className="text-xs text-red-600">{problem}</p> : null}
        <Button
          size="sm"
          variant="secondary"
          disabled={!!problem}
          onClick={() => {
            onChange(JSON.parse(text) as FlowExpression);
            setRaw(null);
          }}
        >
          {t('applyJson')}
        </Button>
      </div>
    );
  }
  const any = 'any' in group;
  const items = any ? group.any : group.all;
  const set = (next: SimpleCondition[], isAny = any) => onChange(toJsonLogic((isAny ? { any: next } : { all: next }) as ConditionGroup));
  return (
    <div className="space-y-1" data-testid="expression-builder">
      <Select aria-label={t('matchMode')} value={any ? 'any' : 'all'} onChange={(e) => set(items, e.target.value === 'any')}>
        <option value="all">{t('matchAll')}</option>
        <option value="any">{t('matchAny')}</option>
      </Select>
      {items.map((c, i) => {
        const update = (patch: Partial<SimpleCondition>) => set(items.map((x, j) => (j === i ? { ...x, ...patch } : x)));
        return (
          <div key={i} className="grid grid-cols-[1fr_5rem_1fr_auto] gap-1">
            <Input aria-label={t('field')} placeholder="data.amount" value={c.field} onChange={(e) => update({ field: e.target.value })} />
            <Select aria-label={t('operator')} value={c.op} onChange={(e) => update({ op: e.target.value as SimpleCondition['op'] })}>
              {CONDITION_OPS.map((op) => (
                <option key={op} value={op}>
                  {t(`ops.${op}`)}
                </option>
              ))}
            </Select>
            {UNARY_OPS.includes(c.op) ? <span /> : <Input aria-label={t('value')} value={showValue(c.value)} onChange={(e) => update({ value: parseValue(e.target.value, c.op) })} />}
            <Button size="sm" variant="ghost" aria-label={t('removeCondition')} onClick={() => set(items.filter((_, j) => j !== i))}>
              ×
            </Button>
          </div>
        );
      })}
      <div className="flex gap-2">
        <Button size="sm" variant="secondary" onClick={() => set([...items, { field: 'data.', op: '==', value: '' }])}>
          {t('addCondition')}
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setRaw(JSON.stringify(value, null, 1))}>
          {t('editJson')}
        </Button>
      </div>
    </div>
  );
}
