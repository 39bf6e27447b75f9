import { expect, fillSubject, signInViaApi, test } from '../fixtures';

/**
 * Issue #18 "the subject is asked twice" and "errors only on submit", issue #12 "codes as people
 * type them": on the 行政许可 form the subject is given once, in the header; the body's subject
 * fields follow it and cannot be typed into; a wrong check character is said when a code field is
 * left (header and body), and codes typed in full width or lower case are corrected.
 */
test('a filler gives the subject once: the body follows the header, check-character errors show on blur, codes are corrected as typed', async ({ page }) => {
  await signInViaApi(page, 'filler');
  await page.goto('/records/new?item=XZXK');
  await expect(page.getByText('填报：行政许可信息')).toBeVisible();

  await fillSubject(page, { code: '91350100M000100Y43', name: '福州某某科技有限公司' });
  const bodyName = page.getByLabel(/^行政相对人名称/);
  const bodyType = page.getByLabel(/^行政相对人类别/);
  const bodyCode = page.getByLabel(/^行政相对人代码_1/);
  await expect(bodyName).toHaveValue('福州某某科技有限公司');
  await expect(bodyType).toHaveValue('法人及非法人组织');
  await expect(bodyCode).toHaveValue('91350100M000100Y43');
  // Locked: typing into the body's code changes nothing.
  await expect(bodyCode).toHaveAttribute('readonly', '');
  await bodyCode.pressSequentially('X');
  await expect(bodyCode).toHaveValue('91350100M000100Y43');

  // The header's code with a wrong check character: said on leaving the field, before any submit.
  const headerCode = page.getByLabel('统一社会信用代码 *');
  await headerCode.fill('91350100M000100Y4X');
  await headerCode.press('Tab');
  await expect(page.locator('#subject-code-error')).toHaveText('「统一社会信用代码」校验位错误：第18位应为“3”。');
  await expect(bodyCode).toHaveValue('91350100M000100Y4X');

  // A code field of the body, left with a wrong check character: the same message, at once.
  const authority = page.getByLabel(/^许可机关统一社会信用代码/);
  await authority.fill('11110000000013127A');
  await authority.press('Tab');
  await expect(page.locator('#rec-XK_XKJGDM-error')).toHaveText('「许可机关统一社会信用代码」校验位错误：第18位应为“H”。');
  await expect(authority).toHaveAttribute('aria-invalid', 'true');
  await page.screenshot({ path: 'test-results/subject-once-blur-errors.png', fullPage: true });

  // Typed again in full width and lower case: corrected when left, and the errors go.
  await headerCode.fill('９１３５０１００m000100y43');
  await headerCode.press('Tab');
  await expect(headerCode).toHaveValue('91350100M000100Y43');
  await expect(page.locator('#subject-code-error')).toHaveCount(0);
  await expect(bodyCode).toHaveValue('91350100M000100Y43');
  await authority.fill(' 11110000000013127h');
  await authority.press('Tab');
  await expect(authority).toHaveValue('11110000000013127H');
  await expect(page.locator('#rec-XK_XKJGDM-error')).toHaveCount(0);

  // A natural person: the ID number goes to the ID field, the USCC field empties.
  await fillSubject(page, { type: '自然人', code: '11010519491231002x', name: '李四' });
  await expect(page.getByLabel('居民身份证号码 *')).toHaveValue('11010519491231002X');
  await expect(page.getByLabel(/^证件号码 \(自然人\)/)).toHaveValue('11010519491231002X');
  await expect(bodyCode).toHaveValue('');
  await expect(bodyType).toHaveValue('自然人');

  // Back to the company, the rest filled in, submitted: what is stored agrees with the header.
  await fillSubject(page, { type: '法人及非法人组织', code: '91350100M000100Y43', name: '福州某某科技有限公司' });
  await page.getByLabel(/^行政许可决定文书名称/).fill('准予行政许可决定书');
  await page.getByLabel(/^行政许可决定文书号/).fill('榕市监许〔2024〕8号');
  await page.getByLabel(/^许可类别/).selectOption('普通');
  await page.getByLabel(/^许可证书名称/).fill('食品经营许可证');
  await page.getByLabel(/^许可内容/).fill('预包装食品销售');
  await page.getByLabel(/^许可决定日期/).fill('2024-09-27');
  await page.screenshot({ path: 'test-results/subject-once-filled.png', fullPage: true });
  await page.getByRole('button', { name: '提交', exact: true }).click();
  // 行政许可 is bound to the demo review flow: the path is shown before anything is sent.
  const confirm = page.getByRole('dialog').filter({ hasText: '审批路径预测' });
  await expect(confirm).toContainText('信用办审核');
  await confirm.getByRole('button', { name: '确认提交' }).click();
  await expect(page).toHaveURL(/\/records\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('subject-code')).toHaveText('91350100M000100Y43');
  const row = (label: string) => page.locator('dt', { hasText: label }).locator('xpath=following-sibling::dd[1]');
  await expect(row('行政相对人代码_1')).toHaveText('91350100M000100Y43');
  await expect(row('行政相对人名称')).toHaveText('福州某某科技有限公司');
  await expect(row('证件号码 (自然人)')).toHaveText('—');
});

test('in English the 行政许可 form reads in English: labels, help, options and the subject types', async ({ page }) => {
  await signInViaApi(page, 'filler');
  await page.goto('/records/new?item=XZXK');
  await page.getByRole('button', { name: 'English', exact: true }).click();
  await expect(page.getByLabel('Name of the party concerned')).toBeVisible();
  await expect(page.getByLabel('Subject type *')).toContainText('Legal person or unincorporated organisation');
  await expect(page.getByLabel(/^Licence category/).locator('option')).toHaveText(['Select…', 'General', 'Concession', 'Recognition', 'Approval', 'Registration', 'Other']);
  const labels = await page.locator('form label, form legend').allInnerTexts();
  expect(labels.length).toBeGreaterThan(20);
  expect(labels.filter((l) => /[\u4e00-\u9fff]/.test(l))).toEqual([]);
  await page.screenshot({ path: 'test-results/subject-once-english.png', fullPage: true });
});
