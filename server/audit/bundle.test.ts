/** Offline bundle verification: pure data in, verdict out (no database), plus the CLI. */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { chainHash, GENESIS_HASH, type AuditContent } from './hash';
import { bundleRowLine } from './export';
import { formatBundleResult, rowMatchesFilter, verifyBundleLines } from './bundle';
import type { AuditExportRow, AuditRow } from './query';

const ACTIONS = ['entry.save_draft', 'auth.sign_in', 'entry.publish', 'user.create'];

/** A valid chain of n rows, as the writer would have made it. */
function chain(n: number): AuditRow[] {
  const rows: AuditRow[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const content = {
      seq,
      at: new Date(Date.UTC(2026, 2, 1, seq)).toISOString(),
      actorId: null,
      actorName: seq % 2 ? 'editor' : 'auditor',
      role: 'editor',
      department: 'XYB',
      action: ACTIONS[seq % ACTIONS.length]!,
      objectType: 'register-entry',
      objectId: `sanction-measure/SM-${String(seq).padStart(3, '0')}`,
      before: seq > 1 ? { amount: seq - 1 } : null,
      after: { amount: seq, 名称: '限制高消费' },
      reason: null,
    };
    const hash = chainHash(prev, content);
    rows.push({ ...content, id: seq, at: new Date(content.at), salt: null, personal: null, prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

/** A row as the export query renders it (text columns). */
function textRow(r: AuditRow): AuditExportRow {
  return {
    ...r,
    seq: r.seq!,
    prevHash: r.prevHash!,
    hash: r.hash!,
    at: r.at.toISOString(),
    before: r.before == null ? null : JSON.stringify(r.before),
    after: r.after == null ? null : JSON.stringify(r.after),
    personal: r.personal === null ? null : JSON.stringify(r.personal),
  };
}

/** The exporter's format: manifest-start, row lines, manifest. */
function bundle(rows: AuditRow[], all: AuditRow[], filter: Record<string, string> = {}, withStart = true): string[] {
  const end = all[all.length - 1]!;
  const about = { format: 'audit-bundle', version: 1, filter, exportedAt: '2026-03-05T00:00:00.000Z', chainEndSeq: end.seq!, chainEndHash: end.hash! };
  const lines = rows.map((r) => bundleRowLine(textRow(r)));
  const sha = createHash('sha256');
  for (const l of lines) sha.update(l + '\n');
  return [
    ...(withStart ? [JSON.stringify({ type: 'manifest-start', ...about })] : []),
    ...lines,
    JSON.stringify({ type: 'manifest', rowCount: rows.length, ...about, rowsSha256: sha.digest('hex') }),
  ];
}

/** Recomputes the manifest's rowCount and rowsSha256 (a forger covering their tracks). */
function reseal(lines: string[]): string[] {
  const rows = lines.filter((l) => JSON.parse(l).type === 'row');
  const sha = createHash('sha256');
  for (const l of rows) sha.update(l + '\n');
  const manifest = JSON.parse(lines[lines.length - 1]!);
  return [...lines.slice(0, -1), JSON.stringify({ ...manifest, rowCount: rows.length, rowsSha256: sha.digest('hex') })];
}

function edit(line: string, change: (o: Record<string, unknown>) => void): string {
  const o = JSON.parse(line) as Record<string, unknown>;
  change(o);
  return JSON.stringify(o);
}

const all = chain(12);

describe('bundle verification', () => {
  it('accepts a complete bundle and reports the chain end', async () => {
    const r = await verifyBundleLines(bundle(all, all));
    expect(r).toEqual({ ok: true, rows: 12, chainEndSeq: 12, chainEndHash: all[11]!.hash, complete: true, filter: {} });
    expect(formatBundleResult(r)).toBe(`OK 12 ${all[11]!.hash}`);
  });

  it('accepts a filtered bundle with gaps in seq, with or without the opening line', async () => {
    const filter = { actorName: 'auditor', action: 'entry.*' };
    const rows = all.filter((r) => rowMatchesFilter({ ...r, at: r.at.toISOString() }, filter));
    expect(rows.length).toBeGreaterThan(1);
    expect(await verifyBundleLines(bundle(rows, all, filter))).toMatchObject({ ok: true, rows: rows.length, complete: false });
    expect(await verifyBundleLines(bundle(rows, all, filter, false))).toMatchObject({ ok: true, rows: rows.length });
    expect(await verifyBundleLines(bundle([], all, { actorName: 'nobody' }))).toMatchObject({ ok: true, rows: 0 });
  });

  it('names the seq and line of a tampered row', async () => {
    const lines = bundle(all, all);
    lines[5] = edit(lines[5]!, (o) => (o.after = { amount: 1, 名称: '限制高消费' })); // line 6 holds seq 5
    const r = await verifyBundleLines(lines);
    expect(r).toMatchObject({ ok: false, seq: 5, line: 6 });
    expect(formatBundleResult(r)).toMatch(/^BROKEN at line 6 \(seq 5\): content does not match its hash/);
  });

  it('catches a tampered row whose own hash was recomputed', async () => {
    const lines = bundle(all, all);
    lines[5] = edit(lines[5]!, (o) => {
      o.reason = 'rewritten';
      const { type: _t, prevHash, hash: _h, ...content } = o as unknown as AuditContent & { type: string; prevHash: string; hash: string };
      o.hash = chainHash(prevHash, content);
    });
    expect(await verifyBundleLines(lines)).toMatchObject({ ok: false, seq: 6, reason: expect.stringMatching(/prev_hash/) });
    // The last row of a filtered bundle has no successor: the manifest's digest catches it.
    const filtered = bundle([all[2]!, all[8]!], all, { actorName: 'editor' });
    filtered[2] = edit(filtered[2]!, (o) => {
      o.reason = 'rewritten';
      const { type: _t, prevHash, hash: _h, ...content } = o as unknown as AuditContent & { type: string; prevHash: string; hash: string };
      o.hash = chainHash(prevHash, content);
    });
    expect(await verifyBundleLines(filtered)).toMatchObject({ ok: false, reason: expect.stringMatching(/rowsSha256/) });
  });

  it('reports a truncated bundle', async () => {
    const lines = bundle(all, all);
    const cut = [...lines.slice(0, 9), lines[lines.length - 1]!];
    expect(await verifyBundleLines(cut)).toMatchObject({ ok: false, reason: expect.stringMatching(/manifest counts 12 rows but the bundle holds 8/) });
    expect(await verifyBundleLines(lines.slice(0, 9))).toMatchObject({ ok: false, reason: expect.stringMatching(/no closing manifest/) });
  });

  it('reports a row removed from an unfiltered bundle even when the manifest was resealed', async () => {
    const lines = bundle(all, all);
    const removed = reseal([...lines.slice(0, 4), ...lines.slice(5)]); // drops seq 4
    expect(await verifyBundleLines(removed)).toMatchObject({ ok: false, seq: 4, reason: expect.stringMatching(/missing/) });
  });

  it('reports rows outside the stated filter, out of order, or past the chain end', async () => {
    const filter = { actorName: 'editor' };
    expect(await verifyBundleLines(bundle([all[0]!, all[1]!], all, filter))).toMatchObject({ ok: false, seq: 2, reason: expect.stringMatching(/filter/) });
    expect(await verifyBundleLines(bundle([all[4]!, all[2]!], all, filter))).toMatchObject({ ok: false, seq: 3, reason: expect.stringMatching(/out of order/) });
    expect(await verifyBundleLines(bundle(all, all.slice(0, 6), {}))).toMatchObject({ ok: false, seq: 7, reason: expect.stringMatching(/past the chain end/) });
    const tail = bundle(all, all);
    expect(await verifyBundleLines([...tail, tail[1]!])).toMatchObject({ ok: false, reason: expect.stringMatching(/after the closing manifest/) });
    expect(await verifyBundleLines(['not json'])).toMatchObject({ ok: false, line: 1 });
  });
});

describe('npm run audit:verify -- <bundle>', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'audit-bundle-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = async (file: string) => {
    const tsx = path.join(process.cwd(), 'node_modules', '.bin', 'tsx');
    try {
      const { stdout } = await promisify(execFile)(tsx, ['scripts/audit-verify.ts', file], { cwd: process.cwd() });
      return { code: 0, stdout };
    } catch (e) {
      const err = e as { code: number; stdout: string };
      return { code: err.code, stdout: err.stdout };
    }
  };

  it('prints OK with the row count and end hash, or BROKEN and exits 1', async () => {
    const good = path.join(dir, 'good.jsonl');
    writeFileSync(good, bundle(all, all).join('\n') + '\n');
    expect(await run(good)).toEqual({ code: 0, stdout: `OK 12 ${all[11]!.hash}\n` });
    const lines = bundle(all, all);
    lines[3] = edit(lines[3]!, (o) => (o.actorName = 'someone-else'));
    const bad = path.join(dir, 'bad.jsonl');
    writeFileSync(bad, lines.join('\r\n') + '\r\n');
    const r = await run(bad);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^BROKEN at line 4 \(seq 3\)/);
  });
});
