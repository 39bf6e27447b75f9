import type { KindDefinition } from '../types';
import { L, legalBasisSchema, legalBasisUi } from './common';

const months = { type: 'integer', minimum: 0, maximum: 1200 } as const;
const days = { type: 'integer', minimum: 1, maximum: 365 } as const;

/**
 * Disclosure rules (公示与修复规则), one entry per catalog item: per severity class (轻微 / 一般 /
 * 严重, the office may add) whether records are published, the minimum and maximum public period,
 * when repair may be applied for, and how a record is classified from its data. The entry's
 * versions carry the effective dates (valid from / to): a record is judged by the version in force
 * on its decision date (catalog/disclosure/rules.ts), so the regime before and after 2026-04-01
 * both exist as data. Day limits for objections and repair are working days and are local rules:
 * the national figures were not recovered.
 */
export const disclosureRuleKind: KindDefinition = {
  code: 'disclosure-rule',
  name: L('公示与修复规则', 'Disclosure and repair rules'),
  description: L('按目录事项和失信程度（轻微/一般/严重）规定是否公示、最短和最长公示期、可申请修复时间、异议与修复办理时限', 'Per catalog item and severity class: published or not, minimum and maximum public period, when repair may be applied for, objection and repair time limits'),
  codePattern: '^DR-[A-Z0-9-]{2,40}$',
  schema: {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 2, maxLength: 200 },
      catalogItem: { type: 'string', minLength: 1, maxLength: 40 },
      regime: { type: 'string', maxLength: 500 },
      classes: {
        type: 'array',
        minItems: 1,
        maxItems: 20,
        items: {
          type: 'object',
          properties: {
            severity: { type: 'string', minLength: 1, maxLength: 20 },
            published: { type: 'boolean' },
            minMonths: months,
            maxMonths: months,
            repairAfterMonths: months,
            matchItem: { type: 'string', maxLength: 64 },
            matchAny: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 50 }, maxItems: 50 },
          },
          required: ['severity', 'published', 'minMonths', 'maxMonths'],
          additionalProperties: false,
        },
      },
      defaultSeverity: { type: 'string', minLength: 1, maxLength: 20 },
      severityField: { type: 'string', maxLength: 64 },
      objectionAnswerDays: days,
      repairAcceptDays: days,
      repairDecideDays: days,
      legalBasis: legalBasisSchema,
      sourceNote: { type: 'string', maxLength: 2000 },
    },
    required: ['name', 'catalogItem', 'classes', 'defaultSeverity', 'objectionAnswerDays', 'repairAcceptDays', 'repairDecideDays'],
    additionalProperties: false,
  },
  ui: {
    order: ['name', 'catalogItem', 'regime', 'classes', 'defaultSeverity', 'severityField', 'objectionAnswerDays', 'repairAcceptDays', 'repairDecideDays', 'legalBasis', 'sourceNote'],
    titleField: 'name',
    listFields: ['catalogItem', 'regime'],
    fields: {
      name: { label: L('规则名称', 'Rule name'), widget: 'text' },
      catalogItem: { label: L('目录事项', 'Catalog item'), help: L('本规则适用的信用信息目录事项；一个目录事项只有一条规则', 'The catalog item this rule governs; an item has one rule'), widget: 'entry-code', refKind: 'info-catalog' },
      regime: { label: L('适用制度', 'Regime'), help: L('例如：国家发展改革委《信用修复管理办法》（2026年4月1日起施行）', 'E.g. the NDRC credit-repair measures in force from 2026-04-01'), widget: 'textarea' },
      classes: {
        label: L('失信程度分类', 'Severity classes'),
        help: L(
          '每行一类，按顺序归类（先匹配者为准）：程度名称、是否公示、最短与最长公示期（月）、可申请修复（月，不填同最短公示期）；按数据项包含的文字归类时选择数据项并填写关键词',
          'One class per row, matched in order (first match wins): name, published, minimum and maximum public period (months), repair after (months, defaults to the minimum); to classify by text a data item contains, pick the data item and give the words',
        ),
        widget: 'rows',
        dataItemsOf: 'catalogItem',
        columns: [
          { key: 'severity', label: L('程度', 'Class') },
          { key: 'published', label: L('公示', 'Published'), widget: 'boolean' },
          { key: 'minMonths', label: L('最短公示期（月）', 'Minimum (months)'), widget: 'integer' },
          { key: 'maxMonths', label: L('最长公示期（月）', 'Maximum (months)'), widget: 'integer' },
          { key: 'repairAfterMonths', label: L('可申请修复（月）', 'Repair after (months)'), widget: 'integer' },
          { key: 'matchItem', label: L('归类数据项', 'Data item to match'), widget: 'data-item' },
          { key: 'matchAny', label: L('包含文字', 'Contains any of'), help: L('多个用；分隔', 'Separate with ；'), widget: 'tags' },
        ],
      },
      defaultSeverity: { label: L('默认程度', 'Default class'), help: L('未匹配任何分类时采用', 'Used when no class matches'), widget: 'text' },
      severityField: { label: L('程度数据项', 'Severity data item'), help: L('目录事项表单中直接填写程度的数据项（可选）', 'A data item of the catalog item’s form that states the class directly (optional)'), widget: 'data-item', dataItemsOf: 'catalogItem' },
      objectionAnswerDays: { label: L('异议答复期限（工作日）', 'Objection answer limit (working days)'), help: L('国家规定的具体天数未能核实，请信用办确认', 'The national figure was not recovered; the office confirms it'), widget: 'integer' },
      repairAcceptDays: { label: L('修复受理期限（工作日）', 'Repair acceptance limit (working days)'), help: L('国家规定的具体天数未能核实，请信用办确认', 'The national figure was not recovered; the office confirms it'), widget: 'integer' },
      repairDecideDays: { label: L('修复决定期限（工作日）', 'Repair decision limit (working days)'), help: L('国家规定的具体天数未能核实，请信用办确认', 'The national figure was not recovered; the office confirms it'), widget: 'integer' },
      legalBasis: legalBasisUi(false),
      sourceNote: { label: L('来源与可信度', 'Source and trust'), widget: 'textarea' },
    },
  },
};
