import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { docxText } from '../../server/documents/docx';
import { usccCheckChar } from '../../forms/formats/uscc';
import { expect, ORIGIN, signInViaApi, test, call, signedInAs } from '../fixtures';

/**
 * Issue 16: a filler of 市市场监管局 takes a 容缺受理 commitment at the counter and downloads the
 * letter; the injected clock passes the supply deadline and the sweep shows it overdue; a 未履行
 * check proposes a 重点关注 case; the credit file shows all of it; a credit report is issued and
 * checked on the public /verify page; an inspection sample is drawn twice with the same seed and
 * is the same.
 */
test.describe.configure({ mode: 'serial' });

const stamp = String(Date.now()).slice(-6);
const first17 = `91410200MA4${stamp}`;
const SUBJECT = first17 + usccCheckChar(first17);
const NAME = `开封诚信食品${stamp}有限公司`;



async function moveClock(page: Page, days: number) {
  const res = await page.request.post('/api/test/clock', { data: { days }, headers: { origin: ORIGIN } });
  expect(res.ok()).toBeTruthy();
}

async function download(page: Page, link: ReturnType<Page['getByRole']>) {
  const [d] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const path = (await d.path())!;
  return { bytes: new Uint8Array(readFileSync(path)), path };
}

test.afterAll(async ({ browser }) => {
  const { page, close } = await signedInAs(browser, 'editor');
  const { offsetDays } = (await (await page.request.get('/api/test/clock')).json()) as { offsetDays: number };
  if (offsetDays) await moveClock(page, -offsetDays);
  await close();
});

