/**
 * npm run bench:api — the open API's credit check and the public subject page under load, against
 * the production server on PostgreSQL (issue 17).
 *
 * It creates a fresh database on DATABASE_URL's server (BENCH_DB_PREFIX, default bench_api; dropped
 * at the end), seeds demo data plus BENCH_SUBJECTS subjects (a third on the serious-dishonesty
 * list, each with an accepted, public 行政处罚), registers an API client with its key as an admin
 * does, starts the production build itself (`next start`; `next build` first when there is none)
 * and drives, with 50 concurrent clients for BENCH_API_SECONDS each:
 *   - POST /api/v1/credit-checks (government procurement) for random subjects, on one instance;
 *   - the same on two instances (clients split between them; no proxy);
 *   - GET /public/subjects/<code> for random subjects, anonymous.
 * Every answer is checked: a credit check must be 200 with `block` for a listed subject and
 * `proceed` for the others; a public page 200 with the subject's name and its penalty. Afterwards,
 * in SQL: one query-log row and one audit row per acknowledged credit check. Any failed or wrong
 * answer, or a count that disagrees, exits 1.
 *
 * JSON lines ({"name","value","unit"}): credit_check_rps_c50, credit_check_p99_ms_c50,
 * credit_check_rps_c50_2inst, credit_check_p99_ms_c50_2inst, public_page_rps_c50,
 * public_page_p99_ms_c50, and *_errors for each; *_cpu_ms_* gives the CPU per answered request
 * split between the servers, PostgreSQL and the load generator (Linux), with the ceiling in
 * requests/s that cost allows on this machine's cores. Public pages are served from the per-instance
 * answer cache (PUBLIC_CACHE_MS, 30 s) after the first visit of a subject, as in production.
 *
 * Environment: DATABASE_URL (required), BENCH_API_SECONDS (default 15), BENCH_SUBJECTS (default
 * 300), BENCH_PORT (default 3400; the second instance uses the next port), BENCH_DB_PREFIX,
 * BENCH_KEEP_DB=1, BENCH_APP_DIR (another checkout's production build, for before/after), BENCH_CPU_PROF=<dir> (servers under `--cpu-prof`; `node scripts/cpu-profile-top.mjs`
 * prints a profile's top frames). BENCH_INJECT_FAULT=wrong-decision removes one listing after the run starts, so
 * the decisions disagree and the bench must fail.
 */
import { cpuPer, cpuSplit, ensureBuild, startInstance as startAppInstance, stopInstance, waitHealthy, type Instance } from './instance';
import { availableParallelism } from 'node:os';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { migrateDatabase, openDatabase, rowsOf, type OpenDatabase } from '../server/db';
import { seedDemo } from '../server/seed';
import { seedDemoMeasures } from '../server/seed/office';
import { creditListMember, department, entry, entryVersion, record, user } from '../server/db/schema';
import { registerClient } from '../server/api/clients';
import { stampMissing } from '../server/disclosure/sweep';
import { usccCheckChar, orgCodeCheckChar } from '../forms/formats/uscc';
import { addDays, todayCN } from '../server/registers/dates';

const SERVER_URL = process.env.DATABASE_URL;
const SECONDS = Number(process.env.BENCH_API_SECONDS) || 15;
const CPU_PROF = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : null;
const SUBJECTS = Number(process.env.BENCH_SUBJECTS) || 300;
const PORT = Number(process.env.BENCH_PORT) || 3400;
const PREFIX = (process.env.BENCH_DB_PREFIX ?? 'bench_api').replace(/[^a-z0-9_]/g, '');
const FAULT = process.env.BENCH_INJECT_FAULT ?? '';
const CLIENTS = 50;
const APP_DIR = path.resolve(process.env.BENCH_APP_DIR || process.cwd());

const failures: string[] = [];
const emit = (name: string, value: number, unit: string, extra: Record<string, unknown> = {}) => console.log(JSON.stringify({ name, value: Math.round(value * 100) / 100, unit, ...extra }));
const pct = (xs: number[], p: number) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))]!;
};

interface Subject {
  code: string;
  name: string;
  listed: boolean;
}

function subjects(): Subject[] {
  return Array.from({ length: SUBJECTS }, (_, n) => {
    const org8 = String(70_000_000 + n).padStart(8, '0');
    const first17 = `91410200${org8}${orgCodeCheckChar(org8)}`;
    return { code: first17 + usccCheckChar(first17), name: `开封压测${n}号商贸有限公司`, listed: n % 3 === 0 };
  });
}

