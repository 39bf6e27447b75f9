import { expect, test as base, type Page } from '@playwright/test';

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

export const test = base;
export { expect };
