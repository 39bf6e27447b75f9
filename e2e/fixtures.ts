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

/** The editor, on a new info-catalog item: code, name and the metadata every item needs
 *  (监督检查, provided by 市市场监管局 about legal persons, 政务共享). */
export async function startCatalogItem(page: Page, code: string, name: string) {
  await page.goto('/registers/info-catalog/new');
  await page.getByLabel('编码', { exact: true }).fill(code);
  await page.getByLabel('信息类别名称 *').fill(name);
  await page.getByLabel('信息分类 *').selectOption('监督检查');
  await page.getByRole('checkbox', { name: '市市场监管局', exact: true }).check();
  await page.getByRole('checkbox', { name: '法人及非法人组织', exact: true }).check();
  await page.getByLabel('公开属性 *').selectOption('政务共享');
}

/** From an entry page showing a saved draft: submits it and has the approver approve it. */
export async function submitAndApprove(page: Page, browser: Browser, code: string) {
  await page.getByRole('button', { name: '提交审批' }).click();
  await page.getByRole('dialog').getByRole('button', { name: '提交审批' }).click();
  await expect(page.getByText(/待审批发布/)).toBeVisible();
  await approveInInbox(browser, code);
}

/** In the form designer of a new catalog item: closes it (checking it counts `items` data items),
 *  saves the draft, submits it and has it approved. */
export async function publishDesignedItem(page: Page, browser: Browser, code: string, items: number) {
  await page.getByRole('dialog', { name: '表单设计器' }).getByRole('button', { name: '完成' }).click();
  await expect(page.getByText(`${items} 个数据项`)).toBeVisible();
  await page.getByRole('button', { name: '保存草稿' }).click();
  await expect(page).toHaveURL(new RegExp(`/registers/info-catalog/${code}$`));
  await submitAndApprove(page, browser, code);
}

/** On a record's fill page: the subject in the header (type, then the code, left with Tab so it is
 *  checked as a person leaves it, then the name). The code field is labelled by the type. */
export async function fillSubject(page: Page, subject: { type?: '法人及非法人组织' | '自然人' | '个体工商户'; code: string; name: string }) {
  if (subject.type) await page.getByLabel('主体类型 *').selectOption(subject.type);
  const code = page.getByLabel(subject.type === '自然人' ? '居民身份证号码 *' : '统一社会信用代码 *');
  await code.fill(subject.code);
  await code.press('Tab');
  await page.getByLabel('主体名称 *').fill(subject.name);
}

/** The filler of 市市场监管局, in a browser context of their own, on a new record of item `code`
 *  (titled `name`) with the subject filled in. Close `context` when done. */
export async function fillerOnNewRecord(browser: Browser, code: string, name: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInViaApi(page, 'filler');
  await page.goto(`/records/new?item=${code}`);
  await expect(page.getByText(`填报：${name}`)).toBeVisible();
  await fillSubject(page, { code: '91310000631696382C', name: '上海某某食品有限公司' });
  return { context, page };
}

/** An admin (in a browser context of their own) creates an account; returns its id. */
export async function createAccount(browser: Browser, account: { username: string; name: string; password: string; departmentCode: string; roles: string[] }): Promise<string> {
  const ctx = await browser.newContext();
  const admin = await ctx.newPage();
  await signInViaApi(admin, 'admin');
  const depts = await admin.request.get(`/api/trpc/department.list?input=${encodeURIComponent(JSON.stringify({ json: { includeArchived: false } }))}`);
  const list = (await depts.json()).result.data.json as { id: string; code: string }[];
  const departmentId = list.find((d) => d.code === account.departmentCode)!.id;
  const res = await admin.request.post('/api/trpc/user.create', { data: { json: { username: account.username, name: account.name, password: account.password, departmentId, roles: account.roles } }, headers: { origin: ORIGIN } });
  expect(res.ok(), `create ${account.username}: ${res.status()}`).toBeTruthy();
  const id = (await res.json()).result.data.json.id as string;
  await ctx.close();
  return id;
}

/** Every violation of the page's Content-Security-Policy, as the browser reports it. */
export async function watchCsp(page: Page): Promise<string[]> {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(m.text())) seen.push(m.text());
  });
  await page.exposeFunction('__cspViolation', (s: string) => seen.push(s));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { __cspViolation: (s: string) => void }).__cspViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  return seen;
}

/** Every journey runs under the pages' CSP (proxy.ts) and fails on any violation in its page. */
export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    async ({ page }, use) => {
      const seen = await watchCsp(page);
      await use(seen);
      expect(seen, `Content-Security-Policy violations:\n${seen.join('\n')}`).toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

/** Calls a tRPC procedure as the page's signed-in user (with the site's Origin) and returns its data; fails the test on an error. */
export async function call<T = unknown>(page: Page, path: string, input: unknown, kind: 'query' | 'mutation' = 'mutation'): Promise<T> {
  const res =
    kind === 'query'
      ? await page.request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, { headers: { origin: ORIGIN } })
      : await page.request.post(`/api/trpc/${path}`, { data: { json: input }, headers: { origin: ORIGIN } });
  const body = await res.json();
  expect(res.ok(), `${path}: ${JSON.stringify(body)}`).toBeTruthy();
  return body.result.data.json as T;
}

/** A demo user signed in through the API in a browser context of their own (downloads accepted). */
export async function signedInAs(browser: Browser, user: DemoUser) {
  const ctx = await browser.newContext({ baseURL: ORIGIN, acceptDownloads: true });
  const page = await ctx.newPage();
  await signInViaApi(page, user);
  return { page, close: () => ctx.close() };
}

/**
 * An accepted 行政处罚 (XZCF, 罚款 3 万元) of 市市场监管局 for a company, decided `daysAgo` days ago
 * (China time): submitted by its filler, accepted by the approver. Returns the record id.
 */
export async function acceptedPenalty(filler: Page, browser: Browser, p: { code: string; name: string; number: string; daysAgo: number }): Promise<string> {
  const cf = await call<{ version: number }>(filler, 'record.form', { code: 'XZCF' }, 'query');
  const decided = new Date(Date.now() + 8 * 3600_000 - p.daysAgo * 86_400_000).toISOString().slice(0, 10);
  const rec = await call<{ id: string }>(filler, 'record.submit', {
    catalogCode: 'XZCF',
    catalogVersion: cf.version,
    subjectType: '法人及非法人组织',
    subjectCode: p.code,
    subjectName: p.name,
    data: { CF_XDR_MC: p.name, CF_XDR_LB: '法人及非法人组织', CF_WSH: `汴市监罚〔2026〕${p.number}号`, CF_CFLB: '罚款', CF_JDRQ: decided, CF_NR_FK: 3 },
  });
  const approver = await signedInAs(browser, 'approver');
  await call(approver.page, 'record.decide', { id: rec.id, decision: 'accept' });
  await approver.close();
  return rec.id;
}
