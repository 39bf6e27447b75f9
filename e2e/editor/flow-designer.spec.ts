import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, signInViaApi, test } from '../fixtures';

/** Signs in as the editor and opens the designer on a new flow. */
async function newFlow(page: Page, name: string) {
  const code = `FLOW-E2E-${String(Date.now()).slice(-6)}`;
  await signInViaApi(page, 'editor');
  await page.goto('/flows');
  await page.getByTestId('new-flow').click();
  await page.getByLabel('编码', { exact: true }).fill(code);
  await page.getByLabel('流程名称', { exact: true }).fill(name);
  await page.getByRole('button', { name: '创建并打开设计器' }).click();
  await expect(page).toHaveURL(new RegExp(`/flows/${code}$`));
  return code;
}

/** Drags from one handle to another with the mouse, as a person connects two nodes. */
async function connectHandles(page: Page, from: Locator, to: Locator) {
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

// The whole 640-px canvas must fit in the window: a drop point outside the viewport never arrives.
test.use({ viewport: { width: 1440, height: 1000 } });

test('an editor draws start → approval → end in the designer, fixes the assignee problem and saves the graph', async ({ page }) => {
  await newFlow(page, '端到端测试流程');

  const canvas = page.getByTestId('flow-canvas');
  await expect(canvas.locator('[data-node-type="start"]')).toHaveCount(1);
  const box = (await canvas.boundingBox())!;

  // Drag an approval and an end node from the palette onto the canvas (HTML5 drag and drop). A new
  // flow is fitted around its start node at zoom 1, so below the middle is free space.
  await page.getByTestId('palette-approval').dragTo(canvas, { targetPosition: { x: box.width / 2, y: box.height / 2 + 150 } });
  await page.getByTestId('palette-end').dragTo(canvas, { targetPosition: { x: box.width / 2, y: box.height / 2 + 290 } });
  const approval = canvas.locator('[data-node-type="approval"]');
  const end = canvas.locator('[data-node-type="end"]');
  await expect(approval).toHaveCount(1);
  await expect(end).toHaveCount(1);

  // Connect start → approval → end by dragging between handles.
  const start = canvas.locator('[data-node-type="start"]');
  await connectHandles(page, start.locator('.react-flow__handle.source'), approval.locator('.react-flow__handle.target'));
  await connectHandles(page, approval.locator('.react-flow__handle.source'), end.locator('.react-flow__handle.target'));
  await expect(canvas.locator('.react-flow__edge')).toHaveCount(2);
  // The overview map draws every node too.
  await expect(canvas.locator('.react-flow__minimap-node')).toHaveCount(3);
  await page.screenshot({ path: 'test-results/flow-designer.png' });

  // The only problem left is the approval's missing assignee, shown on the node and in the toolbar.
  await expect(page.getByTestId('problem-count')).toHaveText('1 个问题');
  await expect(approval).toHaveAttribute('data-problems', '1');
  await expect(page.getByTestId('submit-flow')).toBeDisabled();

  await approval.click();
  const panel = page.getByTestId('node-panel');
  await panel.getByLabel('名称（中文）').fill('科室审核');
  await panel.getByLabel('角色').selectOption('approver');
  await expect(page.getByTestId('problem-count')).toHaveText('未发现问题');
  await expect(approval).toHaveAttribute('data-problems', '0');
  await expect(page.getByTestId('submit-flow')).toBeEnabled();

  await page.getByTestId('save-draft').click();
  await expect(page.getByText('草稿已保存。')).toBeVisible();

  // What was saved is our graph: after a reload the same three nodes, two edges and the assignee.
  await page.reload();
  await expect(canvas.locator('[data-node-type]')).toHaveCount(3);
  await expect(canvas.locator('.react-flow__edge')).toHaveCount(2);
  await expect(approval).toContainText('科室审核');
  await approval.click();
  await expect(page.getByTestId('node-panel').getByLabel('角色')).toHaveValue('approver');
  await expect(page.getByTestId('problem-count')).toHaveText('未发现问题');
});

test('an editor imports a Camunda diagram: the review says how the error end, the P1W timer and the lanes map before anything is replaced', async ({ page }) => {
  await newFlow(page, '导入的许可审查流程');
  const canvas = page.getByTestId('flow-canvas');
  await expect(canvas.locator('[data-node-type]')).toHaveCount(1);

  await page.getByTestId('bpmn-file').setInputFiles(path.resolve('catalog/flows/testdata/camunda-license-review.bpmn'));
  const review = page.getByTestId('import-review');
  await expect(review).toBeVisible();
  await expect(review).toContainText('文件来自 Camunda Modeler 5.28.0。');
  // The reject path's error end event is a rejection, not an approval; P1W is five working days.
  await expect(review.getByTestId('import-mapped')).toContainText('「驳回」（错误结束事件） → 结束，结果「不通过」（BPMN 错误「审查不通过」）。');
  await expect(review.getByTestId('import-mapped')).toContainText('「公示期」（定时中间事件） P1W → 等待 5 个工作日（1 周按 5 个工作日）。');
  await expect(review.getByTestId('import-mapped')).toContainText('PT36H → 「信用审查」（用户任务）的办理期限 2 个工作日，超时催办提醒');
  await expect(review.getByTestId('import-unsupported')).toContainText('「收到许可申请」（消息开始事件）：本系统的流程由流程绑定的业务事件启动');
  await expect(review.getByTestId('import-duration-rules')).toContainText('1 周按 5 个工作日');
  // Two lanes, each proposed as the assignee its name names.
  await expect(review.getByTestId('import-lane')).toHaveCount(2);
  await expect(review.getByLabel('「市市场监管局」的处理人').locator('option:checked')).toHaveText('市市场监管局');
  await expect(review.getByLabel('「审批人」的处理人').locator('option:checked')).toHaveText('审批人');
  // Nothing is replaced while the review is open.
  await expect(canvas.locator('[data-node-type]')).toHaveCount(1);
  await page.screenshot({ path: 'test-results/flow-import-review.png' });

  await review.getByTestId('import-replace').click();
  await expect(review).toBeHidden();
  await expect(canvas.locator('[data-node-type]')).toHaveCount(8);
  await expect(canvas.getByTestId('flow-node-Event_publicity')).toContainText('5 个工作日');
  await page.screenshot({ path: 'test-results/flow-import-replaced.png' });

  const panel = page.getByTestId('node-panel');
  await canvas.getByTestId('flow-node-Event_reject').click();
  await expect(panel.getByLabel('结果')).toHaveValue('rejected');
  await canvas.getByTestId('flow-node-Activity_review').click();
  await expect(panel.getByTestId('assignee-editor').getByLabel('角色')).toHaveValue('approver');
  await canvas.getByTestId('flow-node-Activity_accept').click();
  await expect(panel.getByTestId('assignee-editor').getByLabel('部门').locator('option:checked')).toHaveText('市市场监管局');

  // What is saved is what the review said: after a reload the error end is still a rejection.
  await page.getByTestId('save-draft').click();
  await expect(page.getByText('草稿已保存。')).toBeVisible();
  await page.reload();
  await expect(canvas.locator('[data-node-type]')).toHaveCount(8);
  await canvas.getByTestId('flow-node-Event_reject').click();
  await expect(panel.getByLabel('结果')).toHaveValue('rejected');
  await expect(canvas.getByTestId('flow-node-Event_publicity')).toContainText('5 个工作日');
});
