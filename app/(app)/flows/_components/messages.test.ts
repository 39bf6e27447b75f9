import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Every literal key the flow pages translate exists in both fragment files (a missing key would
// show as its path in the UI).
const root = join(__dirname, '..');
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith('.tsx') || d.name.endsWith('.ts') ? [join(dir, d.name)] : []));

function keysUsed(): string[] {
  const out = new Set<string>();
  for (const file of sources(root)) {
    const text = readFileSync(file, 'utf8');
    // const t = useTranslations('flows.panel') … t('mode')
    const ns = new Map<string, string>();
    for (const m of text.matchAll(/const (\w+) = useTranslations\('(flows[\w.]*)'\)/g)) ns.set(m[1]!, m[2]!);
    for (const [fn, prefix] of ns) for (const m of text.matchAll(new RegExp(`\\b${fn}\\('([\\w.]+)'`, 'g'))) out.add(`${prefix}.${m[1]}`);
  }
  return [...out];
}

const lookup = (obj: unknown, path: string) => path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);

describe('flow designer messages', () => {
  const keys = keysUsed();
  it('finds the keys it checks', () => {
    expect(keys.length).toBeGreaterThan(50);
  });
  for (const locale of ['zh-CN', 'en']) {
    it(`has every key in flows.${locale}.json`, () => {
      const messages = JSON.parse(readFileSync(join(root, '../../../messages', `${locale}.json`), 'utf8'));
      expect(keys.filter((k) => typeof lookup(messages, k) !== 'string')).toEqual([]);
    });
  }
});
