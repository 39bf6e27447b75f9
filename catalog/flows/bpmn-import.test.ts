import { readdirSync, readFileSync } from 'node:fs';
import { BpmnModdle } from 'bpmn-moddle';
import { describe, expect, it } from 'vitest';
import { importBpmn, MAX_IMPORT_FLOWS, MAX_IMPORT_NODES, type BpmnImportResult } from './bpmn';
import { bpmnImportMessages } from './bpmn-messages';
import { applyLaneChoices, suggestLaneChoice, type LaneDirectory } from './bpmn-lanes';
import { predictPath } from './predict';
import type { FlowGraph, FlowNode } from './types';
import { validateFlow } from './validate';

const doc = (body: string, roots = '') =>
  `<?xml version="1.0" encoding="UTF-8"?><definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="http://example.com">${roots}<process id="p" isExecutable="true">${body}</process></definitions>`;

async function imported(xml: string) {
  const r = await importBpmn(xml);
  if (!r.ok) throw new Error(`refused: ${r.problem.message['zh-CN']}`);
  return r;
}
type Ok = Extract<BpmnImportResult, { ok: true }>;
const node = <T extends FlowNode['type']>(g: FlowGraph, id: string, type: T) => {
  const n = g.nodes.find((x) => x.id === id);
  expect(n?.type).toBe(type);
  return n as Extract<FlowNode, { type: T }>;
};
const notesOf = (r: Ok, id: string) => [...r.mapped.map((n) => ({ ...n, list: 'mapped' })), ...r.unsupported.map((n) => ({ ...n, list: 'unsupported' }))].filter((n) => n.id === id);
const JSON_LOGIC = 'language="https://jsonlogic.com"';
const calendar = { holidays: [], workdays: [] };

describe('BPMN import: end events keep their meaning', () => {
  it('a reject path ending in an error end event imports as rejected, not approved', async () => {
    const r = await imported(
      doc(
        `<startEvent id="s"/><exclusiveGateway id="x" name="审查结论" default="toOk"/>
         <sequenceFlow id="f0" sourceRef="s" targetRef="x"/>
         <sequenceFlow id="toOk" name="通过" sourceRef="x" targetRef="ok"/>
         <sequenceFlow id="toErr" name="驳回" sourceRef="x" targetRef="err"><conditionExpression ${JSON_LOGIC}>{"==":[{"var":"data.result"},"reject"]}</conditionExpression></sequenceFlow>
         <endEvent id="ok" name="办结"/>
         <endEvent id="err" name="驳回"><errorEventDefinition errorRef="E1"/></endEvent>`,
        '<error id="E1" name="审查不通过" errorCode="REJECTED"/>',
      ),
    );
    expect(node(r.graph, 'err', 'end').params.outcome).toBe('rejected');
    expect(predictPath(r.graph, { calendar, startDate: '2025-03-03', data: { result: 'reject' } }).outcome).toBe('rejected');
    expect(predictPath(r.graph, { calendar, startDate: '2025-03-03', data: { result: 'ok' } }).outcome).toBe('approved');
    expect(notesOf(r, 'err')).toMatchObject([{ list: 'mapped', code: 'endError', message: { 'zh-CN': '「驳回」（错误结束事件） → 结束，结果「不通过」（BPMN 错误「审查不通过」）。' } }]);
    // A plain end says nothing about the outcome: imported as approved, and the dialog says so.
    expect(notesOf(r, 'ok')).toMatchObject([{ list: 'mapped', code: 'endNone' }]);
    expect(notesOf(r, 'ok')[0]!.message.en).toContain('please check');
  });

  it.each([
    ['terminateEventDefinition', 'rejected', 'mapped', 'endTerminate', '「结束」（终止结束事件） → 结束，结果「不通过」：流程在此终止，其余未完成的任务一并取消。'],
    ['escalationEventDefinition', 'rejected', 'unsupported', 'endThrow', '「结束」（升级结束事件）：本系统不会发出它抛出的升级；已导入为结果「不通过」的结束，请核对。'],
    ['messageEventDefinition', 'rejected', 'unsupported', 'endThrow', '「结束」（消息结束事件）：本系统不会发出它抛出的消息；已导入为结果「不通过」的结束，请核对。'],
    ['signalEventDefinition', 'rejected', 'unsupported', 'endThrow', '「结束」（信号结束事件）：本系统不会发出它抛出的信号；已导入为结果「不通过」的结束，请核对。'],
    ['compensateEventDefinition', 'rejected', 'unsupported', 'endThrow', '「结束」（补偿结束事件）：本系统不会发出它抛出的补偿；已导入为结果「不通过」的结束，请核对。'],
  ])('a %s end → outcome %s, listed as %s', async (def, outcome, list, code, zh) => {
    const r = await imported(doc(`<startEvent id="s"/><sequenceFlow id="f" sourceRef="s" targetRef="e"/><endEvent id="e" name="结束"><${def}/></endEvent>`));
    expect(node(r.graph, 'e', 'end').params.outcome).toBe(outcome);
    expect(notesOf(r, 'e')).toMatchObject([{ list, code, message: { 'zh-CN': zh } }]);
  });
});

