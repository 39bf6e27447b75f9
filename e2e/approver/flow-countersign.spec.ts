import type { Browser, Page } from '@playwright/test';
import { expect, ORIGIN, signInViaApi, test, call } from '../fixtures';

/**
 * Approval-flow engine journey (issue 5, E2E): a published flow with a 会签 step of three
 * approvers and a final step with a deadline is bound to the sanction-measure register; a second
 * editor submits a change; two approvers approve in their own browser contexts, the third returns
 * it to the initiator; it is resubmitted and passes the countersign; the final step's deadline
 * escalates when the test moves the injected clock (POST /api/test/clock, needs E2E_TEST_HOOKS=1
 * on the server) and sweeps; the instance view shows the path; the auditor sees every event.
 *
 * The flow is created through the registers API rather than drawn (the designer has its own spec).
 */
test.describe.configure({ mode: 'serial' });

const stamp = String(Date.now()).slice(-6);
const PASSWORD = 'Approver@2026';


async function signIn(page: Page, username: string, password: string) {
  const res = await page.request.post('/api/auth/sign-in/username', { data: { username, password }, headers: { origin: ORIGIN } });
  expect(res.ok(), `sign-in of ${username}`).toBeTruthy();
}

async function as(browser: Browser, username: string, password = PASSWORD) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  if (username === 'approver' || username === 'admin' || username === 'auditor' || username === 'editor') await signInViaApi(page, username);
  else await signIn(page, username, password);
  return { page, close: () => ctx.close() };
}

// The binding switches every sanction-measure change to this flow: remove it afterwards, even when
// the journey fails, so the other journeys keep the built-in approval step.
test.afterAll(async ({ browser }) => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signInViaApi(page, 'editor');
  const bindings = await call<{ id: string; flowCode: string }[]>(page, 'flow.bindings', undefined, 'query');
  for (const b of bindings.filter((x) => x.flowCode === `FLOW-CS-${stamp}`)) await call(page, 'flow.removeBinding', { id: b.id });
  const { offsetDays } = (await (await page.request.get('/api/test/clock')).json()) as { offsetDays: number };
  if (offsetDays) await page.request.post('/api/test/clock', { data: { days: -offsetDays }, headers: { origin: ORIGIN } });
  await ctx.close();
});

/** On /tasks, the card of the task about `code`. */
const taskCard = (page: Page, code: string) => page.getByTestId('task').filter({ hasText: code });

