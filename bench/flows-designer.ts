/**
 * npx tsx bench/flows-designer.ts — designer_frame_ms_p95: dragging one node of a 300-node flow in
 * the designer canvas, in Chromium. The page (bench/flows-designer/page.tsx) is bundled with
 * esbuild and served to the browser from memory through Playwright's request routing (no port).
 * Each of ~60 mouse moves is measured from its `mousemove` to the frame that shows it. A large
 * flow draws only the nodes in view (designer-canvas.tsx); `rendered_in_view` says how many that
 * was, `minimap_nodes` that the minimap still shows all of them.
 * BENCH_SCALE=full drags 120 frames instead of 60 (the flow stays at 300 nodes, the figure).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { build } from 'esbuild';

const full = process.env.BENCH_SCALE === 'full';
const NODES = 300;
const FRAMES = full ? 120 : 60;
const WARMUP = 5;
const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '..');
const outDir = join(here, 'out', 'flows-designer');

function emit(name: string, value: number, unit: string, extra: Record<string, unknown> = {}) {
  console.log(JSON.stringify({ name, value: Math.round(value * 100) / 100, unit, ...extra }));
}

function percentile(xs: number[], p: number) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

await build({
  entryPoints: [join(here, 'flows-designer', 'page.tsx')],
  outdir: outDir,
  entryNames: 'page',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  define: { 'process.env.NODE_ENV': '"production"' },
  minify: true,
  jsx: 'automatic',
  tsconfig: join(root, 'tsconfig.json'),
  logLevel: 'error',
});
const files: Record<string, { body: Buffer; type: string }> = {
  '/index.html': { body: Buffer.from(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><link rel="stylesheet" href="/page.css"><style>html,body{margin:0}</style></head><body><div id="root"></div><script type="module" src="/page.js"></script></body></html>`), type: 'text/html; charset=utf-8' },
  '/page.js': { body: await readFile(join(outDir, 'page.js')), type: 'text/javascript; charset=utf-8' },
  '/page.css': { body: existsSync(join(outDir, 'page.css')) ? await readFile(join(outDir, 'page.css')) : Buffer.from(''), type: 'text/css' },
};

const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
const browser = await chromium.launch({ ...(executablePath ? { executablePath } : {}), args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.route('http://bench.invalid/**', (route) => {
    const f = files[new URL(route.request().url()).pathname];
    return f ? route.fulfill({ status: 200, body: f.body, contentType: f.type }) : route.fulfill({ status: 404 });
  });
  await page.goto(`http://bench.invalid/index.html?nodes=${NODES}`);
  await page.waitForFunction(() => window.__flowBench?.ready || window.__flowBench?.error, null, { timeout: 60_000 });
  await page.waitForTimeout(500); // fitView and the first paints
  const rendered = await page.locator('.react-flow__node').count();
  // A large flow draws only the nodes in view (designer-canvas.tsx): some, never none.
  if (rendered === 0) throw new Error('no node rendered');

  /** Drags the node nearest the middle of the viewport by WARMUP + FRAMES mouse moves; the frame times. */
  const drag = async () => {
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
    await page.evaluate((id) => (window.__flowBench.watch = id), target.id);
    await page.mouse.move(target.x, target.y);
    await page.mouse.down();
    for (let i = 1; i <= WARMUP + FRAMES; i++) {
      await page.mouse.move(target.x + i * 3, target.y + i * 2);
      await page.evaluate(() => window.__flowBench.done);
    }
    await page.mouse.up();
    const frames = (await page.evaluate(() => window.__flowBench.frames)).slice(WARMUP);
    const after = await page.evaluate((id) => window.__flowBench.position(id), target.id);
    if (!before || !after || (after.x === before.x && after.y === before.y)) throw new Error(`node ${target.id} did not move (${JSON.stringify(before)} → ${JSON.stringify(after)})`);
    const error = await page.evaluate(() => window.__flowBench.error);
    if (error) throw new Error(error);
    return { frames, id: target.id };
  };

  // The flow fitted to the window as far as the minimum zoom allows.
  const fitted = await drag();
  const minimap = await page.locator('.react-flow__minimap-node').count();
  emit('designer_frame_ms_p95', percentile(fitted.frames, 95), 'ms', { nodes: NODES, frames: fitted.frames.length, p50: Math.round(percentile(fitted.frames, 50) * 100) / 100, rendered_in_view: rendered, minimap_nodes: minimap });

} finally {
  await browser.close();
}
