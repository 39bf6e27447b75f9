/**
 * npm run bench:registers — figures for the registers issue, one JSON line each, every line with
 * the scale it was measured at (`scale`, `entries`, `versions`, `auditRows`, `database`):
 *   asof_read_ms_p95            as-of read of one page of the register (1k or 10k entries, 10 versions each)
 *   register_diff_ms            plain-language diff of the whole register between two dates
 *   history_export_rows_per_s   JSONL bundle export of the audit log (streamed, consumed)
 *   history_export_peak_rss_mb  peak RSS of this process during that export
 * BENCH_SCALE=small (default: 1k entries, 50k audit rows) | full (10k entries × 10 versions, 1M rows)
 * | tiny (50 entries, 1k audit rows: for the test that the checks below fail on spoiled work).
 * Runs on DATABASE_URL's server (in a fresh database it creates and drops) or in-memory PGlite.
 * The work is checked (`work_checked` lines), otherwise the benchmark exits 1: every as-of page
 * counts all entries and shows each entry's version in force on the day (the bench knows which),
 * the diff names every entry (each changed between the two dates), the export streams every
 * audit row. BENCH_INJECT_FAULT proves each check: asof (every version's validity moved 90 days
 * later, so reads show the version before, or none), diff (an entry's versions dropped before the
 * diff), export (the export's snapshot ends one row short).
 */
import { execFileSync } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { createTestDatabase } from '../server/testing/db';
import { seedDemo } from '../server/seed';
import { listEntries } from '../server/registers/service';
import { diffRegisterDates } from '../server/registers/diff';
import { auditJsonlStream } from '../server/audit/export';
import { chainPending } from '../server/audit/chain';
import { rowsOf } from '../server/db';
import { readAuditBundle } from './audit-bundle';
import { scaleOf } from './scale';

