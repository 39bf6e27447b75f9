/**
 * Offline verification of a JSONL audit bundle (see auditJsonlStream): plain Node, no
 * database, reads line by line so a bundle of any size fits in constant memory.
 *
 * What it proves:
 * - every row's hash equals sha256(prevHash || canonical content), with the writer's rule;
 * - rows ascend by seq; where two rows are consecutive in the chain (seq n, n+1) the second
 *   links to the first's hash; the first row of the chain links to the genesis hash;
 * - every row matches the filter the bundle states (checked while streaming when the bundle
 *   opens with a `manifest-start` line, as ours do), and none lies past chainEndSeq;
 * - the row lines are exactly those the manifest counted and hashed (rowCount, rowsSha256):
 *   a removed, added or edited line is caught even where the chain linkage cannot see it;
 * - for an unfiltered bundle: it is the whole chain, 1…chainEndSeq, ending in chainEndHash;
 * - with checkpoints (`--checkpoint FILE`, ./checkpoint.ts): the bundle's chain reaches each
 *   checkpoint's seq and, where it holds that row, with the checkpoint's hash.
 * Personal values travel as the chain hashed them, `{ masked, digest }` (./personal.ts): the
 * bundle verifies without them. Compare chainEndHash with the live chain (`npm run audit:verify`
 * on the server) to tie the bundle to the database it came from.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { chainHash, GENESIS_HASH, type AuditContent } from './hash';
import { isSealedLeaf } from './personal';

export type BundleVerifyResult =
  | { ok: true; rows: number; chainEndSeq: number; chainEndHash: string; complete: boolean; filter: Record<string, string> }
  | { ok: false; rows: number; line: number; seq: number | null; reason: string };

interface RowLine extends AuditContent {
  type: 'row';
  prevHash: string;
  hash: string;
}

interface Manifest {
  type: 'manifest';
  rowCount: number;
  filter: Record<string, string>;
  exportedAt: string;
  chainEndSeq: number;
  chainEndHash: string;
  rowsSha256: string;
}

const HASH_RE = /^[0-9a-f]{64}$/;
const isStrOrNull = (v: unknown) => v === null || typeof v === 'string';
const isSeq = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;

function rowShapeProblem(o: Record<string, unknown>): string | null {
  if (!isSeq(o.seq)) return 'row has no valid seq';
  if (typeof o.at !== 'string' || Number.isNaN(Date.parse(o.at))) return 'row has no valid at';
  if (typeof o.action !== 'string') return 'row has no action';
  for (const k of ['actorId', 'actorName', 'role', 'department', 'objectType', 'objectId'] as const) {
    if (!isStrOrNull(o[k])) return `row field ${k} must be a string or null`;
  }
  if (!isStrOrNull(o.reason) && !isSealedLeaf(o.reason)) return 'row field reason must be a string, null or a masked value';
  if (!('before' in o) || !('after' in o)) return 'row lacks before/after';
  if (typeof o.prevHash !== 'string' || !HASH_RE.test(o.prevHash)) return 'row has no valid prevHash';
  if (typeof o.hash !== 'string' || !HASH_RE.test(o.hash)) return 'row has no valid hash';
  return null;
}

function manifestProblem(o: Record<string, unknown>): string | null {
  if (typeof o.rowCount !== 'number' || !Number.isSafeInteger(o.rowCount) || o.rowCount < 0) return 'manifest has no valid rowCount';
  if (typeof o.filter !== 'object' || o.filter === null || Array.isArray(o.filter)) return 'manifest has no filter';
  if (!Object.values(o.filter).every((v) => typeof v === 'string')) return 'manifest filter values must be strings';
  if (typeof o.chainEndSeq !== 'number' || !Number.isSafeInteger(o.chainEndSeq) || o.chainEndSeq < 0) return 'manifest has no valid chainEndSeq';
  if (typeof o.chainEndHash !== 'string' || !HASH_RE.test(o.chainEndHash)) return 'manifest has no valid chainEndHash';
  if (typeof o.rowsSha256 !== 'string' || !HASH_RE.test(o.rowsSha256)) return 'manifest has no valid rowsSha256';
  return null;
}

/** The content the chain hashes, as server/audit/verify.ts `contentOf` builds it from a row. */
export function bundleRowContent(r: RowLine): AuditContent {
  return {
    seq: r.seq,
    at: r.at,
    actorId: r.actorId,
    actorName: r.actorName,
    role: r.role,
    department: r.department,
    action: r.action,
    objectType: r.objectType,
    objectId: r.objectId,
    before: r.before ?? null,
    after: r.after ?? null,
    reason: r.reason,
  };
}

