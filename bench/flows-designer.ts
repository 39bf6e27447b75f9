/**
 * npx tsx bench/flows-designer.ts — dragging one node of a 300-node flow in the designer canvas,
 * in Chromium, on two shapes:
 * - chain: one long row left to right; at the minimum zoom the window shows about 60 of its nodes
 *   (a large flow draws only what is in view, designer-canvas.tsx) — `designer_frame_ms_p95`;
 * - wide: 37 parallel branches of 8 steps top to bottom; the whole flow fits the window, so all
 *   300 nodes and 335 edges are drawn — `designer_frame_ms_p95_wide`;
 * - wide at zoom 1, where the cards' text can be read (fitted, both flows are below the zoom at
 *   which cards are drawn as plain blocks, flow-nodes.tsx) — `designer_frame_ms_p95_wide_zoom1`.
 * The page (bench/flows-designer/page.tsx) is bundled with esbuild and served from memory through
 * Playwright's request routing (no port). Each of 60 mouse moves is measured from its `mousemove`
 * to the frame that shows it; a figure is the median over ROUNDS fresh page loads of each round's
 * p95 (and p50). The run fails (exit 1) when a drag did not move the node by the mouse's distance,
 * a move was never shown, not every node and edge of the wide flow was drawn, or the overview map
 * did not show the node's new place once the drag ended.
 * BENCH_SCALE=full: 5 rounds of 120 moves instead of 3 rounds of 60 (the flows stay at 300 nodes).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import tailwind from '@tailwindcss/postcss';
import { build } from 'esbuild';
import postcss from 'postcss';
import { PAGE_BUILD } from './page-build';

const full = process.env.BENCH_SCALE === 'full';
const NODES = 300;
const FRAMES = full ? 120 : 60;
const ROUNDS = full ? 5 : 3;
const WARMUP = 5;
const STEP = { x: 3, y: 2 };
const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '..');
const outDir = join(here, 'out', 'flows-designer');

function emit(name: string, value: number, unit: string, extra: Record<string, unknown> = {}) {
  console.log(JSON.stringify({ name, value: round2(value), unit, ...extra }));
}
const round2 = (x: number) => Math.round(x * 100) / 100;

function percentile(xs: number[], p: number) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}
const median = (xs: number[]) => percentile(xs, 50);

await build({ ...PAGE_BUILD, entryPoints: [join(here, 'flows-designer', 'page.tsx')], outdir: outDir, entryNames: 'page' });
// The app's own stylesheet (Tailwind), so the cards are drawn and painted as in the designer.
const appCss = await postcss([tailwind({ base: root })]).process(await readFile(join(root, 'app', 'globals.css'), 'utf8'), { from: join(root, 'app', 'globals.css') });
const files: Record<string, { body: Buffer; type: string }> = {
  '/index.html': { body: Buffer.from(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><link rel="stylesheet" href="/app.css"><link rel="stylesheet" href="/page.css"><style>html,body{margin:0}</style></head><body><div id="root"></div><script type="module" src="/page.js"></script></body></html>`), type: 'text/html; charset=utf-8' },
  '/app.css': { body: Buffer.from(appCss.css), type: 'text/css' },
  '/page.js': { body: await readFile(join(outDir, 'page.js')), type: 'text/javascript; charset=utf-8' },
  '/page.css': { body: existsSync(join(outDir, 'page.css')) ? await readFile(join(outDir, 'page.css')) : Buffer.from(''), type: 'text/css' },
};

/** Drags the node nearest the middle of the viewport by WARMUP + FRAMES mouse moves and checks what the drag did. */
async function dragOnce(page: Page, shape: 'chain' | 'wide', zoomTo?: number) {
  await page.goto(`http://bench.invalid/index.html?nodes=${NODES}&shape=${shape}`);
  await page.waitForFunction(() => window.__flowBench?.ready || window.__flowBench?.error, null, { timeout: 60_000 });
  await page.waitForTimeout(500); // fitView and the first paints
  if (zoomTo) {
    await page.evaluate((z) => window.__flowBench.zoomTo(z), zoomTo);
    await page.waitForTimeout(300);
  }
  const compact = await page.locator('[data-compact]').count();
  const rendered = await page.locator('.react-flow__node').count();
  const edgesDrawn = await page.locator('.react-flow__edge').count();
  const graph = await page.evaluate(() => window.__flowBench.size());
  if (rendered === 0) throw new Error(`${shape}: no node rendered`);
  // The wide flow fits the window: every node and every edge is drawn (edges attach to the cards'
  // declared handles even where React Flow's handle elements are not mounted).
  if (shape === 'wide' && !zoomTo && (rendered !== graph.nodes || edgesDrawn !== graph.edges)) throw new Error(`wide: ${rendered}/${graph.nodes} nodes and ${edgesDrawn}/${graph.edges} edges drawn`);
  const minimapNodes = await page.locator('.react-flow__minimap-node').count();
  if (minimapNodes !== graph.nodes) throw new Error(`${shape}: the overview map shows ${minimapNodes} of ${graph.nodes} nodes`);

  await page.evaluate(() => (window.__flowBench.frames = []));
  const target = await page.evaluate(() => {
    let best: { id: string; x: number; y: number; d: number } | null = null;
    for (const el of document.querySelectorAll<HTMLElement>('.react-flow__node')) {
      const r = el.getBoundingClientRect();
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      const d = Math.hypot(x - 700, y - 450);
      if (!best || d < best.d) best = { id: el.dataset.id!, x, y, d };
    }
    return best!;
  });
  const before = await page.evaluate((id) => window.__flowBench.position(id), target.id);
  const mapBefore = await page.evaluate((id) => document.querySelector(`.react-flow__minimap-node[data-id="${id}"]`)?.getAttribute('x'), target.id);
  await page.evaluate((id) => (window.__flowBench.watch = id), target.id);
  await page.mouse.move(target.x, target.y);
  await page.evaluate(() => console.timeStamp('bench-drag-start'));
  await page.mouse.down();
  const moves = WARMUP + FRAMES;
  for (let i = 1; i <= moves; i++) {
    await page.mouse.move(target.x + i * STEP.x, target.y + i * STEP.y);
    await page.evaluate(() => window.__flowBench.done);
  }
  await page.evaluate(() => console.timeStamp('bench-drag-end'));
  const mapDuring = await page.evaluate((id) => document.querySelector(`.react-flow__minimap-node[data-id="${id}"]`)?.getAttribute('x'), target.id);
  await page.mouse.up();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const frames = (await page.evaluate(() => window.__flowBench.frames)).slice(WARMUP);
  const after = await page.evaluate((id) => window.__flowBench.position(id), target.id);
  const mapAfter = await page.evaluate((id) => document.querySelector(`.react-flow__minimap-node[data-id="${id}"]`)?.getAttribute('x'), target.id);
  const zoom = await page.evaluate(() => window.__flowBench.zoom());
  const error = await page.evaluate(() => window.__flowBench.error);
  if (error) throw new Error(`${shape}: ${error}`);

  // The node followed the mouse: moved by the mouse's distance at this zoom, less at most the first
  // move (React Flow starts the drag on it).
  if (!before || !after) throw new Error(`${shape}: node ${target.id} has no position`);
  const want = { x: (moves * STEP.x) / zoom, y: (moves * STEP.y) / zoom };
  const got = { x: after.x - before.x, y: after.y - before.y };
  const slack = (d: number) => (d + 1) / zoom + 1;
  if (Math.abs(got.x - want.x) > slack(STEP.x) || Math.abs(got.y - want.y) > slack(STEP.y)) {
    throw new Error(`${shape}: node ${target.id} moved by ${JSON.stringify(got)}, the mouse by ${JSON.stringify(want)} (zoom ${zoom})`);
  }
  const lost = frames.filter((ms) => ms >= 1000).length;
  if (frames.length !== FRAMES || lost) throw new Error(`${shape}: ${lost} of ${frames.length} moves were never shown`);
  // The overview map is held still during the drag and shows the new place once it ends.
  if (mapDuring !== mapBefore || Number(mapAfter) !== after.x) throw new Error(`${shape}: overview map x ${mapBefore} → ${mapDuring} (drag) → ${mapAfter}, node at ${after.x}`);
  return { frames, rendered, edgesDrawn, minimapNodes, compact: compact > 0, zoom };
}

