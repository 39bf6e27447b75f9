/**
 * The open API's request and response shapes (issue 17): the handlers validate with exactly these
 * zod schemas, and the OpenAPI 3.1 document (./openapi.ts) is generated from them, so the document
 * cannot say something the handlers do not accept. Requests are strict: an unknown field is a 422.
 */
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { API_OPERATIONS } from '../clients';

extendZodWithOpenApi(z);

const localized = z.object({ 'zh-CN': z.string(), en: z.string() }).openapi('Localized');
const legalBasis = z.array(z.object({ name: z.string(), number: z.string().optional(), article: z.string().optional() }).loose()).openapi('LegalBasis');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const creditCheckRequest = z
  .strictObject({
    subjectCode: z.string().min(1).max(64).openapi({ description: '统一社会信用代码或身份证号码 / USCC or ID number', example: '91410200MA9XXXXXX1' }),
    matterType: z.string().min(1).max(64).openapi({ description: '审查场景（GET /api/v1/check-scenarios）/ check scenario', example: 'government-procurement' }),
    purpose: z.string().min(1).max(500).openapi({ description: '查询事由 / why the subject is checked', example: '政府采购供应商资格审查' }),
  })
  .openapi('CreditCheckRequest');

const measure = z.object({ code: z.string(), text: z.string(), type: z.string().nullable(), legalBasis });
export const creditCheckResponse = z
  .object({
    queryLogId: z.uuid(),
    checkedOn: isoDate,
    subject: z.object({ code: z.string(), name: z.string().nullable() }),
    matterType: z.string(),
    scenario: localized,
    decision: z.enum(['block', 'warn', 'proceed']).openapi({ description: 'block 阻断 / warn 提示 / proceed 通过' }),
    reasons: z.array(z.object({ kind: z.enum(['list', 'grade']), code: z.string(), outcome: z.enum(['block', 'warn']) })),
    legalBasis,
    grades: z.array(z.object({ model: z.string(), industry: z.string().nullable(), grade: z.string(), gradeLabel: z.string().nullable(), score: z.number(), period: z.object({ start: isoDate, end: isoDate }) })),
    memberships: z.array(
      z.object({ memberId: z.uuid(), listCode: z.string(), listName: z.string(), decisionNumber: z.string().nullable(), listedOn: isoDate, validTo: isoDate.nullable(), legalBasis, measures: z.array(measure) }),
    ),
  })
  .openapi('CreditCheckResponse');

export const recordSubmitRequest = z
  .strictObject({
    catalogCode: z.string().min(1).max(32).openapi({ description: '目录信息类别编码 / catalog item code', example: 'XZCF' }),
    catalogVersion: z.int().positive().optional().openapi({ description: '填报所依据的目录版本；省略为现行版本 / the catalog version filled; current when left out' }),
    subjectType: z.string().min(1).max(32).openapi({ example: '法人及非法人组织' }),
    subjectCode: z.string().min(1).max(64),
    subjectName: z.string().min(1).max(200),
    data: z.record(z.string(), z.unknown()).openapi({ description: '数据项（与填报表单相同的校验）/ data items, validated as the form validates them' }),
  })
  .openapi('RecordSubmitRequest');

export const recordStatus = z
  .object({
    id: z.uuid(),
    catalogCode: z.string(),
    catalogVersion: z.int(),
    subjectCode: z.string(),
    status: z.enum(['draft', 'submitted', 'accepted', 'rejected']),
    submittedAt: z.string().nullable(),
    decidedAt: z.string().nullable(),
  })
  .openapi('RecordStatus');

export const feedbackRequest = z
  .strictObject({
    memberId: z.uuid().openapi({ description: '名单成员（信用核查结果 memberships[].memberId）/ the membership from a credit check' }),
    measureCode: z.string().min(1).max(64),
    appliedOn: isoDate,
    content: z.string().min(1).max(2000),
    amount: z.string().max(20).nullable().optional().openapi({ description: '涉及金额（元）/ amount in yuan', example: '10000.00' }),
    queryLogId: z.uuid().nullable().optional().openapi({ description: '触发本次措施的信用核查 / the credit check that led to it' }),
  })
  .openapi('FeedbackRequest');

export const feedbackResponse = z.object({ id: z.uuid() }).openapi('FeedbackResponse');

export const feedQuery = z.strictObject({
  cursor: z.string().max(2000).optional().openapi({ description: '上次返回的 cursor；省略则从头开始 / the cursor returned last time; from the start when left out' }),
  limit: z.coerce.number().int().min(1).max(500).optional().openapi({ description: '1–500, default 100' }),
});

const publicRecord = z
  .object({
    id: z.uuid(),
    catalogCode: z.string(),
    catalogName: z.string(),
    category: z.string(),
    subjectName: z.string(),
    subjectCode: z.string().openapi({ description: '自然人证件号码已脱敏 / masked for natural persons' }),
    subjectType: z.string(),
    department: localized,
    decisionDate: isoDate.nullable(),
    fields: z.array(z.object({ label: localized, value: z.string() })),
  })
  .openapi('PublicRecord');

export const feedResponse = z
  .object({
    events: z.array(z.object({ source: z.string(), at: z.string(), type: z.string().openapi({ description: 'record.published, …' }), data: z.union([publicRecord, z.record(z.string(), z.unknown())]) })),
    cursor: z.string(),
    more: z.boolean(),
  })
  .openapi('FeedResponse');

export const scenariosResponse = z
  .array(z.object({ matterType: z.string(), name: localized, blockLists: z.array(z.string()), warnLists: z.array(z.string()), warnGrades: z.array(z.string()), legalBasis }))
  .openapi('CheckScenarios');

export const recordIdParams = z.strictObject({ id: z.uuid() });
export const idempotencyHeader = z.object({
  'Idempotency-Key': z.string().min(8).max(128).regex(/^[A-Za-z0-9_.:-]+$/).optional().openapi({ description: '重试时带同一键，返回第一次的结果 / retry with the same key to get the first result' }),
});

export const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    instance: z.string().optional(),
    code: z.string(),
    message: localized,
    errors: z.array(z.object({ path: z.string(), pointer: z.string(), detail: z.string(), message: localized })).optional(),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details' });

export const operationEnum = z.enum(API_OPERATIONS);
