import { expect, signInViaApi, test } from '../fixtures';

/**
 * While the database is briefly unavailable (a failover), a signed-in person is told to try again
 * in a moment — not sent to the sign-in page — and the page comes back with one click once the
 * database answers. The outage is simulated by the E2E hook /api/test/db-fault (session lookups of
 * this instance fail as a dropped connection does).
 */
test('a signed-in filler sees "try again" during a database outage, not the sign-in page, and carries on after', async ({ page }) => {
  await signInViaApi(page, 'filler');
  await page.goto('/records');
  await expect(page.getByTestId('whoami')).toBeVisible();

  expect((await page.request.post('/api/test/db-fault', { data: { requests: 1000 } })).status()).toBe(200);
  try {
    await page.goto('/records');
    await expect(page.getByRole('heading', { name: '页面暂时无法打开' })).toBeVisible();
    await expect(page.getByRole('alert').filter({ hasText: '页面暂时无法打开' })).toContainText('您的登录状态不受影响');
    await expect(page).not.toHaveURL(/sign-in/);
    // an API call meanwhile: 503 with the retry message in the user's language, not 401 "please sign in"
    const api = await page.request.get('/api/trpc/record.fillable');
    expect(api.status()).toBe(503);
    expect(api.headers()['retry-after']).toBe('2');
    expect(JSON.stringify(await api.json())).toContain('数据库暂时无法访问');
    await page.screenshot({ path: 'test-results/database-unavailable.png', fullPage: true });
  } finally {
    await page.request.delete('/api/test/db-fault');
  }

  await page.getByRole('button', { name: '重试' }).click();
  await expect(page.getByTestId('whoami')).toBeVisible();
  await expect(page).toHaveURL(/\/records$/);
});
