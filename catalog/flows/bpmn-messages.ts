/**
 * The words of a BPMN import review (bpmn-import.ts), zh-CN and English. Each note carries its
 * message in both languages (like FlowProblem), so the server's answer and the tests read the same
 * sentence the dialog shows. This table is also the `bpmnImport` namespace of messages/*.json;
 * bpmn-import.test.ts checks that they agree.
 */
import type { Localized } from '../types';

type T = { 'zh-CN': string; en: string };
const t = (zh: string, en: string): T => ({ 'zh-CN': zh, en });

/** How an element was mapped ("mapped": same meaning, said how) or why it was not ("unsupported"). */
export const NOTE_MESSAGES = {
  // mapped
  endNone: t('{el} → 结束，结果「通过」。BPMN 的结束事件不说明通过与否，请核对。', '{el} → an end with outcome "approved". A BPMN end event does not say whether the request passed; please check.'),
  endError: t('{el} → 结束，结果「不通过」{error}。', '{el} → an end with outcome "rejected"{error}.'),
  endTerminate: t('{el} → 结束，结果「不通过」：流程在此终止，其余未完成的任务一并取消。', '{el} → an end with outcome "rejected": the flow stops here and every open task is cancelled.'),
  taskAsApproval: t('{el} → 审批步骤（完成即为通过），请指定处理人。', '{el} → an approval step (completing it approves); please choose its assignee.'),
  timerDuration: t('{el} {iso} → 等待 {days}（{rule}）。', '{el} {iso} → wait {days} ({rule}).'),
  deadlineDuration: t('{el} {iso} → {task}的办理期限 {days}，超时{action}（{rule}）。', '{el} {iso} → a deadline of {days} on {task}, then {action} ({rule}).'),
  lane: t('{el} → 其中 {count} 个步骤的处理人提示，请在下方为该泳道选择处理人。', '{el} → an assignee hint for the steps drawn in it ({count}); choose the lane\'s assignee below.'),
  conditionalFlow: t('{el}之后的条件连线 → 新增条件节点「{cond}」：按顺序判断，走第一条条件成立的连线，都不成立时走默认连线。', 'The conditional connections after {el} → a new condition node "{cond}": checked in order, the first that holds is taken, else the default connection.'),
  // unsupported
  element: t('{el}：不支持，导入后不会保留。', '{el}: not supported; it is not kept.'),
  startTrigger: t('{el}：本系统的流程由流程绑定的业务事件启动，该{trigger}触发不会启动它；已导入为普通开始。', '{el}: our flows start when the trigger they are bound to fires; this {trigger} trigger will not start it. Imported as a plain start.'),
  endThrow: t('{el}：本系统不会发出它抛出的{trigger}；已导入为结果「不通过」的结束，请核对。', '{el}: the {trigger} it throws is not sent here; imported as an end with outcome "rejected"; please check.'),
  durationUnsupported: t('{el} {iso}：{reason}；工作日数已留空，请在节点上填写。', '{el} {iso}: {reason}; the working days are left empty, fill them in on the node.'),
  conditionNotJsonLogic: t('{el}的条件「{expr}」不是 JSON Logic，本系统无法计算；分支已保留但永不成立，请重新设置条件。', 'The condition "{expr}" of {el} is not JSON Logic and cannot be evaluated here; the branch is kept but never taken; set its condition again.'),
  conditionalInclusive: t('{el}之后有 {count} 条条件连线：BPMN 中每条成立的连线都会执行，本系统只走第一条成立的分支。', '{el} has {count} conditional connections: in BPMN every one that holds is taken, here only the first that holds.'),
  parallelWithCondition: t('{el}之后指向{target}的无条件连线在 BPMN 中与条件连线同时执行；本系统不支持，该连线不会保留。', 'The unconditional connection from {el} to {target} runs alongside the conditional ones in BPMN; that is not supported and the connection is not kept.'),
  boundaryPath: t('{el}：期限到时本系统按「{action}」处理，不会走边界事件之后的这条路径；该连线不会保留。', '{el}: when the deadline passes we {action}; the path after the boundary event is not taken and this connection is not kept.'),
  dangling: t('{el}：有一端的元素未导入，该连线不会保留。', '{el}: an element at one of its ends was not imported; the connection is not kept.'),
  extension: t('{el}带有其他工具的设置（{keys}），本系统不使用，不会保留。', '{el} carries settings of another tool ({keys}); they are not used here and not kept.'),
  loop: t('{el}的循环设置不受支持；已导入为单人审批。', 'The loop of {el} is not supported; imported as a single approval.'),
  boundary: t('{el}（附着在{task}）：不支持，不会保留。', '{el} (attached to {task}): not supported; it is not kept.'),
} satisfies Record<string, T>;