describe('BPMN import: start events', () => {
  it.each([
    ['<timerEventDefinition><timeCycle>R/P1D</timeCycle></timerEventDefinition>', '定时'],
    ['<messageEventDefinition/>', '消息'],
    ['<signalEventDefinition/>', '信号'],
    ['<conditionalEventDefinition><condition xsi:type="tFormalExpression">x</condition></conditionalEventDefinition>', '条件'],
  ])('a start event with a trigger (%s) is listed as unsupported, kept as a plain start', async (def, trigger) => {
    const r = await imported(doc(`<startEvent id="s" name="收到申请">${def}</startEvent><sequenceFlow id="f" sourceRef="s" targetRef="e"/><endEvent id="e"/>`));
    node(r.graph, 's', 'start');
    expect(notesOf(r, 's')).toMatchObject([{ list: 'unsupported', code: 'startTrigger', message: { 'zh-CN': `「收到申请」（${trigger}开始事件）：本系统的流程由流程绑定的业务事件启动，该${trigger}触发不会启动它；已导入为普通开始。` } }]);
  });

  it('a plain start needs no note', async () => {
    const r = await imported(doc(`<startEvent id="s"/><sequenceFlow id="f" sourceRef="s" targetRef="e"/><endEvent id="e"><terminateEventDefinition/></endEvent>`));
    expect(notesOf(r, 's')).toEqual([]);
  });
});

