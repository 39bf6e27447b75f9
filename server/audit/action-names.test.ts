/**
 * Auditors read actions by name (「答复异议」, not `objection.answer`): every action the server
 * writes has a name in both languages, so a new process cannot put a code on the audit page.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');
const written = new Set<string>();
for (const dir of ['server', 'app']) {
  for (const f of readdirSync(path.join(root, dir), { recursive: true }) as string[]) {
    if (!/\.tsx?$/.test(f) || /\.test\.tsx?$/.test(f) || f.includes('testing')) continue;
    for (const m of readFileSync(path.join(root, dir, f), 'utf8').matchAll(/action: '([a-z_]+(?:\.[a-z_]+)+)'/g)) written.add(m[1]!);
  }
}

function nameOf(messages: Record<string, unknown>, action: string): unknown {
  return action.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), messages.actions);
}

describe('audit action names', () => {
  it('finds the actions the server writes', () => {
    expect(written.size).toBeGreaterThan(60);
    expect(written).toContain('objection.answer');
    expect(written).toContain('record.correct');
  });
  for (const locale of ['zh-CN', 'en']) {
    it(`names every written action in ${locale}`, () => {
      const messages = JSON.parse(readFileSync(path.join(root, 'messages', `${locale}.json`), 'utf8')) as Record<string, unknown>;
      const unnamed = [...written].filter((a) => typeof nameOf(messages, a) !== 'string');
      expect(unnamed).toEqual([]);
    });
  }
});
