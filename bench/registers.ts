/**
 * npm run bench:registers — figures for the registers issue, one JSON line each, every line with
 * the scale it was measured at (`scale`, `entries`, `versions`, `auditRows`, `database`):
 *   asof_read_ms_p95            as-of read of one page of the register (1k or 10k entries, 10 versions each)
 *   register_diff_ms            plain-language diff of the whole register between two dates
 *   history_export_rows_per_s   JSONL bundle export of the audit log (streamed, consumed)
 *   history_export_peak_rss_mb  peak RSS of this process during that export
 * BENCH_SCALE=small (default: 1k entries, 50k audit rows) | full (10k entries × 10 versions, 1M rows).
 * Runs on DATABASE_URL's server (in a fresh database it creates and drops) or in-memory PGlite.
 * The work is checked: every as-of page counts all entries, the diff names every entry (each
 * changed between the two dates), the export streams every audit row; otherwise exit 1
 * (BENCH_INJECT_FAULT=diff drops an entry's versions before the diff, to prove it).
 */
import { execFileSync } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { createTestDatabase } from '../server/testing/db';
import { seedDemo } from '../server/seed';
import { listEntries } from '../server/registers/service';
import { diffRegisterDates } from '../server/registers/diff';
import { auditJsonlStream } from '../server/audit/export';

const full = process.env.BENCH_SCALE === 'full';
const ENTRIES = full ? 10_000 : 1_000;
const VERSIONS = 10;
const AUDIT_ROWS = full ? 1_000_000 : 50_000;
const SCALE = { scale: full ? 'full' : 'small', entries: ENTRIES, versions: ENTRIES * VERSIONS, auditRows: AUDIT_ROWS };
let failures = 0;

function emit(name: string, value: number, unit: string, extra: Record<string, unknown> = {}) {
  console.log(JSON.stringify({ name, value: Math.round(value * 100) / 100, unit, ...extra, ...SCALE }));
}

function check(what: string, ok: boolean, detail: Record<string, unknown>) {
  console.log(JSON.stringify({ name: 'work_checked', what, ok, ...detail, ...SCALE }));
  if (!ok) failures++;
}

function p95(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]!;
}

const t = await createTestDatabase();
const db = t.db;
try {
  await seedDemo(db);
  const started = Date.now();
  // 10 versions per entry, each valid for 180 days from 2015-01-01; the last one still in force.
  await db.execute(sql`insert into entry (kind_code, code) select 'sanction-measure', 'SM-' || lpad(i::text, 6, '0') from generate_series(1, ${ENTRIES}) i`);
  await db.execute(sql`
    insert into entry_version (entry_id, kind_code, version, status, content, valid_from, valid_to, published_at)
    select e.id, 'sanction-measure', v,
      case when v = ${VERSIONS} then 'published' else 'superseded' end,
      jsonb_build_object('text', '措施 ' || e.code || ' 第' || v || '版', 'type', (array['行政性','市场性','行业性','社会性'])[1 + (v % 4)],
        'targetSubjects', jsonb_build_array('法人及非法人组织'), 'departments', jsonb_build_array('CZJ'), 'repairable', (v % 2 = 0), 'duration', v || '年',
        'legalBasis', jsonb_build_array(jsonb_build_object('name', '某法律', 'article', '第' || v || '条'))),
      date '2015-01-01' + (v - 1) * 180,
      case when v = ${VERSIONS} then null else date '2015-01-01' + v * 180 end,
      now()
    from entry e cross join generate_series(1, ${VERSIONS}) v where e.kind_code = 'sanction-measure'`);
  await db.execute(sql`
    insert into audit_log (seq, at, actor_id, actor_name, role, department, action, object_type, object_id, before, after, reason, prev_hash, hash)
    select 1000000 + i, now() - (i || ' seconds')::interval, null, 'editor', 'editor', 'XYB', 'entry.save_draft', 'register-entry', 'sanction-measure/SM-' || lpad((i % ${ENTRIES})::text, 6, '0'),
      jsonb_build_object('version', 1, 'content', jsonb_build_object('text', '旧内容', 'duration', '1年')),
      jsonb_build_object('version', 1, 'content', jsonb_build_object('text', '新内容', 'duration', '2年')),
      null, md5(i::text) || md5((i + 1)::text), md5((i + 1)::text) || md5(i::text)
    from generate_series(1, ${AUDIT_ROWS}) i`);
  await db.execute(sql`analyze`);
  emit('setup_s', (Date.now() - started) / 1000, 's', { database: t.kind });

  // as-of reads: a page of 50 at random dates across the ten validity windows
  const times: number[] = [];
  for (let i = 0; i < 60; i++) {
    const day = new Date(Date.UTC(2015, 0, 1) + Math.floor(Math.random() * 1800) * 86_400_000).toISOString().slice(0, 10);
    const t0 = performance.now();
    const res = await listEntries(db, { kindCode: 'sanction-measure', asOf: day, page: 1 + Math.floor(Math.random() * 10), pageSize: 50, drafts: true });
    times.push(performance.now() - t0);
    if (res.total !== ENTRIES) throw new Error(`as-of ${day} returned ${res.total} entries, expected ${ENTRIES}`);
  }
  emit('asof_read_ms_p95', p95(times.slice(10)), 'ms', { target: 200, database: t.kind });

  if (process.env.BENCH_INJECT_FAULT === 'diff') await db.execute(sql`delete from entry_version where entry_id = (select id from entry where code = 'SM-000001' and kind_code = 'sanction-measure')`);
  const d0 = performance.now();
  const diff = await diffRegisterDates(db, 'sanction-measure', '2015-03-01', '2019-06-01');
  emit('register_diff_ms', performance.now() - d0, 'ms', { changedEntries: diff.length, database: t.kind });
  check('register diff names every entry', diff.length === ENTRIES, { changedEntries: diff.length, expected: ENTRIES });

  if (t.kind === 'postgres' && t.url) {
    // A process of its own, so the peak RSS is the export's, not the data generator's.
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/registers-export.ts'], { env: { ...process.env, EXPORT_DATABASE_URL: t.url, EXPORT_BENCH_SCALE: JSON.stringify({ ...SCALE, database: t.kind }) }, encoding: 'utf8' });
    process.stdout.write(out);
    const exported = JSON.parse(out.split('\n').find((l) => l.includes('history_export_rows_per_s')) ?? '{}') as { rows?: number };
    check('history export streams every audit row', (exported.rows ?? 0) >= AUDIT_ROWS, { rows: exported.rows ?? 0, atLeast: AUDIT_ROWS });
  } else {
    // PGlite lives in this process: measure here (its WASM heap is part of the figure).
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    const e0 = performance.now();
    const reader = auditJsonlStream(db, {}, { exportedAt: new Date().toISOString(), chainEndSeq: Number.MAX_SAFE_INTEGER, chainEndHash: '', filter: {} }).getReader();
    let bytes = 0;
    let rows = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      for (const b of value) if (b === 10) rows++;
    }
    const secs = (performance.now() - e0) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    emit('history_export_rows_per_s', rows / secs, 'rows/s', { rows, mb: Math.round(bytes / 1e6), target: 50_000, database: t.kind });
    emit('history_export_peak_rss_mb', peak / 1e6, 'MB', { target: 300, process: 'shared with PGlite', database: t.kind });
    check('history export streams every audit row', rows >= AUDIT_ROWS, { rows, atLeast: AUDIT_ROWS });
  }
} finally {
  await t.close();
}
if (failures) {
  console.error(`bench:registers: ${failures} check(s) failed (see work_checked lines above)`);
  process.exit(1);
}