describe('BPMN import: timers in working days', () => {
  const timer = (iso: string, kind = 'timeDuration') =>
    doc(`<startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="t"/><intermediateCatchEvent id="t" name="等待"><timerEventDefinition><${kind} xsi:type="tFormalExpression">${iso}</${kind}></timerEventDefinition></intermediateCatchEvent><sequenceFlow id="f2" sourceRef="t" targetRef="e"/><endEvent id="e"/>`);

  it.each([
    ['PT4H', 1, '「等待」（定时中间事件） PT4H → 等待 1 个工作日（按 24 小时为 1 个工作日向上取整）。'],
    ['P1W', 5, '「等待」（定时中间事件） P1W → 等待 5 个工作日（1 周按 5 个工作日）。'],
    ['PT36H', 2, '「等待」（定时中间事件） PT36H → 等待 2 个工作日（按 24 小时为 1 个工作日向上取整）。'],
    ['P3D', 3, '「等待」（定时中间事件） P3D → 等待 3 个工作日（天按工作日计）。'],
  ])('%s → %i working days, said in the review', async (iso, days, zh) => {
    const r = await imported(timer(iso));
    expect(node(r.graph, 't', 'timer').params.workingDays).toBe(days);
    expect(notesOf(r, 't')).toMatchObject([{ list: 'mapped', code: 'timerDuration', message: { 'zh-CN': zh } }]);
  });

  it.each([
    ['P2M', 'timeDuration', '月和年的工作日数随月份和节假日变化'],
    ['P1Y2D', 'timeDuration', '月和年的工作日数随月份和节假日变化'],
    ['2025-12-31T17:00:00+08:00', 'timeDate', '固定的日期时间'],
    ['R3/PT1H', 'timeCycle', '重复周期'],
  ])('%s (%s) is listed as unsupported and left for the editor to fill in', async (iso, kind, reason) => {
    const r = await imported(timer(iso, kind));
    expect(node(r.graph, 't', 'timer').params.workingDays).toBe(0);
    const [n] = notesOf(r, 't');
    expect(n).toMatchObject({ list: 'unsupported', code: 'durationUnsupported' });
    expect(n!.message['zh-CN']).toContain(iso);
    expect(n!.message['zh-CN']).toContain(reason);
    // the designer then shows the empty value as a problem on the node
    expect(validateFlow(r.graph).filter((p) => p.nodeId === 't').map((p) => p.code)).toEqual(['badDeadline']);
  });

  it('a timer boundary event on a task becomes its deadline in working days', async () => {
    const r = await imported(
      doc(`<startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="a"/><userTask id="a" name="信用审查"/><sequenceFlow id="f2" sourceRef="a" targetRef="e"/><endEvent id="e"/>
           <boundaryEvent id="b" name="一周未办" attachedToRef="a" cancelActivity="false"><timerEventDefinition><timeDuration>P1W</timeDuration></timerEventDefinition></boundaryEvent>`),
    );
    expect(node(r.graph, 'a', 'approval').params.deadline).toEqual({ workingDays: 5, onTimeout: 'remind' });
    expect(notesOf(r, 'b')[0]!.message['zh-CN']).toBe('「一周未办」（定时边界事件） P1W → 「信用审查」（用户任务）的办理期限 5 个工作日，超时催办提醒（1 周按 5 个工作日）。');
  });
});

