/**
 * Least privilege (issue 11), on PostgreSQL: after scripts/db-roles.sql, the role the app connects
 * as works normally — starts (migrations already applied), appends, chains, verifies — but can
 * neither change nor remove audit rows, nor switch the guard off.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { migrateDatabase, openDatabase, rowsOf, type OpenDatabase } from '../db';
import { appendAudit, SYSTEM_ACTOR } from './append';
import { chainPending } from './chain';
import { verifyChain } from './verify';

describe.runIf(process.env.DATABASE_URL)('database roles (PostgreSQL)', () => {
  let t: TestDatabase;
  let app: OpenDatabase;
  let owner: OpenDatabase;
  const suffix = randomBytes(4).toString('hex');
  const ownerRole = `credit_owner_${suffix}`;
  const appRole = `credit_app_${suffix}`;
  const password = randomBytes(12).toString('hex');
  const urlAs = (role: string) => {
    const u = new URL(t.url!);
    u.username = role;
    u.password = password;
    return u.toString();
  };
  const runScript = () =>
    promisify(execFile)('psql', [t.url!, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-v', `owner_role=${ownerRole}`, '-v', `owner_password=${password}`, '-v', `app_role=${appRole}`, '-v', `app_password=${password}`, '-f', 'scripts/db-roles.sql']);

  beforeAll(async () => {
    t = await createTestDatabase();
    await appendAudit(t.db, SYSTEM_ACTOR, { action: 'test.before_roles' });
    await runScript();
    // Idempotent: an upgrade runs it again.
    await runScript();
    app = await openDatabase({ kind: 'postgres', url: urlAs(appRole), max: 2 });
    owner = await openDatabase({ kind: 'postgres', url: urlAs(ownerRole), max: 1 });
  });
  afterAll(async () => {
    await app?.close();
    await owner?.close();
    await t?.close();
    // The database (and what the roles owned in it) is gone: the roles can go too.
    const { default: postgres } = await import('postgres');
    const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop role if exists ${appRole}`);
    await admin.unsafe(`drop role if exists ${ownerRole}`);
    await admin.end();
  });

  const refusal = (p: Promise<unknown>) => p.then(() => 'accepted', (e: Error & { cause?: Error }) => `${e.message} ${e.cause?.message ?? ''}`);

  it('the app role owns nothing and is not a member of the owner role', async () => {
    const [r] = rowsOf<{ owned: string; member: boolean; owner: string }>(
      await t.db.execute(sql`select (select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname in ('public', 'drizzle') and pg_get_userbyid(c.relowner) = ${appRole}) as owned,
        pg_has_role(${appRole}, ${ownerRole}, 'MEMBER') as member,
        (select pg_get_userbyid(relowner) from pg_class where oid = 'audit_log'::regclass) as owner`),
    );
    expect(r).toEqual({ owned: expect.anything(), member: false, owner: ownerRole });
    expect(Number(r!.owned)).toBe(0);
  });

  it('the app starts, appends, chains and verifies as the app role', async () => {
    await migrateDatabase(app); // all applied by the owner: nothing to do, nothing refused
    await app.db.transaction(async (tx) => {
      await appendAudit(tx, SYSTEM_ACTOR, { action: 'test.as_app', after: { subject: '360426199101010071' } });
    });
    expect(await chainPending(app.db, { wait: true })).toBeGreaterThanOrEqual(1);
    expect(await verifyChain(app.db)).toMatchObject({ ok: true, pending: 0 });
    // Ordinary tables stay writable.
    await app.db.execute(sql`insert into system_setting (key, value) values (${`test.${suffix}`}, '1')`);
  });

  it('the app role cannot update, delete or truncate audit rows, nor disable, drop or replace the guard', async () => {
    const db = app.db;
    expect(await refusal(db.execute(sql`update audit_log set action = 'x' where seq = 1`))).toMatch(/permission denied/);
    expect(await refusal(db.execute(sql`update audit_log set after = '{}'::jsonb where seq = 1`))).toMatch(/permission denied/);
    expect(await refusal(db.execute(sql`delete from audit_log where seq = 1`))).toMatch(/permission denied/);
    expect(await refusal(db.execute(sql`truncate audit_log`))).toMatch(/permission denied/);
    expect(await refusal(db.execute(sql`alter table audit_log disable trigger audit_log_no_update_delete`))).toMatch(/must be owner/);
    expect(await refusal(db.execute(sql`alter table audit_log disable trigger all`))).toMatch(/must be owner/);
    expect(await refusal(db.execute(sql`drop trigger audit_log_no_update_delete on audit_log`))).toMatch(/must be owner/);
    expect(await refusal(db.execute(sql`create or replace function audit_log_seal_once() returns trigger as $$ begin return new; end $$ language plpgsql`))).toMatch(/must be owner|permission denied/);
    expect(await refusal(db.execute(sql`drop table audit_log`))).toMatch(/must be owner/);
    expect(await refusal(db.execute(sql.raw(`set role ${ownerRole}`)))).toMatch(/permission denied/);
    // What it may do to a sealed row, the guard refuses: moving it in the chain.
    expect(await refusal(db.execute(sql`update audit_log set seq = 999999, prev_hash = hash where seq = 1`))).toMatch(/append-only/);
    expect(await refusal(db.execute(sql`delete from audit_head`))).toMatch(/permission denied/);
    expect(await refusal(db.execute(sql`delete from flow_event`))).toMatch(/permission denied/);
    expect(await refusal(db.execute(sql`update query_log set purpose = 'x'`))).toMatch(/permission denied/);
    expect((await verifyChain(t.db)).ok).toBe(true);
  });

  it('the owner can run migrations; the guard holds for the owner too', async () => {
    expect(await refusal(owner.db.execute(sql`delete from audit_log where seq = 1`))).toMatch(/append-only \(DELETE refused\)/);
    expect(await refusal(owner.db.execute(sql`truncate audit_log`))).toMatch(/append-only \(TRUNCATE refused\)/);
    // Its migrations' new tables are usable by the app role at once (default privileges).
    await owner.db.execute(sql.raw(`create table test_later_${suffix} (id int)`));
    await app.db.execute(sql.raw(`insert into test_later_${suffix} values (1)`));
    expect(await refusal(app.db.execute(sql.raw(`truncate test_later_${suffix}`)))).toMatch(/permission denied/);
  });
});
