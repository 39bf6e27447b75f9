import { expect, ORIGIN, signInViaApi, startCatalogItem, test, type DemoUser } from '../fixtures';

const PAGES: Record<Exclude<DemoUser, 'filler2'>, string[]> = {
  admin: ['/', '/admin/users', '/admin/departments', '/audit', '/calendar', '/flows/bindings', '/account'],
  editor: ['/', '/registers', '/registers/sanction-measure', '/registers/info-catalog/XZCF', '/grading', '/flows', '/calendar'],
  filler: ['/', '/records', '/records/new?item=XZCF', '/records/import', '/lookup', '/tasks', '/account'],
  approver: ['/', '/approvals', '/tasks', '/records', '/grading'],
  auditor: ['/', '/audit', '/audit/query-log', '/registers/info-catalog', '/flows'],
};

test('pages carry a fresh nonce CSP, frame and sniffing refusals and a same-origin referrer policy', async ({ page }) => {
  const first = await page.goto('/sign-in');
  const again = await page.goto('/sign-in');
  const csp = first!.headers()['content-security-policy']!;
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(again!.headers()['content-security-policy']).not.toBe(csp);
  expect(first!.headers()).toMatchObject({ 'x-frame-options': 'DENY', 'x-content-type-options': 'nosniff', 'referrer-policy': 'same-origin' });
  // The framework's scripts carry the nonce of this response.
  const nonce = /'nonce-([^']+)'/.exec(again!.headers()['content-security-policy']!)![1]!;
  const scripts = await page.locator('script[src]').evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.every((n) => n === nonce)).toBe(true);
  const api = await page.request.get('/api/health');
  expect(api.headers()).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY' });
});

for (const user of Object.keys(PAGES) as (keyof typeof PAGES)[]) {
  test(`${user}: every page renders and works under the CSP with no violation`, async ({ page, cspViolations: violations }) => {
    await signInViaApi(page, user);
    for (const href of PAGES[user]) {
      const res = await page.goto(href);
      expect(res!.status(), href).toBeLessThan(400);
      await expect(page.locator('main')).toBeVisible();
      await expect(page.getByTestId('whoami')).toContainText(/./);
    }
    expect(violations, violations.join('\n')).toEqual([]);
  });
}

test('the flow designer (React Flow), the form designer (dialog) and toasts run under the CSP', async ({ page, cspViolations: violations }) => {
  test.setTimeout(120_000);
  await signInViaApi(page, 'editor');
  const code = `FLOW-CSP-${String(Date.now()).slice(-6)}`;
  await page.goto('/flows');
  await page.getByTestId('new-flow').click();
  await page.getByLabel('编码', { exact: true }).fill(code);
  await page.getByLabel('流程名称', { exact: true }).fill('内容安全策略检查');
  await page.getByRole('button', { name: '创建并打开设计器' }).click();
  const canvas = page.getByTestId('flow-canvas');
  await expect(canvas.locator('[data-node-type="start"]')).toBeVisible();
  // React Flow positions nodes with inline transforms: the node sits inside the canvas, not at 0,0.
  const node = (await canvas.locator('[data-node-type="start"]').boundingBox())!;
  const box = (await canvas.boundingBox())!;
  expect(node.x).toBeGreaterThan(box.x);
  await page.screenshot({ path: 'test-results/csp-flow-designer.png' });

  await startCatalogItem(page, `CSP${Date.now().toString(36).toUpperCase()}`, '内容安全策略检查项');
  await page.getByRole('button', { name: '打开表单设计器' }).click();
  await expect(page.getByRole('dialog', { name: '表单设计器' })).toBeVisible();
  await page.keyboard.press('Escape');
  expect(violations, violations.join('\n')).toEqual([]);
});

test('the server believes the connection’s address, not a forged X-Forwarded-For', async ({ page, browser }) => {
  const forged = `203.0.113.${Math.floor(Math.random() * 200) + 1}`;
  const res = await page.request.post('/api/auth/sign-in/username', { data: { username: 'nobody-csp', password: 'not-a-password' }, headers: { origin: ORIGIN, 'x-forwarded-for': forged } });
  expect(res.status()).toBe(401);
  const ctx = await browser.newContext();
  const auditor = await ctx.newPage();
  await signInViaApi(auditor, 'auditor');
  const csv = await (await auditor.request.get('/api/audit/export?format=csv&action=auth.sign_in_failed&actorName=nobody-csp')).text();
  expect(csv).toContain('nobody-csp');
  expect(csv).not.toContain(forged);
  expect(csv).toMatch(/"address"": ""(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)""/);
  await ctx.close();
});

test('a state-changing request from another origin is refused even with a valid session', async ({ page }) => {
  await signInViaApi(page, 'filler');
  const res = await page.request.post('/api/records/import', { multipart: { mode: 'commit-all', item: 'XZCF' }, headers: { origin: 'https://evil.example' } });
  expect(res.status()).toBe(403);
  const trpc = await page.request.post('/api/trpc/flow.markRead', { data: { json: {} }, headers: { origin: 'https://evil.example' } });
  expect(trpc.status()).toBe(403);
});
