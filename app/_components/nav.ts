import type { Role } from '@/server/auth/roles';

export interface NavItem {
  href: string;
  labelKey: string;
  descriptionKey?: string;
  roles: readonly Role[];
}

/** The navigation, per role; pages enforce the same roles on the server. */
export const NAV: readonly NavItem[] = [
  { href: '/registers', labelKey: 'registers', descriptionKey: 'cardRegisters', roles: ['admin', 'editor', 'filler', 'approver', 'auditor'] },
  { href: '/records', labelKey: 'records', descriptionKey: 'cardRecords', roles: ['admin', 'editor', 'filler', 'approver', 'auditor'] },
  { href: '/calendar', labelKey: 'calendar', descriptionKey: 'cardCalendar', roles: ['editor', 'admin'] },
  { href: '/approvals', labelKey: 'approvals', descriptionKey: 'cardApprovals', roles: ['approver'] },
  { href: '/admin/users', labelKey: 'users', descriptionKey: 'cardUsers', roles: ['admin'] },
  { href: '/admin/departments', labelKey: 'departments', descriptionKey: 'cardDepartments', roles: ['admin'] },
  { href: '/audit', labelKey: 'audit', descriptionKey: 'cardAudit', roles: ['auditor', 'admin'] },
];

export function navFor(roles: readonly Role[]): NavItem[] {
  return NAV.filter((item) => item.roles.some((r) => roles.includes(r)));
}
