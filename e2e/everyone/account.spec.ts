import { createAccount, expect, signInViaForm, test } from '../fixtures';

test('a user changes their own password on 我的账号; wrong current password and a mismatch are refused on the field', async ({ page, browser }) => {
  const username = `pw.${Date.now().toString(36)}`;
  await createAccount(browser, { username, name: '改密测试员', password: 'First-pass1', departmentCode: 'SCJG', roles: ['filler'] });
  await signInViaForm(page, username, 'First-pass1');
  await page.getByRole('link', { name: '我的账号' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText(username, { exact: true })).toBeVisible();
  await expect(page.getByText('用户名和姓名只能由系统管理员修改。')).toBeVisible();

  await page.getByLabel('当前密码').fill('not-the-one');
  await page.getByLabel('新密码', { exact: true }).fill('Second-pass2');
  await page.getByLabel('再次输入新密码').fill('Second-pass3');
  await page.getByRole('button', { name: '修改密码' }).click();
  await expect(page.getByText('两次输入的新密码不一致。')).toBeVisible();
  await page.getByLabel('再次输入新密码').fill('Second-pass2');
  await page.getByRole('button', { name: '修改密码' }).click();
  await expect(page.getByText('当前密码不正确。')).toBeVisible();
  await expect(page.getByLabel('当前密码')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('当前密码').fill('First-pass1');
  await page.getByRole('button', { name: '修改密码' }).click();
  await expect(page.getByText('密码已修改。')).toBeVisible();
  await expect(page.getByLabel('当前密码')).toHaveValue('');
  await page.screenshot({ path: 'test-results/account-password.png', fullPage: true });

  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await signInViaForm(page, username, 'First-pass1');
  await expect(page.getByRole('alert').filter({ hasText: '用户名或密码' })).toBeVisible();
  await signInViaForm(page, username, 'Second-pass2');
  await expect(page.getByTestId('whoami')).toContainText('改密测试员');
});
