import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { expect, signInViaApi, startCatalogItem, test } from '../fixtures';

// Seeded (demo mode): the published grading model GM-TAX-NSXY (no other journey edits it).
const MODEL = 'GM-TAX-NSXY';

/** tRPC query over HTTP as the signed-in user of `request` (superjson envelope). */
async function query<T>(request: APIRequestContext, path: string, input: unknown): Promise<T> {
  // A connection of its own: a kept-alive socket the server has just closed would reset the request.
  const res = await request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, { headers: { connection: 'close' } });
  expect(res.ok(), `${path}: ${res.status()}`).toBeTruthy();
  return ((await res.json()) as { result: { data: { json: T } } }).result.data.json;
}

/** An auditor in a context of their own, counting audit rows. */
async function auditor(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInViaApi(page, 'auditor');
  return { count: (filter: Record<string, string>) => query<number>(page.request, 'audit.count', filter), close: () => context.close() };
}

/** The unsaved-changes question is up; "留在此页" closes it and nothing moved. */
async function askedAndStay(page: Page, url: RegExp) {
  const dialog = page.getByRole('dialog', { name: '有未保存的修改' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('离开此页，未保存的修改将丢失');
  await dialog.getByRole('button', { name: '留在此页' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page).toHaveURL(url);
}

const home = (page: Page) => page.getByTestId('main-nav').getByRole('link', { name: '工作台' });

test('opening a grading model writes no audit row and starts no draft; leaving with an unsaved change asks (tab, navigation, Back, closing); the first save starts the draft', async ({ page, browser }) => {
  const au = await auditor(browser);
  const objectId = `grading-model/${MODEL}`;
  const before = await au.count({ objectId });

  await signInViaApi(page, 'editor');
  await page.goto(`/grading/${MODEL}`);
  await expect(page.getByTestId('no-draft-yet')).toContainText('首次保存修改时才创建新草稿');
  // The designer has loaded and asked the server for its verdict (whatever it is for this model).
  await expect(page.getByTestId('validation-status')).toHaveText(/校验通过|发现 \d+ 个问题/);
  // Looking wrote nothing: no audit row, no draft version.
  expect(await au.count({ objectId })).toBe(before);
  const opened = await query<{ versions: { status: string }[] }>(page.request, 'register.entry', { kindCode: 'grading-model', code: MODEL });
  expect(opened.versions.map((v) => v.status)).toEqual(['published']);
  // Nothing changed yet: the other tab opens without a question.
  await page.getByRole('link', { name: '评价运行' }).click();
  await expect(page).toHaveURL(new RegExp(`/grading/${MODEL}/runs$`));
  await page.getByRole('link', { name: '模型设计' }).click();
  await expect(page.getByTestId('no-draft-yet')).toBeVisible();

  const name = page.locator('#m-name');
  await name.fill('纳税信用评价模型（修订稿）');
  const here = new RegExp(`/grading/${MODEL}$`);
  // The 评价运行 tab, the navigation, the Back button: each asks, and staying keeps the edit.
  await page.getByRole('link', { name: '评价运行' }).click();
  await page.screenshot({ path: 'test-results/unsaved-changes-dialog.png', fullPage: true });
  await askedAndStay(page, here);
  await home(page).click();
  await askedAndStay(page, here);
  await page.goBack();
  await askedAndStay(page, here);
  await expect(name).toHaveValue('纳税信用评价模型（修订稿）');
  // Closing the tab: the browser asks (beforeunload); dismissing keeps the page.
  const closing = page.waitForEvent('dialog');
  await page.close({ runBeforeUnload: true });
  const question = await closing;
  expect(question.type()).toBe('beforeunload');
  await question.dismiss();
  await expect(name).toHaveValue('纳税信用评价模型（修订稿）');
  expect(await au.count({ objectId })).toBe(before);

  // The first save starts the draft with the change: one audited action.
  await page.getByRole('button', { name: '保存草稿' }).click();
  await expect(page.getByText('草稿已保存')).toBeVisible();
  await expect(page.getByTestId('no-draft-yet')).toHaveCount(0);
  await expect(page.getByText('正在编辑草稿 v2')).toBeVisible();
  expect(await au.count({ objectId })).toBe(before + 1);
  expect(await au.count({ objectId, action: 'entry.start_draft' })).toBe(1);
  const saved = await query<{ versions: { status: string; content: { name: string } }[] }>(page.request, 'register.entry', { kindCode: 'grading-model', code: MODEL });
  expect(saved.versions[0]).toMatchObject({ status: 'draft', content: { name: '纳税信用评价模型（修订稿）' } });

  // Saved: leaving asks nothing, and "放弃修改并离开" is not needed.
  await page.getByRole('link', { name: '评价运行' }).click();
  await expect(page).toHaveURL(new RegExp(`/grading/${MODEL}/runs$`));

  // Discarding: an edit, then leave anyway — nothing is saved.
  await page.getByRole('link', { name: '模型设计' }).click();
  await name.fill('不要保存的名称');
  await page.getByRole('link', { name: '评价运行' }).click();
  await page.getByRole('dialog', { name: '有未保存的修改' }).getByRole('button', { name: '放弃修改并离开' }).click();
  await expect(page).toHaveURL(new RegExp(`/grading/${MODEL}/runs$`));
  const after = await query<{ versions: { content: { name: string } }[] }>(page.request, 'register.entry', { kindCode: 'grading-model', code: MODEL });
  expect(after.versions[0]!.content.name).toBe('纳税信用评价模型（修订稿）');
  await au.close();
});

test('every other editor asks before unsaved edits are left: entry editor, form designer, register-kind builder, flow designer, calendar', async ({ page }) => {
  await signInViaApi(page, 'editor');

  // Register entry editor (a new sanction measure).
  await page.goto('/registers/sanction-measure/new');
  await page.getByLabel('措施内容 *').fill('限制参与评优评先');
  await home(page).click();
  await askedAndStay(page, /\/registers\/sanction-measure\/new$/);

  // Form designer (the data items of a new catalog item): a field added, the designer closed.
  const code = `UC-${String(Date.now()).slice(-6)}`;
  await startCatalogItem(page, code, '未保存测试目录');
  await page.getByRole('button', { name: '打开表单设计器' }).click();
  const designer = page.getByRole('dialog', { name: '表单设计器' });
  await designer.getByRole('button', { name: '添加字段：单行文本' }).click();
  await designer.getByRole('button', { name: '完成' }).click();
  await home(page).click();
  await askedAndStay(page, /\/registers\/info-catalog\/new$/);

  // Register-kind builder.
  await page.goto('/registers/register-kind/new');
  await page.getByLabel('清单编码').fill('uc-kind');
  await home(page).click();
  await askedAndStay(page, /\/registers\/register-kind\/new$/);

  // Flow designer: a new flow, renamed.
  await page.goto('/flows');
  await page.getByTestId('new-flow').click();
  const flow = `FLOW-UC-${String(Date.now()).slice(-6)}`;
  await page.getByLabel('编码', { exact: true }).fill(flow);
  await page.getByLabel('流程名称', { exact: true }).fill('未保存测试流程');
  await page.getByRole('button', { name: '创建并打开设计器' }).click();
  await expect(page).toHaveURL(new RegExp(`/flows/${flow}$`));
  await page.getByLabel('流程名称', { exact: true }).fill('改了名字的流程');
  await home(page).click();
  await askedAndStay(page, new RegExp(`/flows/${flow}$`));

  // Calendar editor: a note typed, not saved.
  await page.goto('/calendar');
  await page.locator('#cal-note').fill('临时调休');
  await home(page).click();
  await askedAndStay(page, /\/calendar$/);
  // Leaving anyway goes where the link points.
  await home(page).click();
  await page.getByRole('dialog', { name: '有未保存的修改' }).getByRole('button', { name: '放弃修改并离开' }).click();
  await expect(page).toHaveURL(/\/$/);
});

test('after saving a draft twice, the entry page shows the diff of what is stored, not the one from before the save', async ({ page }) => {
  const code = `SM-${String(Date.now()).slice(-6)}`;
  await signInViaApi(page, 'editor');
  await page.goto('/registers/sanction-measure/new');
  await page.getByLabel('编码', { exact: true }).fill(code);
  await page.getByLabel('措施内容 *').fill('限制新增政府采购项目');
  await page.getByLabel('措施类型 *').selectOption('行政性');
  await page.getByRole('checkbox', { name: '法人及非法人组织' }).check();
  await page.getByRole('checkbox', { name: '市财政局' }).check();
  await page.getByLabel('可信用修复 *').selectOption('true');
  await page.getByLabel('实施期限').fill('1年');
  await page.getByRole('button', { name: '添加法律依据' }).click();
  await page.getByLabel('文件名称 1').fill('中华人民共和国政府采购法');
  await page.getByRole('button', { name: '保存草稿' }).click();
  await expect(page).toHaveURL(new RegExp(`/registers/sanction-measure/${code}$`));
  const diff = page.getByTestId('version-diff');
  await expect(diff).toContainText('1年');

  for (const duration of ['2年', '3年']) {
    await page.getByRole('link', { name: '编辑草稿' }).click();
    await page.getByLabel('实施期限').fill(duration);
    await page.getByRole('button', { name: '保存草稿' }).click();
    await expect(page).toHaveURL(new RegExp(`/registers/sanction-measure/${code}$`));
    // What the page shows is what is stored: the diff and the content name the new value only.
    const stored = await query<{ versions: { content: { duration?: string } }[] }>(page.request, 'register.entry', { kindCode: 'sanction-measure', code });
    expect(stored.versions[0]!.content.duration).toBe(duration);
    await expect(diff).toContainText(duration);
    await expect(diff).not.toContainText(duration === '2年' ? '1年' : '2年');
  }
  await page.screenshot({ path: 'test-results/diff-after-save.png', fullPage: true });
});
