import { execFileSync } from 'node:child_process';
import { approveInInbox, expect, signInViaApi, test, submitAndApprove } from '../fixtures';

function day(offset: number) {
  const d = new Date(Date.now() + 8 * 3600_000 + offset * 86_400_000);
  return d.toISOString().slice(0, 10);
}

test.describe.configure({ mode: 'serial' });

test('a sanction measure goes from draft to in force through approval, then changes with a plain-language diff the auditor can export', { tag: '@smoke' }, async ({ page, browser }) => {
  const code = `SM-${String(Date.now()).slice(-5)}`;
  // Editor: refused without legal basis, then adds one and submits.
  await signInViaApi(page, 'editor');
  await page.goto('/registers/sanction-measure/new');
  await page.getByLabel('编码', { exact: true }).fill(code);
  await page.getByLabel('措施内容 *').fill('限制参与政府采购活动');
  await page.getByLabel('措施类型 *').selectOption('行政性');
  await page.getByRole('checkbox', { name: '法人及非法人组织' }).check();
  await page.getByRole('checkbox', { name: '市财政局' }).check();
  await page.getByLabel('可信用修复 *').selectOption('true');
  await page.getByRole('button', { name: '保存草稿' }).click();
  await expect(page.locator('#f-legalBasis-error')).toContainText('惩戒措施必须有法律依据');
  await page.screenshot({ path: 'test-results/sanction-refused.png', fullPage: true });
  await page.getByRole('button', { name: '添加法律依据' }).click();
  await page.getByLabel('文件名称 1').fill('中华人民共和国政府采购法');
  await page.getByLabel('条款 1').fill('第二十二条');
  await page.getByRole('button', { name: '保存草稿' }).click();
  await expect(page).toHaveURL(new RegExp(`/registers/sanction-measure/${code}$`));
  await page.getByRole('button', { name: '提交审批' }).click();
  await page.getByRole('dialog').getByRole('button', { name: '提交审批' }).click();
  await expect(page.getByText(/待审批发布/)).toBeVisible();

  // Approver approves in another browser context.
  await approveInInbox(browser, code, '「法律依据」设为');

  // In force as of today, absent as of yesterday.
  await page.goto('/registers/sanction-measure');
  await page.locator('#as-of').fill(day(0));
  await expect(page.getByRole('link', { name: code })).toBeVisible();
  await page.locator('#as-of').fill(day(-1));
  await expect(page.getByRole('link', { name: code })).toHaveCount(0);

  // The editor changes it: new draft, add a second legal basis, submit; approver approves.
  await page.goto(`/registers/sanction-measure/${code}`);
  await page.getByRole('button', { name: '新建修改草稿' }).click();
  await expect(page).toHaveURL(/\/edit$/);
  await page.getByRole('button', { name: '添加法律依据' }).click();
  await page.getByLabel('文件名称 2').fill('国务院关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的指导意见');
  await page.getByLabel('文号 2').fill('国发〔2016〕33号');
  await page.getByLabel('条款 2').fill('第十七条');
  await page.getByLabel('实施期限').fill('3年');
  await page.getByRole('button', { name: '保存草稿' }).click();
  await expect(page).toHaveURL(new RegExp(`/registers/sanction-measure/${code}$`));
  await expect(page.getByTestId('version-diff')).toContainText('「法律依据」新增《国务院关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的指导意见》（国发〔2016〕33号）第十七条');
  await page.screenshot({ path: 'test-results/sanction-diff.png', fullPage: true });

  // The auditor sees the diff, filters the entry's history and downloads the bundle, which verifies offline.
  const actx = await browser.newContext({ acceptDownloads: true });
  const au = await actx.newPage();
  await signInViaApi(au, 'auditor');
  await au.goto(`/registers/sanction-measure/${code}`);
  await expect(au.getByTestId('version-diff')).toContainText('「法律依据」新增');
  await au.goto(`/audit?objectId=${encodeURIComponent(`sanction-measure/${code}`)}`);
  // The timeline is titled by the measure's text and reads the same plain-language diff as the register.
  await expect(au.getByRole('heading', { name: /^条目 .+ 的变更历史$/ })).toBeVisible();
  await expect(au.getByTestId('audit-changes').filter({ hasText: '「法律依据」新增' }).first()).toBeVisible();
  await expect(au.getByText(/共 [4-9]\d* 条记录/)).toBeVisible();
  await au.screenshot({ path: 'test-results/auditor-timeline.png', fullPage: true });
  const dl = au.waitForEvent('download');
  await au.getByRole('button', { name: '导出 JSONL 校验包' }).click();
  const file = await (await dl).path();
  const out = execFileSync('npx', ['tsx', 'scripts/audit-verify.ts', file], { encoding: 'utf8' });
  expect(out).toMatch(/^OK \d+ [0-9a-f]{64}/m);
  await actx.close();

  // The change is approved the day v1 came into force: v1 reads as never in force, not as 「d → d」.
  await submitAndApprove(page, browser, code);
  await page.reload();
  await expect(page.getByTestId('valid-range')).toHaveText(`自 ${day(0)} 起有效`);
  await page.getByTestId('versions').getByRole('button', { name: 'v1', exact: true }).click();
  await expect(page.getByTestId('valid-range')).toHaveText(`未曾生效（${day(0)} 当日即被新版本取代）`);
  // Who wrote each version, by name.
  await expect(page.getByTestId('versions').locator('li').first()).toContainText('信用办编辑');
  await page.screenshot({ path: 'test-results/sanction-never-in-force.png', fullPage: true });
});

test('a custom register kind is defined, approved and used end to end', async ({ page, browser }) => {
  const kind = `honesty-${Date.now().toString(36)}`;
  await signInViaApi(page, 'editor');
  await page.goto('/registers/register-kind/new');
  await page.getByLabel('清单编码').fill(kind);
  await page.getByLabel('条目编码规则（正则，可选）').fill('^HI-[0-9]{3}$');
  await page.getByLabel('中文名称', { exact: true }).first().fill('守信激励措施清单');
  await page.getByLabel('英文名称', { exact: true }).first().fill('Honesty incentive measures');
  await page.locator('#fz-0').fill('激励措施');
  await page.locator('#fe-0').fill('Incentive');
  await page.getByRole('button', { name: '添加字段' }).click();
  await page.locator('#fk-1').fill('department');
  await page.locator('#fz-1').fill('实施部门');
  await page.locator('#ft-1').selectOption('departments');
  await page.getByRole('button', { name: '保存为草稿' }).click();
  await expect(page).toHaveURL(new RegExp(`/registers/register-kind/${kind}$`));
  await submitAndApprove(page, browser, kind);

  await page.goto('/registers');
  await page.getByRole('link', { name: /守信激励措施清单/ }).click();
  await page.getByRole('link', { name: '新建条目' }).click();
  await expect(page).toHaveURL(new RegExp(`/registers/${kind}/new$`));
  await page.getByLabel('编码', { exact: true }).fill('HI-001');
  await page.getByLabel('激励措施 *').fill('');
  await page.getByRole('button', { name: '保存草稿' }).click();
  await expect(page.locator('#f-name-error')).toBeVisible();
  await page.getByLabel('激励措施 *').fill('纳税信用A级企业办税绿色通道');
  await page.getByRole('checkbox', { name: '市政务服务大数据局' }).check();
  await page.getByRole('button', { name: '保存草稿' }).click();
  await expect(page).toHaveURL(new RegExp(`/registers/${kind}/HI-001$`));
  await expect(page.getByText('纳税信用A级企业办税绿色通道').first()).toBeVisible();
});
