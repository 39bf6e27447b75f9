/**
 * The 信用修复承诺 of a repair application, made from the commitable-items entry of type 信用修复
 * in force. This is the ONE place a repair commitment is created: when the commitments module
 * (issue 16) lands, this function routes through it instead of writing repair_commitment itself.
 */
import type { Db } from '../db';
import { repairCommitment } from '../db/schema';
import type { Actor } from '../audit/append';
import { DomainError } from '../errors';
import { inForceVersions } from '../grading/models';

export const REPAIR_COMMITMENT_TYPE = '信用修复';

interface CommitmentItem {
  matterName: string;
  commitmentType: string;
  letterTemplate: string;
}

/** The commitable item of type 信用修复 in force on `day` (the first by code), or null. */
export async function repairCommitmentItem(db: Db, day: string) {
  for (const [code, v] of await inForceVersions(db, 'commitment-item', day)) {
    const c = v.content as unknown as CommitmentItem;
    if (c.commitmentType === REPAIR_COMMITMENT_TYPE) return { code, version: v.version, content: c };
  }
  return null;
}

const cnDay = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

/** Fills the letter's placeholders (plain replacement, no patterns from data). */
export function fillLetter(template: string, values: Record<string, string>): string {
  let out = template;
  for (const [k, v] of Object.entries(values)) out = out.split(`{{${k}}}`).join(v);
  return out;
}

export async function createRepairCommitment(tx: Db, actor: Actor, input: { subjectType: string; subjectCode: string; subjectName: string; legalRepresentative?: string; day: string }) {
  if (!actor.id) throw new DomainError('FORBIDDEN', 'repair.errors.notAllowed');
  const item = await repairCommitmentItem(tx, input.day);
  if (!item) throw new DomainError('CONFLICT', 'repair.errors.noCommitmentItem');
  const letter = fillLetter(item.content.letterTemplate, { 主体名称: input.subjectName, 统一社会信用代码: input.subjectCode, 法定代表人: input.legalRepresentative?.trim() || '—', 承诺日期: cnDay(input.day) });
  const [row] = await tx
    .insert(repairCommitment)
    .values({ itemCode: item.code, itemVersion: item.version, subjectType: input.subjectType, subjectCode: input.subjectCode, subjectName: input.subjectName, letter, committedOn: input.day, createdBy: actor.id })
    .returning({ id: repairCommitment.id });
  return { id: row!.id, itemCode: item.code, itemVersion: item.version, letter };
}
