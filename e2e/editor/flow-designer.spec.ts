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

test('an editor works on a large flow: zoomed out the cards are blocks; zoomed in, a step is dragged and two steps are connected', async ({ page }) => {
  await newFlow(page, '大型流程');
  // 120 steps in a row, drawn in another modeler without positions: the import lays them out.
  let body = '<startEvent id="s"/>';
  for (let i = 1; i <= 120; i++) body += `<userTask id="t${i}" name="步骤${i}"/><sequenceFlow id="f${i}" sourceRef="${i === 1 ? 's' : `t${i - 1}`}" targetRef="t${i}"/>`;
  body += '<endEvent id="e"/><sequenceFlow id="fe" sourceRef="t120" targetRef="e"/>';
  const xml = `<?xml version="1.0" encoding="UTF-8"?><definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="http://example.com"><process id="p">${body}</process></definitions>`;
  await page.getByTestId('bpmn-file').setInputFiles({ name: 'large.bpmn', mimeType: 'application/xml', buffer: Buffer.from(xml) });
  await page.getByTestId('import-replace').click();

  const canvas = page.getByTestId('flow-canvas');
  // Fitted, the text could not be read: cards are coloured blocks named for screen readers; edges are drawn.
  await expect(canvas.locator('[data-compact]').first()).toBeVisible();
  await expect(canvas.locator('[data-compact][aria-label^="步骤"]').first()).toBeVisible();
  expect(await canvas.locator('.react-flow__edge').count()).toBeGreaterThan(0);
  const zoomIn = canvas.locator('.react-flow__controls-zoomin');
  for (let i = 0; i < 15 && (await canvas.locator('[data-compact]').count()) > 0; i++) await zoomIn.click();
  await expect(canvas.locator('[data-compact]')).toHaveCount(0);
  await expect(canvas.locator('[data-node-type="approval"]').first()).toContainText('步骤');

  const steps = canvas.locator('[data-node-type="approval"]');
  const a = steps.nth(0);
  const b = steps.nth(2);
  const edgesBefore = await canvas.locator('.react-flow__edge').count();
  // A large flow mounts connection handles where they are used: on the card under the pointer.
  await expect(b.locator('.react-flow__handle')).toHaveCount(0);
  await a.hover();
  const source = a.locator('.react-flow__handle.source');
  await expect(source).toBeVisible();
  const from = (await source.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + 40, from.y + 40, { steps: 4 });
  // while a connection is drawn every card offers its handle to land on
  const target = b.locator('.react-flow__handle.target');
  await expect(target).toBeVisible();
  const to = (await target.boundingBox())!;
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 6 });
  await page.mouse.up();
  await expect(canvas.locator('.react-flow__edge')).toHaveCount(edgesBefore + 1);

  // Dragging a step moves it with the pointer.
  const box = (await b.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 150, box.y + box.height / 2 + 20, { steps: 10 });
  await page.mouse.up();
  const moved = (await b.boundingBox())!;
  // (React Flow starts the drag on the first step of the pointer, so a little less than 150 px)
  expect(moved.x - box.x).toBeGreaterThan(120);
  expect(moved.x - box.x).toBeLessThanOrEqual(151);
  await page.screenshot({ path: 'test-results/flow-large-zoomed.png' });

  // The overview map shows every step and moves the view: a click centres it there, the wheel zooms.
  const map = canvas.getByTestId('rf__minimap');
  await expect(map.locator('.react-flow__minimap-node')).toHaveCount(122);
  const viewport = canvas.locator('.react-flow__viewport');
  const view = async () => (await viewport.getAttribute('style')) ?? '';
  const before = await view();
  const mapBox = (await map.locator('svg').boundingBox())!;
  await page.mouse.click(mapBox.x + mapBox.width / 2, mapBox.y + mapBox.height - 10);
  await expect.poll(view).not.toBe(before);
  const afterClick = await view();
  await page.mouse.move(mapBox.x + mapBox.width / 2, mapBox.y + mapBox.height / 2);
  await page.mouse.wheel(0, 300);
  await expect.poll(view).not.toBe(afterClick);
});
