import type { Page } from '@playwright/test';
import { usccCheckChar } from '../../forms/formats/uscc';
import { expect, ORIGIN, signInViaApi, test, call, signedInAs } from '../fixtures';

/**
 * Credit repair (issue 15): a subject with two 行政处罚 records of 市市场监管局 is listed on the
 * 严重失信主体名单 on one of them and graded E (the list vetoes). Before its 可申请修复日 an
 * application is refused with the date; the injected clock passes the minimum period; the filler
 * applies with the 信用修复承诺; the approver decides in the flow bound to `credit-repair`; the record
 * leaves publication, the membership ends with a 移出决定书, the grade changes (an incremental
 * re-grade), and the signed credit-change list shows the repair.
 */
const stamp = String(Date.now()).slice(-5);
const PREFIX = `91410200MA6${stamp.padStart(6, '0')}`.slice(0, 17);
const CODE = PREFIX + usccCheckChar(PREFIX);
const NAME = `开封修复${stamp}商贸有限公司`;
const DAY = 86_400_000;



async function moveClock(page: Page, days: number) {
  const res = await page.request.post('/api/test/clock', { data: { days }, headers: { origin: ORIGIN } });
  expect(res.ok()).toBeTruthy();
}

test.afterAll(async ({ browser }) => {
  const ctx = await browser.newContext({ baseURL: ORIGIN });
  const page = await ctx.newPage();
  await signInViaApi(page, 'editor');
  const bindings = await call<{ id: string; trigger: string }[]>(page, 'flow.bindings', undefined, 'query');
  for (const b of bindings.filter((x) => x.trigger === 'credit-repair')) await call(page, 'flow.removeBinding', { id: b.id });
  const { offsetDays } = (await (await page.request.get('/api/test/clock')).json()) as { offsetDays: number };
  if (offsetDays) await moveClock(page, -offsetDays);
  await ctx.close();
});

