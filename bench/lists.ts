/**
 * npm run bench:lists — the list-identification process and the lookup that shows memberships
 * (issue #14), one JSON line each:
 *   list_cases_per_s   cases taken through propose → notice (produced and served) → decision
 *                      (submit + built-in approval writing the membership and two documents),
 *                      sequentially, per second of wall time
 *   lookup_ms_p50 / lookup_ms_p95   `grading.lookup` by code (the 逢办必查 procedure: grades,
 *                      records, list memberships with measures, query-log and audit rows) for
 *                      random subjects, with the scale's memberships and records in the tables
 * BENCH_SCALE=small (10k memberships, 100k records, 50 cases) | full (100k memberships, 1M
 * records, 300 cases). Runs on DATABASE_URL's server (a fresh database, dropped after) or PGlite.
 * Exits non-zero when a case did not end listed or a lookup missed the subject's membership.
 */
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase } from '../server/testing/db';
import { getDepartmentId, seedDemo, seedPublishedEntry } from '../server/seed';
import { rowsOf } from '../server/db';
import { user } from '../server/db/schema';
import { findViewer, actorOf } from '../server/auth/viewer';
import { advanceClock } from '../server/flows/clock';
import { decideCase, produceNotice, proposeCase, recordService, submitForDecision } from '../server/lists/service';
import { today } from '../server/flows/clock';
import { lookupSubjects } from '../server/grading/lookup';
import { usccCheckChar } from '../forms/formats/uscc';

const SCALES = { small: { members: 10_000, records: 100_000, cases: 50, lookups: 200 }, full: { members: 100_000, records: 1_000_000, cases: 300, lookups: 500 } } as const;
const scaleName = (process.env.BENCH_SCALE ?? 'small') as keyof typeof SCALES;
const S = SCALES[scaleName] ?? SCALES.small;

function emit(name: string, value: number, unit: string, extra: Record<string, unknown> = {}) {
  console.log(JSON.stringify({ name, value: Math.round(value * 1000) / 1000, unit, scale: scaleName, ...extra }));
}

const code = (i: number) => {
  const first17 = `91410200MB${String(i).padStart(7, '0')}`;
  return first17 + usccCheckChar(first17);
};

