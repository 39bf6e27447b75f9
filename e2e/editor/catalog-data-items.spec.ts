import { expect, signInViaApi, startCatalogItem, test } from '../fixtures';

test('a catalog item’s 双公示 columns are picked from its own data items by name, not typed as keys', async ({ page }) => {
  await signInViaApi(page, 'editor');
  // A published item names the data items its columns come from.
  await page.goto('/registers/info-catalog/XZCF');
  const shown = (label: string) => page.locator('dt', { hasText: label }).locator('xpath=following-sibling::dd[1]');
  await expect(shown('决定日期数据项')).toHaveText('处罚决定日期');
  await expect(shown('决定文书号数据项')).toHaveText('行政处罚决定书文号');

  // A new item: nothing to pick until its form has data items; then the decision date offers only
  // the form's dates, by name, as soon as the designer adds them.
  await startCatalogItem(page, `DI${Date.now().toString(36).toUpperCase()}`, '数据项选择测试');
  const date = page.getByLabel('决定日期数据项');
  await expect(date.locator('option')).toHaveText(['—（先在下方表单中添加数据项）']);
  await page.getByRole('button', { name: '打开表单设计器' }).click();
  const designer = page.getByRole('dialog', { name: '表单设计器' });
  const panel = designer.getByRole('region', { name: '字段设置' });
  await designer.getByRole('button', { name: '添加字段：单行文本' }).click();
  await panel.getByLabel('中文名称', { exact: true }).fill('检查文书号');
  await designer.getByRole('button', { name: '添加字段：日期' }).click();
  await panel.getByLabel('中文名称', { exact: true }).fill('检查日期');
  await designer.getByRole('button', { name: '完成' }).click();
  await expect(date.locator('option')).toHaveText(['—（不指定）', '检查日期']);
  await date.selectOption({ label: '检查日期' });
  const number = page.getByLabel('决定文书号数据项');
  await expect(number.locator('option')).toHaveText(['—（不指定）', '检查文书号', '检查日期']);
  await number.selectOption({ label: '检查文书号' });
  await date.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/catalog-data-items.png' });
});
