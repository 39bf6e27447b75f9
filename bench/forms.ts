/**
 * npm run bench:forms — figures for the form-runtime issue, one JSON line each:
 *   first_render_ms_ours / _rjsf      mount of the 500-field form to its first paint (median of 5 page loads)
 *   keystroke_ms_p50_ours / _rjsf     keydown → next paint while typing into field 250 (median of 100 keys),
 *                                     in a Chromium whose compositor draws a frame as soon as one is
 *                                     needed (--disable-frame-rate-limit): the figure is what the page
 *                                     costs, not where in the 60 Hz frame the key happened to land
 *   keystroke_ms_p50_*_60hz           the same at the display's 60 Hz, each key after a random pause so
 *                                     keys land at random points of the frame as a person's do (on
 *                                     average half a frame, ~8 ms, of waiting for the next frame)
 *   keystroke_ms_p50_plain_inputs*    the same 500 fields as bare <input>s in React, no form library
 *   keystroke_ms_p95_*                the 95th percentile of the same keys, beside each p50 (both modes):
 *                                     a median hides the keys that stall
 *   validate_records_per_s            `prepare` (one cached Ajv validator) on valid 双公示 CF records
 *   validate_records_per_s_500_fields the same on records of the 500-field form
 * BENCH_SCALE=small (default: 20k records) | full (200k records) | tiny (500: for the test that the
 * check below fails on spoiled work); every validation line names its scale.
 * The validation is checked, not only timed (`work_checked` lines; otherwise the benchmark exits 1):
 * every generated valid record must be accepted, and the same records each with a required field
 * taken out must every one be refused. BENCH_INJECT_FAULT proves it: refused-record (one of the
 * valid records gets a value outside its field's choices) | lenient (the validator is given the
 * definition without its required fields, so the broken records pass).
 * The three pages are built with esbuild into bench/out/, served on an ephemeral port and driven in
 * Chromium by Playwright (BENCH_BROWSER=0 skips them: validation only). The import figures belong
 * to another benchmark.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from '@playwright/test';
import { build } from 'esbuild';
import reference from '../server/seed/data/reference-forms.json';
import type { FormDefinition } from '../forms/definition';
import { prepare } from '../forms/effective';
import { TYPED_FIELD, benchDefinition, validRecord } from './forms/definition';
import { scaleOf } from './scale';
import { PAGE_BUILD } from './page-build';

const SCALES = { tiny: 500, small: 20_000, full: 200_000 } as const;
const scale = scaleOf(SCALES, 'small');
const RECORDS = SCALES[scale];
const FAULT = process.env.BENCH_INJECT_FAULT;
let failures = 0;
const PAGE_LOADS = 5;
const KEYSTROKES = 100;
const WARMUP_KEYS = 3;

const here = fileURLToPath(new URL('.', import.meta.url));
const outDir = join(here, 'out');

function emit(name: string, value: number, unit: string, extra: Record<string, unknown> = {}) {
  console.log(JSON.stringify({ name, value: Math.round(value * 100) / 100, unit, ...extra }));
}

function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Nearest-rank 95th percentile. */
function p95(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]!;
}

// ---------------------------------------------------------------------------------------------
// Server side: validation throughput with one compiled validator per definition

/** Prints what was checked; a failed check makes the benchmark exit 1 at the end. */
function check(what: string, ok: boolean, detail: Record<string, unknown>) {
  console.log(JSON.stringify({ name: 'work_checked', what, ok, scale, ...detail }));
  if (!ok) failures++;
}

/** The definition the validator is given: the form's own, or (BENCH_INJECT_FAULT=lenient) the form without its required fields. */
function judgedBy(def: FormDefinition): FormDefinition {
  return FAULT === 'lenient' ? { ...def, schema: { ...def.schema, required: [] } } : def;
}

