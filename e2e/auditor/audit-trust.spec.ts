import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, signInViaApi, test } from '../fixtures';

const ID = '11010519491231002X';
const NAME = `李四${Date.now().toString(36).slice(-4)}`;
const MASKED = '1101**********002X';

test('the auditor sees personal data masked in the log, reveals one row with a reason, and keeps a signed checkpoint the chain is verified against', async ({ page, browser }) => {
  test.setTimeout(120_000);
  // A filler records a decision about a natural person: the subject's ID number enters the audit log.
  const fillerCtx = await browser.newContext();
  const filler = await fillerCtx.newPage();
  await signInViaApi(filler, 'filler');
  await filler.goto('/records/new?item=XZCF');
  await filler.getByLabel('主体类型 *').selectOption('自然人');
  await filler.getByLabel('居民身份证号码 *').fill(ID);
  await filler.getByLabel('主体名称 *').fill(NAME);
  await expect(filler.getByLabel(/^行政相对人名称/)).toHaveValue(NAME);
  await expect(filler.getByLabel(/^行政相对人类别/)).toHaveValue('自然人');
  await filler.getByRole('button', { name: '提交' }).click();
  await expect(filler).toHaveURL(/\/records\/[0-9a-f-]{36}$/);
  // …and looks the person up by ID number (逢办必查): the query log holds the number.
  const purpose = `核实身份 E2E-${Date.now().toString(36)}`;
  await filler.goto('/lookup');
  await filler.getByLabel('统一社会信用代码或主体名称').fill(ID);
  await filler.getByLabel('查询事由 *').fill(purpose);
  await filler.getByRole('button', { name: '查询', exact: true }).click();
  await expect(filler.getByTestId('lookup-subject')).toHaveCount(0);
  await fillerCtx.close();

  await signInViaApi(page, 'auditor');
  await page.goto('/audit?action=record.submit');
  await expect(page.getByTestId('chain-status')).toContainText('链上最新 #');
  await expect(page.getByTestId('chain-status')).toContainText('待上链');
  // The row names the person and the catalog item; the ID number itself stays masked.
  const row = page.getByRole('row').filter({ hasText: NAME }).first();
  await expect(row).toContainText('已脱敏');
  await expect(page.locator('main')).not.toContainText(ID);

  // 查看原文: a reason is required, then the original is shown and the reveal is audited.
  await row.getByRole('button', { name: '查看原文' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: '查看', exact: true }).click();
  await expect(dialog.getByRole('alert')).toHaveText('请填写查看原因');
  await dialog.getByLabel('查看原因').fill('核查异议申请');
  await dialog.getByRole('button', { name: '查看', exact: true }).click();
  await expect(dialog.getByTestId('revealed')).toContainText(ID);
  await page.screenshot({ path: 'test-results/audit-reveal.png', fullPage: true });
  await dialog.getByRole('button', { name: '关闭' }).click();
  await page.goto('/audit?action=audit.reveal');
  await expect(page.getByRole('row').filter({ hasText: '查看审计原文' }).first()).toContainText('审计员');

  // A signed checkpoint of the chain's end, kept outside the system.
  await page.getByRole('button', { name: '清除筛选' }).click();
  const cpDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: '下载检查点' }).click();
  const cpPath = await (await cpDownload).path();
  const checkpoint = JSON.parse(readFileSync(cpPath, 'utf8')) as { type: string; seq: number; keyId: string };
  expect(checkpoint).toMatchObject({ type: 'audit-checkpoint', seq: expect.any(Number), keyId: expect.stringMatching(/^[0-9a-f]{64}$/) });
  await expect(page.getByText(`检查点已下载：链尾第 ${checkpoint.seq} 条`)).toBeVisible();

  // Later: the chain is verified against it on the page…
  await page.getByTestId('checkpoint-file').setInputFiles(cpPath);
  await expect(page.getByTestId('verify-result')).toContainText('哈希链完整');
  await expect(page.getByTestId('verify-result')).toContainText(`与检查点一致：链中第 ${checkpoint.seq} 条的哈希`);
  await expect(page.getByTestId('verify-result')).toContainText('检查点由本系统当前密钥签名');
  await page.screenshot({ path: 'test-results/audit-checkpoint.png', fullPage: true });

  // …and offline: the bundle holds no ID number, verifies, and reaches the checkpoint's row.
  const bundleDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 JSONL 校验包' }).click();
  const bundlePath = await (await bundleDownload).path();
  const bundle = readFileSync(bundlePath, 'utf8');
  expect(bundle).toContain(MASKED);
  expect(bundle).not.toContain(ID);
  const out = execFileSync('npx', ['tsx', 'scripts/audit-verify.ts', bundlePath, '--checkpoint', cpPath], { encoding: 'utf8', env: { ...process.env, AUDIT_SIGNING_KEY: '' } });
  expect(out).toMatch(/^OK \d+ [0-9a-f]{64}\n$/);

  // The query log shows the looked-up number masked; the auditor reveals it with a reason.
  await page.goto('/audit/query-log');
  await page.getByLabel('事由').fill(purpose);
  const lookup = page.getByRole('row').filter({ hasText: purpose });
  await expect(lookup).toContainText(MASKED);
  await expect(lookup).toContainText('已脱敏');
  await expect(page.locator('main')).not.toContainText(ID);
  await lookup.getByRole('button', { name: '查看原文' }).click();
  await page.getByRole('dialog').getByLabel('查看原因').fill('核查查询是否合规');
  await page.getByRole('dialog').getByRole('button', { name: '查看', exact: true }).click();
  await expect(page.getByTestId('revealed-lookup')).toContainText(ID);
  await page.screenshot({ path: 'test-results/query-log-reveal.png', fullPage: true });
});
