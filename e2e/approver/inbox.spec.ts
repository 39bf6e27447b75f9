import { approveInInbox, expect, test, call, signedInAs } from '../fixtures';
import { usccCheckChar } from '../../forms/formats/uscc';

/**
 * One inbox (issue 18): the approver's 我的待办 shows everything waiting for them — a record waiting
 * for the built-in acceptance, a flow task (the demo flow bound to 行政许可 submissions) and a
 * register change — with counts on the page, the 工作台 and the navigation, titled by names; the
 * editor who asked for the change is told it was approved, the filler that their record was accepted.
 */
const stamp = String(Date.now()).slice(-5);
const uscc = (n: number) => {
  const first17 = `91410200MA4${String(n).padStart(6, '0')}`;
  return first17 + usccCheckChar(first17);
};



test('an approver’s inbox shows a pending record, a flow task and a register change with counts; the editor sees “approved”, the filler “accepted”', async ({ browser }) => {
  test.setTimeout(300_000);
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const penaltyName = `开封收件${stamp}建材有限公司`;
  const licenceName = `开封收件${stamp}食品有限公司`;
  const listName = `重点关注名单${stamp}`;

  // The filler submits a 行政处罚 record (built-in acceptance) and a 行政许可 record (the bound demo flow).
  const filler = await signedInAs(browser, 'filler');
  const cf = await call<{ version: number }>(filler.page, 'record.form', { code: 'XZCF' }, 'query');
  const penalty = await call<{ id: string }>(filler.page, 'record.submit', {
    catalogCode: 'XZCF',
    catalogVersion: cf.version,
    subjectType: '法人及非法人组织',
    subjectCode: uscc(Number(stamp) % 900000),
    subjectName: penaltyName,
    data: { CF_XDR_MC: penaltyName, CF_XDR_LB: '法人及非法人组织', CF_WSH: `汴市监罚〔2026〕${stamp}号`, CF_CFLB: '罚款', CF_JDRQ: today, CF_NR_FK: 1 },
  });
  const xk = await call<{ version: number }>(filler.page, 'record.form', { code: 'XZXK' }, 'query');
  const authority = '11410200MB1234567' + usccCheckChar('11410200MB1234567');
  const licence = await call<{ id: string; flowInstanceId: string | null }>(filler.page, 'record.submit', {
    catalogCode: 'XZXK',
    catalogVersion: xk.version,
    subjectType: '法人及非法人组织',
    subjectCode: uscc((Number(stamp) % 900000) + 1),
    subjectName: licenceName,
    data: { XK_XDR_MC: licenceName, XK_XDR_LB: '法人及非法人组织', XK_XKWS: '食品经营许可决定书', XK_WSH: `汴市监食许〔2026〕${stamp}号`, XK_XKLB: '普通', XK_XKZS: '食品经营许可证', XK_NR: '预包装食品销售', XK_JDRQ: today, XK_XKJGDM: authority },
  });
  expect(licence.flowInstanceId).toBeTruthy();

  // The editor asks for a new list to be published.
  const editor = await signedInAs(browser, 'editor');
  const created = await call<{ versionId: string; revision: number }>(editor.page, 'register.create', { kindCode: 'credit-list', code: `CL-${stamp}`, content: { name: listName, legalBasis: [{ name: '国务院办公厅关于进一步完善失信约束制度构建诚信建设长效机制的指导意见', number: '国办发〔2020〕49号' }] } });
  await call(editor.page, 'register.submit', { versionId: created.versionId, revision: created.revision, effectiveDate: today });

  // The approver: counts on the 工作台 and in the navigation, then everything on 我的待办.
  const approver = await signedInAs(browser, 'approver');
  await approver.page.goto('/');
  await expect(approver.page.getByTestId('home-inbox')).toContainText(/您有 \d+ 项待办/);
  await expect(approver.page.getByTestId('home-inbox')).toContainText('记录待受理');
  const badge = Number(await approver.page.getByTestId('nav-badge').first().innerText().then((s) => s.replace(/\D.*$/s, '')));
  expect(badge).toBeGreaterThanOrEqual(3);
  await approver.page.goto('/tasks');
  const counts = approver.page.getByTestId('task-counts');
  await expect(counts).toContainText(`待办 ${badge}`);
  await expect(approver.page.getByTestId('count-record-acceptance')).toBeVisible();
  await expect(approver.page.getByTestId('count-flow-task')).toBeVisible();
  await expect(approver.page.getByTestId('count-change-request')).toBeVisible();
  // Named, not coded: the record by subject and catalog item, the change by register and entry, the task by subject.
  await expect(approver.page.getByTestId('inbox-item').filter({ hasText: `${penaltyName} · 行政处罚信息` })).toContainText('记录待受理');
  await expect(approver.page.getByTestId('inbox-item').filter({ hasText: `信用名单 · ${listName}` })).toContainText('清单变更待审批');
  const task = approver.page.getByTestId('task').filter({ hasText: `${licenceName} · 行政许可信息` });
  await expect(task).toContainText('信用办审核');
  await approver.page.screenshot({ path: 'test-results/approver-inbox.png', fullPage: true });

  // The approver decides: the change on 待审批, the record on its page, the licence in the flow.
  await approveInInbox(browser, `CL-${stamp}`);
  await approver.page.getByTestId('inbox-item').filter({ hasText: penaltyName }).getByRole('link', { name: '去处理' }).click();
  await expect(approver.page).toHaveURL(new RegExp(`/records/${penalty.id}$`));
  await approver.page.getByRole('button', { name: '通过' }).click();
  await expect(approver.page.getByText('已通过').first()).toBeVisible();
  await approver.page.goto('/tasks');
  await approver.page.getByTestId('task').filter({ hasText: licenceName }).getByRole('button', { name: '同意' }).click();
  await expect(approver.page.getByTestId('task').filter({ hasText: licenceName })).toHaveCount(0);
  await expect(approver.page.getByTestId('inbox-item').filter({ hasText: penaltyName })).toHaveCount(0);
  await expect(approver.page.getByTestId('inbox-item').filter({ hasText: listName })).toHaveCount(0);

  // The editor is told the change was approved; the filler that both records were accepted.
  await editor.page.goto('/tasks');
  const notice = editor.page.getByTestId('outcome-notice').filter({ hasText: listName });
  await expect(notice).toContainText('已通过');
  await expect(notice).toContainText('信用办审批人');
  await editor.page.screenshot({ path: 'test-results/editor-outcome.png', fullPage: true });
  await filler.page.goto('/tasks');
  await expect(filler.page.getByTestId('outcome-notice').filter({ hasText: penaltyName })).toContainText('已受理');
  await expect(filler.page.getByTestId('outcome-notice').filter({ hasText: licenceName })).toContainText('已受理');
  for (const c of [filler, editor, approver]) await c.close();
});
