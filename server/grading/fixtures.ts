/**
 * Small builders shared by the grading tests, the seed and the benchmark: a model content from a
 * few leaves, accepted records and list memberships written straight to the tables (the engine
 * reads tables; the record lifecycle is tested elsewhere).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db';
import { creditListMember, record } from '../db/schema';
import type { GradingModelContent, Indicator, MeasureMapping, VetoTrigger } from '../../catalog/grading/types';

export const L = (zh: string, en = zh) => ({ 'zh-CN': zh, en });

export const A_TO_E_BANDS = [
  { grade: 'A', label: L('优秀', 'Excellent'), min: 900 },
  { grade: 'B', label: L('良好', 'Good'), min: 800 },
  { grade: 'C', label: L('中等', 'Fair'), min: 700 },
  { grade: 'D', label: L('较差', 'Poor'), min: 600 },
  { grade: 'E', label: L('差', 'Bad'), min: 0 },
];

export const A_TO_E_MAPPINGS: MeasureMapping[] = [
  { grade: 'A', inspectionRatio: { min: 0, max: 5 }, frequency: L('同一主体每年不超过 1 次', 'At most once a year'), incentives: [L('减少检查频次，无事不扰', 'Fewer inspections')] },
  { grade: 'B', inspectionRatio: { min: 5, max: 20 }, frequency: L('每年 1 次', 'Once a year') },
  { grade: 'C', inspectionRatio: { min: 21, max: 60 }, frequency: L('每年不超过 2 次', 'At most twice a year') },
  { grade: 'D', inspectionRatio: { min: 61, max: 100 }, frequency: L('根据监管实际需求确定', 'As supervision requires') },
  { grade: 'E', inspectionRatio: { min: 100, max: 100 }, frequency: L('重点监管，全覆盖检查', 'Intensive supervision, every subject inspected') },
];

export function modelContent(indicators: Indicator[], opts: { total?: number; vetoes?: VetoTrigger[]; name?: string; anchor?: string; kind?: 'annual' | 'quarterly' } = {}): GradingModelContent {
  return {
    name: opts.name ?? '测试模型',
    industry: '市场监管',
    totalPoints: opts.total ?? 1000,
    definition: {
      subjectTypes: ['法人及非法人组织', '个体工商户'],
      indicators,
      bands: A_TO_E_BANDS,
      vetoes: opts.vetoes ?? [],
      period: { kind: opts.kind ?? 'annual', anchor: opts.anchor ?? '2024-01-01', publicationLagDays: 30 },
      mappings: A_TO_E_MAPPINGS,
    },
  };
}

export interface FactRecord {
  catalogCode: string;
  subjectCode: string;
  subjectName?: string;
  subjectType?: string;
  decisionDate: string | null;
  data: Record<string, unknown>;
  status?: string;
}

export async function insertRecords(db: Db, departmentId: string, userId: string, rows: FactRecord[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db.insert(record).values(
      rows.slice(i, i + 500).map((r) => ({
        catalogCode: r.catalogCode,
        catalogVersion: 1,
        departmentId,
        subjectType: r.subjectType ?? '法人及非法人组织',
        subjectCode: r.subjectCode,
        subjectName: r.subjectName ?? `主体${r.subjectCode}`,
        data: r.data,
        status: r.status ?? 'accepted',
        decisionDate: r.decisionDate,
        createdBy: userId,
      })),
    );
  }
}

export async function insertListMembers(db: Db, rows: { listCode: string; subjectCode: string; subjectName?: string; subjectType?: string; listedOn: string; removedOn?: string | null; source?: string }[]): Promise<void> {
  if (!rows.length) return;
  await db.insert(creditListMember).values(rows.map((r) => ({ ...r, subjectName: r.subjectName ?? `主体${r.subjectCode}`, subjectType: r.subjectType ?? '法人及非法人组织', removedOn: r.removedOn ?? null })));
}

export async function clearFacts(db: Db): Promise<void> {
  await db.execute(sql`delete from record`);
  await db.execute(sql`delete from credit_list_member`);
}
