import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, signInViaApi, test, type DemoUser } from '../fixtures';

/**
 * Every main page of every role (issue 18, "Done when"): no serious or critical axe violation, no
 * horizontal scroll at 1280 px nor on a tablet (768 px), and a screenshot of each at both widths in
 * test-results/pages/ to be looked at. Failures are collected over the whole walk and reported
 * together, so one run names every page that needs work.
 */
const PAGES: Record<DemoUser, string[]> = {
  admin: ['/', '/admin/users', '/admin/departments', '/audit', '/registers', '/records', '/grading', '/lookup', '/lists', '/flows', '/flows/bindings', '/calendar', '/tasks', '/admin/api-clients'],
  editor: [
    '/',
    '/tasks',
    '/registers',
    '/registers/info-catalog',
    '/registers/info-catalog/XZCF',
    '/registers/info-catalog/new',
    '/registers/sanction-measure',
    '/registers/register-kind',
    '/registers/register-kind/sanction-measure',
    '/records',
    '/grading',
    '/grading/GM-SCJG-2024',
    '/grading/GM-SCJG-2024/runs',
    '/lookup',
    '/lists',
    '/lists/members',
    '/flows',
    '/flows/FLOW-XZXK-REVIEW',
    '/flows/bindings',
    '/calendar',
    '/objections',
    '/repairs',
    '/credit-changes',
    '/registers/disclosure-rule',
    '/registers/disclosure-rule/DR-XZCF',
    '/registers/disclosure-rule/new',
    '/commitments',
    '/sampling',
    '/lists/eligible',
    '/subjects/name-conflicts',
  ],
  filler: ['/', '/tasks', '/registers', '/records', '/records/new?item=XZCF', '/records/import', '/lookup', '/lists', '/lists/new', '/objections', '/repairs', '/commitments', '/commitments/new', '/sampling'],
  filler2: ['/', '/records'],
  approver: ['/', '/tasks', '/approvals', '/registers', '/records', '/grading', '/lookup', '/lists', '/flows', '/objections', '/repairs'],
  auditor: ['/', '/audit', '/audit/query-log', '/registers', '/records', '/grading', '/lists', '/flows', '/flows/bindings', '/commitments'],
};

const WIDTHS = [
  { name: '1280', width: 1280, height: 800 },
  { name: '768', width: 768, height: 1024 },
];

const slug = (path: string) => path.replace(/^\//, '').replace(/[/?=&]+/g, '_') || 'home';

async function settle(page: Page) {
  await page.waitForLoadState('networkidle');
  await expect(page.locator('main h1, main h2').first()).toBeVisible();
}

for (const user of Object.keys(PAGES) as DemoUser[]) {
  test(`${user}: every main page passes axe (no serious/critical) and fits 1280 px and 768 px`, async ({ page }) => {
    test.setTimeout(600_000);
    await signInViaApi(page, user);
    const problems: string[] = [];
    for (const path of PAGES[user]) {
      for (const w of WIDTHS) {
        await page.setViewportSize({ width: w.width, height: w.height });
        const started = Date.now();
        await page.goto(path, { waitUntil: 'commit' });
        // The grading designer's load time on the demo data (issue 18: under 2 s): from navigation
        // to the whole model on screen (its last section), printed as a figure, never asserted.
        if (path === '/grading/GM-SCJG-2024') {
          await expect(page.getByTestId('mapping-table')).toBeVisible();
          console.log(JSON.stringify({ page: path, width: w.width, loadMs: Date.now() - started }));
        }
        await settle(page);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (overflow > 1) problems.push(`${path} @${w.name}: scrolls sideways by ${overflow}px`);
        await page.screenshot({ path: `test-results/pages/${user}-${slug(path)}-${w.name}.png`, fullPage: true });
        if (w.name !== '1280') continue;
        const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
        for (const v of axe.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
          problems.push(`${path}: [${v.impact}] ${v.id} — ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
        }
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });
}

test('the sidebar collapses: open on a desktop, behind 展开菜单 on a tablet', async ({ page }) => {
  await signInViaApi(page, 'editor');
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/');
  await expect(page.getByTestId('main-nav')).toBeVisible();
  await page.getByRole('button', { name: '收起菜单' }).click();
  await expect(page.getByTestId('main-nav')).toBeHidden();
  await page.getByRole('button', { name: '展开菜单' }).click();
  await expect(page.getByTestId('main-nav')).toBeVisible();
  await page.setViewportSize({ width: 768, height: 1024 });
  await page.goto('/records');
  await expect(page.getByTestId('main-nav')).toBeHidden();
  await page.getByRole('button', { name: '展开菜单' }).click();
  await page.getByTestId('main-nav').getByRole('link', { name: '信用名单' }).click();
  await expect(page).toHaveURL(/\/lists$/);
  await expect(page.getByTestId('main-nav')).toBeHidden();
});

test('the flow designer speaks the page’s language, shows no node ids, and palette clicks never pile nodes up', async ({ page }) => {
  const code = `FLOW-A11Y-${String(Date.now()).slice(-6)}`;
  await signInViaApi(page, 'editor');
  await page.goto('/flows');
  await page.getByTestId('new-flow').click();
  await page.getByLabel('编码', { exact: true }).fill(code);
  await page.getByLabel('流程名称', { exact: true }).fill('布局检查流程');
  await page.getByRole('button', { name: '创建并打开设计器' }).click();
  await expect(page).toHaveURL(new RegExp(`/flows/${code}$`));
  // React Flow's own buttons carry Chinese tooltips.
  await expect(page.getByRole('button', { name: '放大' })).toHaveAttribute('title', '放大');
  await expect(page.getByRole('button', { name: '适应画布' })).toBeVisible();
  const canvas = page.getByTestId('flow-canvas');
  for (let i = 0; i < 4; i++) await page.getByTestId('palette-approval').click();
  const cards = canvas.locator('[data-node-type="approval"]');
  await expect(cards).toHaveCount(4);
  const boxes = await Promise.all([0, 1, 2, 3].map((i) => cards.nth(i).boundingBox()));
  for (let i = 0; i < 4; i++)
    for (let j = i + 1; j < 4; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
      expect(overlap, `approval nodes ${i} and ${j} overlap`).toBe(false);
    }
  // The side panel names the node's type, never its generated id.
  const id = (await cards.first().getAttribute('data-testid'))!.replace('flow-node-', '');
  await cards.first().click();
  await expect(page.getByText(id, { exact: true })).toHaveCount(0);
  await page.screenshot({ path: 'test-results/flow-palette.png', fullPage: true });
});