/**
 * BENCH_TRACE=1: the last round of each shape is traced (Chrome's timeline) and the main thread's
 * time during its drag is printed by kind of work (script, style, layout, paint, …) per move —
 * where a frame's time goes.
 */
const TRACE = process.env.BENCH_TRACE === '1';

function traceSummary(name: string, buf: Buffer) {
  type Ev = { name: string; ph: string; dur?: number; ts: number; tid: number; pid: number; args?: { data?: { message?: string } } };
  const { traceEvents } = JSON.parse(buf.toString('utf8')) as { traceEvents: Ev[] };
  const mark = (m: string) => traceEvents.find((e) => e.name === 'TimeStamp' && e.args?.data?.message === m);
  const start = mark('bench-drag-start');
  const end = mark('bench-drag-end');
  if (!start || !end) return;
  const byName = new Map<string, number>();
  for (const e of traceEvents) {
    if (e.ph !== 'X' || !e.dur || e.tid !== start.tid || e.pid !== start.pid || e.ts < start.ts || e.ts > end.ts) continue;
    byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur);
  }
  const top = [...byName].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, us]) => [k, round2(us / 1000 / (WARMUP + FRAMES))]);
  console.log(JSON.stringify({ name: `${name}_trace_ms_per_move`, top: Object.fromEntries(top) }));
}

const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
const browser = await chromium.launch({ ...(executablePath ? { executablePath } : {}), args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.route('http://bench.invalid/**', (route) => {
    const f = files[new URL(route.request().url()).pathname];
    return f ? route.fulfill({ status: 200, body: f.body, contentType: f.type }) : route.fulfill({ status: 404 });
  });
  const runs = [
    ['chain', 'designer_frame_ms_p95', undefined],
    ['wide', 'designer_frame_ms_p95_wide', undefined],
    ['wide', 'designer_frame_ms_p95_wide_zoom1', 1],
  ] as const;
  for (const [shape, name, zoomTo] of runs) {
    const rounds: { p95: number; p50: number }[] = [];
    let last: Awaited<ReturnType<typeof dragOnce>> | null = null;
    for (let r = 0; r < ROUNDS; r++) {
      const traced = TRACE && r === ROUNDS - 1;
      if (traced) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
      last = await dragOnce(page, shape, zoomTo);
      if (traced) traceSummary(name, await browser.stopTracing());
      rounds.push({ p95: percentile(last.frames, 95), p50: percentile(last.frames, 50) });
    }
    emit(name, median(rounds.map((x) => x.p95)), 'ms', {
      shape,
      nodes: NODES,
      moves: FRAMES,
      rounds: rounds.map((x) => round2(x.p95)),
      p50: round2(median(rounds.map((x) => x.p50))),
      zoom: round2(last!.zoom),
      cards_as_blocks: last!.compact,
      rendered_in_view: last!.rendered,
      edges_in_view: last!.edgesDrawn,
      minimap_nodes: last!.minimapNodes,
    });
  }
} finally {
  await browser.close();
}
