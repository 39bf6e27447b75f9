export const ROLES = ['admin', 'editor', 'filler', 'approver', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Roles that see every department's data; the others are scoped to their own department. */
export const CROSS_DEPARTMENT_ROLES: readonly Role[] = ['admin', 'editor', 'approver', 'auditor'];
