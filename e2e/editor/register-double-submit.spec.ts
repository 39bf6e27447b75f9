import { expect, signInViaApi, test, call } from '../fixtures';

/**
 * Issue 18 for register submit dialogs, and issue 11's 参与编辑人: a double click on the dialog's
 * 提交审批 opens one change request (no conflict message), and the entry page names everyone who
 * wrote the version.
 */
const stamp = String(Date.now()).slice(-6);


test('a double click in the submit dialog opens one change request; the entry page lists the contributors', async ({ page }) => {
  const code = `CL-1${stamp.slice(-5)}`;
  await signInViaApi(page, 'editor');
  await call(page, 'register.create', { kindCode: 'credit-list', code, content: { name: `双击名单${stamp}`, legalBasis: [{ name: '国办发〔2020〕49号文' }] } });
  await page.goto(`/registers/credit-list/${code}`);
  await expect(page.getByTestId('contributors')).toContainText('参与编辑人：信用办编辑');
  await page.getByRole('button', { name: '提交审批' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: '提交审批' }).dblclick();
  await expect(page.getByText(/待审批发布/)).toBeVisible();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText(/保存冲突|不能修改/)).toHaveCount(0);
  await page.screenshot({ path: 'test-results/double-submit-register.png', fullPage: true });
  const entry = await call<{ requests: { status: string }[] }>(page, 'register.entry', { kindCode: 'credit-list', code }, 'query');
  expect(entry.requests).toHaveLength(1);
  expect(entry.requests[0]!.status).toBe('open');
});
