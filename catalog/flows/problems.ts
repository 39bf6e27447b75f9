/**
 * Messages of flow problems (validator and BPMN import), zh-CN and English. Stored on each
 * FlowProblem so the server can refuse with words and the designer can show them on the node; the
 * same templates are the `flows.problems.*` i18n keys (the fragment files are checked against this
 * table by problems.test.ts).
 */
import type { Localized } from '../types';
import type { FlowProblem } from './types';

type Template = { 'zh-CN': string; en: string };

export const PROBLEM_MESSAGES = {
  duplicateId: { 'zh-CN': '编号「{id}」重复。', en: 'The id "{id}" is used twice.' },
  startCount: { 'zh-CN': '流程必须恰好有一个开始节点（现有 {count} 个）。', en: 'A flow needs exactly one start node (it has {count}).' },
  noEnd: { 'zh-CN': '流程至少需要一个结束节点。', en: 'A flow needs at least one end node.' },
  danglingEdge: { 'zh-CN': '连线指向不存在的节点「{id}」。', en: 'The connection points at a node that does not exist ("{id}").' },
  startIncoming: { 'zh-CN': '开始节点不能有进入的连线。', en: 'The start node cannot have incoming connections.' },
  endOutgoing: { 'zh-CN': '结束节点不能有流出的连线。', en: 'An end node cannot have outgoing connections.' },
  noOutgoing: { 'zh-CN': '「{label}」没有流出的连线。', en: '"{label}" has no outgoing connection.' },
  tooManyOutgoing: { 'zh-CN': '「{label}」只能有一条流出的连线；要分支请使用条件或并行节点。', en: '"{label}" may have only one outgoing connection; use a condition or a parallel split to branch.' },
  unreachable: { 'zh-CN': '「{label}」从开始节点无法到达。', en: '"{label}" cannot be reached from the start.' },
  noPathToEnd: { 'zh-CN': '「{label}」之后无法到达任何结束节点（可能是没有出口的循环）。', en: 'No end can be reached after "{label}" (perhaps a loop with no way out).' },
  splitBranches: { 'zh-CN': '并行分支「{label}」至少需要两条流出的连线。', en: 'The parallel split "{label}" needs at least two outgoing connections.' },
  splitNoJoin: { 'zh-CN': '并行分支「{label}」没有对应的汇聚节点。', en: 'The parallel split "{label}" has no matching join.' },
  joinNoSplit: { 'zh-CN': '汇聚节点「{label}」没有指定对应的并行分支。', en: 'The join "{label}" is not matched to a parallel split.' },
  joinDuplicate: { 'zh-CN': '并行分支「{split}」有多个汇聚节点。', en: 'The parallel split "{split}" has more than one join.' },
  joinBranchCount: { 'zh-CN': '汇聚节点「{label}」有 {incoming} 条进入连线，但并行分支有 {branches} 条。', en: 'The join "{label}" has {incoming} incoming connections but its split has {branches} branches.' },
  branchEscapesJoin: { 'zh-CN': '并行分支「{split}」的某条分支不经过汇聚节点「{join}」。', en: 'A branch of the parallel split "{split}" does not pass through its join "{join}".' },
  conditionNoDefault: { 'zh-CN': '条件「{label}」必须指定一条默认分支。', en: 'The condition "{label}" needs a default branch.' },
  conditionEdgeNoBranch: { 'zh-CN': '条件「{label}」的一条连线既不是分支也不是默认分支。', en: 'A connection of the condition "{label}" is neither a branch nor the default.' },
  conditionBranchNoEdge: { 'zh-CN': '条件「{label}」的分支「{branch}」没有对应的连线。', en: 'The branch "{branch}" of the condition "{label}" has no connection.' },
  conditionBadExpression: { 'zh-CN': '条件「{label}」的分支「{branch}」表达式无效：{reason}', en: 'The expression of branch "{branch}" of the condition "{label}" is invalid: {reason}' },
  labelMissing: { 'zh-CN': '节点缺少中文名称。', en: 'The node has no Chinese label.' },
  assigneeMissing: { 'zh-CN': '「{label}」没有指定处理人。', en: '"{label}" has no assignee.' },
  unknownRole: { 'zh-CN': '「{label}」的角色「{role}」不存在。', en: 'The role "{role}" of "{label}" does not exist.' },
  unknownDepartment: { 'zh-CN': '「{label}」的部门不存在或已停用。', en: 'The department of "{label}" does not exist or is archived.' },
  unknownUser: { 'zh-CN': '「{label}」的处理人中有不存在或已停用的用户。', en: 'An assignee of "{label}" is not an active user.' },
  badMode: { 'zh-CN': '「{label}」的审批方式无效。', en: 'The approval mode of "{label}" is not valid.' },
  badDeadline: { 'zh-CN': '「{label}」的期限必须是至少 1 个工作日的整数。', en: 'The deadline of "{label}" must be a whole number of at least 1 working day.' },
  badTimeoutAction: { 'zh-CN': '「{label}」的超时处理方式无效。', en: 'The timeout action of "{label}" is not valid.' },
  escalateNoRole: { 'zh-CN': '「{label}」超时升级需要指定接收的角色。', en: 'Escalation on "{label}" needs the role that receives it.' },
  badAction: { 'zh-CN': '「{label}」的自动操作无效。', en: 'The automatic action of "{label}" is not valid.' },
  badOutcome: { 'zh-CN': '结束节点「{label}」的结果无效。', en: 'The outcome of the end node "{label}" is not valid.' },
  badNodeType: { 'zh-CN': '节点类型「{type}」不受支持。', en: 'The node type "{type}" is not supported.' },
  notAGraph: { 'zh-CN': '流程图格式不正确：需要 nodes 和 edges 两个数组。', en: 'The flow graph is malformed: it needs the arrays nodes and edges.' },
  // BPMN import
  bpmnTooLarge: { 'zh-CN': 'BPMN 文件过大（上限 {max}）。', en: 'The BPMN file is too large (limit {max}).' },
  bpmnDoctype: { 'zh-CN': '出于安全原因，拒绝含有 DOCTYPE 或 ENTITY 声明的 XML 文件。', en: 'For safety, XML with a DOCTYPE or ENTITY declaration is refused.' },
  bpmnMalformed: { 'zh-CN': 'BPMN 文件无法解析：{reason}', en: 'The BPMN file could not be read: {reason}' },
  bpmnTooManyNodes: { 'zh-CN': 'BPMN 流程过大：有 {count} 个元素，上限为 {max} 个。请拆分流程后再导入。', en: 'The BPMN process is too large: it has {count} elements; the limit is {max}. Split the process before importing it.' },
  bpmnTooManyFlows: { 'zh-CN': 'BPMN 流程过大：有 {count} 条连线，上限为 {max} 条。请拆分流程后再导入。', en: 'The BPMN process is too large: it has {count} connections; the limit is {max}. Split the process before importing it.' },
  bpmnNoProcess: { 'zh-CN': 'BPMN 文件中没有流程（process）。', en: 'The BPMN file contains no process.' },
} satisfies Record<string, Template>;

export type ProblemCode = keyof typeof PROBLEM_MESSAGES;

/** A param may be one string for both languages or a Localized pair (e.g. a node's label). */
export type ProblemParams = Record<string, string | number | Localized>;

/** Fills `{name}` placeholders. */
export function formatTemplate(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

function paramsIn(params: ProblemParams, locale: 'zh-CN' | 'en'): Record<string, string | number> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'object' ? v[locale] || v['zh-CN'] : v]));
}

export function problemMessage(code: ProblemCode, params: ProblemParams = {}): Localized {
  const t = PROBLEM_MESSAGES[code];
  return { 'zh-CN': formatTemplate(t['zh-CN'], paramsIn(params, 'zh-CN')), en: formatTemplate(t.en, paramsIn(params, 'en')) };
}

export function problem(code: ProblemCode, at: { nodeId?: string; edgeId?: string }, params: ProblemParams = {}): FlowProblem {
  return { ...at, code, params: paramsIn(params, 'zh-CN'), message: problemMessage(code, params) };
}
