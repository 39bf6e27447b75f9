import { expect, test, call, signedInAs } from '../fixtures';

/**
 * Issue 16 (grades put to work): the office opens the red list's candidates — subjects graded A by
 * the 市场监管 model with no penalty in three years and on no sanction list — ticks one and proposes
 * it; the case follows the lists process with the grade as its ground, and the subject leaves the
 * candidates. A department filler cannot open the page.
 */
test('the office proposes a red-list candidate found by grade and clean record; the case names the grade it met', async ({ browser }) => {
  const editor = await signedInAs(browser, 'editor');
  const page = editor.page;
  const { runId } = await call<{ runId: string }>(page, 'grading.startRun', { code: 'GM-SCJG-2024' });
  await expect.poll(async () => (await call<{ status: string }>(page, 'grading.run', { id: runId }, 'query')).status, { timeout: 90_000 }).toBe('done');

  await page.goto('/lists');
  await page.getByRole('link', { name: '红名单候选' }).click();
  await expect(page.getByRole('heading', { name: '激励名单候选主体' })).toBeVisible();
  await expect(page.getByLabel('名单', { exact: true })).toHaveValue('CL-HMD');
  const conditions = page.getByTestId('eligibility-conditions');
  await expect(conditions).toContainText('当前评价等级为 A');
  await expect(conditions).toContainText('近 36 个月');
  const propose = page.getByRole('button', { name: /提出认定/ });
  await expect(propose).toBeDisabled();

  const firstRow = page.getByRole('row').nth(1);
  await expect(firstRow).toContainText('A（');
  const name = (await firstRow.getByRole('link').first().textContent())!.trim();
  await firstRow.getByRole('checkbox').check();
  await expect(page.getByText(`已选：${name}（共 1 个）`)).toBeVisible();
  await page.screenshot({ path: 'test-results/red-list-candidates.png', fullPage: true });
  await propose.click();
  const outcome = page.getByTestId('eligible-outcome');
  await expect(outcome).toContainText('已提出 1 件认定');
  await expect(outcome).toContainText(name);
  // Proposed subjects leave the candidates.
  await expect(page.getByRole('link', { name, exact: true })).toHaveCount(0);

  await outcome.getByRole('link').first().click();
  await expect(page.getByTestId('eligibility-ground')).toContainText('评价等级 A');
  await expect(page.getByTestId('eligibility-ground')).toContainText('无不良记录');
  await expect(page.getByText(name).first()).toBeVisible();
  await expect(page.getByRole('button', { name: '生成告知书' })).toBeVisible();
  await page.screenshot({ path: 'test-results/red-list-case.png', fullPage: true });
  await editor.close();

  // A department filler is refused the page (and the server refuses the procedures: unit tests).
  const filler = await signedInAs(browser, 'filler');
  await filler.page.goto('/lists/eligible');
  await expect(filler.page.getByRole('heading', { name: '激励名单候选主体' })).toHaveCount(0);
  await expect(filler.page.getByRole('link', { name: '红名单候选' })).toHaveCount(0);
  await filler.close();
});
