import { expect, test as base, type Browser, type Page } from '@playwright/test';

export const DEMO = {
  admin: 'Admin@2026',
  editor: 'Editor@2026',
  filler: 'Filler@2026',
  filler2: 'Filler@2026',
  approver: 'Approver@2026',
  auditor: 'Auditor@2026',
} as const;
export type DemoUser = keyof typeof DEMO;
export const ORIGIN = `http://localhost:${process.env.E2E_PORT ?? '3100'}`;

/** Signs in through the sign-in page, as a person would. */
export async function signInViaForm(page: Page, username: string, password: string) {
  await page.goto('/sign-in');
  await page.getByLabel(/用户名|Username/).fill(username);
  await page.getByLabel(/^(密码|Password)$/).fill(password);
  await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
}

/** Signs in through the auth API (fast set-up for journeys that are not about signing in). */
export async function signInViaApi(page: Page, username: DemoUser) {
  const res = await page.request.post('/api/auth/sign-in/username', {
    data: { username, password: DEMO[username] },
    headers: { origin: ORIGIN },
  });
  expect(res.ok(), `sign-in of ${username} failed: ${res.status()}`).toBeTruthy();
}

/** An approver, in a browser context of their own, approves the open request whose card names
 *  `text` on the built-in approvals page (optionally checking the plain-language diff first). */
export async function approveInInbox(browser: Browser, text: string, expectDiff?: string) {
  const ctx = await browser.newContext();
  const ap = await ctx.newPage();
  await signInViaApi(ap, 'approver');
  await ap.goto('/approvals');
  const card = ap.getByTestId('request').filter({ hasText: text });
  if (expectDiff) await expect(card.getByTestId('request-diff')).toContainText(expectDiff);
  await card.getByRole('button', { name: '同意' }).click();
  await expect(ap.getByTestId('request').filter({ hasText: text })).toHaveCount(0);
  await ctx.close();
}

export const test = base;
export { expect };
