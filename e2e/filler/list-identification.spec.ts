import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { buildDocx, docxText } from '../../server/documents/docx';
import { usccCheckChar } from '../../forms/formats/uscc';
import { approveInInbox, expect, ORIGIN, signInViaApi, test, call, signedInAs } from '../fixtures';

/**
 * List identification as due process (issue 14): the editor defines a 重点关注名单 with a
 * 5-working-day objection window and its own notice template; the filler of 市市场监管局 proposes a
 * demo company from an accepted 行政处罚 record; the notice downloads with the template's text; an
 * objection is recorded and answered; after the window the approver decides in the flow bound to
 * the list; the lookup shows the membership with its measure; the injected clock passes valid-to
 * and the membership expires; the auditor finds every step in the audit log.
 */
test.describe.configure({ mode: 'serial' });

const stamp = String(Date.now()).slice(-5);
const LIST = `CL-${stamp}`;
const MEASURE = `SM-${stamp}`;
const FLOW = `FLOW-LIST-${stamp}`;
// A demo company with accepted 行政处罚 records of 市市场监管局 (server/seed/grading.ts demoFacts, i = 3).
const SUBJECT = '91410200MA4000003' + usccCheckChar('91410200MA4000003');
const L = (zh: string, en: string) => ({ 'zh-CN': zh, en });



async function moveClock(page: Page, days: number) {
  const res = await page.request.post('/api/test/clock', { data: { days }, headers: { origin: ORIGIN } });
  expect(res.ok()).toBeTruthy();
}

async function downloadText(page: Page, link: ReturnType<Page['getByRole']>) {
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return docxText(new Uint8Array(readFileSync((await download.path())!)));
}

test.afterAll(async ({ browser }) => {
  const { page, close } = await signedInAs(browser, 'editor');
  for (const b of (await call<{ id: string; flowCode: string }[]>(page, 'flow.bindings', undefined, 'query')).filter((x) => x.flowCode === FLOW)) await call(page, 'flow.removeBinding', { id: b.id });
  const { offsetDays } = (await (await page.request.get('/api/test/clock')).json()) as { offsetDays: number };
  if (offsetDays) await moveClock(page, -offsetDays);
  await close();
});

