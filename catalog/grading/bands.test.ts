import { describe, expect, it } from 'vitest';
import { bandColour, bandIssues, bandSegments, defaultBands, percentOf, segmentHasIssue } from './bands';
import type { GradeBand } from './types';

const band = (grade: string, min: number): GradeBand => ({ grade, label: { 'zh-CN': grade, en: grade }, min });

describe('grade bands', () => {
  it('defaults to A–E of the seed policy scaled to the total, and they are valid', () => {
    const b = defaultBands(1000);
    expect(b.map((x) => `${x.grade}${x.label['zh-CN']}≥${x.min}`)).toEqual(['A优秀≥900', 'B良好≥800', 'C中等≥700', 'D较差≥600', 'E差≥0']);
    expect(defaultBands(100).map((x) => x.min)).toEqual([90, 80, 70, 60, 0]);
    expect(bandIssues(b, 1000)).toEqual([]);
  });

  it('splits the bar 0..total into segments from each threshold to the next', () => {
    const segs = bandSegments(defaultBands(1000), 1000);
    expect(segs.map((s) => [s.grade, s.from, s.to])).toEqual([
      ['E', 0, 600],
      ['D', 600, 700],
      ['C', 700, 800],
      ['B', 800, 900],
      ['A', 900, 1000],
    ]);
    expect(segs[0]!.index).toBe(4);
  });

  it('reports a gap when no band starts at 0', () => {
    const issues = bandIssues([band('A', 90), band('B', 60), band('C', 20)], 100);
    expect(issues).toEqual([{ kind: 'gap', from: 0, to: 20, grades: ['C'] }]);
  });

  it('reports an overlap when two bands share a threshold, and paints both', () => {
    const bands = [band('A', 90), band('B', 90), band('C', 0)];
    const issues = bandIssues(bands, 100);
    expect(issues).toEqual([{ kind: 'overlap', from: 90, to: 90, grades: ['A', 'B'] }]);
    const segs = bandSegments(bands, 100);
    expect(segs.filter((s) => segmentHasIssue(s, issues)).map((s) => s.grade).sort()).toEqual(['A', 'B']);
    expect(segs.find((s) => s.grade === 'C') && segmentHasIssue(segs.find((s) => s.grade === 'C')!, issues)).toBe(false);
  });

  it('reports thresholds outside 0..total and bands listed out of order', () => {
    expect(bandIssues([band('A', 120), band('B', 0)], 100)).toContainEqual({ kind: 'out-of-range', from: 100, to: 100, grades: ['A'] });
    expect(bandIssues([band('A', -5), band('B', 0)], 100).map((i) => i.kind)).toContain('out-of-range');
    expect(bandIssues([band('A', 50), band('B', 80), band('C', 0)], 100)).toEqual([{ kind: 'order', from: 50, to: 80, grades: ['A', 'B'] }]);
    expect(bandIssues([], 100)).toEqual([{ kind: 'gap', from: 0, to: 100, grades: [] }]);
  });

  it('converts values to bar percentages and picks colours worst to best', () => {
    expect(percentOf(250, 1000)).toBe(25);
    expect(percentOf(2000, 1000)).toBe(100);
    expect(percentOf(5, 0)).toBe(0);
    expect(bandColour(0, 5)).toBe('#dc2626');
    expect(bandColour(4, 5)).toBe('#16a34a');
  });
});