describe('BPMN import: lanes become assignee hints', () => {
  const dir: LaneDirectory = {
    departments: [
      { id: 'd-scjg', code: 'SCJG', nameZh: '市市场监管局', nameEn: 'Market Regulation Administration' },
      { id: 'd-xyb', code: 'XYB', nameZh: '市信用办', nameEn: 'Municipal Credit Office' },
    ],
    roles: [
      { role: 'approver', labels: ['审批人', 'Approver'] },
      { role: 'auditor', labels: ['审计员', 'Auditor'] },
    ],
  };

  it('reads the steps of each lane, proposes the department or role the lane names, and fills only empty assignees', async () => {
    const r = await imported(
      doc(`<laneSet id="ls"><lane id="L1" name="市场监管局"><flowNodeRef>s</flowNodeRef><flowNodeRef>a</flowNodeRef></lane><lane id="L2" name="审批人"><flowNodeRef>b</flowNodeRef><flowNodeRef>e</flowNodeRef></lane>
             <lane id="L3" name="外聘专家"><childLaneSet id="cls"><lane id="L3a" name="组长"><flowNodeRef>c</flowNodeRef></lane></childLaneSet></lane></laneSet>
           <startEvent id="s"/><userTask id="a" name="受理"/><userTask id="b" name="审批"/><userTask id="c" name="论证"/><endEvent id="e"/>
           <sequenceFlow id="f1" sourceRef="s" targetRef="a"/><sequenceFlow id="f2" sourceRef="a" targetRef="b"/><sequenceFlow id="f3" sourceRef="b" targetRef="c"/><sequenceFlow id="f4" sourceRef="c" targetRef="e"/>`),
    );
    expect(r.lanes).toEqual([
      { id: 'L1', name: '市场监管局', nodeIds: ['a'] },
      { id: 'L2', name: '审批人', nodeIds: ['b'] },
      { id: 'L3a', name: '组长', nodeIds: ['c'] },
    ]);
    expect(notesOf(r, 'L1')).toMatchObject([{ list: 'mapped', code: 'lane', message: { 'zh-CN': '「市场监管局」（泳道） → 其中 1 个步骤的处理人提示，请在下方为该泳道选择处理人。' } }]);
    const choices = Object.fromEntries(r.lanes.map((l) => [l.id, suggestLaneChoice(l.name, dir)]));
    expect(choices).toEqual({ L1: { kind: 'department', departmentId: 'd-scjg' }, L2: { kind: 'role', role: 'approver' }, L3a: null });
    // Before the choice the steps have no assignee (the validator says so); after it, they have.
    expect(validateFlow(r.graph).filter((p) => p.code === 'assigneeMissing')).toHaveLength(3);
    const g = applyLaneChoices(r.graph, r.lanes, choices);
    expect(node(g, 'a', 'approval').params.assignee).toEqual({ kind: 'department', departmentId: 'd-scjg' });
    expect(node(g, 'b', 'approval').params.assignee).toEqual({ kind: 'role', role: 'approver' });
    expect(validateFlow(g, { roles: ['approver'], departmentIds: ['d-scjg'], userIds: [] }).filter((p) => p.code === 'assigneeMissing').map((p) => p.nodeId)).toEqual(['c']);
  });

  it('never overrides an assignee the step already has', () => {
    const graph: FlowGraph = {
      nodes: [{ id: 'a', type: 'approval', position: { x: 0, y: 0 }, params: { label: { 'zh-CN': 'a', en: 'a' }, assignee: { kind: 'role', role: 'auditor' }, mode: 'single' } }],
      edges: [],
    };
    expect(applyLaneChoices(graph, [{ id: 'L', name: '审批人', nodeIds: ['a'] }], { L: { kind: 'role', role: 'approver' } })).toEqual(graph);
  });

  it('proposes nothing when a lane names nothing known, or more than one thing', () => {
    expect(suggestLaneChoice('外包公司', dir)).toBeNull();
    expect(suggestLaneChoice('', dir)).toBeNull();
    expect(suggestLaneChoice('Auditor', dir)).toEqual({ kind: 'role', role: 'auditor' });
    expect(suggestLaneChoice(' xyb ', dir)).toEqual({ kind: 'department', departmentId: 'd-xyb' });
    expect(suggestLaneChoice('审批人', { ...dir, departments: [...dir.departments, { id: 'd-x', code: 'X', nameZh: '审批人', nameEn: 'x' }] })).toBeNull();
  });
});