test('a 重点关注名单 case from proposal to expiry: notice, objection, flow decision, lookup, audit', async ({ page, browser }) => {
  test.setTimeout(300_000); // one long journey across five people
  const subjectCode = SUBJECT;

  // Set-up through the API: a published measure for the list and a flow with 执行名单认定.
  await signInViaApi(page, 'editor');
  const measure = await call<{ versionId: string; revision: number }>(page, 'register.create', {
    kindCode: 'sanction-measure',
    code: MEASURE,
    content: { text: '列为重点监管对象，提高抽查比例和频次', type: '行政性', targetSubjects: ['法人及非法人组织'], legalBasis: [{ name: '国务院办公厅关于加快推进社会信用体系建设构建以信用为基础的新型监管机制的指导意见', number: '国办发〔2019〕35号' }], departments: ['SCJG'], repairable: true },
  });
  const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  await call(page, 'register.submit', { versionId: measure.versionId, revision: measure.revision, effectiveDate: day });
  const graph = {
    nodes: [
      { id: 'start', type: 'start', position: { x: 0, y: 0 }, params: {} },
      { id: 'review', type: 'approval', position: { x: 0, y: 120 }, params: { label: L('名单认定审批', 'Listing review'), mode: 'single', assignee: { kind: 'role', role: 'approver' } } },
      { id: 'apply', type: 'action', position: { x: 0, y: 240 }, params: { label: L('执行名单认定', 'Apply list decision'), action: 'apply-list-decision' } },
      { id: 'end', type: 'end', position: { x: 0, y: 360 }, params: { outcome: 'approved' } },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'review' },
      { id: 'e2', source: 'review', target: 'apply' },
      { id: 'e3', source: 'apply', target: 'end' },
    ],
  };
  const flow = await call<{ versionId: string; revision: number }>(page, 'register.create', { kindCode: 'approval-flow', code: FLOW, content: { name: '重点关注名单认定流程', description: '', appliesTo: 'list-identification', graph } });
  await call(page, 'register.submit', { versionId: flow.versionId, revision: flow.revision, effectiveDate: day });
  await approveInInbox(browser, MEASURE);
  await approveInInbox(browser, FLOW);

  // The editor defines the list in the register form, with a 5-working-day window and a template.
  await page.goto('/registers/credit-list/new');
  await page.getByLabel('编码', { exact: true }).fill(LIST);
  await page.getByLabel('名单名称 *').fill(`重点关注名单${stamp}`);
  await page.getByLabel('名单类型').fill('重点关注名单');
  // The red-list conditions belong to incentive lists: shown for 激励 only, never lost on the way.
  await expect(page.getByLabel('入选条件：无不良记录的月数')).toHaveCount(0);
  await page.getByLabel('性质').selectOption('incentive');
  await page.getByLabel('入选条件：无不良记录的月数').fill('24');
  await page.getByLabel('性质').selectOption('sanction');
  await expect(page.getByLabel('入选条件：无不良记录的月数')).toHaveValue('24');
  await page.getByLabel('入选条件：无不良记录的月数').fill('');
  await expect(page.getByLabel('入选条件：评价模型')).toHaveCount(0);
  await expect(page.getByLabel('入选条件：无不良记录的月数')).toHaveCount(0);
  await page.getByRole('button', { name: '添加法律依据' }).click();
  await page.getByLabel('文件名称 1').fill('国务院办公厅关于进一步完善失信约束制度构建诚信建设长效机制的指导意见');
  await page.getByLabel('文号 1').fill('国办发〔2020〕49号');
  await page.getByLabel('认定标准').fill('一年内受到两次以上行政处罚且拒不改正的市场主体。');
  await page.locator('#f-groundItems').getByRole('checkbox', { name: /行政处罚信息/ }).check();
  await page.getByLabel('异议期限（工作日）').fill('5');
  await page.getByLabel('异议答复期限（工作日）').fill('5');
  await page.getByLabel('最短列入期限（月）').fill('6');
  await page.getByLabel('最长列入期限（月）').fill('6');
  await page.getByRole('checkbox', { name: new RegExp(MEASURE) }).check();
  const template = buildDocx([
    { text: '市市场监管局', style: 'redTitle' },
    { text: '重点关注名单拟列入告知书（本局模板）', style: 'title' },
    { text: '{{文号}}', style: 'number' },
    { text: '{{主体名称}}：因{{事由}}，依据{{依据}}，本局拟将你单位列入{{名单名称}}。请于收到本告知书之日起{{异议期限}}个工作日内提出陈述、申辩。' },
  ]);
  await page.getByLabel('上传拟列入告知书模板').setInputFiles({ name: '重点关注告知书.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: Buffer.from(template) });
  await expect(page.getByTestId('template-notice')).toContainText('当前模板：重点关注告知书.docx');
  await page.screenshot({ path: 'test-results/list-definition.png', fullPage: true });
  await page.getByRole('button', { name: '保存草稿' }).click();
  await expect(page).toHaveURL(new RegExp(`/registers/credit-list/${LIST}$`));
  await page.getByRole('button', { name: '提交审批' }).click();
  await page.getByRole('dialog').getByRole('button', { name: '提交审批' }).click();
  await expect(page.getByText(/待审批发布/)).toBeVisible();
  await approveInInbox(browser, LIST);
  // The flow is bound to this list on the bindings page.
  await page.goto('/flows/bindings');
  await page.getByLabel('触发点').selectOption('list-identification');
  await page.getByLabel('范围', { exact: true }).selectOption('credit-list');
  await page.getByLabel('范围值').selectOption(LIST);
  await page.getByLabel('审批流程').selectOption(FLOW);
  await page.getByRole('button', { name: '绑定', exact: true }).click();
  await expect(page.getByTestId('bindings')).toContainText(FLOW);

  // The filler proposes the company from its accepted 行政处罚 record.
  const filler = await signedInAs(browser, 'filler');
  const fp = filler.page;
  await fp.goto('/lists/new');
  await fp.getByLabel('名单', { exact: true }).selectOption({ label: `重点关注名单${stamp}` });
  await fp.getByLabel('当事人统一社会信用代码').fill(subjectCode.toLowerCase());
  await fp.getByRole('button', { name: '查找记录' }).click();
  await expect(fp.getByText('一年内受到两次以上行政处罚且拒不改正的市场主体。')).toBeVisible();
  const penalty = fp.getByRole('checkbox', { name: /^行政处罚信息/ }).first();
  await penalty.check();
  await expect(fp.getByRole('checkbox', { name: /^行政许可信息/ }).first()).toBeDisabled();
  await fp.getByRole('button', { name: /^提出列入/ }).click();
  await expect(fp.locator('#propose-reason-error')).toContainText('请填写理由');
  await fp.getByLabel('事由').fill('一年内三次因超范围经营受到行政处罚且拒不改正');
  await fp.getByRole('button', { name: /^提出列入/ }).click();
  await expect(fp).toHaveURL(/\/lists\/cases\//);
  await expect(fp.getByTestId('case-state')).toHaveText('已提出');

  // The notice: produced, numbered, downloaded with the template's text; service recorded.
  await fp.getByRole('button', { name: '生成告知书' }).click();
  const noticeLink = fp.getByTestId('documents').getByRole('link', { name: '拟列入告知书' });
  await expect(noticeLink).toBeVisible();
  const notice = await downloadText(fp, noticeLink);
  expect(notice).toContain('重点关注名单拟列入告知书（本局模板）');
  expect(notice).toMatch(/市市场监管局信告〔\d{4}〕\d+号/);
  expect(notice).toContain(`因一年内三次因超范围经营受到行政处罚且拒不改正，依据《国务院办公厅关于进一步完善失信约束制度构建诚信建设长效机制的指导意见》国办发〔2020〕49号，本局拟将你单位列入重点关注名单${stamp}。请于收到本告知书之日起5个工作日内提出陈述、申辩。`);
  await fp.getByLabel('送达方式').selectOption('直接送达');
  await fp.getByRole('button', { name: '登记送达' }).click();
  await expect(fp.getByTestId('case-state')).toHaveText('已告知');
  await expect(fp.getByTestId('objection-due')).toContainText('送达后 5 个工作日');

  // An objection inside the window, with evidence; answered 不采纳 with reasons.
  await fp.getByLabel('异议内容').fill('当事人称第三次处罚已经复议撤销，附复议决定书。');
  await fp.getByLabel('证据材料').setInputFiles({ name: '复议决定书.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% demo evidence\n') });
  await expect(fp.getByText('复议决定书.pdf')).toBeVisible();
  await fp.getByRole('button', { name: '登记异议' }).click();
  await expect(fp.getByTestId('case-state')).toHaveText('异议处理中');
  await fp.getByRole('radio', { name: '不采纳' }).check();
  await fp.getByLabel('核实意见和理由').fill('经核实，复议决定维持原处罚决定，异议不成立。');
  await fp.getByRole('button', { name: '答复异议' }).click();
  await expect(fp.getByTestId('case-state')).toHaveText('异议已答复');
  await expect(fp.getByTestId('next-step')).toContainText('期满后可提请决定');

  // After the window (the injected clock), the department asks for a decision; the flow decides.
  await moveClock(fp, 12);
  await fp.reload();
  await expect(fp.getByLabel('列入期限（月）')).toHaveValue('6');
  await fp.getByRole('button', { name: '提请决定' }).click();
  await expect(fp.getByTestId('case-state')).toHaveText('审批中');
  await fp.screenshot({ path: 'test-results/list-case-in-decision.png', fullPage: true });
  const approver = await signedInAs(browser, 'approver');
  await approver.page.goto('/tasks');
  const task = approver.page.getByTestId('task').filter({ hasText: `重点关注名单${stamp}` });
  await expect(task).toContainText('名单认定');
  await task.getByRole('button', { name: '同意' }).click();
  await expect(approver.page.getByTestId('task').filter({ hasText: `重点关注名单${stamp}` })).toHaveCount(0);
  await approver.close();
  await fp.reload();
  await expect(fp.getByTestId('case-state')).toHaveText('已列入');
  await expect(fp.getByTestId('documents')).toContainText('认定决定书');
  await expect(fp.getByTestId('documents')).toContainText('信用修复告知书');
  const decision = await downloadText(fp, fp.getByTestId('documents').getByRole('link', { name: '认定决定书' }));
  expect(decision).toContain('列为重点监管对象，提高抽查比例和频次（依据：《国务院办公厅关于加快推进社会信用体系建设构建以信用为基础的新型监管机制的指导意见》国办发〔2019〕35号）');
  expect(decision).toContain('救济途径');
  await fp.screenshot({ path: 'test-results/list-case-listed.png', fullPage: true });

  // 逢办必查: another department's lookup shows the membership with its measure and basis.
  const other = await signedInAs(browser, 'filler2');
  await other.page.goto('/lookup');
  await other.page.getByLabel('统一社会信用代码或主体名称').fill(subjectCode);
  await other.page.getByLabel('查询事由 *').fill('办理排污许可前核查');
  await other.page.getByRole('button', { name: '查询' }).click();
  const membership = other.page.getByTestId('membership').filter({ hasText: `重点关注名单${stamp}` });
  await expect(membership).toContainText('列为重点监管对象，提高抽查比例和频次');
  await expect(membership).toContainText('国办发〔2019〕35号');
  await expect(membership).toContainText('市市场监管局');
  await other.page.screenshot({ path: 'test-results/list-lookup.png', fullPage: true });

  // Valid-to passes on the injected clock; the sweeper expires the membership.
  await moveClock(fp, 200);
  await fp.request.post('/api/test/sweep', { headers: { origin: ORIGIN } });
  await fp.reload();
  await expect(fp.getByTestId('case-state')).toHaveText('已到期');
  await other.page.getByRole('button', { name: '查询' }).click();
  await expect(other.page.getByTestId('membership').filter({ hasText: `重点关注名单${stamp}` })).toHaveCount(0);
  await other.close();
  await filler.close();

  // The auditor finds every step of the case in the audit log.
  const auditor = await signedInAs(browser, 'auditor');
  await auditor.page.goto('/audit');
  await auditor.page.getByLabel('动作').selectOption('list_case.*');
  for (const action of ['提出名单认定', '生成拟列入告知书', '登记告知书送达', '登记异议', '答复异议：不采纳', '提请认定决定', '决定列入名单', '下载案件文书']) {
    await expect(auditor.page.getByRole('cell', { name: action }).first()).toBeVisible();
  }
  await auditor.page.getByLabel('动作').selectOption('list_member.*');
  await expect(auditor.page.getByRole('cell', { name: '名单有效期届满移出' }).first()).toBeVisible();
  await auditor.page.screenshot({ path: 'test-results/list-audit.png', fullPage: true });
  await auditor.close();
});

