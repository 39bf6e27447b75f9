/**
 * Bindings: which published flow runs for a trigger and scope (a register kind, a catalog item or
 * a catalog category; the reserved triggers use the global scope). One active binding per
 * (trigger, scope), enforced by a partial unique index; replacing or removing one keeps the old
 * row (inactive) and writes an audit row.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { entry, entryVersion, flowBinding, user } from '../db/schema';
import { appendAudit, type Actor } from '../audit/append';
import { DomainError } from '../errors';
import { todayCN } from '../registers/dates';
import { FLOW_TRIGGERS, type FlowTrigger } from '../../catalog/flows/types';
import { getPublishedFlow } from './definitions';
import { VersionedCache } from '../db/cache-version';

export const SCOPE_TYPES = ['register-kind', 'catalog-item', 'catalog-category', 'credit-list', 'global'] as const;
export type ScopeType = (typeof SCOPE_TYPES)[number];
export interface Scope {
  type: ScopeType;
  value: string;
}

/** Which scope types a trigger can be bound under. */
export const TRIGGER_SCOPES: Record<FlowTrigger, readonly ScopeType[]> = {
  'register-change': ['register-kind'],
  'record-submit': ['catalog-item', 'catalog-category'],
  'list-identification': ['credit-list', 'global'],
  objection: ['global'],
  'credit-repair': ['global'],
};

/** The subject an instance of each trigger is about (`meta.subjectType` in conditions). */
export const SUBJECT_TYPE_OF = { 'register-change': 'change-request', 'record-submit': 'record', 'list-identification': 'list-case', objection: 'objection', 'credit-repair': 'repair-application' } as const satisfies Partial<Record<FlowTrigger, string>>;

/** Triggers whose processes do not exist yet: they can be bound now and start flows later. */
export const RESERVED_TRIGGERS: readonly FlowTrigger[] = [];

const objectIdOf = (b: { trigger: string; scopeType: string; scopeValue: string }) => `${b.trigger}/${b.scopeType}/${b.scopeValue}`;

type BindingRow = typeof flowBinding.$inferSelect;

/** Every active binding by trigger/scope, cached while `cache_version('flow-binding')` stands (a
 *  trigger bumps it on any change of flow_binding): a submission looked bindings up one scope at a
 *  time inside its transaction. */
const activeBindings = new VersionedCache<Map<string, BindingRow>>('flow-binding');
const bindingKey = (trigger: string, type: string, value: string) => `${trigger}\u0000${type}\u0000${value}`;

/** The first active binding among `scopes` (most specific first). */
export async function findBinding(db: Db, trigger: FlowTrigger, scopes: Scope[]) {
  const all = await activeBindings.get(db, async () => {
    const rows = await db.select().from(flowBinding).where(eq(flowBinding.active, true));
    return new Map(rows.map((b) => [bindingKey(b.trigger, b.scopeType, b.scopeValue), b]));
  });
  for (const s of scopes) {
    const b = all.get(bindingKey(trigger, s.type, s.value));
    if (b) return b;
  }
  return null;
}

export async function listBindings(db: Db) {
  return db
    .select({ id: flowBinding.id, trigger: flowBinding.trigger, scopeType: flowBinding.scopeType, scopeValue: flowBinding.scopeValue, flowCode: flowBinding.flowCode, createdAt: flowBinding.createdAt, createdByName: user.username })
    .from(flowBinding)
    .leftJoin(user, eq(user.id, flowBinding.createdBy))
    .where(eq(flowBinding.active, true))
    .orderBy(asc(flowBinding.trigger), asc(flowBinding.scopeType), asc(flowBinding.scopeValue));
}

export interface BindingInput {
  trigger: FlowTrigger;
  scopeType: ScopeType;
  scopeValue: string;
  flowCode: string;
}

/** A binding to a register kind, catalog item or category that does not exist would never fire:
 *  a typo is refused on the field instead of silently leaving the built-in step in charge. */
async function assertScopeExists(db: Db, scopeType: ScopeType, value: string) {
  if (scopeType === 'global') return;
  const where =
    scopeType === 'register-kind'
      ? and(eq(entry.kindCode, 'register-kind'), eq(entry.code, value))
      : scopeType === 'credit-list'
        ? and(eq(entry.kindCode, 'credit-list'), eq(entry.code, value))
        : scopeType === 'catalog-item'
        ? and(eq(entry.kindCode, 'info-catalog'), eq(entry.code, value))
        : and(eq(entryVersion.kindCode, 'info-catalog'), sql`${entryVersion.content}->>'category' = ${value}`);
  const found = scopeType === 'catalog-category' ? await db.select({ id: entryVersion.id }).from(entryVersion).where(where).limit(1) : await db.select({ id: entry.id }).from(entry).where(where).limit(1);
  if (!found.length) throw new DomainError('INVALID_INPUT', 'flowEngine.errors.unknownScope', { value }, [{ path: 'scopeValue', key: 'flowEngine.errors.unknownScope', params: { value } }]);
}

export async function setBinding(db: Db, actor: Actor, input: BindingInput) {
  if (!FLOW_TRIGGERS.includes(input.trigger)) throw new DomainError('INVALID_INPUT', 'flowEngine.errors.badTrigger', { trigger: input.trigger });
  if (!TRIGGER_SCOPES[input.trigger].includes(input.scopeType)) throw new DomainError('INVALID_INPUT', 'flowEngine.errors.badScope', { trigger: input.trigger, scope: input.scopeType });
  const scopeValue = input.scopeType === 'global' ? '*' : input.scopeValue.trim();
  if (!scopeValue) throw new DomainError('INVALID_INPUT', 'errors.required', {}, [{ path: 'scopeValue', key: 'errors.required' }]);
  await assertScopeExists(db, input.scopeType, scopeValue);
  const flow = await getPublishedFlow(db, input.flowCode, todayCN());
  return db.transaction(async (tx) => {
    const key = { trigger: input.trigger, scopeType: input.scopeType, scopeValue };
    const [old] = await tx
      .update(flowBinding)
      .set({ active: false, removedAt: new Date(), removedBy: actor.id })
      .where(and(eq(flowBinding.trigger, key.trigger), eq(flowBinding.scopeType, key.scopeType), eq(flowBinding.scopeValue, key.scopeValue), eq(flowBinding.active, true)))
      .returning();
    const [row] = await tx.insert(flowBinding).values({ ...key, flowCode: flow.code, createdBy: actor.id }).returning();
    await appendAudit(tx, actor, { action: 'flow_binding.set', objectType: 'flow-binding', objectId: objectIdOf(key), before: old ? { flowCode: old.flowCode } : null, after: { flowCode: flow.code, version: flow.version } });
    return row!;
  });
}

export async function removeBinding(db: Db, actor: Actor, id: string) {
  return db.transaction(async (tx) => {
    const [row] = await tx.update(flowBinding).set({ active: false, removedAt: new Date(), removedBy: actor.id }).where(and(eq(flowBinding.id, id), eq(flowBinding.active, true))).returning();
    if (!row) throw new DomainError('NOT_FOUND', 'flowEngine.errors.bindingNotFound');
    await appendAudit(tx, actor, { action: 'flow_binding.remove', objectType: 'flow-binding', objectId: objectIdOf(row), before: { flowCode: row.flowCode }, after: null });
  });
}
