/**
 * Producing a case's documents: the next 文号 of the department for the year, the list version's
 * template (or the default one), filled and stored with the case. The caller writes the audit row
 * with the produced file's hash, in the same transaction.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db';
import { rowsOf } from '../db';
import { listCaseDocument } from '../db/schema';
import { DOC_KIND_NAMES, TEMPLATE_FIELD, formatDocNumber, type DocKind } from '../../catalog/lists/documents';
import { listSettings } from '../../catalog/lists/types';
import { DOCX_MEDIA_TYPE, fillDocx } from '../documents/docx';
import { getFile, putFile } from '../files/service';
import { defaultTemplate } from './default-templates';
import type { ListVersion } from './definitions';
import { now as clockNow } from '../flows/clock';

/** 2026-12-04 → 2026年12月4日 (how dates read in official documents). */
export function cnDate(day: string | null | undefined): string {
  if (!day) return '';
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** The next number of a document kind for a department and year (a row lock per sequence). */
export async function nextSequence(tx: Db, departmentId: string, docKind: string, year: number): Promise<number> {
  const rows = rowsOf<{ last: number }>(
    await tx.execute(sql`insert into doc_sequence (department_id, doc_kind, year, last) values (${departmentId}, ${docKind}, ${year}, 1)
      on conflict (department_id, doc_kind, year) do update set last = doc_sequence.last + 1 returning last`),
  );
  return Number(rows[0]!.last);
}

const NUMBER_FORMAT: Record<DocKind, 'noticeNumberFormat' | 'decisionNumberFormat' | 'removalNumberFormat'> = {
  notice: 'noticeNumberFormat',
  decision: 'decisionNumberFormat',
  // 两书同达: the repair notice goes out with the decision and carries the decision's number series.
  'repair-notice': 'decisionNumberFormat',
  removal: 'removalNumberFormat',
};

export interface Department {
  id: string;
  code: string;
  nameZh: string;
}

/** A case number: department code, year and a per-department sequence, e.g. SCJG-2026-0007. */
export async function nextCaseNo(tx: Db, dept: Department, day: string): Promise<string> {
  const year = Number(day.slice(0, 4));
  return `${dept.code}-${year}-${String(await nextSequence(tx, dept.id, 'case', year)).padStart(4, '0')}`;
}

export interface Produced {
  id: string;
  kind: DocKind;
  number: string;
  fileName: string;
  sha256: string;
}

export async function produceDocument(
  tx: Db,
  input: { caseId: string | null; memberId?: string; caseNo: string; kind: DocKind; list: ListVersion; dept: Department; day: string; values: Record<string, string>; producedBy: string | null; number?: string; at?: Date },
): Promise<Produced> {
  const year = Number(input.day.slice(0, 4));
  const settings = listSettings(input.list.content);
  const number = input.number ?? formatDocNumber(settings[NUMBER_FORMAT[input.kind]], { 部门: input.dept.nameZh, 部门代码: input.dept.code, 年: year, 序号: await nextSequence(tx, input.dept.id, input.kind === 'repair-notice' ? 'repair-notice' : input.kind, year) });
  const ref = input.list.content[TEMPLATE_FIELD[input.kind]];
  const template = ref ? (await getFile(tx, ref.sha256)).bytes : defaultTemplate(input.kind);
  const filled = fillDocx(template, { ...input.values, 文号: number, 日期: cnDate(input.day) });
  const stored = await putFile(tx, { bytes: filled, mediaType: DOCX_MEDIA_TYPE, createdBy: input.producedBy });
  const fileName = `${DOC_KIND_NAMES[input.kind]['zh-CN']}-${input.caseNo}.docx`;
  const [row] = await tx.insert(listCaseDocument).values({ caseId: input.caseId, memberId: input.memberId ?? null, kind: input.kind, number, fileName, sha256: stored.sha256, producedBy: input.producedBy, producedAt: input.at ?? (await clockNow(tx)) }).returning({ id: listCaseDocument.id });
  return { id: row!.id, kind: input.kind, number, fileName, sha256: stored.sha256 };
}
