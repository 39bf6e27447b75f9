import { describe, expect, it } from 'vitest';
import { approval, chain, conditionFlow, parallelFlow, timerFlow } from './fixtures';
import { predictPath } from './predict';
import type { FlowNode } from './types';

// National Day 2024: 1–7 Oct off, Sun 29 Sep and Sat 12 Oct are make-up working days.
const calendar = { holidays: ['2024-10-01', '2024-10-02', '2024-10-03', '2024-10-04', '2024-10-07'], workdays: ['2024-09-29', '2024-10-12'] };
const base = { calendar, startDate: '2024-09-27' };

describe('predictPath', () => {
  it('takes the matching condition branch, else the default', () => {
    const big = predictPath(conditionFlow(), { ...base, data: { amount: 20000 } });
    expect(big.path).toEqual(['start', 'cond', 'big', 'end']);
    expect(big.edges).toEqual(['start_cond', 'cond_big', 'big_end']);
    expect(big.outcome).toBe('approved');
    const small = predictPath(conditionFlow(), { ...base, data: { amount: 5 } });
    expect(small.path).toEqual(['start', 'cond', 'small', 'end']);
  });

  it('falls back to the default and reports a condition it cannot evaluate', () => {
    const g = conditionFlow();
    const cond = g.nodes.find((n) => n.id === 'cond') as Extract<FlowNode, { type: 'condition' }>;
    cond.params.branches[0]!.when = { log: 'x' };
    const p = predictPath(g, { ...base, data: { amount: 20000 } });
    expect(p.path).toContain('small');
    expect(p.conditionErrors).toHaveLength(1);
  });

  it('includes both parallel branches before the join', () => {
    const p = predictPath(parallelFlow(), { ...base, data: {} });
    expect(p.path).toEqual(['start', 'split', 'pa', 'pb', 'join', 'end']);
    expect(p.endNodeId).toBe('end');
  });

  it('dates deadlines and timers on the working calendar, pessimistically', () => {
    const g = chain(approval('a1', 'single', { kind: 'role', role: 'approver' }, 1, { workingDays: 3, onTimeout: 'remind' }), approval('a2', 'single', { kind: 'role', role: 'approver' }, 2, { workingDays: 2, onTimeout: 'remind' }));
    const p = predictPath(g, { ...base, data: {} });
    const a1 = p.steps.find((s) => s.nodeId === 'a1')!;
    const a2 = p.steps.find((s) => s.nodeId === 'a2')!;
    // Fri 27 Sep + 3 working days: Sun 29 (make-up), Mon 30, Tue 8 Oct
    expect(a1).toMatchObject({ startsOn: '2024-09-27', dueOn: '2024-10-08' });
    expect(a2).toMatchObject({ startsOn: '2024-10-08', dueOn: '2024-10-10' });
    const t = predictPath(timerFlow(), { ...base, data: {} });
    expect(t.steps.find((s) => s.nodeId === 'wait')!.dueOn).toBe('2024-10-10');
    expect(t.steps.find((s) => s.nodeId === 'a1')!.dueOn).toBeNull();
  });

  it('stops on a loop instead of running forever', () => {
    const g = chain(approval('a1'));
    g.edges = [...g.edges.filter((e) => e.source !== 'a1'), { id: 'back', source: 'a1', target: 'start' }];
    const p = predictPath(g, { ...base, data: {} });
    expect(p.endNodeId).toBeNull();
    expect(p.path).toEqual(['start', 'a1']);
  });
});
