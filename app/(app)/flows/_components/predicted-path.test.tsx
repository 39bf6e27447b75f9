// No DOM (environment node): pure helpers directly, the list rendered to HTML with the
// flowPreview fragment (the lead merges fragments into messages/*.json later).
import { renderToStaticMarkup } from 'react-dom/server';
import { IntlProvider } from 'use-intl';
import { describe, expect, it } from 'vitest';
import zhMain from '../../../../messages/zh-CN.json';
import enMain from '../../../../messages/en.json';
import zhPreview from '../../../../messages/zh-CN.json';
import enPreview from '../../../../messages/en.json';
import { chain, approval } from '@/catalog/flows/fixtures';
import { describeAssignee, lastDueDate, PredictedPathView, recordSubmission, registerSubmission, type AssigneeWords, type SubmissionPreview } from './predicted-path';

const words: AssigneeWords = {
  role: (r) => ({ approver: '审批人', editor: '信用办编辑' })[r] ?? r,
  roleInDepartment: (role, department) => `${department} · ${role}`,
  department: (department) => `${department}的人员`,
  initiatorApprover: '提交人所在部门的审批人',
  unknownDepartment: '（部门不存在）',
  nobody: '（暂无处理人）',
  listSeparator: '、',
};
const xyb = { 'zh-CN': '市信用办', en: 'Municipal Credit Office' };

describe('describeAssignee', () => {
  it('says who decides in the reader’s language', () => {
    expect(describeAssignee({ kind: 'role', role: 'approver', department: null }, 'zh-CN', words)).toBe('审批人');
    expect(describeAssignee({ kind: 'role', role: 'approver', department: xyb }, 'en', words)).toBe('Municipal Credit Office · 审批人');
    expect(describeAssignee({ kind: 'department', department: xyb, role: null }, 'zh-CN', words)).toBe('市信用办的人员');
    expect(describeAssignee({ kind: 'department', department: null, role: 'editor' }, 'zh-CN', words)).toBe('（部门不存在） · 信用办编辑');
    expect(describeAssignee({ kind: 'users', names: ['张三', '李四'] }, 'zh-CN', words)).toBe('张三、李四');
    expect(describeAssignee({ kind: 'initiator-approver' }, 'zh-CN', words)).toBe('提交人所在部门的审批人');
  });
  it('never shows an empty assignee', () => {
    expect(describeAssignee({ kind: 'users', names: [] }, 'zh-CN', words)).toBe('（暂无处理人）');
    expect(describeAssignee(null, 'en', words)).toBe('（暂无处理人）');
  });
});

describe('lastDueDate', () => {
  it('is the latest due date, ignoring steps without one', () => {
    expect(lastDueDate([{ dueOn: '2025-03-05' }, { dueOn: null }, { dueOn: '2025-03-10' }, { dueOn: '2025-03-07' }])).toBe('2025-03-10');
    expect(lastDueDate([{ dueOn: null }])).toBeNull();
    expect(lastDueDate([])).toBeNull();
  });
});

describe('submission inputs (the same trigger, scope and meta the server starts the flow with)', () => {
  it('a register change is bound per register kind and conditions see the draft content', () => {
    expect(registerSubmission('sanction-measure', 'SM-001', 3, { duration: '3年' })).toEqual({
      trigger: 'register-change',
      scopes: [{ type: 'register-kind', value: 'sanction-measure' }],
      data: { duration: '3年' },
      meta: { kindCode: 'sanction-measure', code: 'SM-001', action: 'publish', version: 3 },
    });
  });
  it('a record names its catalog item and version (the server adds the category)', () => {
    expect(recordSubmission('XZCF', 2, { CF_NR_FK: 1.5 })).toEqual({ trigger: 'record-submit', scopes: [{ type: 'catalog-item', value: 'XZCF' }], data: { CF_NR_FK: 1.5 }, meta: { catalogCode: 'XZCF', catalogVersion: 2 } });
  });
});

const graph = chain(approval('s1', 'all'), approval('s2'));
const bound = {
  bound: true,
  flowCode: 'FLOW-X',
  version: 1,
  name: '测试流程',
  graph,
  prediction: { path: ['start', 's1', 's2', 'end'], edges: [], steps: [], endNodeId: 'end', outcome: 'approved', conditionErrors: [] },
  steps: [
    { nodeId: 's1', type: 'approval', label: { 'zh-CN': '初审', en: 'First review' }, mode: 'all', assignee: { kind: 'role', role: 'approver', department: xyb }, startsOn: '2025-03-03', dueOn: '2025-03-06' },
    { nodeId: 's2', type: 'approval', label: { 'zh-CN': '复核', en: 'Second review' }, mode: 'single', assignee: { kind: 'users', names: ['审批人a1'] }, startsOn: '2025-03-06', dueOn: null },
  ],
} as unknown as SubmissionPreview;

function render(preview: SubmissionPreview, locale: 'zh-CN' | 'en') {
  const messages = locale === 'zh-CN' ? { ...zhMain, ...zhPreview } : { ...enMain, ...enPreview };
  return renderToStaticMarkup(
    <IntlProvider locale={locale} messages={messages} timeZone="Asia/Shanghai">
      <PredictedPathView preview={preview} />
    </IntlProvider>,
  );
}

describe('PredictedPathView (server-rendered HTML)', () => {
  it('lists the steps with who decides and when each is due', () => {
    const html = render(bound, 'zh-CN');
    expect(html).toContain('审批路径预测');
    expect(html).toMatch(/初审.*会签.*市信用办 · 审批人.*2025-03-06 前办结/s);
    expect(html).toMatch(/复核.*单人审批.*审批人a1.*未设期限/s);
    expect(html).toContain('预计最迟 2025-03-06 审批完毕');
    expect(html.match(/data-testid="predicted-step"/g)).toHaveLength(2);
  });
  it('speaks English to an English reader', () => {
    const html = render(bound, 'en');
    expect(html).toContain('Predicted approval path');
    expect(html).toMatch(/First review.*countersign \(all\).*Municipal Credit Office · Approver.*due 2025-03-06/s);
  });
  it('warns when the prediction does not reach an end', () => {
    const stuck = { ...bound, prediction: { ...(bound as { prediction: object }).prediction, endNodeId: null } } as unknown as SubmissionPreview;
    expect(render(stuck, 'zh-CN')).toContain('预测未能走到流程终点');
  });
  it('shows nothing extra when no flow is bound', () => {
    expect(render({ bound: false }, 'zh-CN')).toBe('');
  });
});
