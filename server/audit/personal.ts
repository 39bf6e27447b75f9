/**
 * Personal data inside audit rows (DESIGN §5: masked on every outward path).
 *
 * When a row is appended, its personal values are located once and stored with the row as
 * `personal` (path + masked form) and a random per-row `salt`. From then on:
 * - people (the audit page, CSV, XLSX) see the masked form, for every role; an auditor reveals a
 *   row's values with a reason, audited (server/audit/reveal.ts);
 * - the chain hashes the row with each personal value replaced by `{ masked, digest }`, where
 *   digest = sha256(salt ":" canonical JSON of the value) (hash rule v2, server/audit/hash.ts).
 *   The JSONL bundle carries exactly that form, so it verifies offline without holding a single
 *   personal value, and the masked forms shown are themselves covered by the chain. The salt
 *   never leaves the database: a digest of an 18-digit ID number cannot be brute-forced without it.
 *
 * What is personal: resident ID numbers (shape of GB 11643: region, a real-looking birth date,
 * sequence, check character — a mistyped check digit is still someone's number) and mainland
 * mobile numbers, wherever they occur in a string of `before`, `after` or `reason`; plus paths a
 * writer names with their mask rule (`AuditEvent.mask`, e.g. a record's personal fields).
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { maskValue, type MaskRule } from '../../forms/masking';
import type { PersonalLeaf } from '../db/schema/audit';

export type { PersonalLeaf };

/** The three parts of a row that may hold personal values. */
export interface RowParts {
  before: unknown;
  after: unknown;
  reason: unknown;
}

/** What the chain and the bundle hold in place of a personal value. */
export interface SealedLeaf {
  masked: string;
  digest: string;
}

