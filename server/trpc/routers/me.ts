import { ANY_ROLE, procedureFor, router } from '../init';

export const meRouter = router({
  get: procedureFor(ANY_ROLE).query(({ ctx }) => ctx.viewer),
});
