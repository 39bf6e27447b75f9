import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { usccCheckChar } from '../../forms/formats/uscc';
import { expect, ORIGIN, test, signedInAs, acceptedPenalty } from '../fixtures';

/**
 * Objection from the public page (issues 15 and 17): an anonymous visitor — without JavaScript —
 * finds a company on the public site, opens the objection form from its page, first forgets the
 * contact (the form comes back with the typed text kept and the error by the field), then files
 * with a phone number and gets a tracking number and the answer deadline. The tracking page needs
 * the number and the phone: a wrong phone is "not found". 市市场监管局's filler sees the objection in
 * 异议处理 and answers 核实无误; the visitor's tracking page then shows the outcome and the answer.
 * Both new pages pass axe (no serious or critical violation).
 */
const stamp = String(Date.now()).slice(-5);
const SUBJECT = `91410200MA6${stamp.padStart(6, '0')}`.slice(0, 17);
const CODE = SUBJECT + usccCheckChar(SUBJECT);
const NAME = `开封公众异议${stamp}商贸有限公司`;
const PHONE = '138 0013 8000';



async function axe(page: Page, problems: string[]) {
  await expect(page.locator('main h1').first()).toBeVisible();
  const result = await new AxeBuilder({ page }).analyze();
  for (const v of result.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) problems.push(`${page.url()}: ${v.id} (${v.nodes.length})`);
}