test('a 容缺受理 commitment kept track of, the credit file, a verified credit report and a reproducible sample', async ({ page, browser }) => {
  test.setTimeout(240_000);
  await signInViaApi(page, 'filler');

  // At the counter.
  await page.goto('/commitments/new');
  await page.getByLabel('承诺事项').selectOption({ label: '食品经营许可（容缺受理）（容缺受理型）' });
  await page.getByLabel('统一社会信用代码（自然人为身份证号码）').fill(SUBJECT);
  await page.getByLabel('主体名称').fill(NAME);
  await page.getByLabel('法定代表人').fill('李四');
  await page.getByRole('button', { name: '生成承诺书并登记' }).click();
  await expect(page).toHaveURL(/\/commitments\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop()!;
  await expect(page.getByRole('heading', { name: `${NAME} · 食品经营许可（容缺受理）` })).toBeVisible();
  await expect(page.getByText('履约中')).toBeVisible();
  const c = await call<{ commitmentNo: string; recordId: string; supplyDue: string }>(page, 'commitment.byId', { id }, 'query');
  const letter = docxText((await download(page, page.getByRole('link', { name: '下载信用承诺书' }))).bytes);
  expect(letter).toContain(`本单位${NAME}（统一社会信用代码${SUBJECT}，法定代表人李四）申请办理食品经营许可（容缺受理）`);
  expect(letter).toContain(`承诺编码：${c.commitmentNo}`);
  expect(letter).not.toContain('{{');

  // The approver accepts the commitment record (the built-in step).
  const approver = await signedInAs(browser, 'approver');
  await call(approver.page, 'record.decide', { id: c.recordId, decision: 'accept' });
  await approver.close();

  // The supply deadline passes: the sweep flags it overdue.
  await moveClock(page, 15);
  expect((await page.request.post('/api/test/sweep', { headers: { origin: ORIGIN } })).ok()).toBeTruthy();
  await page.reload();
  await expect(page.getByText('已逾期未补正')).toBeVisible();

  // The fulfilment check: not kept → a 重点关注 case is proposed.
  await page.getByLabel('未履行', { exact: true }).check();
  await page.getByLabel('未履行的承诺内容').fill('补正期限届满未提交食品安全管理制度文本');
  await page.getByRole('button', { name: '登记核查结果' }).click();
  await expect(page.getByText(/已提出列入重点关注名单：案件/)).toBeVisible();
  await expect(page.getByRole('link', { name: '查看案件' })).toBeVisible();
  await expect(page.getByText('未履行', { exact: true }).first()).toBeVisible();

  // The credit file shows all of it, per section and on the timeline.
  await page.getByRole('link', { name: '查看信用档案' }).click();
  await expect(page).toHaveURL(new RegExp(`/subjects/${SUBJECT}$`));
  await expect(page.getByRole('heading', { name: `信用档案 · ${NAME}` })).toBeVisible();
  await expect(page.getByRole('heading', { name: '信用承诺（1）' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '办理中的事项（1）' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '信用记录（2）' })).toBeVisible();
  await page.getByRole('link', { name: '时间线' }).click();
  await expect(page.getByRole('link', { name: c.commitmentNo ? '食品经营许可（容缺受理）' : '' }).first()).toBeVisible();
  await page.screenshot({ path: 'test-results/commitments-credit-file.png', fullPage: true });

  // A credit report for 行政审批, downloaded and checked on the public page.
  await page.getByLabel('报告用途').selectOption('行政审批');
  await page.getByLabel('申请人（单位或个人）').fill('开封市行政审批服务局');
  await page.getByRole('button', { name: '出具信用报告' }).click();
  const code = (await page.getByTestId('verify-code').textContent())!.trim();
  const report = await download(page, page.getByRole('link', { name: '下载信用报告' }));
  const text = docxText(report.bytes);
  expect(text).toContain('报告用途：行政审批');
  expect(text).toContain('信用承诺及履约情况');
  expect(text).toContain(`验证码：${code}`);

  const anon = await browser.newContext({ baseURL: ORIGIN });
  const pub = await anon.newPage();
  await pub.goto('/verify');
  await pub.getByPlaceholder('验证码').fill(code);
  await pub.getByRole('button', { name: '核验' }).click();
  await expect(pub.getByRole('heading', { name: '报告真实有效' })).toBeVisible();
  await expect(pub.getByText(NAME)).toBeVisible();
  await pub.getByLabel('选择报告文件核对').setInputFiles(report.path);
  await expect(pub.getByText('文件与出具时一致，未被改动。')).toBeVisible();
  await pub.screenshot({ path: 'test-results/verify.png', fullPage: true });
  await pub.goto('/verify?code=AAAAAAAAAAAAAAAA');
  await expect(pub.getByText('未找到与该验证码对应的信用报告。')).toBeVisible();
  await anon.close();

  // 双随机: a grading run, then the same seed twice gives the same sample.
  const editor = await signedInAs(browser, 'editor');
  const { runId } = await call<{ runId: string }>(editor.page, 'grading.startRun', { code: 'GM-SCJG-2024' });
  await expect.poll(async () => (await call<{ status: string }>(editor.page, 'grading.run', { id: runId }, 'query')).status, { timeout: 90_000 }).toBe('done');
  const ep = editor.page;
  await ep.goto('/sampling');
  const digests: string[] = [];
  for (let i = 0; i < 2; i++) {
    await ep.getByLabel('评价结果').selectOption({ index: 1 });
    await ep.getByLabel('抽查计划').fill('2026年食品经营许可事后核查');
    await ep.getByLabel('随机种子（留空自动生成）').fill(`e2e-${stamp}`);
    if (i === 0) {
      // A ratio outside what the model maps for that grade is refused at its field; nothing is drawn.
      const first = ep.getByRole('group', { name: '各等级抽查比例（%）' }).getByRole('textbox').first();
      await first.fill('1000');
      await ep.getByRole('button', { name: '抽取' }).click();
      await expect(first).toHaveAttribute('aria-invalid', 'true');
      await expect(ep.getByTestId('sample-digest')).toHaveCount(0);
      await first.fill('');
    }
    await ep.getByRole('button', { name: '抽取' }).click();
    await expect(ep.getByText(/已抽取 \d+ 户/).last()).toBeVisible();
    await expect(ep.getByTestId('sample-digest')).toBeVisible();
    digests.push((await ep.getByTestId('sample-digest').textContent())!);
  }
  await expect(ep.getByText('与同一种子的上次抽取结果一致')).toBeVisible();
  expect(digests[0]).toBe(digests[1]);
  await ep.screenshot({ path: 'test-results/sampling.png', fullPage: true });
  await editor.close();

  // The department's inspector draws its own sample and records a result: it becomes a record.
  const inspector = await signedInAs(browser, 'filler');
  const ip = inspector.page;
  await ip.goto('/sampling');
  await ip.getByLabel('评价结果').selectOption({ index: 1 });
  await ip.getByLabel('抽查计划').fill(`市场监管局专项抽查${stamp}`);
  await ip.getByRole('button', { name: '抽取' }).click();
  await expect(ip.getByText(/已登记结果 0\/\d+/)).toBeVisible();
  const open = ip.getByRole('button', { name: /^登记 .+ 的检查结果$/ }).first();
  const inspected = (await open.getAttribute('aria-label'))!.replace(/^登记 /, '').replace(/ 的检查结果$/, '');
  const row = ip.getByRole('row').filter({ hasText: inspected });
  await open.click();
  await row.getByLabel('检查结果').selectOption('发现问题已责令改正');
  await row.getByRole('button', { name: '保存检查结果' }).click();
  await expect(row.getByText('发现问题时请写明检查情况。')).toBeVisible();
  await row.getByLabel('检查情况说明').fill('未按规定公示年度报告，已责令限期改正');
  await row.getByRole('button', { name: '保存检查结果' }).click();
  await expect(ip.getByText(/已登记结果 1\/\d+/)).toBeVisible();
  const done = ip.getByTestId('sample-result').first();
  await expect(done).toContainText('发现问题已责令改正');
  await expect(done).toContainText('待审核');
  await ip.screenshot({ path: 'test-results/sampling-result.png', fullPage: true });
  await done.getByRole('link', { name: '查看记录' }).click();
  await expect(ip.getByText('未按规定公示年度报告，已责令限期改正')).toBeVisible();
  await inspector.close();
});