/** bpmn-moddle's warnings, in the user's language. */
export const WARNING_MESSAGES = {
  duplicateId: t('第 {line} 行：编号「{id}」重复，后出现的 <{element}> 未导入。', 'Line {line}: the id "{id}" is used twice; the later <{element}> was not imported.'),
  unknownElement: t('第 {line} 行：无法识别的元素 <{element}>，未导入。', 'Line {line}: the element <{element}> is not BPMN and was not imported.'),
  unparsable: t('第 {line} 行：元素 <{element}> 无法读取，未导入（{detail}）。', 'Line {line}: the element <{element}> could not be read and was not imported ({detail}).'),
  unknownAttribute: t('{el}的属性 {attribute} 不是 BPMN 属性，已忽略。', 'The attribute {attribute} of {el} is not a BPMN attribute and was ignored.'),
  unresolvedReference: t('{el}引用了不存在的编号「{ref}」。', '{el} refers to the id "{ref}", which does not exist.'),
  other: t('BPMN 文件有问题：{detail}', 'A problem in the BPMN file: {detail}'),
} satisfies Record<string, T>;

/** Names of BPMN element kinds; an unknown kind is shown by its local name. */
export const KIND_NAMES = {
  Task: t('任务', 'task'),
  UserTask: t('用户任务', 'user task'),
  ManualTask: t('人工任务', 'manual task'),
  ScriptTask: t('脚本任务', 'script task'),
  ServiceTask: t('服务任务', 'service task'),
  SendTask: t('发送任务', 'send task'),
  ReceiveTask: t('接收任务', 'receive task'),
  BusinessRuleTask: t('业务规则任务', 'business rule task'),
  CallActivity: t('调用活动', 'call activity'),
  SubProcess: t('子流程', 'subprocess'),
  AdHocSubProcess: t('自由子流程', 'ad-hoc subprocess'),
  Transaction: t('事务', 'transaction'),
  ExclusiveGateway: t('排他网关', 'exclusive gateway'),
  ParallelGateway: t('并行网关', 'parallel gateway'),
  InclusiveGateway: t('包容网关', 'inclusive gateway'),
  EventBasedGateway: t('事件网关', 'event-based gateway'),
  ComplexGateway: t('复杂网关', 'complex gateway'),
  StartEvent: t('开始事件', 'start event'),
  EndEvent: t('结束事件', 'end event'),
  IntermediateCatchEvent: t('中间事件', 'intermediate event'),
  IntermediateThrowEvent: t('中间抛出事件', 'intermediate throw event'),
  BoundaryEvent: t('边界事件', 'boundary event'),
  SequenceFlow: t('连线', 'connection'),
  MessageFlow: t('消息流', 'message flow'),
  DataObject: t('数据对象', 'data object'),
  DataObjectReference: t('数据对象', 'data object'),
  DataStoreReference: t('数据存储', 'data store'),
  TextAnnotation: t('注释', 'text annotation'),
  Association: t('关联', 'association'),
  Group: t('分组', 'group'),
  Process: t('流程', 'process'),
  Participant: t('池', 'pool'),
  Lane: t('泳道', 'lane'),
  StandardLoopCharacteristics: t('循环', 'loop'),
} satisfies Record<string, T>;

/** Event triggers, as they qualify an event ("错误结束事件") or are named alone ("信号"). */
export const TRIGGER_NAMES = {
  timer: t('定时', 'timer'),
  message: t('消息', 'message'),
  signal: t('信号', 'signal'),
  conditional: t('条件', 'conditional'),
  error: t('错误', 'error'),
  terminate: t('终止', 'terminate'),
  escalation: t('升级', 'escalation'),
  compensate: t('补偿', 'compensation'),
  cancel: t('取消', 'cancel'),
  link: t('链接', 'link'),
  multiple: t('多重', 'multiple'),
} satisfies Record<string, T>;

/** How a duration became working days (the rule shown after each figure). */
export const DURATION_RULES = {
  days: t('天按工作日计', 'days count as working days'),
  weeks: t('1 周按 5 个工作日', 'a week is 5 working days'),
  hours: t('按 24 小时为 1 个工作日向上取整', 'every 24 hours, rounded up, is a working day'),
  mixed: t('天按工作日计，1 周按 5 个工作日，小时按 24 小时为 1 天向上取整', 'days count as working days, a week as 5, hours are rounded up to whole 24-hour days'),
} satisfies Record<string, T>;

