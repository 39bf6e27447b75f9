/**
 * npm run bench:load — record submissions under load against the production server, on PostgreSQL.
 *
 * It creates a fresh database on DATABASE_URL's server (dropped at the end), seeds it (demo data and
 * BENCH_FILLERS filler accounts of 市市场监管局), starts the production build itself (`next start`;
 * it runs `next build` first when there is none), signs the fillers in through /api/auth, and drives
 * `record.submit` over HTTP (tRPC) with fixed concurrency — every client submits a valid 行政处罚
 * (XZCF) record for a subject of its own, waits for the answer, and submits the next — for
 * BENCH_LOAD_SECONDS per step. Then a second instance is started and the 50-client step runs again
 * with the clients split between the two (no proxy: sessions live in the database, any instance
 * serves any client). Faults, in the same run:
 *   - terminate: mid-run, every database connection of the app is terminated (pg_terminate_backend,
 *     what a failover does); the app must recover by itself within FAULT_RECOVERY_LIMIT_MS;
 *   - kill -9 mid-import: an all-or-nothing import of BENCH_IMPORT_ROWS rows is sent to one instance,
 *     which is killed with SIGKILL while it writes; no row of that import may exist afterwards.
 * Finally, in SQL: every acknowledged submission exists (as submitted, with its id), no unacknowledged
 * one left anything behind (not even a draft), and the audit chain verifies.
 *
 * One JSON line per figure ({"name","value","unit"}): submit_rps_c<N>, submit_p99_ms_c<N>,
 * submit_p50_ms_c<N>, submit_errors_c<N>, submit_cpu_ms_c<N> (server CPU per acknowledged submission; PostgreSQL's and the load generator's share beside it) for N in BENCH_LOAD_STEPS (default 1,10,50,200),
 * submit_rps_c50_2inst (+ p99, errors), fault_terminate_errors, fault_terminate_recovery_ms,
 * fault_kill_import_rows_left, lost_writes (acknowledged but missing + present but unacknowledged),
 * audit_chain_ok (1/0). Exits non-zero when a check fails.
 *
 * Environment: DATABASE_URL (a PostgreSQL server the bench may create databases on; required),
 * BENCH_LOAD_SECONDS (default 20), BENCH_LOAD_STEPS (default 1,10,50,200), BENCH_FILLERS (default 20
 * sessions, shared round-robin by the clients), BENCH_PORT (default 3300; the second instance uses
 * the next port), BENCH_FAULTS=0 skips the faults, BENCH_2INST=0 the second instance,
 * BENCH_IMPORT_ROWS (default 50000), BENCH_APP_DIR (a different checkout's production build, for
 * before/after comparisons), BENCH_CPU_PROF=<dir> (start the servers under `--cpu-prof`, profiles
 * written to <dir> when they stop), BENCH_KEEP_DB=1 keeps the database.
 */
import { cpuPer, cpuSplit, ensureBuild, sleep, startInstance as startAppInstance, stopInstance, waitHealthy, type Instance } from './instance';
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { migrateDatabase, openDatabase, rowsOf, type OpenDatabase } from '../server/db';
import { ensureUser, seedDemo } from '../server/seed';
import { verifyChain } from '../server/audit/verify';
import { usccCheckChar, orgCodeCheckChar } from '../forms/formats/uscc';

const SERVER_URL = process.env.DATABASE_URL;
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS) || 20;
const STEPS = (process.env.BENCH_LOAD_STEPS ?? '1,10,50,200').split(',').map(Number).filter((n) => n > 0);
const FILLERS = Number(process.env.BENCH_FILLERS) || 20;
const PORT = Number(process.env.BENCH_PORT) || 3300;
const FAULTS = process.env.BENCH_FAULTS !== '0';
const TWO = process.env.BENCH_2INST !== '0';
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS) || 50_000;
const APP_DIR = path.resolve(process.env.BENCH_APP_DIR || process.cwd());
const CPU_PROF = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : null;
const FAULT_RECOVERY_LIMIT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 60_000;
const PASSWORD = 'Filler@2026';
const MARK = 'LOAD';

