/**
 * Walks the audit chain in seq order, in pages (never the whole table in memory), and
 * recomputes every hash. Returns the first row that does not match, or OK with the end hash.
 * Rows not chained yet (seq null) are counted, not walked: they have no place in the chain yet.
 *
 * A chain can be cut at its end and its head rewound without a broken link; what catches that
 * is a checkpoint kept outside the database (./checkpoint.ts): pass it and the walk must still
 * reach the checkpoint's row with the checkpoint's hash.
 */
import { asc, count, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../db';
import { auditHead, auditLog } from '../db/schema';
import { chainHash, GENESIS_HASH, type AuditContent } from './hash';
import { appendAudit, type Actor } from './append';
import { chainPending, contentOf } from './chain';
import type { Checkpoint } from './checkpoint';

export { contentOf };

export type VerifyResult =
  | { ok: true; rows: number; endHash: string; pending: number; checkpoints: number }
  | { ok: false; rows: number; brokenSeq: number; reason: string; pending: number };

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

/** Does a chain that ends at (rows, hashes seen) still hold each checkpoint? First problem, or null. */
export function checkpointProblem(cp: Pick<Checkpoint, 'seq' | 'hash'>, chainRows: number, hashAt: (seq: number) => string | undefined): { seq: number; reason: string } | null {
  if (cp.seq === 0) return null; // the empty chain: every chain holds it
  if (chainRows < cp.seq) {
    return { seq: chainRows + 1, reason: `the chain ends at seq ${chainRows}, but a checkpoint vouches for seq ${cp.seq}: rows were removed from its end` };
  }
  const h = hashAt(cp.seq);
  if (h !== cp.hash) return { seq: cp.seq, reason: `row ${cp.seq} has hash ${h?.slice(0, 16)}…, the checkpoint says ${cp.hash.slice(0, 16)}…: the chain was rewritten` };
  return null;
}

export async function verifyChain(
  db: Db,
  opts: { pageSize?: number; onProgress?: (rows: number) => void; checkpoints?: Pick<Checkpoint, 'seq' | 'hash'>[] } = {},
): Promise<VerifyResult> {
  const pageSize = opts.pageSize ?? 2000;
  const checkpoints = opts.checkpoints ?? [];
  const wanted = new Set(checkpoints.map((c) => c.seq));
  const seen = new Map<number, string>();
  const [p] = await db.select({ n: count() }).from(auditLog).where(isNull(auditLog.seq));
  const pending = Number(p?.n ?? 0);
  // The head first: the chainer may seal more rows while we walk. Every row is still checked link
  // by link; the head read here must be the hash of its row, and the log may only be longer (rows
  // sealed meanwhile), never shorter. Reading the head after the walk took rows sealed meanwhile
  // for rows removed.
  const [head] = await db.select().from(auditHead).where(eq(auditHead.id, 1));
  let hashAtHead: string | null = null;
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
      const problem = checkRow(expectedSeq, prev, { seq: row.seq!, prevHash: row.prevHash!, hash: row.hash!, content: contentOf(row) });
      if (problem) return { ok: false, rows, brokenSeq: row.seq === expectedSeq ? row.seq : expectedSeq, reason: problem, pending };
      if (wanted.has(row.seq!)) seen.set(row.seq!, row.hash!);
      if (head && row.seq === head.seq) hashAtHead = row.hash!;
      prev = row.hash!;
      expectedSeq += 1;
      rows += 1;
    }
    opts.onProgress?.(rows);
    if (page.length < pageSize) break;
  }
  if (head && head.seq > 0 && rows < head.seq) {
    return { ok: false, rows, brokenSeq: rows + 1, reason: `chain head says seq ${head.seq}, but the log ends at ${rows} (rows removed?)`, pending };
  }
  if (head && head.seq > 0 && hashAtHead !== head.hash) {
    return { ok: false, rows, brokenSeq: head.seq, reason: `the chain head's hash is not the hash of row ${head.seq}`, pending };
  }
  for (const cp of checkpoints) {
    const problem = checkpointProblem(cp, rows, (s) => seen.get(s));
    if (problem) return { ok: false, rows, brokenSeq: problem.seq, reason: problem.reason, pending };
  }
  return { ok: true, rows, endHash: prev, pending, checkpoints: checkpoints.length };
}

/**
 * The in-app "verify" button: chains what is waiting, walks the chain (against the checkpoint an
 * auditor brought, if any) and records that it was checked, with the verdict.
 */
export async function verifyAndRecord(db: Db, actor: Actor, checkpoint?: Checkpoint): Promise<VerifyResult> {
  await chainPending(db, { wait: true });
  const result = await verifyChain(db, { checkpoints: checkpoint ? [checkpoint] : [] });
  await appendAudit(db, actor, {
    action: 'audit.verify',
    objectType: 'audit_log',
    after: { ...result, ...(checkpoint ? { checkpoint: { seq: checkpoint.seq, hash: checkpoint.hash, keyId: checkpoint.keyId } } : {}) },
  });
  return result;
}
