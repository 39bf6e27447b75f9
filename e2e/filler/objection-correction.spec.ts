import { usccCheckChar } from '../../forms/formats/uscc';
import { expect, test, signedInAs, acceptedPenalty } from '../fixtures';

/**
 * Objection → 已修正 (issue 15): 市生态环境局 registers a subject's objection to a 行政处罚 record of
 * 市市场监管局 (the disputed item ticked, the content stated); 市市场监管局 finds it in 我的待办,
 * answers 已修正 with the corrected fine; the office's approver confirms the answer (four eyes); the
 * record is a new revision, the old one readable, and the
 * subject lookup shows the corrected data with the revision's diff in plain language.
 */
const stamp = String(Date.now()).slice(-5);
const SUBJECT = `91410200MA5${stamp.padStart(6, '0')}`.slice(0, 17);
const CODE = SUBJECT + usccCheckChar(SUBJECT);
const NAME = `开封异议${stamp}建材有限公司`;



test('an objection on a 行政处罚 record is answered 已修正; the lookup shows the corrected data and the revision diff', async ({ browser }) => {
  test.setTimeout(240_000);
  // Set-up: an accepted 行政处罚 record of 市市场监管局 (fine 3 万元).
  const filler = await signedInAs(browser, 'filler');
  const rec = { id: await acceptedPenalty(filler.page, browser, { code: CODE, name: NAME, number: String(stamp), daysAgo: 20 }) };

  // The record page shows its class and dates from the disclosure rule in force on its decision date.
  await filler.page.goto(`/records/${rec.id}`);
  await expect(filler.page.getByTestId('record-disclosure')).toContainText('公示中');
  await expect(filler.page.getByTestId('record-disclosure')).toContainText('一般');
  await expect(filler.page.getByTestId('public-until')).not.toHaveText('—');
  // The rule by its name (the version that judged the record), its code only beside it.
  await expect(filler.page.getByTestId('record-disclosure')).toContainText('行政处罚信息公示与修复规则');

  // 市生态环境局 registers the subject's objection.
  const other = await signedInAs(browser, 'filler2');
  const op = other.page;
  // At its counter: the lookup, then 登记异议 on the record (another department's record, so no record page).
  await op.goto('/lookup');
  await op.getByLabel('统一社会信用代码或主体名称').fill(CODE);
  await op.getByLabel('查询事由 *').fill('受理主体异议');
  await op.getByRole('button', { name: '查询' }).click();
  await op.getByTestId('records-XZCF').locator('summary').click();
  await op.getByTestId('records-XZCF').getByRole('link', { name: '登记异议' }).click();
  await expect(op).toHaveURL(new RegExp(`/objections/new\\?record=${rec.id}$`));
  await expect(op.getByText(NAME)).toBeVisible();
  await op.getByRole('checkbox', { name: '罚款金额（万元）' }).check();
  await op.getByRole('button', { name: '提交异议' }).click();
  await expect(op.locator('#objection-content-error')).toContainText('请填写异议内容说明');
  await op.getByLabel('异议内容说明').fill('罚款金额登记错误：处罚决定书载明罚款 2 万元，登记为 3 万元。');
  await op.getByRole('button', { name: '提交异议' }).click();
  await expect(op).toHaveURL(/\/objections\/[0-9a-f-]{36}$/);
  await expect(op.getByTestId('tracking-no')).toContainText(/^YY-SCJG-\d{4}-\d{5}$/);
  await other.close();

  // The lookup shows 异议处理中 on the record while it is open.
  const fp = filler.page;
  await fp.goto('/lookup');
  await fp.getByLabel('统一社会信用代码或主体名称').fill(CODE);
  await fp.getByLabel('查询事由 *').fill('核查异议记录');
  await fp.getByRole('button', { name: '查询' }).click();
  await fp.getByTestId('records-XZCF').locator('summary').click();
  await expect(fp.getByTestId('disclosure-line').first()).toContainText('异议处理中');

  // 市市场监管局 answers from its inbox: 已修正, with the corrected fine.
  await fp.goto('/tasks');
  const item = fp.getByTestId('inbox-item').filter({ hasText: NAME });
  await expect(item).toContainText('异议待答复');
  await item.getByRole('link').first().click();
  await expect(fp).toHaveURL(/\/objections\//);
  await fp.getByRole('radio', { name: /^已修正/ }).check();
  await fp.getByLabel('罚款金额（万元）').fill('2');
  await fp.getByLabel('核实意见和理由').fill('经核实处罚决定书，罚款金额为 2 万元，登记有误，予以更正。');
  await fp.getByRole('button', { name: '提交答复' }).click();
  // Four eyes: the answer waits for an approver; the record is not corrected yet.
  await expect(fp.getByRole('status').filter({ hasText: '答复待审批人审核' })).toBeVisible();
  await expect(fp.getByTestId('proposed-changes')).toContainText(/罚款金额（万元）.*3.*2/);
  await expect(fp.getByRole('button', { name: '同意' })).toHaveCount(0);

  // The approver finds it in 我的待办, reads the proposed correction and confirms it.
  const approver = await signedInAs(browser, 'approver');
  const ap = approver.page;
  await ap.goto('/tasks');
  const review = ap.getByTestId('inbox-item').filter({ hasText: NAME });
  await expect(review).toContainText('异议答复待审核');
  await review.getByRole('link').first().click();
  await expect(ap.getByTestId('proposed-changes')).toContainText(/罚款金额（万元）.*3.*2/);
  await ap.screenshot({ path: 'test-results/objection-review.png', fullPage: true });
  await ap.getByRole('button', { name: '同意' }).click();
  await expect(ap.getByTestId('objection-outcome')).toContainText('审核人 信用办审批人');
  await approver.close();

  await fp.reload();
  await expect(fp.getByTestId('objection-outcome')).toContainText('已修正');
  await expect(fp.getByTestId('revision-diff')).toContainText('罚款金额（万元）');
  await fp.screenshot({ path: 'test-results/objection-corrected.png', fullPage: true });

  // The lookup: corrected data, no open objection, and the revision's diff.
  await fp.goto('/lookup');
  await fp.getByLabel('统一社会信用代码或主体名称').fill(CODE);
  await fp.getByLabel('查询事由 *').fill('核查更正结果');
  await fp.getByRole('button', { name: '查询' }).click();
  const group = fp.getByTestId('records-XZCF');
  await group.locator('summary').click();
  await expect(group).toContainText('罚款金额（万元）2');
  await expect(group.getByTestId('disclosure-line').first()).not.toContainText('异议处理中');
  await expect(group.getByTestId('revision-diff')).toContainText(/罚款金额（万元）.*3.*2/);
  await fp.screenshot({ path: 'test-results/objection-lookup.png', fullPage: true });
  await filler.close();
});
