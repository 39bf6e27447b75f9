/**
 * What BPMN export and import share: our extension's moddle descriptor (`ccg:props`), the BPMN
 * element type of each node type, shape sizes, and the checks an untrusted XML text passes before
 * any parser sees it.
 */
import { BpmnModdle, type Moddle } from 'bpmn-moddle';
import { problem } from './problems';
import type { FlowNode, FlowProblem } from './types';

export const CCG_URI = 'https://credit-office.gov.cn/schema/bpmn/ccg/1.0';
export const JSON_LOGIC_LANGUAGE = 'https://jsonlogic.com';
/** The `exporter` attribute our BPMN carries; a file with it keeps its positions as they are. */
export const EXPORTER = 'credit-catalog-governance';
export const MAX_BPMN_BYTES = 2 * 1024 * 1024;
export const ANY_ONE_COMPLETION = '${nrOfCompletedInstances >= 1}';

const attr = (name: string, type = 'String') => ({ name, isAttr: true, type });

/** The moddle package descriptor of our extension (prefix `ccg`). */
export const ccgDescriptor = {
  name: 'CreditCatalogGovernance',
  uri: CCG_URI,
  prefix: 'ccg',
  xml: { tagAlias: 'lowerCase' },
  types: [
    {
      name: 'Props',
      superClass: ['Element'],
      properties: [
        attr('mode'),
        attr('outcome'),
        attr('action'),
        attr('splitId'),
        attr('workingDays', 'Integer'),
        attr('priority', 'Integer'),
        attr('sourceHandle'),
        attr('targetHandle'),
        { name: 'labels', type: 'Label', isMany: true },
        { name: 'assignee', type: 'Assignee' },
        { name: 'deadline', type: 'Deadline' },
      ],
    },
    { name: 'Label', properties: [attr('lang'), { name: 'text', isBody: true, type: 'String' }] },
    { name: 'Assignee', properties: [attr('kind'), attr('role'), attr('departmentId'), attr('userIds')] },
    { name: 'Deadline', properties: [attr('workingDays', 'Integer'), attr('onTimeout'), attr('escalateToRole')] },
  ],
};

// Moddle elements are dynamic objects; these are the few shapes we touch.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type El = any;
export function newModdle(): Moddle {
  return BpmnModdle({ ccg: ccgDescriptor });
}

export const SIZES: Record<string, { width: number; height: number }> = {
  event: { width: 36, height: 36 },
  gateway: { width: 50, height: 50 },
  task: { width: 100, height: 80 },
};
export const BPMN_TYPE: Record<FlowNode['type'], string> = {
  start: 'bpmn:StartEvent',
  end: 'bpmn:EndEvent',
  approval: 'bpmn:UserTask',
  condition: 'bpmn:ExclusiveGateway',
  split: 'bpmn:ParallelGateway',
  join: 'bpmn:ParallelGateway',
  cc: 'bpmn:SendTask',
  action: 'bpmn:ServiceTask',
  timer: 'bpmn:IntermediateCatchEvent',
};
export const sizeOf = (bpmnType: string) => (bpmnType.endsWith('Event') ? SIZES.event! : bpmnType.endsWith('Gateway') ? SIZES.gateway! : SIZES.task!);


export type Refusal = { ok: false; problem: FlowProblem };

export const refuse = (code: Parameters<typeof problem>[0], params: Record<string, string | number> = {}): Refusal => ({ ok: false, problem: problem(code, {}, params) });

/** Why an XML text may not even be parsed; null when it may. */
export function unsafeXmlProblem(xml: string): Refusal | null {
  if (new TextEncoder().encode(xml).length > MAX_BPMN_BYTES) return refuse('bpmnTooLarge', { max: '2 MB' });
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return refuse('bpmnDoctype');
  return null;
}
