/**
 * Who may do what with registers: one rule, used by the procedures and by the import/export
 * routes alike, so no path is wider than another.
 * - Writing (create, drafts, submit, retire, editions, spreadsheet import): the credit office's
 *   editors. Admins manage accounts, not register content.
 * - Reading drafts and changes under review: the roles that write, decide or check changes.
 *   Everyone else (departments' fillers) reads only what was published — versions in force,
 *   superseded or retired — and an entry with nothing published looks like no entry at all.
 */
import type { Role } from '../auth/roles';

export const REGISTER_WRITERS: readonly Role[] = ['editor'];

const DRAFT_READERS: readonly Role[] = ['editor', 'approver', 'auditor', 'admin'];

export function mayReadDrafts(who: { roles: readonly string[] }): boolean {
  return who.roles.some((r) => (DRAFT_READERS as readonly string[]).includes(r));
}
