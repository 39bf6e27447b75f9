import { expect, fillerOnNewRecord, publishDesignedItem, signInViaApi, startCatalogItem, test } from '../fixtures';

test.describe.configure({ mode: 'serial' });

test('an editor designs a catalog item’s form (USCC field, conditional field) in the designer, it is published, and a filler of the providing department fills it', async ({ page, browser }) => {
  const code = `FD${Date.now().toString(36).toUpperCase()}`;
  const name = `双随机抽查结果${code.slice(-4)}`;

  // The editor starts a new catalog item.
  await signInViaApi(page, 'editor');
  await startCatalogItem(page, code, name);

  // Designer: a USCC field, a yes/no field, and a text field shown only when yes/no is 是.
  await page.getByRole('button', { name: '打开表单设计器' }).click();
  const designer = page.getByRole('dialog', { name: '表单设计器' });
  const panel = designer.getByRole('region', { name: '字段设置' });
  const preview = designer.getByRole('region', { name: '实时预览' });

  await designer.getByRole('button', { name: '添加字段：统一社会信用代码' }).click();
  await panel.getByLabel('中文名称', { exact: true }).fill('受检单位统一社会信用代码');
  await panel.getByLabel('英文名称', { exact: true }).fill('USCC of the inspected unit');
  await panel.getByRole('radio', { name: '必填', exact: true }).check();

  await designer.getByRole('button', { name: '添加字段：是否' }).click();
  await panel.getByLabel('中文名称', { exact: true }).fill('是否责令整改');
  await panel.getByLabel('英文名称', { exact: true }).fill('Rectification ordered');

  await designer.getByRole('button', { name: '添加字段：单行文本' }).click();
  await panel.getByLabel('中文名称', { exact: true }).fill('整改要求');
  await panel.getByLabel('英文名称', { exact: true }).fill('Rectification required');
  await panel.getByRole('button', { name: '添加条件' }).click();
  await panel.getByLabel('条件字段').selectOption({ label: '是否责令整改（yesNo_1）' });
  await panel.getByLabel('运算符').selectOption({ label: '等于' });
  await panel.getByLabel('比较值').selectOption({ label: '是' });

  // The field list shows the three fields in order; the definition is valid.
  await expect(designer.getByRole('button', { name: /^编辑字段「/ })).toHaveText([/受检单位统一社会信用代码/, /是否责令整改/, /整改要求.*条件显示/]);
  await expect(designer.getByText('定义有效，可以保存。')).toBeVisible();

  // The preview is the real form: the conditional field follows the yes/no answer.
  await expect(preview.getByLabel(/^受检单位统一社会信用代码/)).toBeVisible();
  await expect(preview.getByLabel(/^整改要求/)).toHaveCount(0);
  await preview.getByRole('radio', { name: '是', exact: true }).check();
  await expect(preview.getByLabel(/^整改要求/)).toBeVisible();
  await page.screenshot({ path: 'test-results/form-designer.png', fullPage: true });
  await preview.getByRole('radio', { name: '否', exact: true }).check();
  await expect(preview.getByLabel(/^整改要求/)).toHaveCount(0);

  // The help says, in plain words, what a definition may contain (the subset the checker enforces).
  await designer.getByRole('button', { name: '帮助：表单定义可以写什么' }).click();
  const help = page.getByRole('dialog', { name: '表单定义可以写什么' });
  await expect(help.getByRole('rowheader', { name: 'multipleOf', exact: true })).toBeVisible();
  await expect(help).toContainText('0.07、19.99 都可以');
  await expect(help).toContainText('$dynamicRef');
  await page.screenshot({ path: 'test-results/form-designer-help.png' });
  await help.getByRole('button', { name: '关闭' }).click();
  await expect(help).toHaveCount(0);

  // A keyword outside it, typed in the JSON tab, is refused in Chinese, naming it; removed, all is well.
  await designer.getByRole('tab', { name: 'JSON' }).click();
  const json = designer.getByLabel('表单定义 JSON');
  const def = JSON.parse(await json.inputValue()) as { schema: { properties: Record<string, Record<string, unknown>> } };
  def.schema.properties.text_1!.$anchor = 'x';
  await json.fill(JSON.stringify(def, null, 2));
  await expect(designer.getByText('字段「整改要求（text_1）」使用了表单不支持的 JSON Schema 关键字「$anchor」', { exact: false })).toBeVisible();
  await page.screenshot({ path: 'test-results/form-designer-refused-keyword.png' });
  delete def.schema.properties.text_1!.$anchor;
  await json.fill(JSON.stringify(def, null, 2));
  await expect(designer.getByText('定义有效，可以保存。')).toBeVisible();
  await designer.getByRole('tab', { name: '可视化设计' }).click();

  // Saved as a draft through the register lifecycle, submitted, approved.
  await publishDesignedItem(page, browser, code, 3);

  // A filler of the providing department fills the new item: zh-CN error for a bad USCC, fixed, submitted.
  const { context, page: filler } = await fillerOnNewRecord(browser, code, name);
  const uscc = filler.getByLabel(/^受检单位统一社会信用代码/);
  await uscc.fill('91110000600037341A');
  await expect(filler.getByLabel(/^整改要求/)).toHaveCount(0);
  await filler.getByRole('radio', { name: '是', exact: true }).check();
  await filler.getByLabel(/^整改要求/).fill('限期三十日内整改');
  await filler.getByRole('button', { name: '提交', exact: true }).click();
  await expect(filler.locator('#rec-uscc_1-error')).toContainText('「受检单位统一社会信用代码」校验位错误');
  await expect(uscc).toHaveAttribute('aria-invalid', 'true');
  await uscc.fill('91110000600037341L');
  await filler.getByRole('button', { name: '提交', exact: true }).click();
  await expect(filler).toHaveURL(/\/records\/[0-9a-f-]{36}$/);
  await expect(filler.getByText('上海某某食品有限公司').first()).toBeVisible();
  await context.close();
});
