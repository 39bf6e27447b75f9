/**
 * The facts a flow's conditions read (`{ var: "data.amount" }` …), so a person can try the flow with
 * a small form — one field per fact, typed like the values the conditions compare it with —
 * instead of typing JSON. Pure: the designer's path preview uses it.
 */
import type { FlowGraph } from './types';

export interface FlowVariable {
  /** The path as conditions write it, e.g. `data.amount` or `meta.initiatorDepartment`. */
  path: string;
  kind: 'number' | 'boolean' | 'text';
  /** Values the conditions compare it with (offered as choices for text). */
  values: (string | number | boolean)[];
}

function walk(node: unknown, found: Map<string, FlowVariable>, sibling: unknown[] = []): void {
  if (Array.isArray(node)) {
    for (const x of node) walk(x, found, node);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const entries = Object.entries(node as Record<string, unknown>);
  if (entries.length === 1 && entries[0]![0] === 'var' && typeof entries[0]![1] === 'string') {
    const path = entries[0]![1];
    const v = found.get(path) ?? { path, kind: 'text' as FlowVariable['kind'], values: [] };
    for (const s of sibling) {
      const scalars = Array.isArray(s) ? s : [s];
      for (const x of scalars) {
        if (typeof x === 'number') v.kind = 'number';
        else if (typeof x === 'boolean' && v.kind !== 'number') v.kind = 'boolean';
        if ((typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') && !v.values.includes(x)) v.values.push(x);
      }
    }
    found.set(path, v);
    return;
  }
  for (const [, value] of entries) walk(value, found, Array.isArray(value) ? value : [value]);
}

export function flowVariables(graph: FlowGraph): FlowVariable[] {
  const found = new Map<string, FlowVariable>();
  for (const n of graph.nodes) {
    if (n.type !== 'condition') continue;
    for (const b of n.params.branches ?? []) walk(b.when, found);
  }
  return [...found.values()].sort((a, b) => a.path.localeCompare(b.path));
}

/** `{ data, meta }` from the form's values, each set at its path (`data.a.b` → data: { a: { b } }). */
export function factsFrom(values: Record<string, unknown>): { data: Record<string, unknown>; meta: Record<string, unknown> } {
  const root: Record<string, Record<string, unknown>> = { data: {}, meta: {} };
  for (const [path, value] of Object.entries(values)) {
    if (value === '' || value === undefined) continue;
    const parts = path.split('.');
    const top = parts[0] === 'meta' ? 'meta' : 'data';
    const rest = parts[0] === 'meta' || parts[0] === 'data' ? parts.slice(1) : parts;
    if (!rest.length || rest.some((p) => p === '__proto__' || p === 'constructor' || p === 'prototype')) continue;
    let at: Record<string, unknown> = root[top]!;
    for (const p of rest.slice(0, -1)) at = (at[p] ??= {}) as Record<string, unknown>;
    at[rest.at(-1)!] = value;
  }
  return { data: root.data!, meta: root.meta! };
}
