/**
 * npm run bench:flows — figures for the approval-flow issue, one JSON line each:
 *   engine_instances_per_s      start and complete instances of a 5-step flow (one 会签 step of 3
 *                               approvers → 7 task actions per instance), on the database
 *   engine_action_ms_p95        one task action (lock, act, advance, events, audit row), p95
 *   bpmn_engine_instances_per_s the same process in the npm package bpmn-engine, in memory
 *                               (5 userTasks, one multi-instance ×3, signalled to completion) —
 *                               a reference point: no database, no audit, no durability
 *   designer_frame_ms_p95       printed by bench/flows-designer.ts when it exists
 * BENCH_SCALE=small (default: 1k instances) | full (10k). Runs on DATABASE_URL's server (in a
 * fresh database it creates and drops) or in-memory PGlite. Instances run one after another;
 * on PostgreSQL the same count then runs with BENCH_WORKERS (default 4) at once, as extra lines
 * engine_instances_per_s_4_workers / engine_action_ms_p95_4_workers. On PostgreSQL the statements
 * each start and each action sends are counted too (engine_statements_per_start / _per_action).
 * BENCH_DESIGNER=0 skips bench/flows-designer.ts (it starts Chromium).
 * The work is checked, not only timed: every instance must end `approved` after exactly 7 task
 * actions with no task left open, and bpmn-engine must end every instance after exactly 7 signals
 * (`work_checked` lines); otherwise the benchmark exits 1. BENCH_INJECT_FAULT=incomplete (one
 * instance left with an open task) | signals (a 2-approver 会签 in the BPMN: 6 signals) proves it.
 */
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { availableParallelism } from 'node:os';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { createTestDatabase } from '../server/testing/db';
import { rowsOf, type Db } from '../server/db';
import type { Actor } from '../server/audit/append';
import { ensureUser, seedDemo } from '../server/seed';
import { flowTask } from '../server/db/schema';
import { viewerByUsername } from '../server/testing/context';
import { actorOf } from '../server/auth/viewer';
import { approval, chain } from '../catalog/flows/fixtures';
import { publishFlowVersion } from '../server/flows/testing';
import { startFlow } from '../server/flows/engine';
import { approveTask } from '../server/flows/actions';
import { cpuPer, cpuSplit } from './instance';

const full = process.env.BENCH_SCALE === 'full';
const INSTANCES = Number(process.env.BENCH_INSTANCES) || (full ? 10_000 : 1_000);
/** Concurrent workers for the extra figure (BENCH_WORKERS=1 skips it). */
const WORKERS = Number(process.env.BENCH_WORKERS) || 4;
const FAULT = process.env.BENCH_INJECT_FAULT;
/** Task actions one instance of the bench flow takes: s1, three for the 会签 s2, s3, s4, s5. */
const ACTIONS_PER_INSTANCE = 7;
let failures = 0;

/** Prints what was checked; a failed check makes the benchmark exit 1 at the end. */
function check(what: string, ok: boolean, detail: Record<string, unknown>) {
  console.log(JSON.stringify({ name: 'work_checked', what, ok, ...detail }));
  if (!ok) failures++;
}

function emit(name: string, value: number, unit: string, extra: Record<string, unknown> = {}) {
  console.log(JSON.stringify({ name, value: Math.round(value * 100) / 100, unit, ...extra }));
}

function p95(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]!;
}

/**
 * CPU per instance of the engine (this process: the engine runs in it), of PostgreSQL (on
 * PostgreSQL; PGlite runs inside this process) and both, with the instances/s the machine's
 * cores could carry at that cost — what bounds the figure above it.
 */
function emitCpu(name: string, cpu: ReturnType<typeof cpuPer>, database: string) {
  if (!cpu) return;
  const cores = availableParallelism();
  emit(name, cpu.total, 'ms', { engine: cpu.client, database_cpu: cpu.database, cores, ceiling_per_s: Math.round((cores * 1000) / cpu.total), database });
}

interface Counter {
  statements: number;
  db: Db;
  close: () => Promise<void>;
}

async function countingDb(url: string): Promise<Counter> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const schema = await import('../server/db/schema');
  const counter: Counter = { statements: 0, db: null as unknown as Db, close: () => client.end({ timeout: 5 }) };
  const client = postgres(url, { max: 4, onnotice: () => {}, debug: () => void counter.statements++ });
  counter.db = drizzle(client, { schema, casing: 'snake_case' }) as unknown as Db;
  return counter;
}

interface Bench {
  initiator: Actor;
  byId: Map<string, Actor>;
}

