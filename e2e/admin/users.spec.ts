import { expect, signInViaApi, signInViaForm, test } from '../fixtures';

test('an admin creates a user with two roles, who can then sign in; a bad password is refused on the field', { tag: '@smoke' }, async ({ page, browser }) => {
  const username = `e2e.${Date.now().toString(36)}`;
  await signInViaApi(page, 'admin');
  await page.goto('/admin/users');
  await page.getByRole('button', { name: '新建用户' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('用户名', { exact: true }).fill(username);
  await dialog.getByLabel('姓名', { exact: true }).fill('测试用户');
  await dialog.getByLabel('初始密码').fill('short');
  await dialog.getByLabel('部门', { exact: true }).selectOption({ label: '市交通运输局' });
  await dialog.getByLabel('部门填报员').check();
  await dialog.getByLabel('审批人').check();
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByText('密码至少需要 8 位。')).toBeVisible();
  await expect(dialog.getByLabel('初始密码')).toHaveAttribute('aria-invalid', 'true');
  await dialog.getByLabel('初始密码').fill('Str0ng-pass');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toBeHidden();
  await page.getByPlaceholder('按用户名或姓名搜索').fill(username);
  const row = page.getByRole('row', { name: new RegExp(username) });
  await expect(row).toContainText('市交通运输局');
  await expect(row).toContainText('部门填报员');
  await expect(row).toContainText('审批人');
  await page.screenshot({ path: 'test-results/admin-users.png', fullPage: true });

  const other = await browser.newContext();
  const p2 = await other.newPage();
  await signInViaForm(p2, username, 'Str0ng-pass');
  await expect(p2.getByTestId('whoami')).toContainText('测试用户');
  await expect(p2.getByTestId('whoami')).toContainText('审批人');
  await other.close();
});

test('an admin adds a department and sees it in the list', async ({ page }) => {
  await signInViaApi(page, 'admin');
  await page.goto('/admin/departments');
  await page.getByRole('button', { name: '新建部门' }).click();
  const dialog = page.getByRole('dialog');
  const code = `E${Date.now().toString(36).toUpperCase()}`;
  await dialog.getByLabel('编码').fill(code);
  await dialog.getByLabel('中文名称').fill('市统计局');
  await dialog.getByLabel('英文名称').fill('Statistics Bureau');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('row', { name: new RegExp(code) })).toContainText('市统计局');
});