describe('BPMN import: conditional connections leaving a task', () => {
  const flow = (extra = '') =>
    doc(`<startEvent id="s"/><userTask id="review" name="审核" default="normal"/>
         <sequenceFlow id="f0" sourceRef="s" targetRef="review"/>
         <sequenceFlow id="big" name="金额较大" sourceRef="review" targetRef="board"><conditionExpression ${JSON_LOGIC}>{"&gt;":[{"var":"data.amount"},100000]}</conditionExpression></sequenceFlow>
         <sequenceFlow id="normal" sourceRef="review" targetRef="end"/>
         ${extra}
         <userTask id="board" name="集体讨论"/><sequenceFlow id="f3" sourceRef="board" targetRef="end"/><endEvent id="end"><terminateEventDefinition/></endEvent>`);

  it('become a condition node after the task: the condition still decides, the default flow is the default', async () => {
    const r = await imported(flow());
    const cond = node(r.graph, 'review_cond', 'condition');
    expect(cond.params).toMatchObject({ label: { 'zh-CN': '审核的条件' }, defaultEdgeId: 'normal', branches: [{ edgeId: 'big', label: { 'zh-CN': '金额较大' }, when: { '>': [{ var: 'data.amount' }, 100000] } }] });
    expect(r.graph.edges.map((e) => `${e.source}→${e.target}`)).toEqual(['s→review', 'review→review_cond', 'review_cond→board', 'review_cond→end', 'board→end']);
    const structural = validateFlow(r.graph).filter((p) => p.code !== 'assigneeMissing');
    expect(structural).toEqual([]);
    expect(predictPath(r.graph, { calendar, startDate: '2025-03-03', data: { amount: 200000 } }).path).toContain('board');
    expect(predictPath(r.graph, { calendar, startDate: '2025-03-03', data: { amount: 5 } }).path).not.toContain('board');
    expect(notesOf(r, 'review')).toMatchObject([{ list: 'mapped', code: 'conditionalFlow', message: { 'zh-CN': '「审核」（用户任务）之后的条件连线 → 新增条件节点「审核的条件」：按顺序判断，走第一条条件成立的连线，都不成立时走默认连线。' } }]);
  });

  it('lists what a condition node cannot say: several conditions that may all hold, an unconditional connection beside them', async () => {
    const r = await imported(
      flow(`<sequenceFlow id="urgent" sourceRef="review" targetRef="board"><conditionExpression ${JSON_LOGIC}>{"==":[{"var":"data.urgent"},true]}</conditionExpression></sequenceFlow>
            <userTask id="cc" name="抄送"/><sequenceFlow id="always" sourceRef="review" targetRef="cc"/><sequenceFlow id="f9" sourceRef="cc" targetRef="end"/>`),
    );
    expect(node(r.graph, 'review_cond', 'condition').params.branches.map((b) => b.edgeId)).toEqual(['big', 'urgent']);
    expect(r.graph.edges.some((e) => e.id === 'always')).toBe(false);
    expect(r.unsupported.map((n) => `${n.id}:${n.code}`)).toEqual(expect.arrayContaining(['review:conditionalInclusive', 'always:parallelWithCondition']));
  });
});

describe('BPMN import: the parser\'s warnings reach the user', () => {
  it('duplicate ids, unknown elements and missing references are reported in both languages', async () => {
    const r = await imported(
      doc(`<startEvent id="s"/><userTask id="a" name="审核"/><userTask id="a" name="审核（副本）"/><sequenceFlow id="f1" sourceRef="s" targetRef="a"/>
           <sequenceFlow id="f2" sourceRef="a" targetRef="ghost"/><reviewTask id="z"/>`),
    );
    expect(r.warnings.map((w) => w.code)).toEqual(['duplicateId', 'unknownElement', 'unresolvedReference']);
    expect(r.warnings[0]!.message['zh-CN']).toBe('第 1 行：编号「a」重复，后出现的 <userTask> 未导入。');
    expect(r.warnings[0]!.message.en).toBe('Line 1: the id "a" is used twice; the later <userTask> was not imported.');
    expect(r.warnings[1]!.message['zh-CN']).toContain('<reviewTask>');
    expect(r.warnings[2]!.message['zh-CN']).toBe('从「审核」（用户任务）到不存在的元素的连线引用了不存在的编号「ghost」。');
  });
});

