import type { KindDefinition, Localized } from '../types';
import { FLOW_NODE_TYPES, FLOW_TRIGGERS } from '../flows/types';
import { L } from './common';

export const FLOW_TRIGGER_LABELS: Record<(typeof FLOW_TRIGGERS)[number], Localized> = {
  'register-change': L('清单条目变更发布', 'Publishing a register change'),
  'record-submit': L('信用记录提交', 'Submitting a record'),
  'list-identification': L('名单认定（预留）', 'List identification (reserved)'),
  objection: L('异议处理', 'Objection'),
  'credit-repair': L('信用修复', 'Credit repair'),
};

/** The stored graph's shape; whether it makes sense is validateFlow's job (catalog/kinds/semantic.ts). */
const graphSchema = {
  type: 'object',
  properties: {
    nodes: {
      type: 'array',
      maxItems: 2000,
      items: {
        type: 'object',
        properties: {
          id: { type: 'string', minLength: 1, maxLength: 100 },
          type: { type: 'string', enum: [...FLOW_NODE_TYPES] },
          position: { type: 'object', properties: { x: { type: 'number' }, y: { type: 'number' } }, required: ['x', 'y'] },
          params: { type: 'object' },
        },
        required: ['id', 'type', 'position', 'params'],
        additionalProperties: false,
      },
    },
    edges: {
      type: 'array',
      maxItems: 4000,
      items: {
        type: 'object',
        properties: {
          id: { type: 'string', minLength: 1, maxLength: 200 },
          source: { type: 'string', minLength: 1 },
          target: { type: 'string', minLength: 1 },
          sourceHandle: { type: ['string', 'null'] },
          targetHandle: { type: ['string', 'null'] },
        },
        required: ['id', 'source', 'target'],
        additionalProperties: false,
      },
    },
  },
  required: ['nodes', 'edges'],
  additionalProperties: false,
};

export const approvalFlowKind: KindDefinition = {
  code: 'approval-flow',
  name: L('审批流程', 'Approval flows'),
  description: L('可视化设计的审批流程图；经审批发布后可绑定到业务触发点', 'Approval flow graphs drawn in the designer; once published they can be bound to a trigger'),
  codePattern: '^FLOW-[A-Z0-9-]{2,40}$',
  schema: {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 2, maxLength: 200 },
      description: { type: 'string', maxLength: 2000 },
      appliesTo: { type: 'string', enum: [...FLOW_TRIGGERS] },
      graph: graphSchema,
    },
    required: ['name', 'appliesTo', 'graph'],
    additionalProperties: false,
  },
  ui: {
    order: ['name', 'description', 'appliesTo', 'graph'],
    titleField: 'name',
    listFields: ['appliesTo'],
    fields: {
      name: { label: L('流程名称', 'Flow name'), widget: 'text' },
      description: { label: L('说明', 'Description'), widget: 'textarea' },
      appliesTo: { label: L('适用场景', 'Meant for'), widget: 'select', options: FLOW_TRIGGER_LABELS },
      graph: { label: L('流程图', 'Flow graph'), widget: 'flow-graph' },
    },
  },
};
