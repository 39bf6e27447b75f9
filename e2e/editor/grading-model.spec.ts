import { approveInInbox, expect, signInViaApi, test } from '../fixtures';

test.describe.configure({ mode: 'serial' });

test('an editor builds a 100-point model with two leaves, tries it with what-if and submits it; once approved its evaluation runs to 100 %', async ({ page, browser }) => {
  const code = `GM-E2E-${Date.now().toString(36).toUpperCase()}`;
  await signInViaApi(page, 'editor');

  // The models list: the seeded model is there, with its industry.
  await page.goto('/grading');
  await expect(page.getByRole('link', { name: 'GM-SCJG-2024' })).toBeVisible();
  await page.screenshot({ path: 'test-results/grading-models.png', fullPage: true });

  // A new 100-point model starts as one valid leaf worth all 100 points.
  await page.getByRole('button', { name: '新建模型' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('模型编码').fill(code);
  await dialog.getByLabel('模型名称').fill('E2E 食品经营信用评价模型');
  await dialog.getByLabel('行业').fill('食品经营');
  await dialog.getByLabel('总分').fill('100');
  await dialog.getByLabel('首个指标的数据来源').selectOption('XZCF');
  await dialog.getByRole('button', { name: '创建并进入设计' }).click();
  await expect(page).toHaveURL(new RegExp(`/grading/${code}$`));
  const total = page.getByTestId('points-total');
  await expect(total).toContainText('末级指标合计 100 分 / 总分 100 分');

  // Leaf 1 becomes 60 points: the live total turns red and names the difference.
  await page.getByLabel('指标 1 中文名称').fill('行政处罚');
  await page.getByLabel('指标 1 分值').fill('60');
  await expect(total).toContainText('末级指标合计 60 分 / 总分 100 分 · 还差 40 分');
  await expect(total).toHaveClass(/text-red-700/);

  // A second leaf of 40 points balances it.
  await page.getByRole('button', { name: '在指标 1 后添加同级指标' }).click();
  await page.getByLabel('指标 2 中文名称').fill('行政许可');
  await page.getByLabel('指标 2 分值').fill('40');
  await expect(total).toContainText('末级指标合计 100 分 / 总分 100 分 · 分值平衡');

  // Its rule: +10 per licence record, from 0, capped at 40.
  await page.getByTestId('indicator-I2').getByRole('button', { name: '设置规则' }).click();
  await page.getByRole('button', { name: '添加评分规则' }).click();
  const rule = page.getByTestId('rule-editor');
  await rule.getByLabel('数据来源').selectOption('records');
  await rule.getByLabel('目录信息类别').selectOption('XZXK');
  await rule.getByLabel('统计方式').selectOption('count');
  await rule.getByLabel('每次分值').fill('10');
  await rule.getByLabel('上限（最多加）').fill('40');
  await rule.getByLabel('起评分').fill('0');

  // Keyboard-free reorder through the move buttons, then back.
  await page.getByRole('button', { name: '上移指标 2' }).click();
  await expect(page.getByLabel('指标 1 中文名称')).toHaveValue('行政许可');
  await page.getByRole('button', { name: '下移指标 1' }).click();
  await expect(page.getByLabel('指标 1 中文名称')).toHaveValue('行政处罚');

  // The bands bar shows A–E over 0..100 with no problem.
  await expect(page.getByTestId('bands-bar')).toBeVisible();
  await expect(page.getByTestId('band-issues')).toHaveCount(0);
  await expect(page.getByTestId('validation-status')).toHaveText('校验通过');
  await page.screenshot({ path: 'test-results/grading-designer.png', fullPage: true });

  await page.getByRole('button', { name: '保存草稿' }).click();
  await expect(page.getByText('草稿已保存')).toBeVisible();

  // What-if on the latest period: the draft's distribution, and (never published) every subject is new.
  await page.getByRole('button', { name: '模拟评价（What-if）' }).click();
  const whatIf = page.getByTestId('what-if');
  await expect(whatIf).toBeVisible({ timeout: 60_000 });
  await expect(whatIf.getByTestId('what-if-draft')).toBeVisible();
  await expect(whatIf.getByTestId('what-if-changes-total')).toContainText(/共 \d+ 个主体的等级发生变化/);
  await page.screenshot({ path: 'test-results/grading-what-if.png', fullPage: true });

  // Submit for approval.
  await page.getByRole('button', { name: '提交审批' }).first().click();
  await page.getByRole('dialog').getByRole('button', { name: '确认提交' }).click();
  await expect(page.getByText(/正在审批中/)).toBeVisible();

  // A model under review cannot be evaluated: the server says why.
  await page.goto(`/grading/${code}/runs`);
  await page.getByRole('button', { name: '开始评价' }).click();
  await expect(page.getByTestId('run-error')).toBeVisible();

  await approveInInbox(browser, code);

  // Published: the evaluation runs with a progress bar to 100 % and shows the distribution.
  await page.reload();
  await expect(page.getByText('使用现行版本 v1')).toBeVisible();
  await page.getByRole('button', { name: '开始评价' }).click();
  const progress = page.getByTestId('run-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute('aria-valuenow', '100', { timeout: 60_000 });
  await expect(page.getByTestId('run-progress-text')).toContainText('100%');
  await expect(page.getByTestId('run-distribution')).toBeVisible();
  await expect(page.getByRole('table', { name: '评价结果' })).toBeVisible();
  await page.screenshot({ path: 'test-results/grading-runs.png', fullPage: true });
});
