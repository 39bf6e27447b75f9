/**
 * Server side of the flow designer: the directory the designer picks assignees from (and the
 * validator checks them against), and BPMN import. Flows themselves are register entries of kind
 * `approval-flow`, saved and submitted through server/registers/service.ts.
 */
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { department, user } from '../db/schema';
import { ROLES } from '../auth/roles';
import { importBpmn } from '../../catalog/flows/bpmn';
import type { SemanticContext } from '../../catalog/kinds/semantic';
import { DomainError } from '../errors';

export interface FlowDirectory {
  roles: string[];
  departments: { id: string; code: string; nameZh: string; nameEn: string }[];
  users: { id: string; username: string | null; name: string; departmentId: string | null }[];
}

/** Active departments and users, and the roles; only what a flow editor needs to name an assignee. */
export async function loadFlowDirectory(db: Db): Promise<FlowDirectory> {
  const departments = await db
    .select({ id: department.id, code: department.code, nameZh: department.nameZh, nameEn: department.nameEn })
    .from(department)
    .where(eq(department.archived, false))
    .orderBy(asc(department.code));
  const users = await db
    .select({ id: user.id, username: user.username, name: user.name, departmentId: user.departmentId })
    .from(user)
    .where(eq(user.disabled, false))
    .orderBy(asc(user.username));
  return { roles: [...ROLES], departments, users };
}

/** The directory as the flow validator wants it (ids only). */
export async function flowValidationContextOf(db: Db): Promise<SemanticContext> {
  const d = await loadFlowDirectory(db);
  return { roles: d.roles, departmentIds: d.departments.map((x) => x.id), userIds: d.users.map((x) => x.id) };
}

/** Parses an uploaded BPMN file; a refused or malformed file is an INVALID_DEFINITION with the reason. */
export async function importBpmnFile(xml: string) {
  const result = await importBpmn(xml);
  if (!result.ok) {
    throw new DomainError('INVALID_DEFINITION', 'flows.errors.bpmnRefused', { zh: result.problem.message['zh-CN'], en: result.problem.message.en });
  }
  return result;
}
