import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { expect, fillSubject, signInViaApi, test } from '../fixtures';

test('a filler fills a penalty record: zh-CN error for a bad USCC, fixed and submitted; another department cannot see it', { tag: '@smoke' }, async ({ page, browser }) => {
  await signInViaApi(page, 'filler');
  await page.goto('/records');
  await page.getByRole('link', { name: /行政处罚信息/ }).click();
  await expect(page).toHaveURL(/\/records\/new\?item=XZCF/);
  // A wrong check character is said as soon as the code field is left, before anything is sent.
  await fillSubject(page, { code: '12440300MB2C92173A', name: '开封某某建材有限公司' });
  await expect(page.locator('#subject-code-error')).toContainText('校验位错误：第18位应为“E”');
  await expect(page.getByLabel('统一社会信用代码 *')).toHaveAttribute('aria-invalid', 'true');
  await page.screenshot({ path: 'test-results/fill-record-error.png', fullPage: true });
  // The subject is asked once: the body's subject fields show the header's, read-only.
  await expect(page.getByLabel(/^行政相对人名称/)).toHaveValue('开封某某建材有限公司');
  await expect(page.getByLabel(/^行政相对人名称/)).toHaveAttribute('readonly', '');
  await page.getByLabel(/^处罚决定日期/).fill('2024-09-27');
  // Typed in lower case with a trailing space: normalised when left, and the error goes.
  await page.getByLabel('统一社会信用代码 *').fill('12440300mb2c92173e ');
  await page.getByLabel('统一社会信用代码 *').press('Tab');
  await expect(page.getByLabel('统一社会信用代码 *')).toHaveValue('12440300MB2C92173E');
  await expect(page.locator('#subject-code-error')).toHaveCount(0);
  await page.getByRole('button', { name: '提交' }).click();
  await expect(page).toHaveURL(/\/records\/[0-9a-f-]{36}$/);
  await expect(page.getByText('开封某某建材有限公司').first()).toBeVisible();
  const url = page.url();

  // 2024-09-27 + 7 working days is long past: the record is flagged overdue.
  await page.goto('/records');
  await expect(page.getByRole('row', { name: /开封某某建材有限公司/ }).first()).toContainText('已逾期');

  const other = await browser.newContext();
  const p2 = await other.newPage();
  await signInViaApi(p2, 'filler2');
  await p2.goto(url);
  await expect(p2.getByRole('alert').filter({ hasText: '找不到该记录' })).toBeVisible();
  await p2.goto('/records');
  await expect(p2.getByText('开封某某建材有限公司')).toHaveCount(0);
  await other.close();
});

test('an auditor sees a natural person’s ID masked until an audited reveal', { tag: '@smoke' }, async ({ page, browser }) => {
  await signInViaApi(page, 'filler');
  await page.goto('/records/new?item=XZCF');
  await fillSubject(page, { type: '自然人', code: '360426199101010071', name: '张三' });
  await page.getByRole('button', { name: '提交' }).click();
  await expect(page).toHaveURL(/\/records\/[0-9a-f-]{36}$/);
  const url = page.url();

  const ctx = await browser.newContext({ acceptDownloads: true });
  const au = await ctx.newPage();
  await signInViaApi(au, 'auditor');
  await au.goto(url);
  await expect(au.getByTestId('subject-code')).toHaveText('3604**********0071');
  await au.screenshot({ path: 'test-results/auditor-masked.png', fullPage: true });
  await au.goto('/records');
  const dl = au.waitForEvent('download');
  await au.getByRole('link', { name: '导出 CSV（按当前筛选）' }).click();
  const csv = readFileSync(await (await dl).path(), 'utf8');
  expect(csv).toContain('3604**********0071');
  expect(csv).not.toContain('360426199101010071');
  const xlsxDl = au.waitForEvent('download');
  await au.getByRole('link', { name: '导出 XLSX' }).click();
  const xlsx = new ExcelJS.Workbook();
  await xlsx.xlsx.readFile(await (await xlsxDl).path());
  const codes = xlsx.getWorksheet('records')!.getColumn(6).values.map(String);
  expect(codes).toContain('3604**********0071');
  expect(codes).not.toContain('360426199101010071');
  await au.goto(url);
  await au.getByLabel('查看事由').fill('核查异议');
  await au.getByRole('button', { name: '查看完整信息' }).click();
  await expect(au.getByTestId('subject-code')).toHaveText('360426199101010071');
  await ctx.close();
});