test('a bound flow: countersign in parallel, return to initiator, resubmit, deadline escalation, instance view, audit', async ({ page, browser }) => {
  test.setTimeout(180_000); // one journey across six people, like the other multi-person journeys
  const code = `SM-${stamp}`;
  const flowCode = `FLOW-CS-${stamp}`;
  const [ap2, ap3, editor2] = [`ap2_${stamp}`, `ap3_${stamp}`, `editor2_${stamp}`];

  // Set-up through the API: two more approvers and a second editor.
  await signInViaApi(page, 'admin');
  const departments = await call<{ id: string; code: string }[]>(page, 'department.list', {}, 'query');
  const xyb = departments.find((d) => d.code === 'XYB')!.id;
  for (const [username, roles] of [[ap2, ['approver']], [ap3, ['approver']], [editor2, ['editor']]] as const) {
    await call(page, 'user.create', { username, name: username, password: PASSWORD, departmentId: xyb, roles });
  }
  const users = await call<{ rows: { id: string; username: string }[] }>(page, 'user.list', { page: 1, pageSize: 100 }, 'query');
  const idOf = (u: string) => users.rows.find((r) => r.username === u)!.id;

  // The editor publishes the flow (built-in approval for flows) and binds it on the bindings page.
  await signInViaApi(page, 'editor');
  const L = (zh: string, en: string) => ({ 'zh-CN': zh, en });
  const graph = {
    nodes: [
      { id: 'start', type: 'start', position: { x: 0, y: 0 }, params: {} },
      { id: 'cs', type: 'approval', position: { x: 0, y: 120 }, params: { label: L('会签', 'Countersign'), mode: 'all', assignee: { kind: 'users', userIds: [idOf('approver'), idOf(ap2), idOf(ap3)] } } },
      { id: 'final', type: 'approval', position: { x: 0, y: 240 }, params: { label: L('终审', 'Final'), mode: 'single', assignee: { kind: 'users', userIds: [idOf(ap2)] }, deadline: { workingDays: 2, onTimeout: 'escalate', escalateToRole: 'admin' } } },
      { id: 'end', type: 'end', position: { x: 0, y: 360 }, params: { outcome: 'approved' } },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'cs' },
      { id: 'e2', source: 'cs', target: 'final' },
      { id: 'e3', source: 'final', target: 'end' },
    ],
  };
  const created = await call<{ versionId: string; revision: number }>(page, 'register.create', { kindCode: 'approval-flow', code: flowCode, content: { name: `会签流程 ${stamp}`, appliesTo: 'register-change', graph } });
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const cr = await call<{ id: string }>(page, 'register.submit', { versionId: created.versionId, revision: created.revision, effectiveDate: today });
  const approver = await as(browser, 'approver');
  await call(approver.page, 'approval.decide', { id: cr.id, decision: 'approve', comment: '发布流程' });

  await page.goto('/flows/bindings');
  await page.getByLabel('触发点').selectOption('register-change');
  await page.getByLabel('范围值').selectOption('sanction-measure');
  await page.getByLabel('审批流程').selectOption(flowCode);
  await page.getByRole('button', { name: '绑定' }).click();
  await expect(page.getByTestId('bindings')).toContainText(flowCode);
  // Objection and credit repair are real processes now (issue 15): bound like any other trigger.
  await expect(page.getByLabel('触发点').locator('option[value="credit-repair"]')).toHaveText('信用修复');

  // A second editor submits a change; the request now carries a flow instance.
  const ed2 = await as(browser, editor2, PASSWORD);
  const measure = { text: '限制参与政府采购活动', type: '行政性', targetSubjects: ['法人及非法人组织'], legalBasis: [{ name: '中华人民共和国政府采购法', number: '', article: '第二十二条' }], departments: ['CZJ'], duration: '3年', repairable: true };
  const draft = await call<{ versionId: string; revision: number }>(ed2.page, 'register.create', { kindCode: 'sanction-measure', code, content: measure });
  const request = await call<{ flowInstanceId: string }>(ed2.page, 'register.submit', { versionId: draft.versionId, revision: draft.revision, effectiveDate: today });
  expect(request.flowInstanceId).toBeTruthy();
  await ed2.page.goto(`/registers/sanction-measure/${code}`);
  await expect(ed2.page.getByTestId('flow-instance-link')).toBeVisible();

  // Two countersign approvers approve at the same time, each in their own browser.
  const second = await as(browser, ap2);
  await Promise.all(
    [approver.page, second.page].map(async (p) => {
      await p.goto('/tasks');
      await taskCard(p, code).getByRole('button', { name: '同意' }).click();
      await expect(taskCard(p, code)).toHaveCount(0);
    }),
  );

  // The third returns it to the initiator with a comment.
  const third = await as(browser, ap3);
  await third.page.goto('/tasks');
  await taskCard(third.page, code).getByLabel('审批意见').fill('请补充依据');
  await taskCard(third.page, code).getByRole('button', { name: '退回' }).click();
  await taskCard(third.page, code).getByLabel('退回至').selectOption('initiator');
  await taskCard(third.page, code).getByRole('button', { name: '确定' }).click();
  await expect(taskCard(third.page, code)).toHaveCount(0);

  // The initiator resubmits; the countersign starts over and all three approve.
  await ed2.page.goto('/tasks');
  await expect(taskCard(ed2.page, code)).toContainText('已退回给您');
  await taskCard(ed2.page, code).getByRole('button', { name: '重新提交' }).click();
  await expect(taskCard(ed2.page, code)).toHaveCount(0);
  for (const p of [approver.page, second.page, third.page]) {
    await p.goto('/tasks');
    await taskCard(p, code).getByRole('button', { name: '同意' }).click();
    await expect(taskCard(p, code)).toHaveCount(0);
  }

  // The final step is overdue once the injected clock moves 5 days; a sweep escalates it to the admin.
  const moved = await page.request.post('/api/test/clock', { data: { days: 5 }, headers: { origin: ORIGIN } });
  expect(moved.ok(), 'the server must run with E2E_TEST_HOOKS=1').toBeTruthy();
  expect((await page.request.post('/api/test/sweep', { headers: { origin: ORIGIN } })).ok()).toBeTruthy();
  await second.page.goto('/tasks');
  await expect(taskCard(second.page, code)).toHaveCount(0);
  const admin = await as(browser, 'admin');
  await admin.page.goto('/tasks');
  await taskCard(admin.page, code).getByRole('button', { name: '同意' }).click();
  await expect(taskCard(admin.page, code)).toHaveCount(0);

  // Published; the instance view shows every step done and the timeline.
  await ed2.page.goto(`/registers/sanction-measure/${code}`);
  await ed2.page.getByTestId('flow-instance-link').click();
  await expect(ed2.page.getByText('已通过')).toBeVisible();
  await expect(ed2.page.getByTestId('legend')).toBeVisible();
  await expect(ed2.page.getByTestId('instance-graph').locator('[data-status="done"]')).toHaveCount(4);
  await expect(ed2.page.getByTestId('instance-graph').getByText('开始', { exact: true })).toBeVisible();
  const timeline = ed2.page.getByTestId('timeline');
  await expect(timeline).toContainText('请补充依据');
  await expect(timeline).toContainText('超期升级');
  await ed2.page.screenshot({ path: 'test-results/flow-instance.png', fullPage: true });

  // The auditor sees every event, in the instance view and in the audit log.
  const auditor = await as(browser, 'auditor');
  await auditor.page.goto(`/flows/instances/${request.flowInstanceId}`);
  await expect(auditor.page.getByTestId('timeline').locator('li')).toHaveCount(await timeline.locator('li').count());
  await auditor.page.goto(`/audit?objectId=${request.flowInstanceId}`);
  for (const label of ['流程：同意', '流程：退回', '流程：超期处理']) {
    await expect(auditor.page.getByText(label, { exact: true }).filter({ visible: true }).first()).toBeVisible();
  }
  // The flow's start is part of the submit (one user action, one audit row): it is the entry's 提交审批 row.
  await auditor.page.goto(`/audit?objectId=${encodeURIComponent(`sanction-measure/${code}`)}`);
  await expect(auditor.page.getByText('提交审批', { exact: true }).filter({ visible: true }).first()).toBeVisible();

  for (const c of [approver, second, third, ed2, admin, auditor]) await c.close();
});
