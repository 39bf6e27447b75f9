import { expect, signInViaApi, test } from '../fixtures';

/**
 * The red list's grade condition is ticked among the chosen grading model's grades, by name, and
 * follows the model when another is chosen; nothing is typed as a code. The published red list
 * shows its grades as a list, not as data.
 */
test('an incentive list’s eligible grades are ticked among the chosen model’s grades', async ({ page }) => {
  await signInViaApi(page, 'editor');
  await page.goto('/registers/credit-list/CL-HMD');
  const shown = (label: string) => page.locator('dt', { hasText: label }).locator('xpath=following-sibling::dd[1]');
  await expect(shown('入选条件：评价等级')).toHaveText('A');

  await page.goto('/registers/credit-list/new');
  await page.getByLabel('性质').selectOption('incentive');
  const grades = page.getByRole('group', { name: '入选条件：评价等级' });
  await expect(grades).toContainText('先在上面选择评价模型');
  await expect(grades.getByRole('checkbox')).toHaveCount(0);

  const model = page.getByLabel('入选条件：评价模型');
  await model.selectOption('GM-SCJG-2024');
  await expect(grades.getByRole('checkbox')).toHaveCount(5);
  await expect(grades.locator('label')).toHaveText(['A 优秀', 'B 良好', 'C 中等', 'D 较差', 'E 差']);
  await grades.getByRole('checkbox', { name: 'A 优秀' }).check();
  await grades.getByRole('checkbox', { name: 'E 差' }).check();

  // Another model: its own grades; a ticked grade it lacks stays visible, ticked, to be taken off.
  await model.selectOption('GM-TAX-NSXY');
  await expect(grades.getByRole('checkbox', { name: 'A级' })).toBeChecked();
  await expect(grades.getByRole('checkbox', { name: 'D级' })).not.toBeChecked();
  const stray = grades.getByRole('checkbox', { name: /E（所选模型中没有此等级/ });
  await expect(stray).toBeChecked();
  await page.screenshot({ path: 'test-results/red-list-grades.png', fullPage: false });
  await stray.click(); // unticked, it leaves the list (uncheck() would look for it afterwards)
  await expect(stray).toHaveCount(0);
  await expect(grades.getByRole('checkbox', { name: 'A级' })).toBeChecked();
});
