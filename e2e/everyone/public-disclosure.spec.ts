import AxeBuilder from '@axe-core/playwright';
import { request as apiRequest, type Page } from '@playwright/test';
import { expect, ORIGIN, signInViaApi, test } from '../fixtures';

/**
 * Issue 17: an admin registers a department system as an API client (the key is shown once); the
 * system submits two 行政处罚 through /api/v1 (one decided 20 days ago, one 1,200 days ago, past the
 * 36-month maximum 公示期 of the rules then in force); an approver accepts both. An anonymous visitor — without JavaScript — finds the
 * company on the public site and sees the penalty within its period and not the one past it; the
 * 双公示 list shows it too. Every public page passes axe (no serious or critical violation).
 */
const CODE = '91410200MA40000814';
const NAME = '开封公示测试建材有限公司';

function chinaDay(offsetDays: number): string {
  const d = new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000);
  return d.toISOString().slice(0, 10);
}

async function axe(page: Page, path: string, problems: string[]) {
  await page.goto(path);
  await expect(page.locator('main h1').first()).toBeVisible();
  const result = await new AxeBuilder({ page }).analyze();
  for (const v of result.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) problems.push(`${path}: ${v.id} (${v.nodes.length})`);
}

test('an anonymous visitor finds a company and sees its penalty within the disclosure period, not the one past it', async ({ page, browser }) => {
  test.setTimeout(180_000);
  // The admin registers the department system and copies its key.
  await signInViaApi(page, 'admin');
  await page.goto('/admin/api-clients');
  await page.getByRole('button', { name: '登记客户端' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('名称').fill('市场监管行政处罚系统');
  await dialog.getByLabel('所属部门').selectOption({ label: '市市场监管局' });
  await dialog.getByRole('checkbox', { name: /信息报送/ }).check();
  await dialog.getByRole('button', { name: '登记并生成密钥' }).click();
  const key = await page.getByTestId('api-key').inputValue();
  expect(key).toMatch(/^ccg_[0-9a-f]{12}_/);
  await page.getByRole('button', { name: '我已保存' }).click();
  await expect(page.getByRole('row', { name: /市场监管行政处罚系统/ })).toContainText('信息报送');

  // The system submits two penalties through the open API.
  const system = await apiRequest.newContext({ baseURL: ORIGIN });
  const ids: string[] = [];
  for (const [n, decided] of [
    [801, chinaDay(-20)],
    [802, chinaDay(-1200)],
  ] as const) {
    const res = await system.post('/api/v1/records', {
      headers: { authorization: `Bearer ${key}`, 'idempotency-key': `e2e-public-${n}` },
      data: { catalogCode: 'XZCF', subjectType: '法人及非法人组织', subjectCode: CODE, subjectName: NAME, data: { CF_XDR_MC: NAME, CF_XDR_LB: '法人及非法人组织', CF_WSH: `汴市监罚〔${decided.slice(0, 4)}〕${n}号`, CF_CFLB: '罚款', CF_JDRQ: decided, CF_NR_FK: 3 } },
    });
    expect(res.status(), await res.text()).toBe(201);
    ids.push(((await res.json()) as { id: string }).id);
  }
  const refused = await system.post('/api/v1/records', { data: {} });
  expect(refused.status()).toBe(401);
  expect(refused.headers()['content-type']).toContain('application/problem+json');
  await system.dispose();

  // The approver accepts both (the built-in step: the records went through the one gate).
  const approverCtx = await browser.newContext();
  const approver = await approverCtx.newPage();
  await signInViaApi(approver, 'approver');
  for (const id of ids) {
    const res = await approver.request.post('/api/trpc/record.decide', { data: { json: { id, decision: 'accept' } }, headers: { origin: ORIGIN } });
    expect(res.ok(), await res.text()).toBeTruthy();
  }
  await approverCtx.close();

  // An anonymous visitor, without JavaScript, searches by name and opens the company's page.
  const anon = await browser.newContext({ javaScriptEnabled: false });
  const visitor = await anon.newPage();
  await visitor.goto('/public');
  await expect(visitor.getByRole('heading', { level: 1, name: '信用信息查询' })).toBeVisible();
  await visitor.getByLabel('统一社会信用代码或名称').fill('公示测试建材');
  await visitor.getByRole('button', { name: '查询' }).click();
  await visitor.getByRole('link', { name: NAME }).click();
  await expect(visitor.getByRole('heading', { level: 1, name: NAME })).toBeVisible();
  const penalties = visitor.getByRole('region', { name: /行政处罚/ });
  await expect(penalties).toContainText(`汴市监罚〔${chinaDay(-20).slice(0, 4)}〕801号`);
  await expect(visitor.getByText(/〕802号/)).toHaveCount(0);
  await expect(visitor.locator('main')).not.toContainText('approver');
  await visitor.screenshot({ path: 'test-results/public/subject.png', fullPage: true });
  // By code too; and the 双公示 list shows the decision within its period only.
  await visitor.goto(`/public?q=${CODE}`);
  await expect(visitor.getByRole('link', { name: NAME })).toBeVisible();
  await visitor.goto(`/public/dual-publicity?q=${encodeURIComponent(NAME)}`);
  await expect(visitor.getByRole('row', { name: /801号/ })).toBeVisible();
  await expect(visitor.getByText(/〕802号/)).toHaveCount(0);
  await visitor.screenshot({ path: 'test-results/public/dual-publicity.png', fullPage: true });
  // The language switch works without JavaScript.
  await visitor.getByRole('link', { name: 'English' }).click();
  await expect(visitor.getByRole('heading', { level: 1, name: 'Dual publicity: licences and penalties' })).toBeVisible();
  await expect(visitor.getByRole('row', { name: /801号/ })).toContainText('Administrative penalty');
  // The subject page in English names its categories in English.
  await visitor.goto(`/public/subjects/${CODE}`);
  await expect(visitor.getByRole('heading', { level: 2, name: /^Administrative penalty \(\d+\)$/ })).toBeVisible();
  // … and each record by the catalog item's English name, where the office gave one.
  await expect(visitor.getByRole('heading', { level: 3, name: /^Administrative penalty information · / }).first()).toBeVisible();
  await visitor.screenshot({ path: 'test-results/public/subject-en.png', fullPage: true });
  await anon.close();

  // Every public page passes axe.
  const axeCtx = await browser.newContext();
  const a = await axeCtx.newPage();
  const problems: string[] = [];
  for (const path of ['/public', `/public?q=${encodeURIComponent('公示测试')}`, `/public/subjects/${CODE}`, '/public/dual-publicity', '/public/api-docs']) await axe(a, path, problems);
  await a.screenshot({ path: 'test-results/public/api-docs.png', fullPage: true });
  // The pages carry only the public site's own messages, not the signed-in app's (~150 KB a page).
  for (const path of ['/public', `/public/subjects/${CODE}`, '/sign-in']) {
    const html = await (await a.request.get(path)).text();
    expect(html, path).not.toContain('gradingUi');
    expect(html.length, path).toBeLessThan(80_000);
  }
  await axeCtx.close();
  expect(problems).toEqual([]);
});
