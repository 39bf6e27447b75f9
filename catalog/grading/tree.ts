/**
 * Pure operations on a grading model's indicator tree, for the designer (browser) and anything
 * else that needs them. Every operation returns a new tree and leaves its input untouched, so
 * React state and undo stay simple. Branch points are always the sum of their children
 * (types.ts): `withBranchTotals` restores that after any edit.
 */
import type { Indicator } from './types';

/** JSON path of the indicator list inside the entry content (GradingProblem paths start here). */
export const INDICATORS_PATH = 'definition.indicators';

export interface FlatIndicator {
  indicator: Indicator;
  depth: number;
  parentId: string | null;
  /** dotted JSON path into the entry content, e.g. definition.indicators.0.children.1 */
  path: string;
}

/** Depth-first list of every indicator with its depth, parent and path (the tree as rows). */
export function flattenIndicators(list: readonly Indicator[], parentId: string | null = null, depth = 0, base = INDICATORS_PATH): FlatIndicator[] {
  return list.flatMap((indicator, i) => {
    const path = `${base}.${i}`;
    return [{ indicator, depth, parentId, path }, ...flattenIndicators(indicator.children ?? [], indicator.id, depth + 1, `${path}.children`)];
  });
}

export function isLeaf(indicator: Indicator): boolean {
  return !indicator.children || indicator.children.length === 0;
}

export function findIndicator(list: readonly Indicator[], id: string): Indicator | null {
  return flattenIndicators(list).find((f) => f.indicator.id === id)?.indicator ?? null;
}

/** Dotted path of indicator `id` (null when absent): where the validator reports its problems. */
export function indicatorPath(list: readonly Indicator[], id: string): string | null {
  return flattenIndicators(list).find((f) => f.indicator.id === id)?.path ?? null;
}

/**
 * The indicator a problem path points into (the deepest one), or null. Accepts the spellings a
 * validator may use: `a.b.0.c`, `a.b[0].c`, `/a/b/0/c`.
 */
export function indicatorAtPath(list: readonly Indicator[], problemPath: string): Indicator | null {
  const path = normalizePath(problemPath);
  let best: FlatIndicator | null = null;
  for (const f of flattenIndicators(list)) {
    if ((path === f.path || path.startsWith(`${f.path}.`)) && (!best || f.path.length > best.path.length)) best = f;
  }
  return best?.indicator ?? null;
}

/** One spelling for JSON paths: dotted, numeric segments as `.n`, no leading dot or slash. */
export function normalizePath(path: string): string {
  const dotted = path.startsWith('/') ? path.slice(1).split('/').join('.') : path;
  return dotted.replace(/\[(\d+)\]/g, '.$1').replace(/^\.+/, '');
}

/** Sum of the leaves' points: what must equal the model's total. */
export function sumOfLeaves(list: readonly Indicator[]): number {
  return list.reduce((s, i) => s + (isLeaf(i) ? Number(i.points) || 0 : sumOfLeaves(i.children!)), 0);
}

export function leafCount(list: readonly Indicator[]): number {
  return list.reduce((n, i) => n + (isLeaf(i) ? 1 : leafCount(i.children!)), 0);
}

/** Sets every branch's points to the sum of its children's. */
export function withBranchTotals(list: readonly Indicator[]): Indicator[] {
  return list.map((i) => {
    if (isLeaf(i)) return i;
    const children = withBranchTotals(i.children!);
    return { ...i, children, points: sumOfLeaves(children) };
  });
}

/** Applies `fn` to the sibling list that contains `id` (the root list included). */
function mapSiblingsOf(list: readonly Indicator[], id: string, fn: (siblings: Indicator[], index: number) => Indicator[]): Indicator[] {
  const index = list.findIndex((i) => i.id === id);
  if (index >= 0) return fn([...list], index);
  return list.map((i) => (i.children?.length ? { ...i, children: mapSiblingsOf(i.children, id, fn) } : i));
}

function siblingsOf(list: readonly Indicator[], id: string): readonly Indicator[] | null {
  if (list.some((i) => i.id === id)) return list;
  for (const i of list) {
    const found = siblingsOf(i.children ?? [], id);
    if (found) return found;
  }
  return null;
}

/** Moves `activeId` to the place of `overId`; only among siblings (anything else is a no-op). */
export function moveAmongSiblings(list: readonly Indicator[], activeId: string, overId: string): Indicator[] {
  if (activeId === overId) return [...list];
  const siblings = siblingsOf(list, activeId);
  if (!siblings || !siblings.some((i) => i.id === overId)) return [...list];
  return mapSiblingsOf(list, activeId, (s, from) => {
    const to = s.findIndex((i) => i.id === overId);
    const [moved] = s.splice(from, 1);
    s.splice(to, 0, moved!);
    return s;
  });
}

/** Moves `id` one place up (-1) or down (+1) among its siblings: the keyboard alternative to dragging. */
export function moveByOffset(list: readonly Indicator[], id: string, offset: -1 | 1): Indicator[] {
  const siblings = siblingsOf(list, id);
  if (!siblings) return [...list];
  const target = siblings[siblings.findIndex((i) => i.id === id) + offset];
  return target ? moveAmongSiblings(list, id, target.id) : [...list];
}

/** Appends `node` as the last child of `parentId` (a leaf becomes a branch and loses its rule). */
export function addChild(list: readonly Indicator[], parentId: string, node: Indicator): Indicator[] {
  const go = (items: readonly Indicator[]): Indicator[] =>
    items.map((i) => {
      if (i.id === parentId) {
        const { rule: _rule, ...branch } = i;
        return { ...branch, children: [...(i.children ?? []), node] };
      }
      return i.children?.length ? { ...i, children: go(i.children) } : i;
    });
  return withBranchTotals(go(list));
}

/** Inserts `node` right after `id`, among its siblings. */
export function addSibling(list: readonly Indicator[], id: string, node: Indicator): Indicator[] {
  return withBranchTotals(
    mapSiblingsOf(list, id, (s, index) => {
      s.splice(index + 1, 0, node);
      return s;
    }),
  );
}

/** Removes `id` and its subtree. A branch whose last child goes becomes a leaf. */
export function removeIndicator(list: readonly Indicator[], id: string): Indicator[] {
  const go = (items: readonly Indicator[]): Indicator[] =>
    items
      .filter((i) => i.id !== id)
      .map((i) => {
        if (!i.children?.length) return i;
        const children = go(i.children);
        if (children.length) return { ...i, children };
        const { children: _c, ...leaf } = i;
        return { ...leaf, points: 0 };
      });
  return withBranchTotals(go(list));
}

/** Replaces fields of indicator `id` (children are not touched through here). */
export function updateIndicator(list: readonly Indicator[], id: string, patch: Partial<Omit<Indicator, 'id' | 'children'>>): Indicator[] {
  const go = (items: readonly Indicator[]): Indicator[] => items.map((i) => (i.id === id ? { ...i, ...patch } : i.children?.length ? { ...i, children: go(i.children) } : i));
  return withBranchTotals(go(list));
}

/** An id not used in the tree: `prefix` + the next free number. */
export function newIndicatorId(list: readonly Indicator[], prefix = 'I'): string {
  const used = new Set(flattenIndicators(list).map((f) => f.indicator.id));
  let n = used.size + 1;
  while (used.has(`${prefix}${n}`)) n += 1;
  return `${prefix}${n}`;
}
