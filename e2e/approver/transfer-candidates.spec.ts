import type { Browser } from '@playwright/test';
import { expect, ORIGIN, signInViaApi, test, call } from '../fixtures';

/**
 * Issue 11 "Transfer to anyone": the 转办 list of a task offers only users who could hold its step
 * (here: a step of the named approver of 市信用办 — a colleague approver of 市信用办 may take it;
 * fillers, auditors, the initiator and an approver of another department may not), and the task
 * moves to the colleague chosen.
 */
test.describe.configure({ mode: 'serial' });
const stamp = String(Date.now()).slice(-6);
const PASSWORD = 'Approver@2026';
const flowCode = `FLOW-TR-${stamp}`;


async function as(browser: Browser, username: string) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  if (username === 'approver' || username === 'editor' || username === 'admin') await signInViaApi(page, username);
  else expect((await page.request.post('/api/auth/sign-in/username', { data: { username, password: PASSWORD }, headers: { origin: ORIGIN } })).ok()).toBeTruthy();
  return { page, close: () => ctx.close() };
}

test.afterAll(async ({ browser }) => {
  const ed = await as(browser, 'editor');
  const bindings = await call<{ id: string; flowCode: string }[]>(ed.page, 'flow.bindings', undefined, 'query');
  for (const b of bindings.filter((x) => x.flowCode === flowCode)) await call(ed.page, 'flow.removeBinding', { id: b.id });
  await ed.close();
});

test('转办 offers only users who could hold the step, and the chosen colleague gets the task', async ({ page, browser }) => {
  const colleague = `tr_xyb_${stamp}`;
  const outsider = `tr_scjg_${stamp}`;
  await signInViaApi(page, 'admin');
  const departments = await call<{ id: string; code: string }[]>(page, 'department.list', {}, 'query');
  const dept = (code: string) => departments.find((d) => d.code === code)!.id;
  await call(page, 'user.create', { username: colleague, name: `信用办同事${stamp}`, password: PASSWORD, departmentId: dept('XYB'), roles: ['approver'] });
  await call(page, 'user.create', { username: outsider, name: `监管局审批人${stamp}`, password: PASSWORD, departmentId: dept('SCJG'), roles: ['approver'] });
  const users = await call<{ rows: { id: string; username: string }[] }>(page, 'user.list', { page: 1, pageSize: 100 }, 'query');
  const approverId = users.rows.find((r) => r.username === 'approver')!.id;

  // A flow whose one step is for the named approver, bound to credit lists.
  const ed = await as(browser, 'editor');
  const L = (zh: string, en: string) => ({ 'zh-CN': zh, en });
  const graph = {
    nodes: [
      { id: 'start', type: 'start', position: { x: 0, y: 0 }, params: {} },
      { id: 's1', type: 'approval', position: { x: 0, y: 120 }, params: { label: L('审核', 'Review'), mode: 'single', assignee: { kind: 'users', userIds: [approverId] } } },
      { id: 'end', type: 'end', position: { x: 0, y: 240 }, params: { outcome: 'approved' } },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 's1' },
      { id: 'e2', source: 's1', target: 'end' },
    ],
  };
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const flow = await call<{ versionId: string; revision: number }>(ed.page, 'register.create', { kindCode: 'approval-flow', code: flowCode, content: { name: `转办流程 ${stamp}`, appliesTo: 'register-change', graph } });
  const cr = await call<{ id: string }>(ed.page, 'register.submit', { versionId: flow.versionId, revision: flow.revision, effectiveDate: today });
  await signInViaApi(page, 'approver');
  await call(page, 'approval.decide', { id: cr.id, decision: 'approve' });
  await call(ed.page, 'flow.setBinding', { trigger: 'register-change', scopeType: 'register-kind', scopeValue: 'credit-list', flowCode });
  const code = `CL-2${stamp.slice(-5)}`;
  const draft = await call<{ versionId: string; revision: number }>(ed.page, 'register.create', { kindCode: 'credit-list', code, content: { name: `转办名单${stamp}`, legalBasis: [{ name: '国办发〔2020〕49号文' }] } });
  await call(ed.page, 'register.submit', { versionId: draft.versionId, revision: draft.revision, effectiveDate: today });

  await page.goto('/tasks');
  const card = page.getByTestId('task').filter({ hasText: code });
  await card.getByRole('button', { name: '转办' }).click();
  const pick = card.getByLabel('选择人员');
  await expect(pick.locator('option', { hasText: `信用办同事${stamp}` })).toHaveCount(1);
  const offered = await pick.locator('option').allTextContents();
  for (const name of ['市场监管局填报员', '审计员', '信用办编辑', `监管局审批人${stamp}`, '信用办审批人']) expect(offered.join('|'), name).not.toContain(name);
  await page.screenshot({ path: 'test-results/transfer-candidates.png', fullPage: true });
  await pick.selectOption((await pick.locator('option', { hasText: `信用办同事${stamp}` }).getAttribute('value'))!);
  await card.getByRole('button', { name: '确定' }).click();
  await expect(page.getByTestId('task').filter({ hasText: code })).toHaveCount(0);

  const other = await as(browser, colleague);
  await other.page.goto('/tasks');
  await other.page.getByTestId('task').filter({ hasText: code }).getByRole('button', { name: '同意' }).click();
  await expect(other.page.getByTestId('task').filter({ hasText: code })).toHaveCount(0);
  await other.close();
  await ed.close();
});