const failures: string[] = [];
function emit(name: string, value: number, unit: string, extra: Record<string, unknown> = {}) {
  console.log(JSON.stringify({ name, value: Math.round(value * 100) / 100, unit, ...extra }));
}
function check(ok: boolean, what: string) {
  if (!ok) failures.push(what);
}
const pct = (xs: number[], p: number) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))]!;
};

// ---------- subjects: a distinct, valid unified social credit code per submission ----------

let serial = 0;
const RUN = randomBytes(2).toString('hex').toUpperCase();
function nextSubject(): { code: string; name: string } {
  const n = serial++;
  const org8 = String(n).padStart(8, '0');
  const first17 = `91440300${org8}${orgCodeCheckChar(org8)}`;
  return { code: first17 + usccCheckChar(first17), name: `${MARK}-${RUN}-${n}` };
}

// ---------- servers ----------

/** The production server under test: demo mode (the demo office's data and accounts), a sign-in limit clients never reach. */
function startInstance(dbUrl: string, port: number): Instance {
  // --cpu-prof is refused in NODE_OPTIONS by Node 20: pass it on the command line (next start serves in this process).
  const nodeArgs = CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`] : [];
  return startAppInstance({ appDir: APP_DIR, dbUrl, port, label: 'bench:load', nodeArgs, env: { DEMO_MODE: '1', AUTH_SIGNIN_PER_MINUTE: '100000' } });
}

// ---------- clients ----------

interface Session {
  cookie: string;
}

async function signIn(base: string, username: string): Promise<Session> {
  const res = await fetch(`${base}/api/auth/sign-in/username`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const session = cookies.find((c) => c.includes('session_token='));
  if (res.status !== 200 || !session) throw new Error(`sign-in of ${username} failed: ${res.status} ${await res.text()}`);
  return { cookie: session };
}

async function catalogVersion(base: string, s: Session): Promise<number> {
  const input = encodeURIComponent(JSON.stringify({ json: { code: 'XZCF' } }));
  const res = await fetch(`${base}/api/trpc/record.form?input=${input}`, { headers: { cookie: s.cookie } });
  const body = (await res.json()) as { result?: { data: { json: { version: number } } } };
  if (!body.result) throw new Error(`record.form failed: ${res.status} ${JSON.stringify(body)}`);
  return body.result.data.json.version;
}

interface Ledger {
  acknowledged: Map<string, string>; // subject code → record id
  unacknowledged: Set<string>;
}

function recordInput(version: number, subject: { code: string; name: string }) {
  return {
    catalogCode: 'XZCF',
    catalogVersion: version,
    subjectType: '法人及非法人组织',
    subjectCode: subject.code,
    subjectName: subject.name,
    data: { CF_XDR_MC: subject.name, CF_XDR_LB: '法人及非法人组织', CF_WSH: `汴市监罚〔2024〕${subject.code.slice(8, 16)}号`, CF_CFLB: '罚款', CF_JDRQ: '2024-09-27', CF_NR_FK: 1.5 },
  };
}

interface StepResult {
  ok: number;
  errors: number;
  latencies: number[];
  seconds: number;
  okTimes: number[];
  errorTimes: number[];
  errorKinds: Record<string, number>;
  /** CPU seconds the instances used during the step. */
  cpu: ReturnType<typeof cpuPer>;
}

/** `clients` loops submitting for `seconds`; client k talks to instance k mod N with session k mod S. */
async function drive(instances: Instance[], sessions: Session[], version: number, clients: number, seconds: number, ledger: Ledger, during?: (t0: number) => Promise<void>): Promise<StepResult> {
  const r: StepResult = { ok: 0, errors: 0, latencies: [], seconds, okTimes: [], errorTimes: [], errorKinds: {}, cpu: null };
  const cpu0 = cpuSplit(instances);
  const t0 = performance.now();
  const until = t0 + seconds * 1000;
  async function client(k: number) {
    const base = instances[k % instances.length]!.url;
    const session = sessions[k % sessions.length]!;
    while (performance.now() < until) {
      const subject = nextSubject();
      const started = performance.now();
      let kind: string | null = null;
      try {
        const res = await fetch(`${base}/api/trpc/record.submit`, {
          method: 'POST',
          // A browser's request: same-origin mutations carry Origin (the server refuses foreign ones).
          headers: { 'content-type': 'application/json', cookie: session.cookie, origin: base },
          body: JSON.stringify({ json: recordInput(version, subject) }),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        const body = (await res.json().catch(() => null)) as { result?: { data?: { json?: { id: string; status: string } } }; error?: { json?: { data?: { code?: string } } } } | null;
        const row = body?.result?.data?.json;
        if (res.status === 200 && row?.id && row.status === 'submitted') ledger.acknowledged.set(subject.code, row.id);
        else kind = `${res.status} ${body?.error?.json?.data?.code ?? ''}`.trim();
      } catch (e) {
        kind = (e as Error).name === 'TimeoutError' ? 'timeout' : 'network';
      }
      const ended = performance.now();
      if (kind) {
        ledger.unacknowledged.add(subject.code);
        r.errors++;
        r.errorTimes.push(ended - t0);
        r.errorKinds[kind] = (r.errorKinds[kind] ?? 0) + 1;
        await sleep(50); // a failing client backs off a little, like a person clicking again
      } else {
        r.ok++;
        r.latencies.push(ended - started);
        r.okTimes.push(ended - t0);
      }
    }
  }
  await Promise.all([...Array.from({ length: clients }, (_, k) => client(k)), during?.(t0)]);
  r.seconds = (performance.now() - t0) / 1000;
  r.cpu = cpuPer(cpu0, cpuSplit(instances), r.ok);
  return r;
}

function report(suffix: string, r: StepResult, extra: Record<string, unknown> = {}) {
  emit(`submit_rps_${suffix}`, r.ok / r.seconds, 'requests/s', { ok: r.ok, seconds: Math.round(r.seconds), ...extra });
  emit(`submit_p50_ms_${suffix}`, pct(r.latencies, 0.5), 'ms', extra);
  emit(`submit_p99_ms_${suffix}`, pct(r.latencies, 0.99), 'ms', extra);
  emit(`submit_errors_${suffix}`, r.errors, 'requests', { ...extra, ...(r.errors ? { kinds: r.errorKinds } : {}) });
  // The server's CPU per acknowledged submission (less sensitive to a busy machine than requests/s).
  // With the database's and the load generator's share, and the requests/s the cores allow at that cost.
  if (r.cpu) emit(`submit_cpu_ms_${suffix}`, r.cpu.server, 'ms', { ...extra, database: r.cpu.database, client: r.cpu.client, total: r.cpu.total, ceiling_rps: r.cpu.total > 0 ? Math.round((availableParallelism() * 1000) / r.cpu.total) : null });
}

// ---------- database ----------

async function createDatabase(): Promise<{ url: string; name: string; admin: OpenDatabase }> {
  const name = `bench_load_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = await openDatabase({ kind: 'postgres', url: SERVER_URL!, max: 2 });
  await admin.db.execute(sql.raw(`create database ${name}`));
  const url = new URL(SERVER_URL!);
  url.pathname = `/${name}`;
  return { url: url.toString(), name, admin };
}

