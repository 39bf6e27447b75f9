import type { Page } from '@playwright/test';
import { expect, signInViaApi, test, call } from '../fixtures';

/**
 * The predicted path shown to the submitter (issue 5 §4): with a flow bound to a register kind,
 * the entry's submit dialog lists "审批路径预测" — the branch the draft's content takes, who decides
 * and each step's due date — before the editor confirms; with no flow bound, the dialog shows
 * nothing extra. Uses the commitment-item register, which no other journey binds.
 */
test.describe.configure({ mode: 'serial' });

const stamp = String(Date.now()).slice(-6);
const flowCode = `FLOW-PV-${stamp}`;


test.afterAll(async ({ browser }) => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signInViaApi(page, 'editor');
  const bindings = await call<{ id: string; flowCode: string }[]>(page, 'flow.bindings', undefined, 'query');
  for (const b of bindings.filter((x) => x.flowCode === flowCode)) await call(page, 'flow.removeBinding', { id: b.id });
  await ctx.close();
});

const commitment = (code: string, commitmentType: string) => ({
  kindCode: 'commitment-item',
  code,
  content: { matterName: `路径预测测试事项 ${code}`, commitmentType, departments: ['CZJ'], letterTemplate: '本人郑重承诺：所填信息真实。' },
});

async function openSubmitDialog(page: Page, code: string) {
  await page.goto(`/registers/commitment-item/${code}`);
  await page.getByRole('button', { name: '提交审批' }).click();
  await expect(page.getByRole('dialog', { name: '提交审批' })).toBeVisible();
}

test('the submit dialog shows the bound flow’s predicted path for the draft, and nothing when none is bound', async ({ page, browser }) => {
  await signInViaApi(page, 'editor');

  // No flow bound yet: the dialog has no prediction.
  const plain = `PV-A-${stamp}`;
  await call(page, 'register.create', commitment(plain, '告知承诺'));
  await openSubmitDialog(page, plain);
  await expect(page.getByText('没有其他条目引用本条目。')).toBeVisible();
  await expect(page.getByTestId('predicted-path')).toHaveCount(0);
  await page.keyboard.press('Escape');

  // A flow: credit-repair commitments go to a review step, others to a first check with a deadline.
  const L = (zh: string, en: string) => ({ 'zh-CN': zh, en });
  const graph = {
    nodes: [
      { id: 'start', type: 'start', position: { x: 0, y: 0 }, params: {} },
      { id: 'cond', type: 'condition', position: { x: 0, y: 120 }, params: { label: L('承诺类型', 'Commitment type'), branches: [{ edgeId: 'e-repair', label: L('信用修复', 'Credit repair'), when: { '==': [{ var: 'data.commitmentType' }, '信用修复'] } }], defaultEdgeId: 'e-other' } },
      { id: 'review', type: 'approval', position: { x: -150, y: 240 }, params: { label: L('修复复核', 'Repair review'), mode: 'all', assignee: { kind: 'role', role: 'approver' } } },
      { id: 'check', type: 'approval', position: { x: 150, y: 240 }, params: { label: L('承诺初审', 'First check'), mode: 'single', assignee: { kind: 'role', role: 'approver' }, deadline: { workingDays: 3, onTimeout: 'remind' } } },
      { id: 'end', type: 'end', position: { x: 0, y: 360 }, params: { outcome: 'approved' } },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'cond' },
      { id: 'e-repair', source: 'cond', target: 'review' },
      { id: 'e-other', source: 'cond', target: 'check' },
      { id: 'e2', source: 'review', target: 'end' },
      { id: 'e3', source: 'check', target: 'end' },
    ],
  };
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const created = await call<{ versionId: string; revision: number }>(page, 'register.create', { kindCode: 'approval-flow', code: flowCode, content: { name: `路径预测 ${stamp}`, appliesTo: 'register-change', graph } });
  const cr = await call<{ id: string }>(page, 'register.submit', { versionId: created.versionId, revision: created.revision, effectiveDate: today });
  const ctx = await browser.newContext();
  const approver = await ctx.newPage();
  await signInViaApi(approver, 'approver');
  await call(approver, 'approval.decide', { id: cr.id, decision: 'approve', comment: '发布流程' });
  await ctx.close();
  await call(page, 'flow.setBinding', { trigger: 'register-change', scopeType: 'register-kind', scopeValue: 'commitment-item', flowCode });

  // An ordinary commitment: the first check, by an approver, with a due date.
  const other = `PV-B-${stamp}`;
  await call(page, 'register.create', commitment(other, '告知承诺'));
  await openSubmitDialog(page, other);
  const path = page.getByTestId('predicted-path');
  await expect(path).toContainText('审批路径预测');
  await expect(path.getByTestId('predicted-step')).toHaveCount(1);
  await expect(path.getByTestId('predicted-step')).toContainText('承诺初审');
  await expect(path.getByTestId('predicted-step')).toContainText('审批人');
  await expect(path.getByTestId('predicted-step')).toContainText(/\d{4}-\d{2}-\d{2} 前办结/);
  await page.keyboard.press('Escape');

  // A credit-repair commitment takes the other branch: the countersigned review, no deadline.
  const repair = `PV-C-${stamp}`;
  await call(page, 'register.create', commitment(repair, '信用修复'));
  await openSubmitDialog(page, repair);
  await expect(page.getByTestId('predicted-step')).toContainText('修复复核');
  await expect(page.getByTestId('predicted-step')).toContainText('会签');
  await expect(page.getByTestId('predicted-step')).toContainText('未设期限');

  // Confirming submits as before; the request now runs the flow.
  await page.getByRole('dialog').getByRole('button', { name: '提交审批' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('flow-instance-link')).toBeVisible();
});
