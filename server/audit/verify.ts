/**
 * Walks the audit chain in seq order, in pages (never the whole table in memory), and
 * recomputes every hash. Returns the first row that does not match, or OK with the end hash.
 */
import { asc, eq, gt } from 'drizzle-orm';
import type { Db } from '../db';
import { auditHead, auditLog } from '../db/schema';
import { chainHash, GENESIS_HASH, type AuditContent } from './hash';
import { appendAudit, type Actor } from './append';

export type VerifyResult =
  | { ok: true; rows: number; endHash: string }
  | { ok: false; rows: number; brokenSeq: number; reason: string };

type Row = typeof auditLog.$inferSelect;

export function contentOf(row: Row): AuditContent {
  return {
    seq: row.seq,
    at: row.at.toISOString(),
    actorId: row.actorId,
    actorName: row.actorName,
    role: row.role,
    department: row.department,
    action: row.action,
    objectType: row.objectType,
    objectId: row.objectId,
    before: row.before ?? null,
    after: row.after ?? null,
    reason: row.reason,
  };
}

/** Checks one row against the expected previous hash and seq; null when it matches. */
export function checkRow(
  expectedSeq: number,
  expectedPrev: string,
  row: { seq: number; prevHash: string; hash: string; content: AuditContent },
): string | null {
  if (row.seq !== expectedSeq) return `sequence gap: expected seq ${expectedSeq}, found ${row.seq}`;
  if (row.prevHash !== expectedPrev) return `prev_hash does not match the hash of row ${expectedSeq - 1}`;
  if (chainHash(row.prevHash, row.content) !== row.hash) return `content does not match its hash (row was altered)`;
  return null;
}

export async function verifyChain(db: Db, opts: { pageSize?: number; onProgress?: (rows: number) => void } = {}): Promise<VerifyResult> {
  const pageSize = opts.pageSize ?? 2000;
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let rows = 0;
  for (;;) {
    const page = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.seq, expectedSeq - 1))
      .orderBy(asc(auditLog.seq))
      .limit(pageSize);
    for (const row of page) {
      const problem = checkRow(expectedSeq, prev, { seq: row.seq, prevHash: row.prevHash, hash: row.hash, content: contentOf(row) });
      if (problem) return { ok: false, rows, brokenSeq: row.seq === expectedSeq ? row.seq : expectedSeq, reason: problem };
      prev = row.hash;
      expectedSeq += 1;
      rows += 1;
    }
    opts.onProgress?.(rows);
    if (page.length < pageSize) break;
  }
  const [head] = await db.select().from(auditHead).where(eq(auditHead.id, 1));
  if (head && (head.seq !== rows || head.hash !== prev)) {
    return { ok: false, rows, brokenSeq: rows + 1, reason: `chain head says seq ${head.seq}, but the log ends at ${rows} (rows removed?)` };
  }
  return { ok: true, rows, endHash: prev };
}

/** The in-app "verify" button: walks the chain and records that it was checked, with the verdict. */
export async function verifyAndRecord(db: Db, actor: Actor): Promise<VerifyResult> {
  const result = await verifyChain(db);
  await appendAudit(db, actor, { action: 'audit.verify', objectType: 'audit_log', after: result });
  return result;
}
