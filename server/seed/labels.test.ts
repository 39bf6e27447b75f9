/**
 * English is a real second language: every label and help text of everything seeded — register
 * kinds, catalog items with their forms (field labels, help, options, sections), commitment
 * items, lists, grading models — has an English text of its own. Pure codes and numbers (no
 * Chinese characters) may read the same in both languages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { seedBase } from './index';
import { entry, entryVersion } from '../db/schema';
import { eq } from 'drizzle-orm';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedBase(t.db);
});
afterAll(async () => {
  await t.close();
});

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;

/** Paths of every { 'zh-CN', en } pair in `v` whose English is the Chinese text (or missing). */
function untranslated(v: unknown, path: string, out: string[]): string[] {
  if (Array.isArray(v)) v.forEach((x, i) => untranslated(x, `${path}.${i}`, out));
  else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o['zh-CN'] === 'string' && CJK.test(o['zh-CN']) && (typeof o.en !== 'string' || o.en.trim() === '' || o.en.trim() === o['zh-CN'].trim())) out.push(`${path}: ${o['zh-CN']}`);
    for (const [k, x] of Object.entries(o)) untranslated(x, `${path}.${k}`, out);
  }
  return out;
}

describe('seeded definitions in English', () => {
  it('finds untranslated pairs (the check itself)', () => {
    expect(untranslated({ ui: { fields: { a: { label: { 'zh-CN': '名称', en: '名称' } }, b: { label: { 'zh-CN': 'A1', en: 'A1' } } } } }, 'x', [])).toEqual(['x.ui.fields.a.label: 名称']);
  });

  it('no seeded entry of any kind has a label, help or option whose English is its Chinese', async () => {
    const rows = await t.db.select({ kind: entryVersion.kindCode, code: entry.code, version: entryVersion.version, content: entryVersion.content }).from(entryVersion).innerJoin(entry, eq(entry.id, entryVersion.entryId));
    expect(rows.length).toBeGreaterThan(10);
    const all = rows.flatMap((r) => untranslated(r.content, `${r.kind}/${r.code}@${r.version}`, []));
    expect(all).toEqual([]);
  });

  it('the 78 field labels of 行政许可 / 行政处罚 / 信用承诺 are all there, each in English', async () => {
    const rows = await t.db.select({ code: entry.code, content: entryVersion.content }).from(entryVersion).innerJoin(entry, eq(entry.id, entryVersion.entryId)).where(eq(entryVersion.kindCode, 'info-catalog'));
    const labels = rows
      .filter((r) => ['XZXK', 'XZCF', 'XYCN'].includes(r.code))
      .flatMap((r) => Object.values((r.content as { dataItems: { ui: { fields: Record<string, { label: { 'zh-CN': string; en: string } }> } } }).dataItems.ui.fields).map((f) => f.label));
    expect(labels).toHaveLength(78);
    for (const l of labels) expect(l.en, l['zh-CN']).not.toMatch(CJK);
  });
});
