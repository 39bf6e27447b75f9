import type { Locator, Page } from '@playwright/test';
import { expect, signInViaApi, test } from '../fixtures';

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
  const code = `FLOW-E2E-${String(Date.now()).slice(-6)}`;
  await signInViaApi(page, 'editor');
  await page.goto('/flows');
  await page.getByTestId('new-flow').click();
  await page.getByLabel('编码', { exact: true }).fill(code);
  await page.getByLabel('流程名称', { exact: true }).fill('端到端测试流程');
  await page.getByRole('button', { name: '创建并打开设计器' }).click();
  await expect(page).toHaveURL(new RegExp(`/flows/${code}$`));

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
