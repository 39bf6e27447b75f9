/**
 * Personal data on outward paths (issue 11): resident ID numbers stay masked in a flow instance's
 * data for roles without the right, and the record search is no oracle on masked ID numbers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { contextFor, viewerByUsername } from '../testing/context';
import { createCallerFactory } from '../trpc/init';
import { appRouter } from '../trpc/router';
import { seedDemo } from '../seed';
import { departmentScopeOf, type Viewer } from '../auth/viewer';
import { publishFlowVersion } from '../flows/testing';
import { approval, chain } from '../../catalog/flows/fixtures';
import { recordsExportStream } from '../records/export';
import { normaliseSubjectCode } from '../records/subject-search';

let t: TestDatabase;
const u: Record<string, Viewer> = {};
const createCaller = createCallerFactory(appRouter);
const as = (name: string) => createCaller(contextFor(t.db, u[name]!));

const ID = '360426199101010071';
const MASKED = '3604**********0071';
let instanceId = '';

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  for (const n of ['admin', 'editor', 'filler', 'filler2', 'approver', 'auditor']) u[n] = await viewerByUsername(t.db, n);
  await publishFlowVersion(t.db, 'pd-flow', chain(approval('s1', 'single', { kind: 'role', role: 'approver' })));
  await as('editor').flow.setBinding({ trigger: 'record-submit', scopeType: 'catalog-item', scopeValue: 'XZCF', flowCode: 'pd-flow' });
  const form = await as('filler').record.form({ code: 'XZCF' });
  const row = await as('filler').record.submit({
    catalogCode: 'XZCF',
    catalogVersion: form.version,
    subjectType: '自然人',
    subjectCode: ID,
    subjectName: '张三',
    data: { CF_XDR_MC: '张三', CF_XDR_LB: '自然人', CF_XDR_ZJHM: ID, CF_WSH: '汴市监罚〔2024〕77号', CF_CFLB: '罚款', CF_JDRQ: '2024-09-27', CF_NR_FK: 1.5 },
  });
  instanceId = row.flowInstanceId!;
  // An organisation's record, so the search has something to find by "contains".
  await as('filler').record.saveDraft({ catalogCode: 'XZCF', catalogVersion: form.version, subjectType: '法人及非法人组织', subjectCode: '12440300MB2C92173E', subjectName: '某某建材有限公司', data: {} });
});
afterAll(async () => {
  await t?.close();
});

describe('flow.byId masks the instance’s copy of the record', () => {
  it('an auditor, an editor and an admin see the resident ID masked', async () => {
    for (const name of ['auditor', 'editor', 'admin']) {
      const view = await as(name).flow.byId({ id: instanceId });
      expect(view.instance.data.CF_XDR_ZJHM, name).toBe(MASKED);
      expect(view.instance.dataMasked).toBe(true);
      expect(JSON.stringify(view), name).not.toContain(ID);
    }
  });

  it('the submitting department’s filler and the approver deciding it see it in full', async () => {
    for (const name of ['filler', 'approver']) {
      const view = await as(name).flow.byId({ id: instanceId });
      expect(view.instance.data.CF_XDR_ZJHM, name).toBe(ID);
      expect(view.instance.dataMasked).toBe(false);
    }
  });

  it('the task inbox carries no data of the record', async () => {
    const inbox = await as('approver').flow.inbox();
    expect(inbox.tasks.some((x) => x.instanceId === instanceId)).toBe(true);
    expect(JSON.stringify(inbox)).not.toContain(ID);
  });
});

describe('record.list q is no oracle on masked resident ID numbers', () => {
  const search = (name: string, q: string) => as(name).record.list({ q, page: 1, pageSize: 20 });

  it('a prefix, a middle part or all but the last digit of an ID find nothing', async () => {
    for (const q of ['3604', '36042619910101007', '19910101', '0071', ID.slice(1)]) {
      expect((await search('auditor', q)).total, q).toBe(0);
      expect((await search('filler', q)).total, q).toBe(0);
    }
  });

  it('the exact full number finds the record, also typed in full-width or lower case with spaces', async () => {
    expect((await search('auditor', ID)).rows.map((r) => r.subjectCode)).toEqual([MASKED]);
    expect((await search('auditor', ' ３６０４２６１９９１０１０１００７１ ')).total).toBe(1);
    expect(normaliseSubjectCode(' １１０１０５１９４９１２３１００２ｘ ')).toBe('11010519491231002X');
  });

  it('names and organisations’ codes still match by “contains”', async () => {
    expect((await search('auditor', '张')).total).toBe(1);
    expect((await search('auditor', 'MB2C92')).rows.map((r) => r.subjectName)).toEqual(['某某建材有限公司']);
  });

  it('the records export filters the same way', async () => {
    const csv = async (v: Viewer, q: string) => new Response(recordsExportStream(t.db, v, departmentScopeOf(v), { q }, 'csv')).text();
    expect((await csv(u.auditor!, '36042619910101007')).trim().split('\n')).toHaveLength(1);
    expect((await csv(u.auditor!, ID)).trim().split('\n')).toHaveLength(2);
  });
});
