import { expect, signInViaApi, test } from '../fixtures';

test('an editor maintains the working-day calendar: a day off is added and shows in the year', async ({ page }) => {
  const year = new Date().getFullYear();
  await signInViaApi(page, 'editor');
  await page.goto('/calendar');
  // Wait until the page is interactive (the year's days have loaded): a value typed before hydration is lost.
  const days = page.getByTestId('calendar-days');
  await expect(days).toContainText(`${year}-01-01`);
  await page.getByLabel('日期').fill(`${year}-03-03`);
  await page.getByLabel('类型').selectOption('holiday');
  await page.getByLabel('说明').fill('临时调整（测试）');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(days).toContainText(`${year}-03-03`);
  await expect(days).toContainText('临时调整（测试）');
  await page.screenshot({ path: 'test-results/calendar.png', fullPage: true });
  await page.getByLabel('日期').fill(`${year}-03-03`);
  await page.getByLabel('类型').selectOption('');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(days).not.toContainText(`${year}-03-03`);
});