function percentile(xs: number[], p: number) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function main() {
  process.env.E2E_TEST_HOOKS = '1'; // the engine's clock, to pass the objection window
  const t = await createTestDatabase();
  let failed = 0;
  try {
    await seedDemo(t.db);
    const scjg = await getDepartmentId(t.db, 'SCJG');
    const [filler] = await t.db.select({ id: user.id }).from(user).where(eq(user.username, 'filler'));
    const [approverRow] = await t.db.select({ id: user.id }).from(user).where(eq(user.username, 'approver'));
    const fillerV = (await findViewer(t.db, filler!.id))!;
    const approverV = (await findViewer(t.db, approverRow!.id))!;
    await seedPublishedEntry(t.db, 'sanction-measure', 'SM-900', { text: '限制参与政府采购活动', type: '行政性', targetSubjects: ['法人及非法人组织'], list: { kind: 'credit-list', code: 'CL-001' }, legalBasis: [{ name: '中华人民共和国政府采购法' }], departments: ['CZJ'], repairable: true });

    // Facts: records spread over subjects (5 each), memberships on the first subjects.
    const subjects = Math.max(S.members * 2, S.records / 5);
    const load = performance.now();
    for (let from = 0; from < S.records; from += 200_000) {
      const to = Math.min(S.records, from + 200_000);
      await t.db.execute(sql`insert into record (catalog_code, catalog_version, department_id, subject_type, subject_code, subject_name, data, status, decision_date, created_by)
        select 'XZCF', 1, ${scjg}, '法人及非法人组织', 'C' || lpad((g % ${subjects})::text, 17, '0'), '主体' || (g % ${subjects}), '{"CF_CFLB":"罚款"}'::jsonb, 'accepted', date '2025-01-01' + (g % 365), ${filler!.id}
        from generate_series(${from}::int, ${to - 1}::int) g`);
    }
    await t.db.execute(sql`insert into credit_list_member (list_code, subject_code, subject_name, subject_type, listed_on, removed_on, valid_to, status, decision_number, department_id, source)
      select 'CL-001', 'C' || lpad(g::text, 17, '0'), '主体' || g, '法人及非法人组织', date '2026-01-01', date '2099-01-01', date '2099-01-01', 'active', 'BENCH〔2026〕' || g || '号', ${scjg}, 'bench'
      from generate_series(0, ${S.members - 1}::int) g`);
    await t.db.execute(sql`analyze`);
    emit('load_s', (performance.now() - load) / 1000, 's', { records: S.records, memberships: S.members });

    // Cases: a valid subject code each, grounded on one accepted record of the filler's department.
    const recordIds: string[] = [];
    for (let i = 0; i < S.cases; i++) {
      const rows = rowsOf<{ id: string }>(
        await t.db.execute(sql`insert into record (catalog_code, catalog_version, department_id, subject_type, subject_code, subject_name, data, status, decision_date, created_by)
          values ('XZCF', 1, ${scjg}, '法人及非法人组织', ${code(i)}, ${`认定主体${i}`}, '{"CF_CFLB":"罚款"}'::jsonb, 'accepted', date '2026-03-01', ${filler!.id}) returning id`),
      );
      recordIds.push(rows[0]!.id);
    }
    const fillerA = actorOf(fillerV);
    const started = performance.now();
    const ids: string[] = [];
    for (let i = 0; i < S.cases; i++) {
      const c = await proposeCase(t.db, fillerA, fillerV, { listCode: 'CL-001', recordIds: [recordIds[i]!], reason: '拒不履行行政处罚决定' });
      await produceNotice(t.db, fillerA, fillerV, { id: c.id });
      await recordService(t.db, fillerA, fillerV, { id: c.id, servedOn: await today(t.db), method: '直接送达' });
      ids.push(c.id);
    }
    const notified = performance.now();
    await advanceClock(t.db, 30); // past every objection window (not timed)
    const decideStart = performance.now();
    for (const id of ids) {
      await submitForDecision(t.db, fillerA, fillerV, { id, periodMonths: 12 });
      await decideCase(t.db, actorOf(approverV), approverV, { id, decision: 'approve', comment: '同意' });
    }
    const done = performance.now();
    const listed = rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from list_case where state = 'listed'`))[0]!.n;
    if (Number(listed) !== S.cases) {
      console.error(`only ${listed} of ${S.cases} cases ended listed`);
      failed++;
    }
    const seconds = (notified - started + (done - decideStart)) / 1000;
    emit('list_cases_per_s', S.cases / seconds, 'cases/s', { cases: S.cases, propose_notify_s: (notified - started) / 1000, decide_s: (done - decideStart) / 1000 });

    // Lookups by code: members (expect a membership) and non-members, random.
    const times: number[] = [];
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < S.lookups; i++) {
      const member = i % 2 === 0;
      const n = member ? Math.floor(rand() * S.members) : S.members + Math.floor(rand() * (subjects - S.members));
      const q = `C${String(n).padStart(17, '0')}`;
      const t0 = performance.now();
      const r = await lookupSubjects(t.db, fillerA, fillerV, { query: q, purpose: '基准测试' });
      times.push(performance.now() - t0);
      const lists = r.subjects.find((s) => s.code === q)?.lists ?? [];
      if (member !== (lists.length === 1)) {
        console.error(`lookup of ${q}: expected ${member ? 'one membership' : 'none'}, got ${lists.length}`);
        failed++;
      }
    }
    emit('lookup_ms_p50', percentile(times, 50), 'ms', { lookups: S.lookups });
    emit('lookup_ms_p95', percentile(times, 95), 'ms', { lookups: S.lookups, target: 50 });
  } finally {
    await t.close();
  }
  if (failed) process.exit(1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
