import { expect, signInViaApi, startCatalogItem, submitAndApprove, test } from '../fixtures';

test('a catalog item’s disclosure periods are edited as a table of rows, read back as one, and a change reads by row', async ({ page, browser }) => {
  await signInViaApi(page, 'editor');
  const code = `DP${Date.now().toString(36).toUpperCase()}`;
  await startCatalogItem(page, code, '公示期限表格测试');
  const periods = page.getByRole('group', { name: '公示期限' });
  await expect(periods).toContainText('尚无内容');
  await periods.getByRole('button', { name: '添加一行' }).click();
  await periods.getByLabel('严重程度 1').fill('一般');
  await periods.getByLabel('公示期（月） 1').fill('12');
  await periods.getByRole('button', { name: '添加一行' }).click();
  await periods.getByLabel('严重程度 2').fill('严重');
  await periods.getByLabel('公示期（月） 2').fill('36');
  // Order is kept as the office arranges it.
  await periods.getByRole('button', { name: '上移第 2 行' }).click();
  await expect(periods.getByLabel('严重程度 1')).toHaveValue('严重');
  await expect(periods.getByLabel('公示期（月） 1')).toHaveValue('36');
  await page.getByRole('button', { name: '打开表单设计器' }).click();
  const designer = page.getByRole('dialog', { name: '表单设计器' });
  await designer.getByRole('button', { name: '添加字段：单行文本' }).click();
  await designer.getByRole('region', { name: '字段设置' }).getByLabel('中文名称', { exact: true }).fill('检查结论');
  await designer.getByRole('button', { name: '完成' }).click();
  await page.screenshot({ path: 'test-results/catalog-rows-form.png', fullPage: true });
  await page.getByRole('button', { name: '保存草稿' }).click();
  await expect(page).toHaveURL(new RegExp(`/registers/info-catalog/${code}$`));

  // The entry page shows the table, not data.
  const shown = page.locator('dt', { hasText: '公示期限' }).locator('xpath=following-sibling::dd[1]');
  await expect(shown.locator('thead th')).toHaveText(['严重程度', '公示期（月）']);
  await expect(shown.locator('tbody tr')).toHaveText(['严重36', '一般12']);
  await submitAndApprove(page, browser, code);

  // A revision that changes one row's period reads as that row changed.
  await page.goto(`/registers/info-catalog/${code}`);
  await page.getByRole('button', { name: '新建修改草稿' }).click();
  await expect(page).toHaveURL(/\/edit$/);
  await page.getByRole('group', { name: '公示期限' }).getByLabel('公示期（月） 1').fill('60');
  await page.getByRole('button', { name: '保存草稿' }).click();
  await expect(page).toHaveURL(new RegExp(`/registers/info-catalog/${code}$`));
  await expect(page.getByTestId('version-diff')).toContainText('「公示期限」中“严重”一行：公示期（月）由“36”改为“60”');
  await page.screenshot({ path: 'test-results/catalog-rows-diff.png', fullPage: true });
});

test('a disclosure rule’s severity classes take yes/no and several words per cell, typed as people type them', async ({ page }) => {
  await signInViaApi(page, 'editor');
  await page.goto('/registers/disclosure-rule/new');
  const classes = page.getByRole('group', { name: '失信程度分类' });
  // Data items come from the catalog item, picked by name: none until it is chosen.
  await expect(page.getByLabel('程度数据项')).toContainText('先在上面选择目录事项');
  await page.getByRole('combobox', { name: '目录事项 *' }).selectOption({ label: '行政处罚信息（XZCF）' });
  await page.getByLabel('程度数据项').selectOption({ label: '处罚类别' });
  await expect(page.getByLabel('程度数据项')).toHaveValue('CF_CFLB');
  await classes.getByRole('button', { name: '添加一行' }).click();
  await classes.getByLabel('归类数据项 1').selectOption({ label: '处罚内容' });
  await page.screenshot({ path: 'test-results/disclosure-rule-form.png', fullPage: true });
  await expect(classes.getByLabel('公示 1')).not.toBeChecked();
  await classes.getByLabel('公示 1').check();
  // A separator just typed stays, so the second word can follow it.
  await classes.getByLabel('包含文字 1').pressSequentially('吊销；责令关闭');
  await expect(classes.getByLabel('包含文字 1')).toHaveValue('吊销；责令关闭');
  await classes.getByRole('button', { name: '添加一行' }).click();
  await classes.getByRole('button', { name: '删除第 1 行' }).click();
  await expect(classes.getByLabel('包含文字 1')).toHaveValue('');
  await expect(classes.getByLabel('公示 1')).not.toBeChecked();

  // Read back, seven columns are one card per class, not a table scrolling sideways.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/registers/disclosure-rule/DR-XZCF');
  const cards = page.getByRole('list', { name: '失信程度分类' }).getByRole('listitem');
  await expect(cards).toHaveCount(3);
  await expect(cards.first()).toContainText('程度：严重');
  await expect(cards.first()).toContainText('最长公示期（月）36');
  // The catalog item and its data items read by name.
  await expect(cards.first()).toContainText('归类数据项处罚类别');
  await expect(page.locator('dt', { hasText: /^目录事项$/ }).locator('xpath=following-sibling::dd[1]')).toHaveText('行政处罚信息 XZCF');
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);
  await page.screenshot({ path: 'test-results/disclosure-rule-classes.png', fullPage: true });
});
