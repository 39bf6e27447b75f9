import { expect, signInViaApi, test } from '../fixtures';

test('a filler is refused on admin and audit pages, and by the API and the download', { tag: '@smoke' }, async ({ page }) => {
  await signInViaApi(page, 'filler');
  await page.goto('/admin/users');
  await expect(page.getByTestId('forbidden')).toContainText('无权访问');
  await expect(page.getByText('filler2')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/filler-forbidden.png', fullPage: true });
  await page.goto('/audit');
  await expect(page.getByTestId('forbidden')).toContainText('无权访问');

  const api = await page.request.get('/api/trpc/user.list?input=' + encodeURIComponent(JSON.stringify({ json: { page: 1, pageSize: 10 } })));
  expect(api.status()).toBe(403);
  const download = await page.request.get('/api/audit/export');
  expect(download.status()).toBe(403);
});

test('an anonymous caller gets 401 from the API and the download', { tag: '@smoke' }, async ({ request }) => {
  expect((await request.get('/api/trpc/me.get')).status()).toBe(401);
  expect((await request.get('/api/audit/export')).status()).toBe(401);
});