/** Runs `count` instances to completion, `workers` at a time; with `counted`, counts statements (sequential only). */
async function runInstances(db: Db, b: Bench, count: number, workers: number, counted: Counter | null) {
  const actionMs: number[] = [];
  const trips = { start: 0, action: 0 };
  const ids: string[] = [];
  let next = 0;
  async function worker() {
    for (let i = next++; i < count; i = next++) {
      if (counted) counted.statements = 0;
      const id = await startFlow(db, b.initiator, { trigger: 'register-change', flowCode: 'bench', subject: { type: 'none', id: String(i), label: `bench ${i}` }, data: { i } });
      ids.push(id);
      trips.start += counted?.statements ?? 0;
      for (;;) {
        const open = await db.select({ id: flowTask.id, assigneeId: flowTask.assigneeId }).from(flowTask).where(and(eq(flowTask.instanceId, id), inArray(flowTask.status, ['active'])));
        // BENCH_INJECT_FAULT=incomplete: the first instance's last step is never acted on.
        if (!open.length || (FAULT === 'incomplete' && i === 0 && open.length === 1 && actionMs.length >= ACTIONS_PER_INSTANCE - 1)) break;
        for (const task of open) {
          if (counted) counted.statements = 0;
          const t0 = performance.now();
          await approveTask(db, b.byId.get(task.assigneeId!)!, { taskId: task.id });
          actionMs.push(performance.now() - t0);
          trips.action += counted?.statements ?? 0;
        }
      }
    }
  }
  const started = performance.now();
  const cpuBefore = cpuSplit([]);
  await Promise.all(Array.from({ length: workers }, worker));
  const cpu = cpuPer(cpuBefore, cpuSplit([]), count);
  return { perSecond: count / ((performance.now() - started) / 1000), cpu, actionMs, ids, startStatements: trips.start / count, actionStatements: trips.action / actionMs.length };
}

/** Every instance ended approved, after exactly ACTIONS_PER_INSTANCE actions, with no task open. */
async function checkInstances(db: Db, label: string, ids: string[], actions: number) {
  const list = `{${ids.join(',')}}`; // one array parameter, not one parameter per id
  const [r] = rowsOf<{ approved: number; other: number; open_tasks: number }>(
    await db.execute(sql`select count(*) filter (where i.status = 'approved')::int as approved, count(*) filter (where i.status <> 'approved')::int as other,
        (select count(*)::int from flow_task t where t.instance_id = any(${list}::uuid[]) and t.status = 'active') as open_tasks
      from flow_instance i where i.id = any(${list}::uuid[])`),
  );
  const approved = Number(r?.approved ?? 0);
  const ok = ids.length === INSTANCES && approved === INSTANCES && Number(r?.open_tasks) === 0 && actions === INSTANCES * ACTIONS_PER_INSTANCE;
  check(`${label}: every instance approved after ${ACTIONS_PER_INSTANCE} actions`, ok, { instances: INSTANCES, approved, not_approved: Number(r?.other ?? 0), open_tasks: Number(r?.open_tasks ?? 0), actions, expected_actions: INSTANCES * ACTIONS_PER_INSTANCE });
}

async function ourEngine() {
  const t = await createTestDatabase();
  // With PostgreSQL, a second pool whose `debug` hook counts every statement sent (BEGIN,
  // SAVEPOINT and COMMIT included) — what an action costs in round trips, at most.
  const counted = t.url ? await countingDb(t.url) : null;
  try {
    const db = counted?.db ?? t.db;
    await seedDemo(db);
    const names = ['b1', 'b2', 'b3', 'b4', 'b5'];
    for (const n of names) await ensureUser(db, { username: n, name: n, password: 'Approver@2026', departmentCode: 'XYB', roles: ['approver'] });
    const viewers = await Promise.all(names.map((n) => viewerByUsername(db, n)));
    const ids = (...i: number[]) => ({ kind: 'users' as const, userIds: i.map((k) => viewers[k]!.id) });
    await publishFlowVersion(db, 'bench', chain(approval('s1', 'single', ids(0), 1), approval('s2', 'all', ids(1, 2, 3), 2), approval('s3', 'single', ids(4), 3), approval('s4', 'single', ids(0), 4), approval('s5', 'single', ids(1), 5)));
    const bench: Bench = { initiator: actorOf(await viewerByUsername(db, 'editor')), byId: new Map(viewers.map((v) => [v.id, actorOf(v)])) };
    const seq = await runInstances(db, bench, INSTANCES, 1, counted);
    await checkInstances(db, 'engine', seq.ids, seq.actionMs.length);
    emit('engine_instances_per_s', seq.perSecond, 'instances/s', { instances: INSTANCES, actions: seq.actionMs.length, database: t.kind });
    emitCpu('engine_cpu_ms_per_instance', seq.cpu, t.kind);
    emit('engine_action_ms_p95', p95(seq.actionMs), 'ms', { database: t.kind });
    if (counted) {
      emit('engine_statements_per_start', seq.startStatements, 'statements', { database: t.kind });
      emit('engine_statements_per_action', seq.actionStatements, 'statements', { database: t.kind });
    }
    // Several users at once, as on the real server (PostgreSQL only: PGlite is one connection).
    if (t.kind === 'postgres' && WORKERS > 1) {
      const pool = await t.connectAgain(WORKERS + 1);
      const par = await runInstances(pool.db, bench, INSTANCES, WORKERS, null);
      await checkInstances(pool.db, `engine_${WORKERS}_workers`, par.ids, par.actionMs.length);
      emit(`engine_instances_per_s_${WORKERS}_workers`, par.perSecond, 'instances/s', { instances: INSTANCES, workers: WORKERS, database: t.kind });
      emitCpu(`engine_cpu_ms_per_instance_${WORKERS}_workers`, par.cpu, t.kind);
      emit(`engine_action_ms_p95_${WORKERS}_workers`, p95(par.actionMs), 'ms', { workers: WORKERS, database: t.kind });
    }
  } finally {
    await counted?.close();
    await t.close();
  }
}

