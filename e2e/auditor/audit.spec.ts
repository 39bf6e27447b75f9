import { readFileSync } from 'node:fs';
import { expect, signInViaApi, test } from '../fixtures';

test('the auditor sees sign-ins in the log, verifies the chain and downloads the filtered CSV', { tag: '@smoke' }, async ({ page }) => {
  await signInViaApi(page, 'auditor');
  await page.goto('/audit');
  // Filters are chosen by name from lists, and rows name people and departments.
  await page.getByLabel('动作').selectOption('auth.sign_in');
  const first = page.getByRole('row').nth(1);
  await expect(first).toContainText('登录');
  await expect(first).toContainText('审计员');
  await expect(first).toContainText('信用办');
  await page.getByRole('button', { name: '校验哈希链' }).click();
  await expect(page.getByTestId('verify-result')).toContainText('哈希链完整');
  await page.screenshot({ path: 'test-results/audit.png', fullPage: true });

  const downloadPromise = page.waitForEvent('download');
  // The export is fetched as a stream (progress bar), then saved as a file.
  await page.getByRole('button', { name: '导出 CSV' }).click();
  const download = await downloadPromise;
  const file = await download.path();
  const text = readFileSync(file, 'utf8');
  const lines = text.trim().split('\n');
  expect(lines[0]).toContain('序号,时间,操作人,角色,部门,动作');
  expect(lines.length).toBeGreaterThan(1);
  expect(lines.slice(1).every((l) => l.includes('auth.sign_in'))).toBe(true);
});
