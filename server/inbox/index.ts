/**
 * Registers every inbox source and subject describer. Imported by the router and the pages; add a
 * line here when a process (objection, repair, commitment follow-up) contributes inbox items:
 * `registerInboxSource({...})` in its own module, then `import './<process>/inbox'` below.
 */
import 'server-only';
import './sources';

export { inboxFor, inboxCounts, registerInboxSource, type InboxItem, type InboxSource } from './registry';
export { registerDescriber, describeSubjects } from './describe';
import '../objections/inbox';
import '../subjects/inbox';
