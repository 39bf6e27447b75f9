import { createAccount, expect, signInViaApi, signInViaForm, test } from '../fixtures';

test('an admin renames an account (username and name); a taken username is refused on the field; the new name signs in', async ({ page, browser }) => {
  const stamp = Date.now().toString(36);
  await createAccount(browser, { username: `rn.${stamp}`, name: '待改名用户', password: 'Rename-pass1', departmentCode: 'STHJ', roles: ['filler'] });
  await signInViaApi(page, 'admin');
  await page.goto('/admin/users');
  await page.getByPlaceholder('按用户名或姓名搜索').fill(`rn.${stamp}`);
  const row = page.getByRole('row', { name: new RegExp(`rn\\.${stamp}`) });
  await row.getByRole('button', { name: '改名' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('用户名', { exact: true })).toHaveValue(`rn.${stamp}`);
  await dialog.getByLabel('用户名', { exact: true }).fill('admin');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByText('用户名 admin 已被使用，请换一个。')).toBeVisible();
  await dialog.getByLabel('用户名', { exact: true }).fill(`renamed.${stamp}`);
  await dialog.getByLabel('姓名', { exact: true }).fill('已改名用户');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toBeHidden();
  await page.getByPlaceholder('按用户名或姓名搜索').fill(`renamed.${stamp}`);
  await expect(page.getByRole('row', { name: new RegExp(`renamed\\.${stamp}`) })).toContainText('已改名用户');
  await page.screenshot({ path: 'test-results/admin-rename.png', fullPage: true });

  const ctx = await browser.newContext();
  const p2 = await ctx.newPage();
  await signInViaForm(p2, `renamed.${stamp}`, 'Rename-pass1');
  await expect(p2.getByTestId('whoami')).toContainText('已改名用户');
  await ctx.close();
});
