import type { KindDefinition } from '../types';
import { L, refSchema } from './common';

const localized = { type: 'object', properties: { 'zh-CN': { type: 'string', maxLength: 500 }, en: { type: 'string', maxLength: 500 } }, required: ['zh-CN'], additionalProperties: false };
const num = { type: 'number' };
const nullableNum = { type: ['number', 'null'] };

const pointsTable = {
  type: 'object',
  properties: {
    kind: { enum: ['per-unit', 'ranges', 'match'] },
    perUnit: num,
    min: nullableNum,
    max: nullableNum,
    ranges: { type: 'array', maxItems: 50, items: { type: 'object', properties: { from: nullableNum, to: nullableNum, points: num }, required: ['from', 'to', 'points'], additionalProperties: false } },
    cases: { type: 'array', maxItems: 50, items: { type: 'object', properties: { equals: { type: 'string', maxLength: 200 }, points: num }, required: ['equals', 'points'], additionalProperties: false } },
    otherwise: num,
  },
  required: ['kind'],
  additionalProperties: false,
};

const ruleProperties = {
  source: { enum: ['records', 'list-membership', 'commitment-fulfilment', 'external-grade'] },
  ref: { type: 'string', minLength: 1, maxLength: 64 },
  windowMonths: { type: ['integer', 'null'] },
  aggregation: { enum: ['exists', 'count', 'sum', 'latest'] },
  item: { type: ['string', 'null'], maxLength: 64 },
  filters: {
    type: 'array',
    maxItems: 20,
    items: {
      type: 'object',
      properties: {
        item: { type: 'string', maxLength: 64 },
        op: { enum: ['eq', 'ne', 'in', 'gt', 'gte', 'lt', 'lte'] },
        value: { type: ['string', 'number', 'boolean', 'array'], maxLength: 200, maxItems: 100, items: { type: ['string', 'number'], maxLength: 200 } },
      },
      required: ['item', 'op', 'value'],
      additionalProperties: false,
    },
  },
};

/**
 * The definition's shape (catalog/grading/types.ts) as JSON Schema; what it cannot say (points
 * add up, bands contiguous, known data items and measures) is judged by
 * catalog/grading/validate.ts, registered in catalog/kinds/semantic.ts.
 */
export const gradingModelKind: KindDefinition = {
  code: 'grading-model',
  name: L('行业信用监管评价模型', 'Industry grading models'),
  description: L('指标体系、等级、评价周期和分级分类监管措施', 'Indicator tree, grades, evaluation period and supervision measures'),
  codePattern: '^GM-[A-Z0-9-]{2,40}$',
  schema: {
    type: 'object',
    $defs: {
      indicator: {
        type: 'object',
        properties: {
          id: { type: 'string', minLength: 1, maxLength: 64 },
          name: localized,
          points: num,
          children: { type: 'array', maxItems: 100, items: { $ref: '#/$defs/indicator' } },
          rule: {
            type: ['object', 'null'],
            properties: { ...ruleProperties, points: pointsTable, start: nullableNum },
            required: ['source', 'ref', 'aggregation', 'points'],
            additionalProperties: false,
          },
        },
        required: ['id', 'name', 'points'],
        additionalProperties: false,
      },
    },
    properties: {
      name: { type: 'string', minLength: 2, maxLength: 200 },
      industry: { type: 'string', minLength: 1, maxLength: 100 },
      totalPoints: { type: 'integer', minimum: 1, maximum: 100000 },
      description: { type: 'string', maxLength: 2000 },
      catalogItems: { type: 'array', items: refSchema },
      sanctionMeasures: { type: 'array', items: refSchema },
      definition: {
        type: 'object',
        properties: {
          subjectTypes: { type: 'array', items: { enum: ['法人及非法人组织', '自然人', '个体工商户'] }, minItems: 1, uniqueItems: true },
          indicators: { type: 'array', minItems: 1, maxItems: 100, items: { $ref: '#/$defs/indicator' } },
          bands: {
            type: 'array',
            minItems: 1,
            maxItems: 10,
            items: { type: 'object', properties: { grade: { type: 'string', minLength: 1, maxLength: 5 }, label: localized, min: num, max: nullableNum }, required: ['grade', 'label', 'min'], additionalProperties: false },
          },
          specialGrades: {
            type: 'array',
            maxItems: 5,
            items: { type: 'object', properties: { grade: { type: 'string', minLength: 1, maxLength: 5 }, label: localized }, required: ['grade', 'label'], additionalProperties: false },
          },
          vetoes: {
            type: 'array',
            maxItems: 20,
            items: {
              type: 'object',
              properties: {
                id: { type: 'string', minLength: 1, maxLength: 64 },
                label: localized,
                grade: { type: 'string', minLength: 1, maxLength: 5 },
                rule: { type: 'object', properties: ruleProperties, required: ['source', 'ref', 'aggregation'], additionalProperties: false },
              },
              required: ['id', 'label', 'grade', 'rule'],
              additionalProperties: false,
            },
          },
          period: {
            type: 'object',
            properties: { kind: { enum: ['annual', 'semi-annual', 'quarterly', 'monthly'] }, anchor: { type: 'string' }, publicationLagDays: { type: 'integer' } },
            required: ['kind', 'anchor', 'publicationLagDays'],
            additionalProperties: false,
          },
          mappings: {
            type: 'array',
            maxItems: 10,
            items: {
              type: 'object',
              properties: {
                grade: { type: 'string', minLength: 1, maxLength: 5 },
                inspectionRatio: { type: 'object', properties: { min: num, max: num }, required: ['min', 'max'], additionalProperties: false },
                frequency: localized,
                incentives: { type: 'array', maxItems: 20, items: localized },
                sanctionMeasures: { type: 'array', maxItems: 50, items: { type: 'object', properties: { code: { type: 'string' }, version: { type: ['integer', 'null'] } }, required: ['code'], additionalProperties: false } },
              },
              required: ['grade', 'inspectionRatio', 'frequency'],
              additionalProperties: false,
            },
          },
        },
        required: ['subjectTypes', 'indicators', 'bands', 'period', 'mappings'],
        additionalProperties: false,
      },
    },
    required: ['name', 'industry', 'totalPoints', 'definition'],
    additionalProperties: false,
  },
  ui: {
    order: ['name', 'industry', 'totalPoints', 'description', 'catalogItems', 'sanctionMeasures', 'definition'],
    titleField: 'name',
    listFields: ['industry', 'totalPoints'],
    fields: {
      name: { label: L('模型名称', 'Model name'), widget: 'text' },
      industry: { label: L('行业', 'Industry'), widget: 'text' },
      totalPoints: { label: L('总分', 'Total points'), widget: 'integer', help: L('原则上按总分 1000 分设计（汴政办〔2020〕46号）', 'In principle 1000 points (汴政办〔2020〕46号)') },
      description: { label: L('说明', 'Description'), widget: 'textarea' },
      catalogItems: { label: L('引用的目录信息类别', 'Catalog items used'), widget: 'references', refKind: 'info-catalog' },
      sanctionMeasures: { label: L('引用的惩戒措施', 'Sanction measures used'), widget: 'references', refKind: 'sanction-measure' },
      definition: { label: L('模型定义', 'Model definition'), widget: 'json' },
    },
  },
};
