/**
 * Inspectors' 双随机 results come back as records (issue 16): for a sampled subject, the drawing
 * department's filler records the inspection (date, result, what was found). The result is a
 * record of the 双随机抽查检查结果 catalog item submitted through the same gate as the form
 * (validation of the item's form definition, the bound flow or built-in review, audit), linked to
 * the sample by the subject's position in it; one result per sampled subject. The sample row is
 * locked while a result is recorded, so two inspectors cannot record the same subject twice.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { department, inspectionSample, record, user } from '../db/schema';
import { appendAudit, type Actor } from '../audit/append';
import { DomainError } from '../errors';
import { hasAnyRole, type Viewer } from '../auth/viewer';
import { isIsoDate } from '../registers/dates';
import { today } from '../flows/clock';
import { submitRecordIn, listFillableItems } from '../records/service';
import { INSPECTION_RESULTS, SAMPLING_RESULT_CATALOG } from './result-form';

export interface ResultInput {
  sampleId: string;
  /** Position of the subject in the sample (natural persons' codes never travel). */
  index: number;
  inspectedOn: string;
  result: string;
  note?: string;
}

const field = (path: string, key: string, params: Record<string, string | number> = {}) => new DomainError('INVALID_INPUT', key, params, [{ path, key, params }]);

export async function recordSampleResult(db: Db, actor: Actor, viewer: Viewer, input: ResultInput) {
  if (!hasAnyRole(viewer, ['filler']) || !viewer.departmentId) throw new DomainError('FORBIDDEN', 'sampling.errors.inspectorOnly');
  if (!isIsoDate(input.inspectedOn)) throw field('inspectedOn', 'sampling.errors.inspectedOn');
  const day = await today(db);
  if (input.inspectedOn > day) throw field('inspectedOn', 'sampling.errors.inspectedInFuture');
  if (!(INSPECTION_RESULTS as readonly string[]).includes(input.result)) throw field('result', 'sampling.errors.result');
  const note = input.note?.trim() ?? '';
  if (input.result !== '未发现问题' && !note) throw field('note', 'sampling.errors.noteRequired');
  return db.transaction(async (tx) => {
    const [s] = await tx.select().from(inspectionSample).where(eq(inspectionSample.id, input.sampleId)).for('update');
    const [drawer] = s ? await tx.select({ departmentId: user.departmentId }).from(user).where(eq(user.id, s.drawnBy)) : [];
    // Another department's sample answers like one that does not exist.
    if (!s || drawer?.departmentId !== viewer.departmentId) throw new DomainError('NOT_FOUND', 'sampling.errors.notFound');
    const subject = s.subjects[input.index];
    if (!subject) throw field('index', 'sampling.errors.notInSample');
    const done = s.results[String(input.index)];
    if (done) throw new DomainError('CONFLICT', 'sampling.errors.alreadyRecorded', { name: subject.subjectName, result: done.result, day: done.inspectedOn });
    const item = (await listFillableItems(tx, viewer, day)).find((i) => i.code === SAMPLING_RESULT_CATALOG);
    if (!item) throw new DomainError('FORBIDDEN', 'sampling.errors.catalogNotProvided');
    const [dept] = await tx.select({ nameZh: department.nameZh }).from(department).where(eq(department.id, viewer.departmentId!));
    const { row, audit } = await submitRecordIn(tx, actor, viewer, {
      catalogCode: SAMPLING_RESULT_CATALOG,
      catalogVersion: item.version,
      subjectType: subject.subjectType,
      subjectCode: subject.subjectCode,
      subjectName: subject.subjectName,
      data: { JC_JH: s.plan, JC_RQ: input.inspectedOn, JC_JG: input.result, ...(note ? { JC_SM: note.slice(0, 2000) } : {}), JC_JGMC: dept?.nameZh ?? '' },
    });
    const result = { recordId: row.id, result: input.result, inspectedOn: input.inspectedOn, by: actor.id! };
    await tx
      .update(inspectionSample)
      .set({ results: sql`${inspectionSample.results} || ${JSON.stringify({ [String(input.index)]: result })}::jsonb` })
      .where(eq(inspectionSample.id, s.id));
    await appendAudit(tx, actor, {
      action: 'sample.result',
      objectType: 'inspection-sample',
      objectId: s.id,
      after: { plan: s.plan, index: input.index, grade: subject.grade, result: input.result, inspectedOn: input.inspectedOn, record: { id: row.id, status: row.status, ...audit } },
      reason: note || null,
    });
    return { recordId: row.id, status: row.status };
  });
}

/** The state of each result's record (waiting for review, accepted, returned), for the sample page. */
export async function resultStates(db: Db, recordIds: string[]): Promise<Map<string, string>> {
  if (!recordIds.length) return new Map();
  const rows = await db.select({ id: record.id, status: record.status }).from(record).where(inArray(record.id, recordIds));
  return new Map(rows.map((r) => [r.id, r.status]));
}
