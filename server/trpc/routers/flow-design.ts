import { z } from 'zod';
import { procedureFor, router } from '../init';
import { MAX_BPMN_BYTES } from '../../../catalog/flows/bpmn';
import { importBpmnFile, loadFlowDirectory } from '../../flow-design/service';

// Flow editors (and admins) only: the directory lists every active user's name and department.
const designer = procedureFor(['editor', 'admin']);

export const flowDesignRouter = router({
  directory: designer.query(({ ctx }) => loadFlowDirectory(ctx.db)),
  // A mutation only so that the file travels in a POST body; it parses and writes nothing.
  importBpmn: designer.input(z.object({ xml: z.string().max(MAX_BPMN_BYTES * 2) })).mutation(({ input }) => importBpmnFile(input.xml)),
});
