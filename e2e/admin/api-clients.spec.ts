import { request as apiRequest } from '@playwright/test';
import { expect, ORIGIN, signInViaApi, test } from '../fixtures';

/**
 * The admin changes what a registered department system may call (issue 17): the client is renamed
 * and given 信息报送; the table shows the operations by name, the change applies to the next call
 * with the same key, and the key itself is not shown again.
 */
test('an admin edits an API client: new name and operations apply to the next call with the same key', async ({ page }) => {
  const name = `生态环境执法系统${String(Date.now()).slice(-4)}`;
  await signInViaApi(page, 'admin');
  await page.goto('/admin/api-clients');
  await page.getByRole('button', { name: '登记客户端' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('名称').fill(name);
  await dialog.getByLabel('所属部门').selectOption({ label: '市生态环境局' });
  await dialog.getByRole('button', { name: '登记并生成密钥' }).click();
  const key = await page.getByTestId('api-key').inputValue();
  await page.getByRole('button', { name: '我已保存' }).click();
  const row = page.getByRole('row', { name: new RegExp(name) });
  await expect(row).toContainText('信用核查');
  await expect(row).not.toContainText('信息报送');

  // Only 信用核查 so far: submitting records is refused (403).
  const system = await apiRequest.newContext({ baseURL: ORIGIN });
  expect((await system.post('/api/v1/records', { headers: { authorization: `Bearer ${key}` }, data: {} })).status()).toBe(403);

  // Edit: a clearer name and 信息报送 added; the department is shown, not changeable.
  await row.getByRole('button', { name: '修改' }).click();
  const edit = page.getByRole('dialog');
  await expect(edit).toContainText('市生态环境局');
  await expect(edit.getByLabel('所属部门')).toHaveCount(0);
  await edit.getByLabel('名称').fill(`${name}（二期）`);
  await edit.getByRole('checkbox', { name: /信息报送/ }).check();
  await page.screenshot({ path: 'test-results/api-client-edit.png', fullPage: true });
  await edit.getByRole('button', { name: '保存修改' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  const renamed = page.getByRole('row', { name: new RegExp(`${name}（二期）`) });
  await expect(renamed).toContainText('信用核查、信息报送');
  await expect(page.getByTestId('api-key')).toHaveCount(0);

  // The same key now reaches the records operation: an empty body is a 422 with field paths, not a 403.
  const res = await system.post('/api/v1/records', { headers: { authorization: `Bearer ${key}` }, data: {} });
  expect(res.status()).toBe(422);
  expect(((await res.json()) as { errors: { path: string }[] }).errors.length).toBeGreaterThan(0);
  await system.dispose();
});