const SCALES = { tiny: [50, 1_000], small: [1_000, 50_000], full: [10_000, 1_000_000] } as const;
const scale = scaleOf(SCALES, 'small');
const [ENTRIES, AUDIT_ROWS] = SCALES[scale];
const VERSIONS = 10;
/** Each version is in force for this many days from 2015-01-01, one after the other. */
const WINDOW_DAYS = 180;
/** The generated audit rows take seq FIRST_SEQ + 1 … FIRST_SEQ + AUDIT_ROWS, above the demo data's. */
const FIRST_SEQ = 1_000_000;
const FAULT = process.env.BENCH_INJECT_FAULT;
const SCALE = { scale, entries: ENTRIES, versions: ENTRIES * VERSIONS, auditRows: AUDIT_ROWS };
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
  // 10 versions per entry, each valid for WINDOW_DAYS days from 2015-01-01; the last one still in force.
  // (Only the bench's entries: outside Vitest, seedDemo adds the office's demo measures, in force from 2020.)
  await db.execute(sql`
    with e as (insert into entry (kind_code, code) select 'sanction-measure', 'SM-' || lpad(i::text, 6, '0') from generate_series(1, ${ENTRIES}) i returning id, code)
    insert into entry_version (entry_id, kind_code, version, status, content, valid_from, valid_to, published_at)
    select e.id, 'sanction-measure', v,
      case when v = ${VERSIONS} then 'published' else 'superseded' end,
      jsonb_build_object('text', '措施 ' || e.code || ' 第' || v || '版', 'type', (array['行政性','市场性','行业性','社会性'])[1 + (v % 4)],
        'targetSubjects', jsonb_build_array('法人及非法人组织'), 'departments', jsonb_build_array('CZJ'), 'repairable', (v % 2 = 0), 'duration', v || '年',
        'legalBasis', jsonb_build_array(jsonb_build_object('name', '某法律', 'article', '第' || v || '条'))),
      date '2015-01-01' + (v - 1) * ${WINDOW_DAYS},
      case when v = ${VERSIONS} then null else date '2015-01-01' + v * ${WINDOW_DAYS} end,
      now()
    from e cross join generate_series(1, ${VERSIONS}) v`);
  await db.execute(sql`
    insert into audit_log (seq, at, actor_id, actor_name, role, department, action, object_type, object_id, before, after, reason, prev_hash, hash)
    select ${FIRST_SEQ} + i, now() - (i || ' seconds')::interval, null, 'editor', 'editor', 'XYB', 'entry.save_draft', 'register-entry', 'sanction-measure/SM-' || lpad((i % ${ENTRIES})::text, 6, '0'),
      jsonb_build_object('version', 1, 'content', jsonb_build_object('text', '旧内容', 'duration', '1年')),
      jsonb_build_object('version', 1, 'content', jsonb_build_object('text', '新内容', 'duration', '2年')),
      null, md5(i::text) || md5((i + 1)::text), md5((i + 1)::text) || md5(i::text)
    from generate_series(1, ${AUDIT_ROWS}) i`);
  await db.execute(sql`analyze`);
  emit('setup_s', (Date.now() - started) / 1000, 's', { database: t.kind });

  if (FAULT === 'asof') await db.execute(sql`update entry_version set valid_from = valid_from + 90, valid_to = valid_to + 90 where kind_code = 'sanction-measure'`);
  // as-of reads: a page of 50 on days spread across the ten validity windows (a fixed sequence,
  // so every run reads the same pages); each entry shown must be the version in force that day.
  const PAGE_SIZE = 50;
  const pages = Math.min(10, Math.ceil(ENTRIES / PAGE_SIZE));
  const times: number[] = [];
  const wrong = { totals: 0, pageSizes: 0, versions: 0 };
  let example: Record<string, unknown> | null = null;
  for (let i = 0; i < 60; i++) {
    const offset = (i * 619) % (VERSIONS * WINDOW_DAYS);
    const day = new Date(Date.UTC(2015, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
    const page = 1 + (i % pages);
    const t0 = performance.now();
    const res = await listEntries(db, { kindCode: 'sanction-measure', asOf: day, page, pageSize: PAGE_SIZE, drafts: true });
    times.push(performance.now() - t0);
    const version = Math.floor(offset / WINDOW_DAYS) + 1;
    if (res.total !== ENTRIES) wrong.totals++;
    if (res.rows.length !== Math.min(PAGE_SIZE, ENTRIES - (page - 1) * PAGE_SIZE)) wrong.pageSizes++;
    for (const r of res.rows) {
      if (r.version === version && (r.content as { text?: string }).text === `措施 ${r.code} 第${version}版`) continue;
      wrong.versions++;
      example ??= { day, code: r.code, shown: r.version, expected: version };
    }
  }
  emit('asof_read_ms_p95', p95(times.slice(10)), 'ms', { target: 200, reads: times.length - 10, database: t.kind });
  check('as-of reads show every entry in the version in force on the day', wrong.totals + wrong.pageSizes + wrong.versions === 0, {
    reads: times.length,
    wrong_totals: wrong.totals,
    wrong_page_sizes: wrong.pageSizes,
    wrong_versions: wrong.versions,
    ...(example ? { example } : {}),
  });

  if (FAULT === 'diff') await db.execute(sql`delete from entry_version where entry_id = (select id from entry where code = 'SM-000001' and kind_code = 'sanction-measure')`);
  const d0 = performance.now();
  const diff = await diffRegisterDates(db, 'sanction-measure', '2015-03-01', '2019-06-01');
  emit('register_diff_ms', performance.now() - d0, 'ms', { changedEntries: diff.length, database: t.kind });
  check('register diff names every entry', diff.length === ENTRIES, { changedEntries: diff.length, expected: ENTRIES });

  // Every audit row chained (the export streams the sealed chain), then nothing more is written:
  // the export must stream exactly the rows stored. BENCH_INJECT_FAULT=export: its snapshot ends
  // one row before the last generated row.
  await chainPending(db, { wait: true });
  const stored = Number(rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from audit_log where seq is not null`))[0]?.n ?? 0);
  const chainEndSeq = FAULT === 'export' ? FIRST_SEQ + AUDIT_ROWS - 1 : Number.MAX_SAFE_INTEGER;
  let exportedRows: number;
  if (t.kind === 'postgres' && t.url) {
    // A process of its own, so the peak RSS is the export's, not the data generator's.
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/registers-export.ts'], {
      env: { ...process.env, EXPORT_DATABASE_URL: t.url, EXPORT_CHAIN_END_SEQ: String(chainEndSeq), EXPORT_BENCH_SCALE: JSON.stringify({ ...SCALE, database: t.kind }) },
      encoding: 'utf8',
    });
    process.stdout.write(out);
    exportedRows = (JSON.parse(out.split('\n').find((l) => l.includes('history_export_rows_per_s')) ?? '{}') as { rows?: number }).rows ?? 0;
  } else {
    // PGlite lives in this process: measure here (its WASM heap is part of the figure).
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    const e0 = performance.now();
    const { rows, bytes } = await readAuditBundle(auditJsonlStream(db, {}, { exportedAt: new Date().toISOString(), chainEndSeq, chainEndHash: '', filter: {} }));
    const secs = (performance.now() - e0) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    emit('history_export_rows_per_s', rows / secs, 'rows/s', { rows, mb: Math.round(bytes / 1e6), target: 50_000, database: t.kind });
    emit('history_export_peak_rss_mb', peak / 1e6, 'MB', { target: 300, process: 'shared with PGlite', database: t.kind });
    exportedRows = rows;
  }
  check('history export streams every audit row', exportedRows === stored, { rows: exportedRows, stored });
} finally {
  await t.close();
}
if (failures) {
  console.error(`bench:registers: ${failures} check(s) failed (see work_checked lines above)`);
  process.exit(1);
}
