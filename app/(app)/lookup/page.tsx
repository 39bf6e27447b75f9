import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { SubjectLookup } from './subject-lookup';

/** 逢办必查: a department checks a subject's grades, measures and records; every lookup is logged. */
export default async function LookupPage() {
  const { viewer, allowed } = await viewerWithRole(['filler', 'editor', 'approver', 'admin']);
  if (!allowed) return <Forbidden viewer={viewer} />;
  // Objections are registered by departments' fillers and the office's editors (the objection procedures' roles).
  return <SubjectLookup canFeedback={viewer.roles.some((r) => r === 'filler' || r === 'editor' || r === 'approver')} canObject={viewer.roles.some((r) => r === 'filler' || r === 'editor')} />;
}
