/**
 * In-page measuring for the form benchmark pages (runs in the browser).
 *  - first render: performance.now() before `root.render`, then the React commit (a layout
 *    effect of the mounted tree), then two animation frames, i.e. the first paint of the form.
 *  - keystrokes: a capturing `keydown` listener stamps the time; after the `input` event has been
 *    handled (React updates synchronously for discrete events) one animation frame and a
 *    `setTimeout(0)` mark the frame that shows the new character as painted.
 */
import { useLayoutEffect, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';

export interface BenchWindow {
  __firstRenderMs?: number;
  __keystrokes: number[];
  /** Resolves once the latest keystroke's frame has been painted. */
  __keystrokeDone: Promise<number>;
  __error?: string;
}

declare global {
  interface Window {
    __bench: BenchWindow;
  }
}

const nextFrame = () => new Promise<number>((r) => requestAnimationFrame(r));

function Committed({ onCommit, children }: { onCommit: () => void; children: ReactNode }) {
  useLayoutEffect(onCommit, [onCommit]);
  return <>{children}</>;
}

export function mountMeasured(tree: ReactNode): void {
  const bench: BenchWindow = { __keystrokes: [], __keystrokeDone: Promise.resolve(0) };
  window.__bench = bench;
  window.addEventListener('error', (e) => (bench.__error = String(e.message)));

  let pending: { t0: number; resolve: (ms: number) => void } | null = null;
  document.addEventListener(
    'keydown',
    () => {
      let resolve!: (ms: number) => void;
      bench.__keystrokeDone = new Promise<number>((r) => (resolve = r));
      pending = { t0: performance.now(), resolve };
    },
    true,
  );
  document.addEventListener(
    'input',
    () => {
      const p = pending;
      if (!p) return;
      pending = null;
      requestAnimationFrame(() =>
        setTimeout(() => {
          const ms = performance.now() - p.t0;
          bench.__keystrokes.push(ms);
          p.resolve(ms);
        }, 0),
      );
    },
    true,
  );

  const container = document.getElementById('root')!;
  const root = createRoot(container);
  let committed!: () => void;
  const commit = new Promise<void>((r) => (committed = r));
  const t0 = performance.now();
  root.render(<Committed onCommit={committed}>{tree}</Committed>);
  void commit
    .then(nextFrame)
    .then(nextFrame)
    .then(() => {
      bench.__firstRenderMs = performance.now() - t0;
    });
}
