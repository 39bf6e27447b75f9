import { describe, expect, it } from 'vitest';
import { BpmnModdle } from 'bpmn-moddle';
import { ccgDescriptor, exportBpmn, importBpmn } from './bpmn';
import { ALL_FIXTURES } from './fixtures';
import { validateFlow } from './validate';

describe('BPMN export and import', () => {
  it.each(Object.entries(ALL_FIXTURES))('round-trips the %s flow: export → import → export', async (_name, make) => {
    const graph = make();
    const xml = await exportBpmn(graph);
    const back = await importBpmn(xml);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.unsupported).toEqual([]);
    expect(back.mapped).toEqual([]);
    expect(back.warnings).toEqual([]);
    expect(back.graph).toEqual(graph);
    expect(await exportBpmn(back.graph)).toBe(xml);
  });

  it('writes BPMN that bpmn-moddle reads without warnings, with the standard constructs', async () => {
    for (const make of Object.values(ALL_FIXTURES)) {
      const xml = await exportBpmn(make());
      const { warnings } = await BpmnModdle({ ccg: ccgDescriptor }).fromXML(xml);
      expect(warnings).toEqual([]);
      // and without our extension package: unknown extension elements are allowed there
      const plain = await BpmnModdle().fromXML(xml);
      expect(plain.warnings).toEqual([]);
    }
    const countersign = await exportBpmn(ALL_FIXTURES.countersign!());
    expect(countersign).toMatch(/<bpmn:userTask id="a1"[\s\S]*<bpmn:multiInstanceLoopCharacteristics \/>/);
    const anyOne = await exportBpmn(ALL_FIXTURES.anyOne!());
    expect(anyOne).toContain('<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">${nrOfCompletedInstances &gt;= 1}</bpmn:completionCondition>');
    const sequential = await exportBpmn(ALL_FIXTURES.sequential!());
    expect(sequential).toContain('isSequential="true"');
    expect(sequential).toMatch(/<bpmn:boundaryEvent id="a1_deadline" cancelActivity="false" attachedToRef="a1">[\s\S]*<bpmn:timerEventDefinition>/);
    const condition = await exportBpmn(ALL_FIXTURES.condition!());
    expect(condition).toContain('<bpmn:exclusiveGateway id="cond" name="金额判断" default="cond_small">');
    expect(condition).toContain('language="https://jsonlogic.com"');
    const parallel = await exportBpmn(ALL_FIXTURES.parallel!());
    expect(parallel).toContain('<bpmn:parallelGateway id="split" name="并行" gatewayDirection="Diverging">');
    expect(await exportBpmn(ALL_FIXTURES.timer!())).toMatch(/<bpmn:intermediateCatchEvent id="wait"[\s\S]*<bpmn:timerEventDefinition>/);
    const cc = await exportBpmn(ALL_FIXTURES.cc!());
    expect(cc).toContain('<bpmn:sendTask id="cc"');
    expect(cc).toContain('<bpmn:serviceTask id="pub"');
  });

  it('refuses XML with external entities or entity expansion before parsing', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="p" name="&x;"/></bpmn:definitions>`;
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><x>&lol2;</x>`;
    for (const xml of [xxe, laughs]) {
      const r = await importBpmn(xml);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.problem.code).toBe('bpmnDoctype');
        expect(r.problem.message['zh-CN']).toContain('DOCTYPE');
        expect(r.problem.message.en).toContain('refused');
      }
    }
  });

  it('refuses oversized and malformed files with a message', async () => {
    const big = await importBpmn(`<x>${'a'.repeat(2 * 1024 * 1024)}</x>`);
    expect(!big.ok && big.problem.code).toBe('bpmnTooLarge');
    const bad = await importBpmn('<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="p">');
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.problem.code).toBe('bpmnMalformed');
      expect(bad.problem.message.en).toMatch(/could not be read: .+/);
    }
    const none = await importBpmn('<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x"></bpmn:definitions>');
    expect(!none.ok && none.problem.code).toBe('bpmnNoProcess');
  });

  it('lists what another tool drew that we do not support, and keeps the rest', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d1" targetNamespace="http://example.com">
  <process id="p1" isExecutable="true">
    <startEvent id="s" name="Start" />
    <scriptTask id="script" name="Compute score" scriptFormat="javascript"><script>score = 1</script></scriptTask>
    <userTask id="review" name="Review" />
    <subProcess id="sub" name="Nested" />
    <eventBasedGateway id="ebg" />
    <boundaryEvent id="msg" attachedToRef="review"><messageEventDefinition /></boundaryEvent>
    <exclusiveGateway id="x" default="f4" />
    <endEvent id="e" />
    <sequenceFlow id="f1" sourceRef="s" targetRef="script" />
    <sequenceFlow id="f2" sourceRef="script" targetRef="review" />
    <sequenceFlow id="f3" sourceRef="review" targetRef="x" />
    <sequenceFlow id="f4" sourceRef="x" targetRef="e" />
    <sequenceFlow id="f5" sourceRef="x" targetRef="e"><conditionExpression xsi:type="tFormalExpression">\${amount &gt; 100}</conditionExpression></sequenceFlow>
    <sequenceFlow id="f0" sourceRef="s" targetRef="review" />
  </process>
</definitions>`;
    const r = await importBpmn(xml);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const types = Object.fromEntries(r.unsupported.map((u) => [u.id, `${u.type} ${u.code}`]));
    expect(types).toMatchObject({
      script: 'bpmn:ScriptTask element',
      sub: 'bpmn:SubProcess element',
      ebg: 'bpmn:EventBasedGateway element',
      msg: 'bpmn:BoundaryEvent boundary',
      f1: 'bpmn:SequenceFlow dangling',
      f2: 'bpmn:SequenceFlow dangling',
      f5: 'bpmn:SequenceFlow conditionNotJsonLogic',
    });
    expect(r.unsupported.find((u) => u.id === 'script')!.message['zh-CN']).toBe('「Compute score」（脚本任务）：不支持，导入后不会保留。');
    expect(r.graph.nodes.map((n) => `${n.id}:${n.type}`)).toEqual(['s:start', 'review:approval', 'x:condition', 'e:end']);
    // no DI in the file: laid out automatically; the task has no assignee we know, so validation says so
    expect(new Set(r.graph.nodes.map((n) => n.position.y)).size).toBeGreaterThan(1);
    expect(validateFlow(r.graph).map((p) => p.code)).toContain('assigneeMissing');
  });
});