test('a repair application with its commitment is decided in the bound flow: publication stops, the membership ends with a 移出决定书, the grade changes, the feed lists it', async ({ browser }) => {
  test.setTimeout(300_000);
  const editor = await signedInAs(browser, 'editor');
  const filler = await signedInAs(browser, 'filler');
  const approver = await signedInAs(browser, 'approver');
  // 谁认定、谁修复: a flow bound to credit repair (the demo review flow: the credit office's approver).
  await call(editor.page, 'flow.setBinding', { trigger: 'credit-repair', scopeType: 'global', scopeValue: '*', flowCode: 'FLOW-XZXK-REVIEW' });

  // Two accepted penalties decided ten days ago.
  const decided = new Date(Date.now() + 8 * 3600_000 - 10 * DAY).toISOString().slice(0, 10);
  const cf = await call<{ version: number }>(filler.page, 'record.form', { code: 'XZCF' }, 'query');
  const ids: string[] = [];
  for (const [i, fine] of [1, 1].entries()) {
    const r = await call<{ id: string }>(filler.page, 'record.submit', {
      catalogCode: 'XZCF',
      catalogVersion: cf.version,
      subjectType: '法人及非法人组织',
      subjectCode: CODE,
      subjectName: NAME,
      data: { CF_XDR_MC: NAME, CF_XDR_LB: '法人及非法人组织', CF_WSH: `汴市监罚〔2026〕${stamp}${i}号`, CF_CFLB: '罚款', CF_JDRQ: decided, CF_NR_FK: fine },
    });
    await call(approver.page, 'record.decide', { id: r.id, decision: 'accept' });
    ids.push(r.id);
  }
  const recordId = ids[0]!;

  // Listed on the 严重失信主体名单 on the first one (the due process of issue 14, through its API).
  const c = await call<{ id: string }>(filler.page, 'creditList.propose', { listCode: 'CL-001', recordIds: [recordId], reason: '拒不履行行政处罚决定', subjectCode: CODE });
  await call(filler.page, 'creditList.produceNotice', { id: c.id });
  const { today } = await call<{ today: string }>(filler.page, 'creditList.caseById', { id: c.id }, 'query');
  await call(filler.page, 'creditList.serve', { id: c.id, servedOn: today, method: '直接送达' });
  await moveClock(filler.page, 14);
  await call(filler.page, 'creditList.submit', { id: c.id, periodMonths: 24 });
  await call(approver.page, 'creditList.decide', { id: c.id, decision: 'approve', comment: '同意列入' });

  // A grading run over the period of the decisions: the list vetoes, grade E.
  const { runId } = await call<{ runId: string }>(editor.page, 'grading.startRun', { code: 'GM-SCJG-2024', periodEnd: decided });
  await expect.poll(async () => (await call<{ status: string }>(editor.page, 'grading.run', { id: runId }, 'query')).status, { timeout: 60_000 }).toBe('done');
  const ap = approver.page;
  await ap.goto('/lookup');
  await ap.getByLabel('统一社会信用代码或主体名称').fill(CODE);
  await ap.getByLabel('查询事由 *').fill('信用修复前核查');
  await ap.getByRole('button', { name: '查询' }).click();
  await expect(ap.getByTestId('grade-GM-SCJG-2024').getByTestId('grade-value')).toContainText('E');
  await expect(ap.getByTestId('membership')).toContainText('严重失信主体名单');

  // Before the 可申请修复日: refused, with the date.
  const fp = filler.page;
  await fp.goto(`/records/${recordId}`);
  const repairableFrom = (await fp.getByTestId('repairable-from').innerText()).trim();
  await expect(fp.getByTestId('record-disclosure')).toContainText('公示中');
  const { now } = (await (await fp.request.get('/api/test/clock')).json()) as { now: string };
  const clockDay = new Date(Date.parse(now) + 8 * 3600_000).toISOString().slice(0, 10);
  if (clockDay < repairableFrom) {
    await expect(fp.getByRole('link', { name: '申请信用修复' })).toHaveCount(0);
    await fp.goto(`/repairs/new?record=${recordId}`);
    await fp.getByLabel('失信行为纠正和义务履行情况').fill('已缴清罚款');
    await fp.getByRole('checkbox', { name: '主体已阅读并作出以上信用修复承诺' }).check();
    await fp.getByRole('button', { name: '提交申请' }).click();
    await expect(fp.getByText(`尚未到可申请修复日（${repairableFrom}）`).first()).toBeVisible();
    // The injected clock passes the minimum period.
    await moveClock(fp, Math.ceil((Date.parse(repairableFrom) - Date.parse(clockDay)) / DAY) + 1);
  }

  // The filler applies from the record page; without the commitment it is refused.
  await fp.goto(`/records/${recordId}`);
  await fp.getByRole('link', { name: '申请信用修复' }).click();
  await expect(fp).toHaveURL(/\/repairs\/new/);
  await expect(fp.getByText('国家规定的具体天数未能核实').first()).toBeVisible();
  await fp.getByLabel('失信行为纠正和义务履行情况').fill('已全额缴纳罚款，违法行为已整改完毕，附缴款凭证。');
  await fp.getByLabel('法定代表人').fill('王五');
  await expect(fp.getByTestId('commitment-letter')).toContainText(NAME);
  await fp.getByRole('button', { name: '提交申请' }).click();
  await expect(fp.getByText('申请信用修复须作出信用修复承诺').first()).toBeVisible();
  await fp.getByRole('checkbox', { name: '主体已阅读并作出以上信用修复承诺' }).check();
  await fp.getByRole('button', { name: '提交申请' }).click();
  await expect(fp).toHaveURL(/\/repairs\/[0-9a-f-]{36}$/);
  await expect(fp.getByText('该申请由审批流程决定')).toBeVisible();
  await expect(fp.getByTestId('commitment-letter')).toContainText('王五');

  // The approver decides in the bound flow, from 我的待办.
  await ap.goto('/tasks');
  const task = ap.getByTestId('task').filter({ hasText: NAME });
  await expect(task).toBeVisible();
  await ap.screenshot({ path: 'test-results/repair-task.png', fullPage: true });
  await task.getByRole('button', { name: '同意' }).click();
  await expect(ap.getByTestId('task').filter({ hasText: NAME })).toHaveCount(0);

  // Effects: publication stopped, membership ended with its 移出决定书, grade recomputed.
  await fp.reload();
  await expect(fp.getByTestId('repair-effects')).toContainText('已终止公示');
  await expect(fp.getByTestId('repair-effects')).toContainText(/已移出名单（严重失信主体名单，移出决定书 .+）/);
  await expect(fp.getByTestId('repair-effects')).not.toContainText('CL-001');
  await expect(fp.getByTestId('repair-effects')).toContainText(/信用评价已更新：市场监管领域企业信用监管评价模型 E → [A-D]/);
  await fp.screenshot({ path: 'test-results/repair-approved.png', fullPage: true });
  await fp.goto(`/records/${recordId}`);
  await expect(fp.getByTestId('record-disclosure')).toContainText('已信用修复，终止公示');
  await ap.goto('/lookup');
  await ap.getByLabel('统一社会信用代码或主体名称').fill(CODE);
  await ap.getByLabel('查询事由 *').fill('信用修复后核查');
  await ap.getByRole('button', { name: '查询' }).click();
  await expect(ap.getByTestId('grade-GM-SCJG-2024').getByTestId('grade-value')).not.toContainText('E');
  await expect(ap.getByTestId('membership')).toHaveCount(0);
  // The signed credit-change list shows the repair and the end of the membership.
  const ep = editor.page;
  await ep.goto('/credit-changes');
  const rows = ep.getByTestId('credit-changes').getByRole('row').filter({ hasText: NAME });
  await expect(rows.filter({ hasText: '信用修复' })).toHaveCount(1);
  await expect(rows.filter({ hasText: '移出名单' })).toHaveCount(1);
  const feed = await ep.request.get('/api/disclosure/feed?format=json');
  expect(feed.ok()).toBeTruthy();
  const body = (await feed.json()) as { signature: string; changes: { subjectName: string; kind: string }[] };
  expect(body.signature.length).toBeGreaterThan(40);
  expect(body.changes.filter((x) => x.subjectName === NAME).map((x) => x.kind)).toEqual(['repair', 'membership-end']);
  await ep.screenshot({ path: 'test-results/credit-changes.png', fullPage: true });
  await Promise.all([editor.close(), filler.close(), approver.close()]);
});