/** The production server under test, with rate limits no benchmark client reaches (the limiter has its own tests). */
function startInstance(dbUrl: string, port: number): Instance {
  // --cpu-prof is refused in NODE_OPTIONS by Node 20: passed on the command line (profiles written when the instance stops).
  const nodeArgs = CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`] : [];
  return startAppInstance({ appDir: APP_DIR, dbUrl, port, label: 'bench:api', nodeArgs, env: { DEMO_MODE: '0', API_CLIENT_PER_MINUTE: '100000000', PUBLIC_PER_MINUTE: '100000000' } });
}

interface Step {
  ok: number;
  errors: number;
  latencies: number[];
  seconds: number;
  cpu: ReturnType<typeof cpuPer>;
}

/**
 * CPU per answered request, split between the app instances, PostgreSQL and this load generator,
 * with the requests/s the machine's cores could give at that cost (`ceiling_rps`): what bounds
 * throughput when all three share the cores, as on the developer machine.
 */
function emitCpu(name: string, step: Step) {
  if (!step.cpu) return;
  const { total, ...parts } = step.cpu;
  emit(name, total, 'ms', { ...parts, ceiling_rps: total > 0 ? Math.round((availableParallelism() * 1000) / total) : null });
}

/** CLIENTS loops, each sending `one(base)` and waiting for it, for `seconds`; instances round-robin by client. */
async function drive(instances: Instance[], seconds: number, one: (base: string) => Promise<string | null>): Promise<Step> {
  const latencies: number[] = [];
  let ok = 0;
  let errors = 0;
  const t0 = performance.now();
  const until = t0 + seconds * 1000;
  const firstErrors = new Set<string>();
  const cpu0 = cpuSplit(instances);
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, k) => {
      const base = instances[k % instances.length]!.url;
      while (performance.now() < until) {
        const s = performance.now();
        let problem: string | null;
        try {
          problem = await one(base);
        } catch (e) {
          problem = String(e);
        }
        latencies.push(performance.now() - s);
        if (problem) {
          errors++;
          if (firstErrors.size < 3) firstErrors.add(problem);
        } else ok++;
      }
    }),
  );
  for (const e of firstErrors) process.stderr.write(`[bench:api] ${e}\n`);
  return { ok, errors, latencies, seconds: (performance.now() - t0) / 1000, cpu: cpuPer(cpu0, cpuSplit(instances), ok) };
}

async function main() {
  if (!SERVER_URL) {
    console.error('bench:api needs DATABASE_URL (a PostgreSQL server it may create a database on)');
    process.exit(2);
  }
  ensureBuild(APP_DIR, 'bench:api');
  const name = `${PREFIX}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = await openDatabase({ kind: 'postgres', url: SERVER_URL, max: 2 });
  await admin.db.execute(sql.raw(`create database ${name}`));
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  const instances: Instance[] = [];
  let db: OpenDatabase | null = null;
  try {
    db = await openDatabase({ kind: 'postgres', url: url.toString(), max: 2 });
    await migrateDatabase(db);
    await seedDemo(db.db);
    await seedDemoMeasures(db.db);
    const all = subjects();
    const today = todayCN();
    const [scjg] = await db.db.select().from(department).where(eq(department.code, 'SCJG'));
    const [filler] = await db.db.select().from(user).where(eq(user.username, 'filler'));
    const [adminUser] = await db.db.select().from(user).where(eq(user.username, 'admin'));
    const [cf] = await db.db.select({ version: entryVersion.version }).from(entryVersion).innerJoin(entry, eq(entry.id, entryVersion.entryId)).where(and(eq(entry.kindCode, 'info-catalog'), eq(entry.code, 'XZCF')));
    const decided = addDays(today, -10);
    for (let i = 0; i < all.length; i += 500) {
      const chunk = all.slice(i, i + 500);
      await db.db.insert(record).values(
        chunk.map((s) => ({ catalogCode: 'XZCF', catalogVersion: cf!.version, departmentId: scjg!.id, subjectType: '法人及非法人组织', subjectCode: s.code, subjectName: s.name, data: { CF_XDR_MC: s.name, CF_XDR_LB: '法人及非法人组织', CF_WSH: `汴市监罚〔2026〕${s.code.slice(8, 16)}号`, CF_CFLB: '罚款', CF_JDRQ: decided }, status: 'accepted', decisionDate: decided, createdBy: filler!.id, decidedBy: adminUser!.id, decidedAt: new Date(), publishedAt: new Date() })),
      );
      const listed = chunk.filter((s) => s.listed);
      if (listed.length) await db.db.insert(creditListMember).values(listed.map((s) => ({ listCode: 'CL-001', subjectCode: s.code, subjectName: s.name, listedOn: addDays(today, -30), status: 'active' })));
    }
    // Records written straight into the table, as imported or seeded ones: the disclosure sweep
    // stamps them (class, 公示截止日) as it does on the server, so the public pages show them.
    await stampMissing(db.db);
    const { key } = await registerClient(db.db, { id: adminUser!.id, name: 'admin', roles: ['admin'], department: null }, { name: '压测业务系统', departmentId: scjg!.id, operations: ['credit-check'] });

    const pick = () => all[Math.floor(Math.random() * all.length)]!;
    const creditCheck = async (base: string): Promise<string | null> => {
      const s = pick();
      const res = await fetch(`${base}/api/v1/credit-checks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ subjectCode: s.code, matterType: 'government-procurement', purpose: '压测：供应商资格审查' }),
      });
      const text = await res.text();
      if (res.status !== 200) return `credit check ${res.status}: ${text.slice(0, 200)}`;
      const body = JSON.parse(text) as { decision: string; subject: { code: string } };
      const expected = s.listed ? 'block' : 'proceed';
      if (body.subject.code !== s.code || body.decision !== expected) return `credit check of ${s.code}: ${body.decision}, expected ${expected}`;
      return null;
    };
    const publicPage = async (base: string): Promise<string | null> => {
      const s = pick();
      const res = await fetch(`${base}/public/subjects/${s.code}`);
      const html = await res.text();
      if (res.status !== 200) return `public page ${res.status}`;
      if (!html.includes(s.name) || !html.includes(`${s.code.slice(8, 16)}号`)) return `public page of ${s.code} misses the subject or its penalty`;
      return null;
    };

    instances.push(startInstance(url.toString(), PORT));
    await waitHealthy(instances[0]!);
    await drive(instances, Math.min(3, SECONDS), creditCheck); // warm-up, not reported
    await drive(instances, Math.min(3, SECONDS), publicPage);
    if (FAULT === 'wrong-decision') {
      const victim = all.find((s) => s.listed)!;
      await db.db.update(creditListMember).set({ status: 'removed', removedOn: today }).where(eq(creditListMember.subjectCode, victim.code));
    }
    const before = rowsOf<{ n: number }>(await db.db.execute(sql`select count(*)::int as n from query_log`))[0]!.n;
    let acknowledged = 0;
    const one = await drive(instances, SECONDS, creditCheck);
    acknowledged += one.ok;
    emit('credit_check_rps_c50', one.ok / one.seconds, 'req/s', { clients: CLIENTS, instances: 1 });
    emit('credit_check_p99_ms_c50', pct(one.latencies, 0.99), 'ms', { target: '<100' });
    emit('credit_check_p50_ms_c50', pct(one.latencies, 0.5), 'ms');
    emit('credit_check_errors_c50', one.errors, 'count');
    emitCpu('credit_check_cpu_ms_c50', one);

    const pages = await drive(instances, SECONDS, publicPage);
    emit('public_page_rps_c50', pages.ok / pages.seconds, 'req/s');
    emit('public_page_p99_ms_c50', pct(pages.latencies, 0.99), 'ms');
    emit('public_page_errors_c50', pages.errors, 'count');
    emitCpu('public_page_cpu_ms_c50', pages);

    instances.push(startInstance(url.toString(), PORT + 1));
    await waitHealthy(instances[1]!);
    acknowledged += (await drive([instances[1]!], Math.min(3, SECONDS), creditCheck)).ok; // warm the second instance
    const two = await drive(instances, SECONDS, creditCheck);
    acknowledged += two.ok;
    emit('credit_check_rps_c50_2inst', two.ok / two.seconds, 'req/s', { clients: CLIENTS, instances: 2, target: '>=1000' });
    emit('credit_check_p99_ms_c50_2inst', pct(two.latencies, 0.99), 'ms');
    emit('credit_check_errors_c50_2inst', two.errors, 'count');
    emitCpu('credit_check_cpu_ms_c50_2inst', two);

    for (const e of [one, pages, two]) if (e.errors) failures.push(`${e.errors} failed or wrong answers`);
    // Every acknowledged check wrote its query-log row and its audit row.
    const logged = rowsOf<{ n: number }>(await db.db.execute(sql`select count(*)::int as n from query_log`))[0]!.n - before;
    const audited = rowsOf<{ n: number }>(await db.db.execute(sql`select count(*)::int as n from audit_log where action = 'api.credit_check'`))[0]!.n;
    emit('credit_check_query_log_rows', logged, 'rows', { acknowledged });
    if (logged < acknowledged) failures.push(`query log has ${logged} rows for ${acknowledged} acknowledged checks`);
    if (audited < acknowledged) failures.push(`audit log has ${audited} api.credit_check rows for ${acknowledged} acknowledged checks`);
  } finally {
    for (const i of instances) await stopInstance(i);
    await db?.close();
    if (process.env.BENCH_KEEP_DB !== '1') await admin.db.execute(sql.raw(`drop database if exists ${name} with (force)`)).catch(() => {});
    await admin.close();
  }
  if (failures.length) {
    for (const f of failures) console.error(`[bench:api] FAILED: ${f}`);
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
