import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROBLEM_MESSAGES, problem } from './problems';

const fragment = (locale: string) => JSON.parse(readFileSync(new URL(`../../messages/${locale}.json`, import.meta.url), 'utf8')).flows.problems as Record<string, string>;

describe('flow problem messages', () => {
  it('are the flows.problems keys of both fragment files', () => {
    expect(fragment('zh-CN')).toEqual(Object.fromEntries(Object.entries(PROBLEM_MESSAGES).map(([k, m]) => [k, m['zh-CN']])));
    expect(fragment('en')).toEqual(Object.fromEntries(Object.entries(PROBLEM_MESSAGES).map(([k, m]) => [k, m.en])));
  });

  it('fill each language with its own label', () => {
    const p = problem('noOutgoing', { nodeId: 'a' }, { label: { 'zh-CN': '科室审核', en: 'Section review' } });
    expect(p.message).toEqual({ 'zh-CN': '「科室审核」没有流出的连线。', en: '"Section review" has no outgoing connection.' });
    expect(p.params).toEqual({ label: '科室审核' });
  });
});
