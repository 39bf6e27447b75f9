/**
 * The history-export half of bench:registers, in a process of its own so its peak RSS is the
 * export's and not the data generator's. Reads EXPORT_DATABASE_URL and EXPORT_CHAIN_END_SEQ (the
 * snapshot's end), prints two JSON lines; `rows` counts the bundle's row lines.
 */
import { openDatabase } from '../server/db';
import { auditJsonlStream } from '../server/audit/export';
import { readAuditBundle } from './audit-bundle';

const url = process.env.EXPORT_DATABASE_URL;
/** The scale bench:registers generated, printed with each figure. */
const scale = JSON.parse(process.env.EXPORT_BENCH_SCALE ?? '{}') as Record<string, unknown>;
if (!url) throw new Error('EXPORT_DATABASE_URL is required');
const open = await openDatabase({ kind: 'postgres', url, max: 2 });
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const t0 = performance.now();
/** bench:registers' snapshot end (BENCH_INJECT_FAULT=export sets it one row short). */
const chainEndSeq = Number(process.env.EXPORT_CHAIN_END_SEQ) || Number.MAX_SAFE_INTEGER;
const { rows, bytes } = await readAuditBundle(auditJsonlStream(open.db, {}, { exportedAt: new Date().toISOString(), chainEndSeq, chainEndHash: '', filter: {} }));
const secs = (performance.now() - t0) / 1000;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
console.log(JSON.stringify({ name: 'history_export_rows_per_s', value: Math.round(rows / secs), unit: 'rows/s', rows, mb: Math.round(bytes / 1e6), target: 50_000, ...scale }));
console.log(JSON.stringify({ name: 'history_export_peak_rss_mb', value: Math.round(peak / 1e6), unit: 'MB', target: 300, process: 'dedicated', ...scale }));
await open.close();