function validationFigure(name: string, def: FormDefinition, key: string) {
  const records = Array.from({ length: RECORDS }, (_, i) => validRecord(def, i));
  // BENCH_INJECT_FAULT=refused-record: one "valid" record carries a value outside its field's choices.
  const choice = Object.entries(def.schema.properties as Record<string, { enum?: unknown[] }>).find(([, s]) => Array.isArray(s.enum))?.[0];
  if (FAULT === 'refused-record' && choice) records[RECORDS >> 1]![choice] = '不在选项中';
  const judge = judgedBy(def);
  prepare(judge, key, records[0]); // compiles the validator once
  for (let i = 0; i < Math.min(1000, RECORDS); i++) prepare(judge, key, records[i]); // warm-up
  let refused = 0;
  const t0 = performance.now();
  for (const r of records) if (prepare(judge, key, r).issues.length > 0) refused++;
  const s = (performance.now() - t0) / 1000;
  emit(name, RECORDS / s, 'records/s', { scale, records: RECORDS, fields: Object.keys(def.schema.properties).length });
  // The other side, untimed: the same records, each without one of the required fields, must be refused.
  const required = def.schema.required ?? [];
  let accepted = 0;
  for (const [i, r] of records.entries()) {
    const broken = { ...r };
    delete broken[required[i % required.length]!];
    if (prepare(judge, key, broken).issues.length === 0) accepted++;
  }
  check(`${name}: every valid record accepted, every record missing a required field refused`, required.length > 0 && refused === 0 && accepted === 0, {
    records: RECORDS,
    valid_refused: refused,
    broken_accepted: accepted,
  });
}

validationFigure('validate_records_per_s', structuredClone(reference.CF) as unknown as FormDefinition, 'bench:CF@1');
validationFigure('validate_records_per_s_500_fields', benchDefinition(), 'bench:500@1');

// ---------------------------------------------------------------------------------------------
// Browser side: the two pages

const PAGES = { ours: 'page-ours.tsx', rjsf: 'page-rjsf.tsx', plain: 'page-plain.tsx' } as const;
type PageName = keyof typeof PAGES;

/** Where the pages are served (set by browserFigures). */
let base = '';

const SELECTORS: Record<PageName, string> = { ours: `[name="${TYPED_FIELD}"]`, rjsf: `#root_${TYPED_FIELD}`, plain: `#plain-${TYPED_FIELD}` };

async function firstRenderMs(browser: Browser, name: PageName): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < PAGE_LOADS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/${name}.html`);
    await page.waitForFunction(() => window.__bench?.__firstRenderMs !== undefined || window.__bench?.__error !== undefined, null, { timeout: 60_000 });
    const { ms, error } = await page.evaluate(() => ({ ms: window.__bench.__firstRenderMs, error: window.__bench.__error }));
    if (error || ms === undefined) throw new Error(`${name}: ${error}`);
    const inputs = await page.locator('input, select').count();
    if (inputs < 500) throw new Error(`${name}: only ${inputs} inputs rendered`);
    times.push(ms);
    await context.close();
  }
  return times;
}

async function keystrokeMs(browser: Browser, name: PageName, randomPhase: boolean): Promise<number[]> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/${name}.html`);
  await page.waitForFunction(() => window.__bench?.__firstRenderMs !== undefined, null, { timeout: 60_000 });
  const field = page.locator(SELECTORS[name]);
  await field.scrollIntoViewIfNeeded();
  await field.click();
  const text = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const times: number[] = [];
  for (let i = 0; i < WARMUP_KEYS + KEYSTROKES; i++) {
    if (randomPhase) await new Promise((r) => setTimeout(r, Math.random() * 2 * FRAME_MS));
    // ASCII keys produce keydown + input (a Chinese character would be inserted without keydown).
    // As when a person types, the key comes up after the character is on screen (a key is held
    // for ~100 ms), not in the same instant as the keydown.
    const key = text[i % text.length]!;
    await page.keyboard.down(key);
    const ms = await page.evaluate(() => window.__bench.__keystrokeDone);
    await page.keyboard.up(key);
    if (i >= WARMUP_KEYS) times.push(ms);
  }
  const value = await field.inputValue();
  if (value.length !== WARMUP_KEYS + KEYSTROKES) throw new Error(`${name}: typed ${value.length} characters into ${TYPED_FIELD}, expected ${WARMUP_KEYS + KEYSTROKES}`);
  await context.close();
  return times;
}

