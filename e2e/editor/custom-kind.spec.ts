import { expect, signInViaApi, submitAndApprove, test } from '../fixtures';

test('an editor builds a register kind, uses it, then adds a field to it in the same builder (no JSON) and the new field is there to fill', async ({ page, browser }) => {
  // A long journey: three approvals of the kind, an entry made, edited and saved again.
  test.setTimeout(150_000);
  await signInViaApi(page, 'editor');
  const kind = `hk-${Date.now().toString(36)}`;
  await page.goto('/registers/register-kind/new');
  await page.getByLabel('清单编码').fill(kind);
  await page.getByLabel('中文名称').first().fill('诚信表彰清单');
  await page.getByRole('button', { name: '添加字段' }).click();
  await page.locator('#fk-1').fill('level');
  await page.locator('#fz-1').fill('表彰级别');
  await page.locator('#ft-1').selectOption('select');
  await page.locator('#fo-1').fill('市级；省级');
  await page.getByRole('button', { name: '保存为草稿' }).click();
  await expect(page).toHaveURL(new RegExp(`/registers/register-kind/${kind}$`));
  await submitAndApprove(page, browser, kind);

  // An entry of the new kind.
  await page.goto(`/registers/${kind}/new`);
  await page.getByLabel('编码', { exact: true }).fill('HK-001');
  await page.getByLabel('名称 *').fill('2026 年度诚信经营示范企业');
  await page.getByLabel('表彰级别').selectOption('市级');
  await page.getByRole('button', { name: '保存草稿' }).click();
  await expect(page).toHaveURL(new RegExp(`/registers/${kind}/HK-001$`));

  // The kind is changed in the builder: existing fields keep their keys, a field is added.
  await page.goto(`/registers/register-kind/${kind}`);
  await page.getByRole('button', { name: '新建修改草稿' }).click();
  await expect(page).toHaveURL(/\/edit$/);
  await expect(page.getByRole('heading', { name: new RegExp(`修改清单类型 ${kind}`) })).toBeVisible();
  await expect(page.locator('#fk-0')).toHaveValue('name');
  await expect(page.locator('#fk-0')).toHaveAttribute('readonly', '');
  await expect(page.locator('#fo-1')).toHaveValue('市级；省级');
  await page.getByRole('button', { name: '添加字段' }).click();
  await page.locator('#fk-2').fill('note');
  await page.locator('#fz-2').fill('表彰说明');
  await page.locator('#ft-2').selectOption('textarea');
  await page.getByLabel('修改说明').fill('增加表彰说明');
  await page.screenshot({ path: 'test-results/custom-kind-edit.png', fullPage: true });
  await page.getByRole('button', { name: '保存为草稿' }).click();
  await expect(page).toHaveURL(new RegExp(`/registers/register-kind/${kind}$`));
  await expect(page.getByTestId('kind-fields')).toContainText('表彰说明');
  await submitAndApprove(page, browser, kind);

  // The entry form now has the field; the entry made before still opens.
  await page.goto(`/registers/${kind}/new`);
  await expect(page.getByLabel('表彰说明')).toBeVisible();
  await page.goto(`/registers/${kind}/HK-001`);
  await expect(page.getByText('2026 年度诚信经营示范企业').first()).toBeVisible();

  // A field taken out of the kind: an entry that held a value for it says so, and saves without it.
  await page.goto(`/registers/register-kind/${kind}`);
  await page.getByRole('button', { name: '新建修改草稿' }).click();
  await expect(page.locator('#fk-1')).toHaveValue('level');
  // HK-001 holds a value for it: the builder says so and asks first; 取消 keeps the field.
  await expect(page.getByRole('group', { name: '第 2 个字段' })).toContainText('1 个条目有值');
  await page.getByRole('group', { name: '第 2 个字段' }).getByRole('button', { name: '删除' }).click();
  const ask = page.getByRole('dialog', { name: '删除字段「表彰级别」？' });
  await expect(ask).toContainText('1 个条目填写了此字段');
  await ask.getByRole('button', { name: '取消' }).click();
  await expect(page.locator('#fk-1')).toHaveValue('level');
  await page.getByRole('group', { name: '第 2 个字段' }).getByRole('button', { name: '删除' }).click();
  await page.screenshot({ path: 'test-results/custom-kind-remove-field.png', fullPage: true });
  await ask.getByRole('button', { name: '删除字段' }).click();
  await expect(page.locator('#fk-1')).toHaveValue('note');
  await page.getByRole('button', { name: '保存为草稿' }).click();
  await expect(page).toHaveURL(new RegExp(`/registers/register-kind/${kind}$`));
  await submitAndApprove(page, browser, kind);
  await page.goto(`/registers/${kind}/HK-001/edit`);
  await expect(page.getByRole('note')).toContainText('level：市级');
  await page.getByRole('button', { name: '保存草稿' }).click();
  await expect(page).toHaveURL(new RegExp(`/registers/${kind}/HK-001$`));

  // The whole definition stays reachable as JSON.
  await page.goto(`/registers/register-kind/${kind}`);
  await page.getByRole('button', { name: '新建修改草稿' }).click();
  await page.getByRole('link', { name: '以 JSON 编辑全部设置' }).click();
  await expect(page.getByLabel('条目字段')).toBeVisible();
});
