import { describe, expect, it } from 'vitest';
import { ALL_FIXTURES, approval, chain, conditionFlow, edge, end, parallelFlow, singleFlow, start } from './fixtures';
import { validateFlow } from './validate';
import type { FlowGraph, FlowNode } from './types';

const codes = (g: FlowGraph, ctx?: Parameters<typeof validateFlow>[1]) => validateFlow(g, ctx).map((p) => `${p.code}@${p.nodeId ?? p.edgeId ?? ''}`);
const ctx = { roles: ['admin', 'editor', 'approver', 'auditor'], departmentIds: ['d1'], userIds: ['u1', 'u2', 'u3'] };

describe('validateFlow', () => {
  it.each(Object.entries(ALL_FIXTURES))('accepts the %s fixture', (_name, make) => {
    expect(validateFlow(make(), ctx)).toEqual([]);
  });

  it('needs exactly one start and an end', () => {
    const g: FlowGraph = { nodes: [approval('a')], edges: [] };
    expect(codes(g)).toEqual(expect.arrayContaining(['startCount@', 'noEnd@']));
    const two = singleFlow();
    two.nodes.push(start('s2'));
    two.edges.push(edge('s2', 'a1'));
    expect(codes(two)).toContain('startCount@s2');
  });

  it('reports a dangling edge on the edge', () => {
    const g = singleFlow();
    g.edges.push({ id: 'bad', source: 'a1', target: 'ghost' });
    const p = validateFlow(g).find((x) => x.code === 'danglingEdge');
    expect(p).toMatchObject({ edgeId: 'bad', params: { id: 'ghost' } });
    expect(p!.message['zh-CN']).toContain('ghost');
    expect(p!.message.en).toContain('does not exist');
  });

  it('finds unreachable nodes and a cycle with no exit', () => {
    const g = chain(approval('a1'), approval('a2'));
    g.nodes.push(approval('orphan'));
    g.edges.push(edge('orphan', 'end'));
    expect(codes(g)).toContain('unreachable@orphan');

    // a1 → a2 → a1 with no way to the end
    const loop: FlowGraph = { nodes: [start(), approval('a1'), approval('a2'), end()], edges: [edge('start', 'a1'), edge('a1', 'a2'), edge('a2', 'a1')] };
    const c = codes(loop);
    expect(c).toContain('noPathToEnd@a1');
    expect(c).toContain('noPathToEnd@a2');
    expect(c).toContain('unreachable@end');
  });

  it('refuses a start with incoming and an end with outgoing edges', () => {
    const g = singleFlow();
    g.edges.push(edge('end', 'start'));
    expect(codes(g)).toEqual(expect.arrayContaining(['startIncoming@start', 'endOutgoing@end']));
  });

  it('needs a default branch and one edge per branch on a condition', () => {
    const g = conditionFlow();
    const cond = g.nodes.find((n) => n.id === 'cond') as Extract<FlowNode, { type: 'condition' }>;
    cond.params.defaultEdgeId = null;
    const c = codes(g);
    expect(c).toContain('conditionNoDefault@cond');
    expect(c).toContain('conditionEdgeNoBranch@cond');

    const g2 = conditionFlow();
    const c2 = g2.nodes.find((n) => n.id === 'cond') as Extract<FlowNode, { type: 'condition' }>;
    c2.params.branches.push({ edgeId: 'nowhere', label: { 'zh-CN': '其他', en: 'Other' }, when: { log: 1 } });
    expect(codes(g2)).toEqual(expect.arrayContaining(['conditionBranchNoEdge@cond', 'conditionBadExpression@cond']));
  });

  it('matches joins to splits', () => {
    const noJoin = parallelFlow();
    (noJoin.nodes.find((n) => n.id === 'join')!.params as { splitId?: string | null }).splitId = null;
    expect(codes(noJoin)).toEqual(expect.arrayContaining(['joinNoSplit@join', 'splitNoJoin@split']));

    // one branch bypasses the join and ends on its own
    const escape = parallelFlow();
    escape.nodes.push(end('end2', 5));
    escape.edges = escape.edges.map((e) => (e.id === 'pb_join' ? edge('pb', 'end2') : e));
    const c = codes(escape);
    expect(c).toContain('branchEscapesJoin@split');
    expect(c).toContain('joinBranchCount@join');
  });

  it('checks assignees against the directory, modes and deadlines', () => {
    const g = chain(
      approval('r', 'single', { kind: 'role', role: 'ghost-role' }),
      approval('d', 'all', { kind: 'department', departmentId: 'gone' }),
      approval('u', 'any', { kind: 'users', userIds: ['u1', 'nobody'] }),
      approval('e', 'single', { kind: 'users', userIds: [] }),
      approval('m', 'weird' as never),
      approval('t', 'single', { kind: 'role', role: 'approver' }, 1, { workingDays: 0, onTimeout: 'escalate' }),
    );
    expect(codes(g, ctx)).toEqual(['unknownRole@r', 'unknownDepartment@d', 'unknownUser@u', 'assigneeMissing@e', 'badMode@m', 'badDeadline@t', 'escalateNoRole@t']);
    // without a directory only the shape is judged
    expect(codes(g)).toEqual(['assigneeMissing@e', 'badMode@m', 'badDeadline@t', 'escalateNoRole@t']);
  });

  it('refuses something that is not a graph', () => {
    expect(codes({ nodes: 'x' } as never)).toEqual(['notAGraph@']);
  });
});
