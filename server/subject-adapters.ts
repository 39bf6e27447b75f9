/**
 * Registers every kind of flow subject with the engine (server/flows/adapters.ts). Imported by
 * every entry point that can end a flow instance: the tRPC router, the background workers, the
 * test hooks and the benchmarks. Add a line here when a new process becomes a flow subject.
 */
import './records/flow-adapter';
import './registers/flow-adapter';
import './lists/flow-adapter';
import './objections/flow-adapter';
import './repair/flow-adapter';
import './disclosure/file-sections';