describe('BPMN import: size limits', () => {
  const tasks = (n: number, extraFlows = 0) => {
    let body = '<startEvent id="s"/>';
    let prev = 's';
    for (let i = 0; i < n; i++) {
      body += `<userTask id="t${i}" name="任务${i}"/><sequenceFlow id="f${i}" sourceRef="${prev}" targetRef="t${i}"/>`;
      prev = `t${i}`;
    }
    for (let i = 0; i < extraFlows; i++) body += `<sequenceFlow id="x${i}" sourceRef="s" targetRef="t0"/>`;
    return doc(`${body}<endEvent id="e"/><sequenceFlow id="fe" sourceRef="${prev}" targetRef="e"/>`);
  };

  it('refuses a 2,000-task diagram without DI with a message naming the limit (it used to crash the layout)', async () => {
    const r = await importBpmn(tasks(2000));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem.code).toBe('bpmnTooManyNodes');
    expect(r.problem.message['zh-CN']).toBe(`BPMN 流程过大：有 2002 个元素，上限为 ${MAX_IMPORT_NODES} 个。请拆分流程后再导入。`);
    expect(r.problem.message.en).toContain(`the limit is ${MAX_IMPORT_NODES}`);
  });

  it('takes a diagram at the limit and lays it out; one more element is refused; so are too many connections', async () => {
    const atLimit = await imported(tasks(MAX_IMPORT_NODES - 2));
    expect(atLimit.graph.nodes).toHaveLength(MAX_IMPORT_NODES);
    expect(new Set(atLimit.graph.nodes.map((n) => `${n.position.x},${n.position.y}`)).size).toBe(MAX_IMPORT_NODES);
    const over = await importBpmn(tasks(MAX_IMPORT_NODES - 1));
    expect(!over.ok && over.problem.code).toBe('bpmnTooManyNodes');
    const flows = await importBpmn(tasks(10, MAX_IMPORT_FLOWS));
    expect(!flows.ok && flows.problem.message['zh-CN']).toContain(`上限为 ${MAX_IMPORT_FLOWS} 条`);
  });
});

// ---------- the corpus: diagrams shaped like other modelers' exports ----------

const TESTDATA = new URL('./testdata/', import.meta.url);
const corpus = readdirSync(TESTDATA).filter((f) => f.endsWith('.bpmn'));

/** Every element of the imported process, its lanes and the other pools: what must be accounted for. */
async function elementIds(xml: string): Promise<string[]> {
  const { rootElement } = await BpmnModdle().fromXML(xml);
  const process = rootElement.rootElements.find((r: { $type: string; flowElements?: unknown[] }) => r.$type === 'bpmn:Process' && r.flowElements?.length);
  const ids: string[] = process.flowElements.map((e: { id: string }) => e.id);
  const lanes = (sets: { lanes?: { id: string; childLaneSet?: unknown; flowNodeRef?: unknown[] }[] }[] = []): void =>
    sets.forEach((s) => s.lanes?.forEach((l) => (l.childLaneSet ? lanes([l.childLaneSet as never]) : l.flowNodeRef?.length && ids.push(l.id))));
  lanes(process.laneSets);
  for (const a of process.artifacts ?? []) if (a.$type !== 'bpmn:Association') ids.push(a.id);
  for (const c of rootElement.rootElements.filter((r: { $type: string }) => r.$type === 'bpmn:Collaboration')) {
    for (const p of c.participants ?? []) if (p.processRef !== process) ids.push(p.id);
    for (const m of c.messageFlows ?? []) ids.push(m.id);
  }
  return ids;
}

