/**
 * Undo/redo over whole graphs. A drag moves a node on every frame; `beginTransient` remembers the
 * graph before it and `commitTransient` records the drag as one step, so undo jumps back over the
 * whole move instead of one pixel.
 */
export interface History<T> {
  past: T[];
  present: T;
  future: T[];
  /** The state before an ongoing transient change (a drag), if any. */
  checkpoint: T | null;
}

const LIMIT = 100;

export const historyOf = <T>(present: T): History<T> => ({ past: [], present, future: [], checkpoint: null });

/** A recorded change. */
export function commit<T>(h: History<T>, next: T): History<T> {
  if (next === h.present) return h;
  return { past: [...h.past, h.checkpoint ?? h.present].slice(-LIMIT), present: next, future: [], checkpoint: null };
}

/** A change not (yet) recorded: the frames of a drag. */
export function replace<T>(h: History<T>, next: T): History<T> {
  return { ...h, present: next, checkpoint: h.checkpoint ?? h.present };
}

/** Records every transient change since the checkpoint as one step. */
export function commitTransient<T>(h: History<T>): History<T> {
  if (!h.checkpoint) return h;
  return { past: [...h.past, h.checkpoint].slice(-LIMIT), present: h.present, future: [], checkpoint: null };
}

export function undo<T>(h: History<T>): History<T> {
  const base = commitTransient(h);
  const prev = base.past.at(-1);
  if (prev === undefined) return base;
  return { past: base.past.slice(0, -1), present: prev, future: [base.present, ...base.future], checkpoint: null };
}

export function redo<T>(h: History<T>): History<T> {
  const next = h.future[0];
  if (next === undefined) return h;
  return { past: [...h.past, h.present], present: next, future: h.future.slice(1), checkpoint: null };
}