const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="defs" targetNamespace="http://bench">
  <process id="bench" isExecutable="true">
    <startEvent id="start" />
    <sequenceFlow id="f0" sourceRef="start" targetRef="s1" />
    <userTask id="s1" />
    <sequenceFlow id="f1" sourceRef="s1" targetRef="s2" />
    <userTask id="s2">
      <multiInstanceLoopCharacteristics isSequential="false"><loopCardinality>${FAULT === 'signals' ? 2 : 3}</loopCardinality></multiInstanceLoopCharacteristics>
    </userTask>
    <sequenceFlow id="f2" sourceRef="s2" targetRef="s3" />
    <userTask id="s3" />
    <sequenceFlow id="f3" sourceRef="s3" targetRef="s4" />
    <userTask id="s4" />
    <sequenceFlow id="f4" sourceRef="s4" targetRef="s5" />
    <userTask id="s5" />
    <sequenceFlow id="f5" sourceRef="s5" targetRef="end" />
    <endEvent id="end" />
  </process>
</definitions>`;

async function bpmnEngine() {
  const { Engine } = await import('bpmn-engine');
  const { BpmnModdle } = (await import('bpmn-moddle')) as unknown as { BpmnModdle: new () => { fromXML(xml: string): Promise<unknown> } };
  const moddleContext = await new BpmnModdle().fromXML(BPMN);
  let signals = 0;
  let ended = 0;
  /** instances whose own signal count was not ACTIONS_PER_INSTANCE */
  let wrongSignals = 0;
  const started = performance.now();
  for (let i = 0; i < INSTANCES; i++) {
    const listener = new EventEmitter();
    let mine = 0;
    listener.on('wait', (api: { signal: () => void }) => {
      signals++;
      mine++;
      api.signal();
    });
    const engine = new Engine({ name: `bench-${i}`, moddleContext: moddleContext as never });
    await new Promise<void>((resolve, reject) => {
      engine.once('end', () => {
        ended++;
        resolve();
      });
      engine.once('error', reject);
      engine.execute({ listener }).catch(reject);
    });
    if (mine !== ACTIONS_PER_INSTANCE) wrongSignals++;
  }
  const seconds = (performance.now() - started) / 1000;
  emit('bpmn_engine_instances_per_s', INSTANCES / seconds, 'instances/s', { instances: INSTANCES, signals, inMemory: true });
  check(`bpmn-engine: every instance ended after ${ACTIONS_PER_INSTANCE} signals`, ended === INSTANCES && wrongSignals === 0 && signals === INSTANCES * ACTIONS_PER_INSTANCE, { instances: INSTANCES, ended, signals, expected_signals: INSTANCES * ACTIONS_PER_INSTANCE, instances_with_other_signal_count: wrongSignals });
}

await ourEngine();
await bpmnEngine();
// BENCH_DESIGNER=0 skips the Chromium figure (e.g. where a browser must not be started). A
// failing designer benchmark throws here (execFileSync on a non-zero exit), so it fails this one.
if (process.env.BENCH_DESIGNER !== '0' && existsSync('bench/flows-designer.ts')) {
  execFileSync('npx', ['tsx', 'bench/flows-designer.ts'], { stdio: 'inherit' });
}
if (failures) {
  console.error(`bench:flows: ${failures} check(s) failed (see work_checked lines above)`);
  process.exit(1);
}