/**
 * Does a row satisfy a manifest filter (the JSON of an AuditFilter)? Mirrors `auditWhere`:
 * from inclusive, to exclusive, `x.*` actions by prefix, everything else exact.
 */
export function rowMatchesFilter(r: Pick<AuditContent, 'at' | 'actorName' | 'department' | 'action' | 'objectType' | 'objectId'>, f: Record<string, string>): boolean {
  const at = Date.parse(r.at);
  if (f.from !== undefined && !(at >= Date.parse(f.from))) return false;
  if (f.to !== undefined && !(at < Date.parse(f.to))) return false;
  if (f.actorName !== undefined && r.actorName !== f.actorName) return false;
  if (f.department !== undefined && r.department !== f.department) return false;
  if (f.action !== undefined) {
    const a = f.action;
    const prefix = a.endsWith('*') && (a.length === 1 || a.endsWith('.*')) ? a.slice(0, -1) : null;
    if (prefix === null ? r.action !== a : !r.action.startsWith(prefix)) return false;
  }
  if (f.objectType !== undefined && r.objectType !== f.objectType) return false;
  if (f.objectId !== undefined && r.objectId !== f.objectId) return false;
  if (f.objectIdPrefix !== undefined && !(r.objectId ?? '').startsWith(f.objectIdPrefix)) return false;
  return true;
}

