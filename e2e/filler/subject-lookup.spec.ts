import { expect, signInViaApi, test } from '../fixtures';

// Seeded (server/seed/grading.ts, demo mode): the published model GM-SCJG-2024 and demo subject 1,
// 开封恒通建材有限公司 (demoCompany(1), USCC 91410200MA4000001U): no penalty, one licence in the latest completed year.
const MODEL = 'GM-SCJG-2024';
const USCC = '91410200MA4000001U';
const NAME = '开封恒通建材有限公司';

test('a filler looks a subject up with a purpose and sees grade, explanation and measures; the auditor finds the lookup in the query log', async ({ page, browser }) => {
  const purpose = `办理食品经营许可证延续 E2E-${Date.now().toString(36)}`;

  // An editor evaluates the seeded model, so the subject has a current grade.
  const ectx = await browser.newContext();
  const ed = await ectx.newPage();
  await signInViaApi(ed, 'editor');
  await ed.goto(`/grading/${MODEL}/runs`);
  await ed.getByRole('button', { name: '开始评价' }).click();
  await expect(ed.getByTestId('run-progress')).toHaveAttribute('aria-valuenow', '100', { timeout: 60_000 });
  await ectx.close();

  // The filler: no purpose, no lookup.
  await signInViaApi(page, 'filler');
  await page.goto('/lookup');
  await page.getByLabel('统一社会信用代码或主体名称').fill(USCC);
  await page.getByRole('button', { name: '查询', exact: true }).click();
  await expect(page.locator('#lookup-purpose-error')).toBeVisible();
  await expect(page.getByLabel('查询事由 *')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('查询事由 *').fill(purpose);
  await page.getByRole('button', { name: '查询', exact: true }).click();
  const subject = page.getByTestId('lookup-subject').filter({ hasText: NAME });
  await expect(subject).toBeVisible();
  // The latest period first: journeys that ran before may have graded an earlier period too.
  const grade = subject.getByTestId(`grade-${MODEL}`).first();
  await expect(grade).toContainText('市场监管领域企业信用监管评价模型');
  await expect(grade.getByTestId('grade-value')).toContainText('A');
  await expect(grade.getByTestId('explanation')).toContainText('行政处罚次数');
  await expect(grade.getByTestId('measures')).toContainText('双随机抽查比例：0% – 5%');
  await expect(grade.getByTestId('measures')).toContainText('同一主体每年不超过 1 次');
  await expect(subject.getByTestId('records-XZXK')).toBeVisible();
  await page.screenshot({ path: 'test-results/subject-lookup.png', fullPage: true });

  // The auditor finds exactly that lookup: who, whom, why.
  const actx = await browser.newContext();
  const au = await actx.newPage();
  await signInViaApi(au, 'auditor');
  await au.goto('/audit/query-log');
  await au.getByLabel('事由').fill(purpose);
  const row = au.getByRole('row').filter({ hasText: purpose });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('市场监管局填报员');
  await expect(row).toContainText(USCC);
  await au.screenshot({ path: 'test-results/query-log.png', fullPage: true });
  await actx.close();
});