async function terminateAppConnections(admin: OpenDatabase, dbName: string): Promise<number> {
  const rows = rowsOf<{ pid: number }>(
    await admin.db.execute(sql`select pg_terminate_backend(pid), pid from pg_stat_activity where datname = ${dbName} and pid <> pg_backend_pid() and application_name <> 'bench-load'`),
  );
  return rows.length;
}

// ---------- the kill -9 import fault ----------

function importCsv(rows: number): Uint8Array {
  // The import finds columns by the field key (the template's headers are "<label> (<key>)").
  const keys = ['subjectType', 'subjectCode', 'subjectName', 'CF_XDR_MC', 'CF_XDR_LB', 'CF_WSH', 'CF_CFLB', 'CF_JDRQ', 'CF_NR_FK', 'CF_CFJG'];
  const lines = [keys.join(',')];
  for (let i = 0; i < rows; i++) {
    const s = nextSubject();
    const name = s.name.replace(MARK, 'KILL');
    lines.push(`法人及非法人组织,${s.code},${name},${name},法人及非法人组织,汴市监罚〔2024〕${i}号,罚款,2024-09-${String((i % 28) + 1).padStart(2, '0')},${(i % 1000) / 10},某市市场监督管理局`);
  }
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

async function killMidImport(target: Instance, session: Session): Promise<{ killedAt: string; progress: number }> {
  const bytes = importCsv(IMPORT_ROWS);
  const form = new FormData();
  form.set('file', new Blob([bytes as BlobPart], { type: 'text/csv' }), 'kill.csv');
  form.set('item', 'XZCF');
  form.set('mode', 'commit-all');
  const res = await fetch(`${target.url}/api/records/import`, { method: 'POST', headers: { cookie: session.cookie, origin: target.url }, body: form });
  if (res.status !== 200 || !res.body) throw new Error(`import refused: ${res.status} ${await res.text()}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return { killedAt: 'finished before the kill', progress: 1 };
    buf += decoder.decode(value, { stream: true });
    const lines = buf.split('\n');
    buf = lines.pop()!;
    for (const line of lines) {
      const m = JSON.parse(line) as { type: string; phase?: string; done?: number; total?: number };
      if (m.type === 'progress' && m.phase === 'write' && (m.done ?? 0) > 0 && (m.done ?? 0) < (m.total ?? 0)) {
        target.proc.kill('SIGKILL');
        await target.exited;
        reader.cancel().catch(() => {});
        return { killedAt: `write ${m.done}/${m.total}`, progress: (m.done ?? 0) / (m.total ?? 1) };
      }
    }
  }
}

// ---------- main ----------

async function main() {
  if (!SERVER_URL) {
    console.error('bench:load needs DATABASE_URL (a PostgreSQL server it may create a database on)');
    process.exit(2);
  }
  ensureBuild(APP_DIR, 'bench:load');
  if (CPU_PROF) mkdirSync(CPU_PROF, { recursive: true });
  const { url, name, admin } = await createDatabase();
  const checkUrl = new URL(url);
  checkUrl.searchParams.set('application_name', 'bench-load');
  const instances: Instance[] = [];
  let db: OpenDatabase | null = null;
  try {
    db = await openDatabase({ kind: 'postgres', url: checkUrl.toString(), max: 2 });
    await migrateDatabase(db);
    await seedDemo(db.db);
    const usernames = Array.from({ length: FILLERS }, (_, i) => `loadfiller${i + 1}`);
    for (const u of usernames) await ensureUser(db.db, { username: u, name: `压测填报员${u.slice(10)}`, password: PASSWORD, departmentCode: 'SCJG', roles: ['filler'] });

    instances.push(startInstance(url, PORT));
    await waitHealthy(instances[0]!);
    const sessions: Session[] = [];
    for (const u of usernames) sessions.push(await signIn(instances[0]!.url, u));
    const version = await catalogVersion(instances[0]!.url, sessions[0]!);
    const ledger: Ledger = { acknowledged: new Map(), unacknowledged: new Set() };

    // warm-up: compile paths, fill caches and the pool (not reported)
    await drive(instances, sessions, version, 10, Math.min(5, SECONDS), ledger);

    const one: Record<number, StepResult> = {};
    for (const c of STEPS) {
      one[c] = await drive(instances, sessions, version, c, SECONDS, ledger);
      report(`c${c}`, one[c], { clients: c, instances: 1 });
    }

    if (TWO) {
      instances.push(startInstance(url, PORT + 1));
      await waitHealthy(instances[1]!);
      await drive(instances, sessions, version, 10, Math.min(5, SECONDS), ledger);
      const two = await drive(instances, sessions, version, 50, SECONDS, ledger);
      report('c50_2inst', two, { clients: 50, instances: 2 });
      if (one[50]) emit('submit_rps_c50_2inst_ratio', two.ok / two.seconds / (one[50].ok / one[50].seconds), 'x');
    }

    if (FAULTS) {
      // Fault 1: every connection of the app is terminated mid-run.
      const faultSeconds = Math.max(SECONDS, 12);
      let faultAt = 0;
      let terminated = 0;
      const r = await drive(instances, sessions, version, 10, faultSeconds, ledger, async (t0) => {
        await sleep((faultSeconds * 1000) / 3);
        faultAt = performance.now() - t0;
        terminated = await terminateAppConnections(admin, name);
      });
      const lastError = Math.max(faultAt, ...r.errorTimes.filter((x) => x >= faultAt));
      const recovered = r.okTimes.some((x) => x > lastError);
      emit('fault_terminate_connections', terminated, 'connections');
      emit('fault_terminate_errors', r.errors, 'requests', r.errors ? { kinds: r.errorKinds } : {});
      emit('fault_terminate_recovery_ms', lastError - faultAt, 'ms', { recovered });
      check(recovered && lastError - faultAt <= FAULT_RECOVERY_LIMIT_MS, `after pg_terminate_backend the app did not recover within ${FAULT_RECOVERY_LIMIT_MS} ms`);
      for (const i of instances) {
        const h = await fetch(`${i.url}/api/health`).catch(() => null);
        check(h?.status === 200, `instance :${i.port} health is ${h?.status} after the connection fault`);
      }

      // Fault 2: kill -9 the instance serving an all-or-nothing import while it writes.
      const victim = instances[instances.length - 1]!;
      const killed = await killMidImport(victim, sessions[0]!);
      const [left] = rowsOf<{ n: number }>(await db.db.execute(sql`select count(*)::int as n from record where subject_name like ${'KILL-' + RUN + '-%'}`));
      emit('fault_kill_import_rows_left', left?.n ?? -1, 'rows', { rows: IMPORT_ROWS, killedAt: killed.killedAt });
      check(killed.progress < 1, 'the import finished before the instance could be killed (raise BENCH_IMPORT_ROWS)');
      check((left?.n ?? -1) === 0, `kill -9 mid-import left ${left?.n} rows of an all-or-nothing import`);
      instances.pop();
    }

    // The ledger against the database.
    const rows = rowsOf<{ id: string; subject_code: string; status: string }>(await db.db.execute(sql`select id, subject_code, status from record where subject_name like ${MARK + '-' + RUN + '-%'}`));
    const byCode = new Map(rows.map((r) => [r.subject_code, r]));
    let missing = 0;
    for (const [code, id] of ledger.acknowledged) {
      const row = byCode.get(code);
      if (!row || row.id !== id || row.status !== 'submitted') missing++;
    }
    const unacked = rows.filter((r) => !ledger.acknowledged.has(r.subject_code));
    const unackedSubmitted = unacked.filter((r) => r.status !== 'draft').length;
    emit('lost_writes', missing + unacked.length, 'records', { acknowledged: ledger.acknowledged.size, acknowledgedMissing: missing, unacknowledgedPresent: unacked.length, unacknowledgedSubmitted: unackedSubmitted, unacknowledgedDrafts: unacked.length - unackedSubmitted, failedRequests: ledger.unacknowledged.size });
    check(missing === 0, `${missing} acknowledged submissions are missing`);
    check(unacked.length === 0, `${unacked.length} submissions that were not acknowledged left rows (${unackedSubmitted} submitted, ${unacked.length - unackedSubmitted} drafts)`);

    const chain = await verifyChain(db.db);
    emit('audit_chain_ok', chain.ok ? 1 : 0, 'bool', { rows: chain.rows });
    check(chain.ok, `the audit chain does not verify: ${JSON.stringify(chain)}`);
    for (const c of STEPS) check((one[c]?.ok ?? 0) > 0, `no submission succeeded with ${c} clients`);
  } finally {
    await Promise.all(instances.map(stopInstance));
    await db?.close();
    if (process.env.BENCH_KEEP_DB !== '1') await admin.db.execute(sql.raw(`drop database if exists ${name} with (force)`)).catch(() => {});
    await admin.close();
  }
  if (failures.length) {
    for (const f of failures) console.error(`[bench:load] FAILED: ${f}`);
    process.exit(1);
  }
}

await main();