/** Verifies a bundle given as lines (e.g. readline over a file, or an array in tests). */
export async function verifyBundleLines(
  lines: AsyncIterable<string> | Iterable<string>,
  opts: { checkpoints?: { seq: number; hash: string }[] } = {},
): Promise<BundleVerifyResult> {
  const checkpointSeqs = new Map((opts.checkpoints ?? []).map((c) => [c.seq, c.hash]));
  const checkpointSeen = new Set<number>();
  const sha = createHash('sha256');
  let lineNo = 0;
  let rows = 0;
  let prev: { seq: number; hash: string } | null = null;
  let firstGap: { line: number; seq: number } | null = null;
  let firstSeq: number | null = null;
  // From the optional first line: lets each row be checked against the filter as it streams by.
  let start: Record<string, unknown> | null = null;
  let startFilter: Record<string, string> | null = null;
  let startEndSeq: number | null = null;
  let manifest: Manifest | null = null;
  let manifestLine = 0;
  const broken = (reason: string, seq: number | null = null): BundleVerifyResult => ({ ok: false, rows, line: lineNo, seq, reason });

  for await (const raw of lines) {
    lineNo += 1;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') continue;
    if (manifest) return broken('content after the closing manifest');
    let o: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return broken('line is not a JSON object');
      o = parsed as Record<string, unknown>;
    } catch {
      return broken('line is not valid JSON');
    }
    if (o.type === 'manifest-start') {
      if (rows > 0 || start) return broken('manifest-start must be the first line');
      start = o;
      if (typeof o.filter === 'object' && o.filter !== null && Object.values(o.filter).every((v) => typeof v === 'string')) startFilter = o.filter as Record<string, string>;
      if (isSeq(o.chainEndSeq)) startEndSeq = o.chainEndSeq;
      continue;
    }
    if (o.type === 'manifest') {
      const problem = manifestProblem(o);
      if (problem) return broken(problem);
      manifest = o as unknown as Manifest;
      manifestLine = lineNo;
      continue;
    }
    if (o.type !== 'row') return broken(`unknown line type ${JSON.stringify(o.type)}`);

    const seq = isSeq(o.seq) ? o.seq : null;
    const shape = rowShapeProblem(o);
    if (shape) return broken(shape, seq);
    const row = o as unknown as RowLine;
    if (chainHash(row.prevHash, bundleRowContent(row)) !== row.hash) return broken('content does not match its hash (row was altered)', row.seq);
    if (startFilter && !rowMatchesFilter(row, startFilter)) return broken("row does not match the bundle's filter", row.seq);
    if (startEndSeq !== null && row.seq > startEndSeq) return broken(`row seq ${row.seq} lies past the chain end ${startEndSeq}`, row.seq);
    if (row.seq === 1 && row.prevHash !== GENESIS_HASH) return broken('the first row of the chain does not start from the genesis hash', row.seq);
    if (prev) {
      if (row.seq <= prev.seq) return broken(`rows out of order: seq ${row.seq} after seq ${prev.seq}`, row.seq);
      if (row.seq === prev.seq + 1 && row.prevHash !== prev.hash) return broken(`prev_hash does not match the hash of row ${prev.seq}`, row.seq);
      if (row.seq !== prev.seq + 1 && !firstGap) firstGap = { line: lineNo, seq: prev.seq + 1 };
    }
    const vouched = checkpointSeqs.get(row.seq);
    if (vouched !== undefined) {
      if (vouched !== row.hash) return broken(`row ${row.seq} has hash ${row.hash.slice(0, 16)}…, the checkpoint says ${vouched.slice(0, 16)}…: the chain was rewritten`, row.seq);
      checkpointSeen.add(row.seq);
    }
    firstSeq ??= row.seq;
    sha.update(line);
    sha.update('\n');
    prev = { seq: row.seq, hash: row.hash };
    rows += 1;
  }
  lineNo += 1;
  if (!manifest) return broken('no closing manifest: the bundle is truncated');
  lineNo = manifestLine;
  if (start) {
    for (const k of ['chainEndSeq', 'chainEndHash', 'exportedAt'] as const) {
      if (start[k] !== manifest[k]) return broken(`manifest-start and manifest disagree on ${k}`);
    }
    if (JSON.stringify(start.filter) !== JSON.stringify(manifest.filter)) return broken('manifest-start and manifest disagree on the filter');
  }
  if (manifest.rowCount !== rows) return broken(`manifest counts ${manifest.rowCount} rows but the bundle holds ${rows} (truncated or rows removed/added)`);
  if (sha.digest('hex') !== manifest.rowsSha256) return broken('rowsSha256 does not match the row lines (a row line was changed)');
  if (prev && prev.seq > manifest.chainEndSeq) return broken(`row seq ${prev.seq} lies past the chain end ${manifest.chainEndSeq}`, prev.seq);
  const complete = Object.keys(manifest.filter).length === 0;
  for (const seq of checkpointSeqs.keys()) {
    if (seq === 0) continue; // the empty chain: every chain holds it
    if (manifest.chainEndSeq < seq) return broken(`the chain ends at seq ${manifest.chainEndSeq}, but a checkpoint vouches for seq ${seq}: rows were removed from its end`, manifest.chainEndSeq + 1);
    if (complete && !checkpointSeen.has(seq)) return broken(`the checkpoint's row ${seq} is missing from an unfiltered bundle`, seq);
  }
  if (complete) {
    if (firstGap) return { ok: false, rows, line: firstGap.line, seq: firstGap.seq, reason: `row seq ${firstGap.seq} is missing from an unfiltered bundle` };
    if (rows !== manifest.chainEndSeq || (prev && prev.hash !== manifest.chainEndHash) || (rows > 0 && firstSeq !== 1)) {
      return broken(`an unfiltered bundle must hold rows 1…${manifest.chainEndSeq} ending in the chain end hash`, prev?.seq ?? null);
    }
  }
  return { ok: true, rows, chainEndSeq: manifest.chainEndSeq, chainEndHash: manifest.chainEndHash, complete, filter: manifest.filter };
}

/** Verifies a bundle file, streaming it line by line. */
export async function verifyBundleFile(path: string, opts: { checkpoints?: { seq: number; hash: string }[] } = {}): Promise<BundleVerifyResult> {
  const input = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    return await verifyBundleLines(lines, opts);
  } finally {
    lines.close();
    input.destroy();
  }
}

/** One line for people and scripts: `OK <rows> <chain-end-hash>` or `BROKEN …`. */
export function formatBundleResult(r: BundleVerifyResult): string {
  if (r.ok) return `OK ${r.rows} ${r.chainEndHash}`;
  return `BROKEN at line ${r.line}${r.seq !== null ? ` (seq ${r.seq})` : ''}: ${r.reason}`;
}
