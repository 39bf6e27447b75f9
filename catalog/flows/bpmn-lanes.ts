/**
 * Lanes of an imported BPMN diagram → assignees. A lane says who does the steps drawn in it; our
 * steps name their assignee instead. The import review proposes, per lane, the department or role
 * whose name the lane carries (市市场监管局, 审批人 …) and the editor confirms or picks another;
 * only steps that have no assignee of their own (from our ccg:props) receive it.
 */
import type { ImportedLane } from './bpmn-import';
import type { Assignee, FlowGraph } from './types';

export type LaneChoice = { kind: 'department'; departmentId: string } | { kind: 'role'; role: string } | null;

export interface LaneDirectory {
  departments: { id: string; code: string; nameZh: string; nameEn: string }[];
  /** Each role with the names people call it (the zh-CN and en labels). */
  roles: { role: string; labels: string[] }[];
}

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
// "市场监管局" and "市市场监管局" are the same department: the city prefix is often left out.
const same = (a: string, b: string) => a === b || `市${a}` === b || a === `市${b}`;

/** The department or role a lane's name names, if exactly one does. */
export function suggestLaneChoice(laneName: string, dir: LaneDirectory): LaneChoice {
  const name = norm(laneName);
  if (!name) return null;
  const departments = dir.departments.filter((d) => [d.nameZh, d.nameEn, d.code].some((x) => same(norm(x), name)));
  const roles = dir.roles.filter((r) => [r.role, ...r.labels].some((x) => norm(x) === name));
  if (departments.length + roles.length !== 1) return null;
  return departments.length ? { kind: 'department', departmentId: departments[0]!.id } : { kind: 'role', role: roles[0]!.role };
}

const isEmpty = (a: Assignee) => a.kind === 'role' && !a.role && !a.departmentId;

/** The graph with each lane's choice given to the steps in it that have no assignee yet. */
export function applyLaneChoices(graph: FlowGraph, lanes: ImportedLane[], choices: Record<string, LaneChoice>): FlowGraph {
  const byNode = new Map<string, Assignee>();
  for (const lane of lanes) {
    const c = choices[lane.id];
    if (!c) continue;
    const assignee: Assignee = c.kind === 'department' ? { kind: 'department', departmentId: c.departmentId } : { kind: 'role', role: c.role };
    for (const id of lane.nodeIds) byNode.set(id, assignee);
  }
  if (!byNode.size) return graph;
  return {
    ...graph,
    nodes: graph.nodes.map((n) => {
      const a = byNode.get(n.id);
      if (!a || (n.type !== 'approval' && n.type !== 'cc') || !isEmpty(n.params.assignee)) return n;
      return { ...n, params: { ...n.params, assignee: a } } as typeof n;
    }),
  };
}
