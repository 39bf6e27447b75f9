import { DEMO, expect, signInViaForm, test, type DemoUser } from '../fixtures';

const NAV: Record<DemoUser, string[]> = {
  admin: ['工作台', '清单管理', '信用记录', '信用承诺', '评价模型', '逢办必查', '信用名单', '异议处理', '信用修复', '主体名称核查', '信用变更同步', '审批流程', '我的待办', '流程绑定', '工作日历', '用户管理', '部门管理', '接口客户端', '审计日志'],
  editor: ['工作台', '清单管理', '信用记录', '信用承诺', '评价模型', '双随机抽查', '逢办必查', '信用名单', '异议处理', '信用修复', '主体名称核查', '信用变更同步', '审批流程', '我的待办', '流程绑定', '工作日历'],
  filler: ['工作台', '清单管理', '信用记录', '信用承诺', '双随机抽查', '逢办必查', '信用名单', '异议处理', '信用修复', '我的待办'],
  filler2: ['工作台', '清单管理', '信用记录', '信用承诺', '双随机抽查', '逢办必查', '信用名单', '异议处理', '信用修复', '我的待办'],
  approver: ['工作台', '清单管理', '信用记录', '信用承诺', '评价模型', '逢办必查', '信用名单', '异议处理', '信用修复', '审批流程', '我的待办', '待审批'],
  auditor: ['工作台', '清单管理', '信用记录', '信用承诺', '评价模型', '信用名单', '异议处理', '信用修复', '信用变更同步', '审批流程', '流程绑定', '审计日志', '查询日志'],
};

test.describe('sign-in', { tag: '@smoke' }, () => {
  for (const user of Object.keys(NAV) as DemoUser[]) {
    test(`${user} signs in and sees their own navigation`, async ({ page }) => {
      await signInViaForm(page, user, DEMO[user]);
      await expect(page).toHaveURL(/\/$/);
      const nav = page.getByTestId('main-nav');
      await expect(nav.getByRole('link')).toHaveText(NAV[user]);
      await expect(page.getByTestId('whoami')).toBeVisible();
    });
  }

  test('shows the zh-CN sign-in page with demo accounts, and a clear message for a wrong password', async ({ page }) => {
    await page.goto('/sign-in');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByRole('heading', { name: '信用目录治理平台' })).toBeVisible();
    await expect(page.getByText('演示账号（仅演示模式显示）')).toBeVisible();
    await page.screenshot({ path: 'test-results/sign-in.png', fullPage: true });
    await signInViaForm(page, 'editor', 'not-the-password');
    await expect(page.getByRole('alert').filter({ hasText: '用户名或密码' })).toHaveText('用户名或密码错误，请重新输入。');
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  test('an anonymous visitor is sent to the sign-in page', async ({ page }) => {
    await page.goto('/admin/users');
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  test('switches to English and keeps the choice after a reload and a new sign-in', async ({ page }) => {
    await signInViaForm(page, 'auditor', DEMO.auditor);
    await expect(page.getByTestId('main-nav')).toContainText('审计日志');
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByTestId('main-nav')).toContainText('Audit log');
    await page.reload();
    await expect(page.getByTestId('main-nav')).toContainText('Audit log');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(page.getByRole('heading', { name: 'Credit Catalog Governance' })).toBeVisible();
    await page.getByRole('button', { name: '中文' }).click();
    await expect(page.getByRole('heading', { name: '信用目录治理平台' })).toBeVisible();
  });
});