const ID_RE = /(?<![0-9A-Za-z])\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])/g;
const MOBILE_RE = /(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/g;
const ID_RULE: MaskRule = { keepStart: 4, keepEnd: 4 };
const MOBILE_RULE: MaskRule = { keepStart: 3, keepEnd: 4 };
/** Cheap pre-test on raw JSON text: no run of 11 digits, nothing to find. */
const MAYBE_PERSONAL = /\d{11}/;

/** `text` with every resident ID and mobile number in it masked; null when it holds none. */
export function maskPersonalText(text: string): string | null {
  if (!MAYBE_PERSONAL.test(text)) return null;
  let hit = false;
  const out = text
    .replace(ID_RE, (m) => {
      hit = true;
      return maskValue(m, ID_RULE);
    })
    .replace(MOBILE_RE, (m) => {
      hit = true;
      return maskValue(m, MOBILE_RULE);
    });
  return hit ? out : null;
}

/** Masked text for display: unchanged when nothing personal is in it. */
export function maskText(text: string): string {
  return maskPersonalText(text) ?? text;
}

type Path = (string | number)[];

function scan(value: unknown, path: Path, out: PersonalLeaf[]): void {
  if (typeof value === 'string') {
    const masked = maskPersonalText(value);
    if (masked !== null) out.push({ path, masked });
  } else if (typeof value === 'number') {
    const masked = maskPersonalText(String(value));
    if (masked !== null) out.push({ path, masked });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => scan(v, [...path, i], out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) scan(v, [...path, k], out);
  }
}

/** Concrete paths matching a dotted pattern (`after.data.items.*.phone`; `*` = every element or key). */
function expand(root: Record<string, unknown>, pattern: string[]): { path: Path; value: unknown }[] {
  let level: { path: Path; value: unknown }[] = [{ path: [], value: root }];
  for (const part of pattern) {
    const next: { path: Path; value: unknown }[] = [];
    for (const { path, value } of level) {
      if (value === null || typeof value !== 'object') continue;
      if (Array.isArray(value)) {
        const idx = part === '*' ? value.map((_, i) => i) : /^\d+$/.test(part) && Number(part) < value.length ? [Number(part)] : [];
        for (const i of idx) next.push({ path: [...path, i], value: value[i] });
      } else {
        const keys = part === '*' ? Object.keys(value) : Object.hasOwn(value, part) ? [part] : [];
        for (const k of keys) next.push({ path: [...path, k], value: (value as Record<string, unknown>)[k] });
      }
    }
    level = next;
  }
  return level;
}

function ruleLeaves(value: unknown, path: Path, rule: MaskRule, out: PersonalLeaf[]): void {
  if (value === null || value === undefined || typeof value === 'boolean') return;
  if (Array.isArray(value)) return value.forEach((v, i) => ruleLeaves(v, [...path, i], rule, out));
  if (typeof value === 'object') return; // a group: its own fields carry their own rules
  out.push({ path, masked: maskValue(String(value), rule) });
}

const key = (p: Path) => JSON.stringify(p);

/**
 * Where the personal values of a row are, with their masked forms: first the paths the writer
 * named (`mask`: dotted path from the row → rule), then every ID or mobile number found in the
 * remaining strings. `parts` must already be plain JSON (what jsonb gives back).
 */
export function findPersonal(parts: RowParts, mask: Record<string, MaskRule> = {}): PersonalLeaf[] {
  const root = { before: parts.before, after: parts.after, reason: parts.reason } as Record<string, unknown>;
  const out: PersonalLeaf[] = [];
  const named = new Set<string>();
  for (const [pattern, rule] of Object.entries(mask)) {
    const segments = pattern.split('.');
    if (!['before', 'after', 'reason'].includes(segments[0]!)) continue;
    for (const { path, value } of expand(root, segments)) {
      const found: PersonalLeaf[] = [];
      ruleLeaves(value, path, rule, found);
      for (const leaf of found) {
        if (named.has(key(leaf.path))) continue;
        named.add(key(leaf.path));
        out.push(leaf);
      }
    }
  }
  const scanned: PersonalLeaf[] = [];
  scan(root.before, ['before'], scanned);
  scan(root.after, ['after'], scanned);
  scan(root.reason, ['reason'], scanned);
  for (const leaf of scanned) if (!named.has(key(leaf.path))) out.push(leaf);
  return out;
}

/** digest of one personal value: sha256(salt ":" RFC 8785 JSON of the value), hex. */
export function personalDigest(salt: string, value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('personal value cannot be canonicalised');
  return createHash('sha256').update(salt).update(':').update(text).digest('hex');
}

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** Replaces the value at `path` in a copy of `parts` (which the caller owns). */
function replaceAt(root: Record<string, unknown>, path: Path, make: (value: unknown) => unknown): void {
  let node: unknown = root;
  for (let i = 0; i < path.length - 1; i++) {
    if (node === null || typeof node !== 'object') return;
    node = (node as Record<string | number, unknown>)[path[i]!];
  }
  const last = path[path.length - 1]!;
  if (node === null || typeof node !== 'object') return;
  const holder = node as Record<string | number, unknown>;
  if (!(last in holder)) return;
  holder[last] = make(holder[last]);
}

function transform(parts: RowParts, personal: readonly PersonalLeaf[], make: (value: unknown, leaf: PersonalLeaf) => unknown): RowParts {
  const root: Record<string, unknown> = { before: clone(parts.before), after: clone(parts.after), reason: parts.reason };
  for (const leaf of personal) replaceAt(root, leaf.path, (v) => make(v, leaf));
  return { before: root.before ?? null, after: root.after ?? null, reason: root.reason ?? null };
}

/** The parts as the chain hashes them and the bundle carries them (rule v2). */
export function sealedParts(parts: RowParts, salt: string, personal: readonly PersonalLeaf[]): RowParts {
  return transform(parts, personal, (value, leaf): SealedLeaf => ({ masked: leaf.masked, digest: personalDigest(salt, value) }));
}

/** The parts as people see them: each personal value replaced by its masked form. */
export function maskedParts(parts: RowParts, personal: readonly PersonalLeaf[]): RowParts {
  return transform(parts, personal, (_value, leaf) => leaf.masked);
}

/**
 * Display form of any row: by its stored personal paths, or — for rows written before personal
 * paths were recorded — by looking for personal values now.
 */
export function displayParts(parts: RowParts, personal: readonly PersonalLeaf[] | null): { parts: RowParts; masked: boolean } {
  const leaves = personal ?? findPersonal(parts);
  return leaves.length ? { parts: maskedParts(parts, leaves), masked: true } : { parts, masked: false };
}

/** Does a bundle or chain value look like a sealed personal leaf? */
export function isSealedLeaf(v: unknown): v is SealedLeaf {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 2 && typeof (v as SealedLeaf).masked === 'string' && typeof (v as SealedLeaf).digest === 'string';
}
