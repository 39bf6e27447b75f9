import type { Role } from '@/server/auth/roles';

export interface NavItem {
  href: string;
  labelKey: string;
  descriptionKey?: string;
  roles: readonly Role[];
}

/**
 * The navigation, per role, in the order of the work: the registers and what is entered under
 * them, grading, the due processes, flows and tasks, then administration and audit. Pages enforce
 * the same roles on the server.
 */
export const NAV: readonly NavItem[] = [
  { href: '/registers', labelKey: 'registers', descriptionKey: 'cardRegisters', roles: ['admin', 'editor', 'filler', 'approver', 'auditor'] },
  { href: '/records', labelKey: 'records', descriptionKey: 'cardRecords', roles: ['admin', 'editor', 'filler', 'approver', 'auditor'] },
  { href: '/commitments', labelKey: 'commitments', roles: ['filler', 'editor', 'approver', 'auditor', 'admin'] },
  { href: '/grading', labelKey: 'grading', descriptionKey: 'cardGrading', roles: ['editor', 'approver', 'auditor', 'admin'] },
  { href: '/sampling', labelKey: 'sampling', roles: ['editor', 'filler'] },
  { href: '/lookup', labelKey: 'lookup', descriptionKey: 'cardLookup', roles: ['filler', 'editor', 'approver', 'admin'] },
  { href: '/lists', labelKey: 'lists', descriptionKey: 'cardLists', roles: ['filler', 'editor', 'approver', 'auditor', 'admin'] },
  { href: '/objections', labelKey: 'objections', descriptionKey: 'cardObjections', roles: ['filler', 'editor', 'approver', 'auditor', 'admin'] },
  { href: '/repairs', labelKey: 'repairs', descriptionKey: 'cardRepairs', roles: ['filler', 'editor', 'approver', 'auditor', 'admin'] },
  { href: '/subjects/name-conflicts', labelKey: 'nameConflicts', descriptionKey: 'cardNameConflicts', roles: ['editor', 'admin'] },
  { href: '/credit-changes', labelKey: 'creditChanges', descriptionKey: 'cardCreditChanges', roles: ['editor', 'auditor', 'admin'] },
  { href: '/flows', labelKey: 'flows', descriptionKey: 'cardFlows', roles: ['editor', 'admin', 'approver', 'auditor'] },
  { href: '/tasks', labelKey: 'tasks', descriptionKey: 'cardTasks', roles: ['admin', 'editor', 'filler', 'approver'] },
  { href: '/flows/bindings', labelKey: 'flowBindings', descriptionKey: 'cardFlowBindings', roles: ['editor', 'admin', 'auditor'] },
  { href: '/calendar', labelKey: 'calendar', descriptionKey: 'cardCalendar', roles: ['editor', 'admin'] },
  { href: '/approvals', labelKey: 'approvals', descriptionKey: 'cardApprovals', roles: ['approver'] },
  { href: '/admin/users', labelKey: 'users', descriptionKey: 'cardUsers', roles: ['admin'] },
  { href: '/admin/departments', labelKey: 'departments', descriptionKey: 'cardDepartments', roles: ['admin'] },
  { href: '/admin/api-clients', labelKey: 'apiClients', descriptionKey: 'cardApiClients', roles: ['admin'] },
  { href: '/audit', labelKey: 'audit', descriptionKey: 'cardAudit', roles: ['auditor', 'admin'] },
  { href: '/audit/query-log', labelKey: 'queryLog', descriptionKey: 'cardQueryLog', roles: ['auditor'] },
];

export function navFor(roles: readonly Role[]): NavItem[] {
  return NAV.filter((item) => item.roles.some((r) => roles.includes(r)));
}