test('a visitor files an objection from the public page, tracks it, and reads the department answer', async ({ browser }) => {
  test.setTimeout(240_000);
  // Set-up: an accepted 行政处罚 of 市市场监管局, published on the public site.
  const filler = await signedInAs(browser, 'filler');
  const rec = { id: await acceptedPenalty(filler.page, browser, { code: CODE, name: NAME, number: String(stamp), daysAgo: 15 }) };

  // The visitor, without JavaScript, finds the company and opens the objection form.
  const anon = await browser.newContext({ javaScriptEnabled: false, baseURL: ORIGIN });
  const visitor = await anon.newPage();
  const problems: string[] = [];
  await visitor.goto('/public');
  await visitor.getByLabel('统一社会信用代码或名称').fill(CODE);
  await visitor.getByRole('button', { name: '查询' }).click();
  await visitor.getByRole('link', { name: NAME }).click();
  await visitor.getByRole('link', { name: '提出异议申请' }).click();
  await expect(visitor.getByRole('heading', { level: 1, name: '对公示信息提出异议' })).toBeVisible();
  await visitor.getByRole('radio', { name: /行政处罚/ }).check();
  await visitor.getByRole('checkbox', { name: '罚款金额（万元）' }).check();
  const content = '本公司已于决定书送达后全额缴纳罚款，罚款金额应为 2 万元，登记为 3 万元有误。';
  await visitor.getByLabel(/异议内容和理由/).fill(content);
  await visitor.getByLabel(/联系人姓名/).fill('王经理');
  await visitor.getByRole('button', { name: '提交异议' }).click();
  // No phone or e-mail: the form comes back with the text kept and the error by the contact fields.
  await expect(visitor.getByRole('alert')).toContainText('请修改下列标出的内容后重新提交');
  await expect(visitor.getByText('请填写联系电话或电子邮箱（至少一项）。')).toBeVisible();
  await expect(visitor.getByLabel(/异议内容和理由/)).toHaveValue(content);
  await expect(visitor.getByLabel(/联系人姓名/)).toHaveValue('王经理');
  await expect(visitor.getByRole('checkbox', { name: '罚款金额（万元）' })).toBeChecked();
  await visitor.getByLabel('联系电话').fill(PHONE);
  await visitor.getByLabel(/佐证材料/).setInputFiles({ name: '缴款凭证.txt', mimeType: 'text/plain', buffer: Buffer.from('缴款凭证：2 万元') });
  await visitor.getByRole('button', { name: '提交异议' }).click();
  await expect(visitor.getByRole('heading', { name: '异议已受理' })).toBeVisible();
  const trackingNo = (await visitor.getByTestId('tracking-no').innerText()).trim();
  expect(trackingNo).toMatch(/^YY-SCJG-\d{4}-\d{5}$/);
  await expect(visitor.getByTestId('answer-due')).toHaveText(/^\d{4}-\d{2}-\d{2}$/);
  await visitor.screenshot({ path: 'test-results/public/objection-filed.png', fullPage: true });

  // Tracking needs the number and the phone given; a wrong phone is "not found".
  await visitor.getByRole('link', { name: '查询办理进度' }).click();
  await expect(visitor.getByRole('heading', { level: 1, name: '异议办理进度查询' })).toBeVisible();
  await visitor.getByLabel('受理编号').fill(trackingNo);
  await visitor.getByLabel('电话或电子邮箱').fill('13900000000');
  await visitor.getByRole('button', { name: '查询' }).click();
  await expect(visitor.getByRole('alert')).toContainText('找不到该异议');
  await expect(visitor.getByTestId('track-result')).toHaveCount(0);
  await visitor.getByLabel('电话或电子邮箱').fill('13800138000');
  await visitor.getByRole('button', { name: '查询' }).click();
  await expect(visitor.getByTestId('track-result')).toContainText('处理中');

  // 市市场监管局 sees it in 异议处理 (异议处理中 in the lookup) and answers 核实无误.
  const fp = filler.page;
  await fp.goto('/objections');
  await fp.getByRole('link', { name: trackingNo }).click();
  await expect(fp.getByText(content)).toBeVisible();
  await fp.getByRole('radio', { name: /^核实无误/ }).check();
  await fp.getByLabel('核实意见和理由').fill('经核实处罚决定书，罚款金额为 3 万元，登记无误。');
  await fp.getByRole('button', { name: '提交答复' }).click();
  await expect(fp.getByTestId('objection-outcome')).toContainText('核实无误');
  await filler.close();

  // Until an approver confirms the answer, the visitor sees it under review, without the answer.
  await visitor.goto('/public/objections/track');
  await visitor.getByLabel('受理编号').fill(trackingNo);
  await visitor.getByLabel('电话或电子邮箱').fill(PHONE);
  await visitor.getByRole('button', { name: '查询' }).click();
  await expect(visitor.getByTestId('track-result')).toContainText('已答复，待审核');
  await expect(visitor.getByTestId('track-result')).not.toContainText('罚款金额为 3 万元，登记无误');
  const approver = await signedInAs(browser, 'approver');
  await approver.page.goto('/objections');
  await approver.page.getByRole('link', { name: trackingNo }).click();
  await approver.page.getByRole('button', { name: '同意' }).click();
  await expect(approver.page.getByTestId('objection-outcome')).toContainText('审核人');
  await approver.close();

  // The visitor's tracking page shows the outcome and the answer, and no staff name.
  await visitor.goto('/public/objections/track');
  await visitor.getByLabel('受理编号').fill(trackingNo);
  await visitor.getByLabel('电话或电子邮箱').fill(PHONE);
  await visitor.getByRole('button', { name: '查询' }).click();
  const result = visitor.getByTestId('track-result');
  await expect(result).toContainText('已办结');
  await expect(result).toContainText('核实无误，维持原公示信息');
  await expect(result).toContainText('罚款金额为 3 万元，登记无误');
  await expect(visitor.locator('main')).not.toContainText(/filler|填报员|答复人/);
  await visitor.screenshot({ path: 'test-results/public/objection-tracked.png', fullPage: true });
  await anon.close();

  // axe runs in the page, so with JavaScript: the form, the form with errors, the tracking page.
  const axeCtx = await browser.newContext({ baseURL: ORIGIN });
  const a = await axeCtx.newPage();
  await a.goto(`/public/objections/new?subject=${CODE}`);
  await axe(a, problems);
  await a.getByRole('button', { name: '提交异议' }).click();
  await expect(a.locator('main').getByRole('alert')).toContainText('请修改下列标出的内容后重新提交');
  await axe(a, problems);
  await a.screenshot({ path: 'test-results/public/objection-errors.png', fullPage: true });
  await a.goto('/public/objections/track');
  await axe(a, problems);
  await axeCtx.close();
  expect(problems).toEqual([]);
});