const EXPECTED: Record<string, { exporter: string; mapped: string[]; unsupported: string[]; warnings?: string[]; lanes?: string[] }> = {
  'camunda-license-review.bpmn': {
    exporter: 'Camunda Modeler 5.28.0',
    mapped: ['deadlineDuration', 'endError', 'timerDuration', 'endNone', 'lane', 'lane'],
    unsupported: ['startTrigger', 'extension', 'extension', 'extension', 'conditionNotJsonLogic'],
    lanes: ['市市场监管局', '审批人'],
  },
  'signavio-sanction-decision.bpmn': {
    exporter: 'Signavio Process Editor, http://www.signavio.com 17.6.0',
    mapped: ['taskAsApproval', 'endTerminate', 'timerDuration', 'endNone', 'conditionalFlow', 'lane', 'lane'],
    unsupported: ['element', 'conditionalInclusive', 'conditionNotJsonLogic', 'conditionNotJsonLogic'],
    lanes: ['法制科', '局领导'],
  },
  'bpmn-io-credit-repair.bpmn': {
    exporter: 'bpmn-js (https://demo.bpmn.io) 17.11.1',
    mapped: ['endNone', 'endNone'],
    unsupported: ['durationUnsupported', 'startTrigger', 'endThrow', 'durationUnsupported', 'element', 'element', 'boundaryPath', 'dangling', 'dangling'],
  },
  'bizagi-objection.bpmn': {
    exporter: 'Bizagi Modeler 4.0.0.057',
    mapped: ['taskAsApproval', 'timerDuration', 'taskAsApproval', 'endNone', 'lane', 'lane'],
    unsupported: ['durationUnsupported', 'startTrigger', 'extension', 'endThrow', 'endThrow', 'conditionNotJsonLogic', 'conditionNotJsonLogic'],
    lanes: ['市信用办', '信息提供单位'],
  },
  'flowable-commitment-check.bpmn': {
    exporter: 'Flowable Open Source Modeler 6.8.0',
    mapped: ['deadlineDuration', 'endNone', 'endError'],
    unsupported: ['extension', 'extension', 'extension', 'boundaryPath', 'dangling', 'conditionNotJsonLogic'],
    warnings: ['duplicateId', 'unresolvedReference'],
  },
};

describe('BPMN import: a corpus of other modelers\' exports', () => {
  it('has a diagram of each modeler and an expectation for each diagram', () => {
    expect(corpus.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(corpus)('%s: every element is in the graph, mapped with its meaning said, or listed as unsupported', async (file) => {
    const xml = readFileSync(new URL(file, TESTDATA), 'utf8');
    const r = await imported(xml);
    const want = EXPECTED[file]!;
    expect(r.exporter).toBe(want.exporter);
    expect(r.mapped.map((n) => n.code)).toEqual(want.mapped);
    expect(r.unsupported.map((n) => n.code)).toEqual(want.unsupported);
    expect(r.warnings.map((w) => w.code)).toEqual(want.warnings ?? []);
    expect(r.lanes.map((l) => l.name)).toEqual(want.lanes ?? []);
    const accounted = new Set([...r.graph.nodes.map((n) => n.id), ...r.graph.edges.map((e) => e.id), ...r.mapped.map((n) => n.id), ...r.unsupported.map((n) => n.id)]);
    expect((await elementIds(xml)).filter((id) => !accounted.has(id))).toEqual([]);
    // No end event is approved without the dialog saying so; none that throws is approved at all.
    for (const end of r.graph.nodes.filter((n) => n.type === 'end')) {
      const notes = notesOf(r, end.id);
      expect(notes.length).toBe(1);
      if (end.params.outcome === 'approved') expect(notes[0]!.code).toBe('endNone');
    }
    // Every message is a sentence in both languages, with nothing left unfilled.
    for (const n of [...r.mapped, ...r.unsupported, ...r.warnings]) {
      expect(n.message['zh-CN']).not.toMatch(/\{\w+\}/);
      expect(n.message.en).not.toMatch(/\{\w+\}/);
      // Chinese only inside quotes: the names people gave things
      expect(n.message.en.replace(/"[^"]*"/g, '')).not.toMatch(/[\u4e00-\u9fff]/);
    }
    // Imported positions do not overlap: other modelers' small shapes are spread to our card size.
    const boxes = r.graph.nodes.map((n) => n.position);
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(Math.abs(boxes[i]!.x - boxes[j]!.x) >= 180 || Math.abs(boxes[i]!.y - boxes[j]!.y) >= 64, `${r.graph.nodes[i]!.id} overlaps ${r.graph.nodes[j]!.id}`).toBe(true);
  });
});

describe('BPMN import messages', () => {
  it('are the bpmnImport keys of both message files', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const messages = JSON.parse(readFileSync(new URL(`../../messages/${locale}.json`, import.meta.url), 'utf8'));
      expect(messages.bpmnImport).toEqual(bpmnImportMessages(locale));
    }
  });
});