/** Medians and 95th percentiles of the three pages' keystrokes in one browser, emitted with `suffix`. */
async function keystrokeFigures(browser: Browser, suffix: string, frames: string, randomPhase: boolean) {
  const times = { ours: await keystrokeMs(browser, 'ours', randomPhase), rjsf: await keystrokeMs(browser, 'rjsf', randomPhase), plain: await keystrokeMs(browser, 'plain', randomPhase) };
  const common = { keystrokes: KEYSTROKES, field: TYPED_FIELD, frames };
  const ours = median(times.ours);
  const rjsf = median(times.rjsf);
  const ratio = Math.round((rjsf / ours) * 10) / 10;
  emit(`keystroke_ms_p50_ours${suffix}`, ours, 'ms', { ...common, ratio_vs_rjsf: ratio, ...(suffix ? {} : { target: 16, target_ratio_vs_rjsf: 5 }) });
  emit(`keystroke_ms_p95_ours${suffix}`, p95(times.ours), 'ms', { ...common, ratio_vs_rjsf: Math.round((p95(times.rjsf) / p95(times.ours)) * 10) / 10 });
  emit(`keystroke_ms_p50_rjsf${suffix}`, rjsf, 'ms', common);
  emit(`keystroke_ms_p95_rjsf${suffix}`, p95(times.rjsf), 'ms', common);
  emit(`keystroke_ms_p50_plain_inputs${suffix}`, median(times.plain), 'ms', common);
  emit(`keystroke_ms_p95_plain_inputs${suffix}`, p95(times.plain), 'ms', common);
}

const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
const FRAME_MS = 1000 / 60;
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const launch = (extra: string[] = []) => chromium.launch({ ...(executablePath ? { executablePath } : {}), args: [...ARGS, ...extra] });

/** The pages built and served, then driven in Chromium: first render and keystrokes. */
async function browserFigures() {
  await mkdir(outDir, { recursive: true });
  for (const [name, entry] of Object.entries(PAGES)) {
    await build({ ...PAGE_BUILD, entryPoints: [join(here, 'forms', entry)], outfile: join(outDir, `${name}.js`) });
    await writeFile(
      join(outDir, `${name}.html`),
      `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>bench ${name}</title></head><body><div id="root"></div><script type="module" src="./${name}.js"></script></body></html>`,
    );
  }

  const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    try {
      const body = await readFile(join(outDir, path));
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let browser = await launch();
  try {
    const render: Record<'ours' | 'rjsf', number[]> = { ours: await firstRenderMs(browser, 'ours'), rjsf: await firstRenderMs(browser, 'rjsf') };
    emit('first_render_ms_ours', median(render.ours), 'ms', { fields: 500, loads: render.ours.map((x) => Math.round(x)) });
    emit('first_render_ms_rjsf', median(render.rjsf), 'ms', { fields: 500, loads: render.rjsf.map((x) => Math.round(x)) });
    await keystrokeFigures(browser, '_60hz', '60 Hz, random key phase', true);
    await browser.close();
    browser = await launch(['--disable-frame-rate-limit']);
    await keystrokeFigures(browser, '', 'unthrottled', false);
  } finally {
    await browser.close();
    server.close();
  }
}

if (process.env.BENCH_BROWSER !== '0') await browserFigures();
if (failures) {
  console.error(`bench:forms: ${failures} check(s) failed (see work_checked lines above)`);
  process.exit(1);
}