/** Why a timer could not become working days. */
export const DURATION_REASONS = {
  monthsOrYears: t('月和年的工作日数随月份和节假日变化（19 至 23 天不等），无法准确换算', 'the working days in a month or a year vary with the month and its holidays (19 to 23 a month), so it cannot be converted exactly'),
  zero: t('时长为零，而期限至少为 1 个工作日', 'the duration is zero, and a deadline is at least one working day'),
  notADuration: t('不是可以换算的 ISO 8601 时长（例如 P5D、P1W、PT4H）', 'this is not an ISO 8601 duration we can convert (such as P5D, P1W, PT4H)'),
  timeDate: t('这是固定的日期时间，而本系统的期限从步骤开始按工作日计算', 'this is a fixed date and time, while our deadlines count working days from the start of the step'),
  timeCycle: t('这是重复周期，本系统不支持重复的定时', 'this is a repeating cycle, and repeating timers are not supported'),
  missing: t('未设置时长', 'it has no duration'),
} satisfies Record<string, T>;

export const TIMEOUT_WORDS = {
  remind: t('催办提醒', 'send a reminder'),
  reject: t('自动驳回', 'reject automatically'),
} satisfies Record<string, T>;

/** Small words used inside the notes. */
export const PHRASES = {
  named: t('「{name}」（{kind}）', '"{name}" ({kind})'),
  flowBetween: t('从{from}到{to}的连线', 'the connection from {from} to {to}'),
  eventKind: t('{trigger}{kind}', '{trigger} {kind}'),
  errorNamed: t('（BPMN 错误「{name}」）', ' (BPMN error "{name}")'),
  conditionLabel: t('{name}的条件', 'Condition after {name}'),
  branchTo: t('至{target}', 'To {target}'),
  defaultCondition: t('条件', 'Condition'),
  missing: t('不存在的元素', 'a missing element'),
  workingDays: t('{n} 个工作日', '{n} working days'),
  oneWorkingDay: t('1 个工作日', '1 working day'),
} satisfies Record<string, T>;

/** The `bpmnImport` namespace of messages/*.json in one language (for the check that they agree). */
export function bpmnImportMessages(locale: 'zh-CN' | 'en') {
  const pick = (table: Record<string, T>) => Object.fromEntries(Object.entries(table).map(([k, v]) => [k, v[locale]]));
  return {
    notes: pick(NOTE_MESSAGES),
    warnings: pick(WARNING_MESSAGES),
    kinds: pick(KIND_NAMES),
    triggers: pick(TRIGGER_NAMES),
    durationRules: pick(DURATION_RULES),
    durationReasons: pick(DURATION_REASONS),
    timeouts: pick(TIMEOUT_WORDS),
    phrases: pick(PHRASES),
  };
}

export type NoteCode = keyof typeof NOTE_MESSAGES;
export type WarningCode = keyof typeof WARNING_MESSAGES;
export type TriggerName = keyof typeof TRIGGER_NAMES;
export type Params = Record<string, string | number | Localized>;

export function fill(template: T, params: Params): Localized {
  const one = (locale: 'zh-CN' | 'en') => template[locale].replace(/\{(\w+)\}/g, (m, k: string) => {
    const v = params[k];
    if (v === undefined) return m;
    return typeof v === 'object' ? v[locale] || v['zh-CN'] : String(v);
  });
  return { 'zh-CN': one('zh-CN'), en: one('en') };
}

export const both = (s: string): Localized => ({ 'zh-CN': s, en: s });

/** An element's kind in words: "用户任务", "错误结束事件" / "error end event". */
export function kindName(type: string, trigger?: TriggerName): Localized {
  const local = type.replace(/^.*:/, '');
  const kind = (KIND_NAMES as Record<string, T>)[local] ?? both(local);
  return trigger ? fill(PHRASES.eventKind, { trigger: TRIGGER_NAMES[trigger], kind }) : kind;
}

/** How a note names an element: 「审核」（用户任务）, or only its kind when it has no name. */
export function elementWords(type: string, name: string | undefined, trigger?: TriggerName): Localized {
  const kind = kindName(type, trigger);
  const trimmed = name?.trim();
  if (!trimmed) return { 'zh-CN': kind['zh-CN'], en: kind.en.charAt(0).toUpperCase() + kind.en.slice(1) };
  return fill(PHRASES.named, { name: trimmed, kind });
}
