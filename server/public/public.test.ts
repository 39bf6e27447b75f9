/**
 * What the public sees (issue 17): only accepted records of 社会公开 items within their 公示期, by
 * the one predicate; natural persons masked and reached by an opaque ref; memberships of public
 * lists only; the 双公示 list filtered and paged; no staff in anything returned.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { seedDemo } from '../seed';
import { demoCompany, demoUscc } from '../seed/grading';
import { creditListMember, department, entry, entryVersion, record, user } from '../db/schema';
import { addDays, todayCN } from '../registers/dates';
import { clearPublicCache, dualPublicity, publicSubjectPage, searchPublic } from './service';
import { publishedRecordWhere } from '../disclosure/published';
import { stampMissing } from '../disclosure/sweep';
import { addMonths } from '../../catalog/dates';

let t: TestDatabase;
const today = todayCN();
const PERSON = '110101199003077777';

async function version(code: string) {
  const [v] = await t.db.select({ version: entryVersion.version }).from(entryVersion).innerJoin(entry, eq(entry.id, entryVersion.entryId)).where(and(eq(entry.kindCode, 'info-catalog'), eq(entry.code, code)));
  return v!.version;
}

async function put(rows: { code: string; catalog?: string; type?: string; name?: string; decided: string; status?: string; data?: Record<string, unknown> }[]) {
  const [scjg] = await t.db.select().from(department).where(eq(department.code, 'SCJG'));
  const [filler] = await t.db.select().from(user).where(eq(user.username, 'filler'));
  for (const r of rows) {
    const catalog = r.catalog ?? 'XZCF';
    await t.db.insert(record).values({
      catalogCode: catalog,
      catalogVersion: await version(catalog),
      departmentId: scjg!.id,
      subjectType: r.type ?? '法人及非法人组织',
      subjectCode: r.code,
      subjectName: r.name ?? demoCompany(Number(r.code.slice(11, 17)) % 100),
      data: r.data ?? { CF_WSH: `汴市监罚〔2026〕${r.decided}号`, CF_CFLB: '罚款', CF_JDRQ: r.decided },
      status: r.status ?? 'accepted',
      decisionDate: r.decided,
      createdBy: filler!.id,
      decidedBy: filler!.id,
      decidedAt: new Date(),
      reviewComment: '内部意见',
    });
  }
}

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  await put([
    { code: demoUscc(1), name: '开封恒通建材有限公司', decided: addDays(today, -20) },
    { code: demoUscc(1), name: '开封恒通建材有限公司', decided: addDays(today, -1200) },
    { code: demoUscc(2), name: '开封瑞丰食品有限公司', decided: addDays(today, -5), status: 'submitted' },
    { code: demoUscc(3), name: '开封金源商贸有限公司', decided: addDays(today, -3), catalog: 'XYCN', data: {} },
    { code: PERSON, type: '自然人', name: '张三', decided: addDays(today, -10), data: { CF_WSH: '汴市监罚〔2026〕9号', CF_XDR_ZJHM: PERSON, CF_JDRQ: addDays(today, -10) } },
  ]);
  for (let i = 0; i < 23; i++) await put([{ code: demoUscc(100 + i), name: `开封分页测试${i}有限公司`, decided: addDays(today, -(30 + i)) }]);
  await t.db.insert(creditListMember).values({ listCode: 'CL-001', subjectCode: demoUscc(1), subjectName: '开封恒通建材有限公司', listedOn: addDays(today, -30), status: 'active', decisionNumber: '汴信认〔2026〕1号' });
  await t.db.insert(creditListMember).values({ listCode: 'CL-PRIVATE', subjectCode: demoUscc(1), subjectName: '开封恒通建材有限公司', listedOn: addDays(today, -30), status: 'active' });
  // Records written straight into the table get their class and 公示截止日 the way the sweeper
  // stamps records accepted before the rules existed.
  await stampMissing(t.db);
});
afterAll(async () => {
  await t?.close();
});
beforeEach(() => clearPublicCache());

describe('the one predicate', () => {
  it('keeps accepted records of public items within their period, and nothing else', async () => {
    const rows = await t.db.select({ code: record.subjectCode, decided: record.decisionDate }).from(record).where(publishedRecordWhere(today));
    const codes = rows.map((r) => `${r.code}@${r.decided}`);
    expect(codes).toContain(`${demoUscc(1)}@${addDays(today, -20)}`);
    expect(codes).not.toContain(`${demoUscc(1)}@${addDays(today, -1200)}`); // decided under the old regime (令第58号): past its 36-month maximum
    expect(codes.some((c) => c.startsWith(demoUscc(2)))).toBe(false); // not accepted
    expect(codes.some((c) => c.startsWith(demoUscc(3)))).toBe(false); // 信用承诺 is 政务共享
  });
});

describe('the public subject page', () => {
  it('finds a company by name or code and shows its public penalty within the period, not the one past it, nor staff', async () => {
    const byName = await searchPublic(t.db, '恒通建材');
    expect(byName.hits.map((h) => h.code)).toEqual([demoUscc(1)]);
    const byCode = await searchPublic(t.db, demoUscc(1).toLowerCase());
    expect(byCode.hits[0]?.ref).toBe(demoUscc(1));
    const page = await publicSubjectPage(t.db, demoUscc(1));
    expect(page.subject).toMatchObject({ name: '开封恒通建材有限公司', code: demoUscc(1) });
    const penalties = page.records.find((g) => g.category === '行政处罚')!.rows;
    expect(penalties.map((r) => r.decisionDate)).toEqual([addDays(today, -20)]);
    expect([penalties[0]!.catalogName, penalties[0]!.catalogNameEn]).toEqual(['行政处罚信息', 'Administrative penalty information']);
    // 罚款 is 一般 under the rules in force since 2026-04-01: public for at most 12 months.
    expect(penalties[0]!.publicUntil).toBe(addMonths(addDays(today, -20), 12));
    expect(JSON.stringify(page)).not.toMatch(/内部意见|decidedBy|createdBy|filler/);
    // Memberships of lists marked public only.
    expect(page.memberships.map((m) => m.decisionNumber)).toEqual(['汴信认〔2026〕1号']);
  });

  it('masks a natural person: the code in results, on the page and in the data, and the page is reached by an opaque ref', async () => {
    const found = await searchPublic(t.db, PERSON);
    expect(found.hits).toHaveLength(1);
    expect(found.hits[0]!.code).toBe('1101**********7777');
    expect(found.hits[0]!.ref).not.toContain(PERSON);
    expect(found.hits[0]!.ref.startsWith('p.')).toBe(true);
    const page = await publicSubjectPage(t.db, found.hits[0]!.ref);
    expect(page.subject?.code).toBe('1101**********7777');
    expect(JSON.stringify(page)).not.toContain(PERSON);
    // A made-up ref opens nothing.
    expect((await publicSubjectPage(t.db, 'p.forged')).subject).toBeNull();
  });

  it('shows nothing for a subject with nothing public', async () => {
    expect((await publicSubjectPage(t.db, demoUscc(2))).subject).toBeNull();
    expect((await searchPublic(t.db, '瑞丰食品')).hits).toEqual([]);
  });
});

describe('双公示', () => {
  it('lists recent penalties newest first, 20 a page, filtered by category, name and date', async () => {
    // A day that does not exist in an address is ignored, not a server error.
    expect((await dualPublicity(t.db, { page: 1, from: '2026-02-30', to: '2026-13-45' })).total).toBe((await dualPublicity(t.db, { page: 1 })).total);
    const first = await dualPublicity(t.db, { page: 1 });
    expect(first.total).toBe(25); // 1 + 1 natural person + 23; not the one past its period
    expect(first.rows).toHaveLength(20);
    expect(first.rows[0]!.decisionDate).toBe(addDays(today, -10));
    const second = await dualPublicity(t.db, { page: 2 });
    expect(second.rows).toHaveLength(5);
    expect((await dualPublicity(t.db, { page: 1, category: '行政许可' })).total).toBe(0);
    expect((await dualPublicity(t.db, { page: 1, q: '分页测试1' })).total).toBe(11);
    expect((await dualPublicity(t.db, { page: 1, from: addDays(today, -31), to: addDays(today, -30) })).total).toBe(2);
    expect((await dualPublicity(t.db, { page: 1, department: 'STHJ' })).total).toBe(0);
    const person = first.rows.find((r) => r.subjectType === '自然人')!;
    // The decision number comes from the data item the catalog item names (CF_WSH), not from a label.
    expect(person.documentNumber).toBe('汴市监罚〔2026〕9号');
    expect(first.rows.every((r) => r.documentNumber === r.fields.find((f) => f.key === 'CF_WSH')?.value)).toBe(true);
    expect(person.subjectCode).toBe('1101**********7777');
    expect(JSON.stringify(person)).not.toContain(PERSON);
  });
});
