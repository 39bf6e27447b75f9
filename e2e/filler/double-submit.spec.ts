import { expect, ORIGIN, signInViaApi, test, call } from '../fixtures';

/**
 * Issue 18 "Double submission": a double click on 提交, or a click while 「已提交审核」 shows and
 * the page has not moved on yet, submits the record once — the form stays disabled until the
 * record page opens, and a submit sent twice with the form session's key returns the first record.
 */
const stamp = String(Date.now()).slice(-6);


test('a double click on 提交 submits the record once; the page names who filled it', async ({ page }) => {
  const name = `开封双击${stamp}建材有限公司`;
  await signInViaApi(page, 'filler');
  await page.goto('/records/new?item=XZCF');
  await page.getByLabel('统一社会信用代码 *').fill('12440300MB2C92173E');
  await page.getByLabel('主体名称 *').fill(name);
  await expect(page.getByLabel(/^行政相对人名称/)).toHaveValue(name);
  await expect(page.getByLabel(/^行政相对人类别/)).toHaveValue('法人及非法人组织');
  await page.getByLabel(/^处罚决定日期/).fill('2024-09-27');
  const submit = page.getByRole('button', { name: '提交', exact: true });
  await submit.dblclick();
  // 「已提交审核」 is shown while the page moves on: nothing on the form can be sent again.
  await expect(page.getByText('已提交审核')).toBeVisible();
  await submit.click({ timeout: 1_000 }).catch(() => undefined);
  await expect(page).toHaveURL(/\/records\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('contributors')).toContainText('参与编辑人：市场监管局填报员');
  await page.screenshot({ path: 'test-results/double-submit-record.png', fullPage: true });
  const list = await call<{ total: number }>(page, 'record.list', { q: name, page: 1, pageSize: 20 }, 'query');
  expect(list.total).toBe(1);
});

test('the same submit sent twice at once with one form session key makes one record', async ({ page }) => {
  const name = `开封重试${stamp}建材有限公司`;
  await signInViaApi(page, 'filler');
  const form = await call<{ version: number }>(page, 'record.form', { code: 'XZCF' }, 'query');
  const input = {
    catalogCode: 'XZCF',
    catalogVersion: form.version,
    subjectType: '法人及非法人组织',
    subjectCode: '12440300MB2C92173E',
    subjectName: name,
    data: { CF_XDR_MC: name, CF_XDR_LB: '法人及非法人组织', CF_WSH: `汴市监罚〔2024〕${stamp}号`, CF_CFLB: '罚款', CF_JDRQ: '2024-09-27', CF_NR_FK: 1.5 },
    idempotencyKey: `e2e-session-${stamp}`,
  };
  const [a, b] = await Promise.all([call<{ id: string }>(page, 'record.submit', input), call<{ id: string }>(page, 'record.submit', input)]);
  expect(a.id).toBe(b.id);
  const list = await call<{ total: number }>(page, 'record.list', { q: name, page: 1, pageSize: 20 }, 'query');
  expect(list.total).toBe(1);
  // The key belongs to that content: reused for another record it is refused.
  const res = await page.request.post('/api/trpc/record.submit', { data: { json: { ...input, subjectName: `${name}二` } }, headers: { origin: ORIGIN } });
  expect(res.status()).toBe(409);
});
