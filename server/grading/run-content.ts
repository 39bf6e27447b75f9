/**
 * A run's content (the grading-model definition it evaluated) is frozen when the run starts and
 * never changes, so it is read once per process and kept by run id: a credit check or a lookup
 * reads the subject's grades (a few numbers) without fetching and parsing each model's whole
 * indicator tree again. Bounded: the current runs are a handful; older ones fall out.
 */
import { inArray } from 'drizzle-orm';
import type { Db } from '../db';
import { evaluationRun } from '../db/schema';
import type { GradingModelContent } from '../../catalog/grading/types';

const MAX = 64;
const cache = new Map<string, GradingModelContent>();

export async function runContents(db: Db, runIds: string[]): Promise<Map<string, GradingModelContent>> {
  const out = new Map<string, GradingModelContent>();
  const missing: string[] = [];
  for (const id of new Set(runIds)) {
    const hit = cache.get(id);
    if (hit) out.set(id, hit);
    else missing.push(id);
  }
  if (missing.length) {
    const rows = await db.select({ id: evaluationRun.id, content: evaluationRun.content }).from(evaluationRun).where(inArray(evaluationRun.id, missing));
    for (const r of rows) {
      const content = r.content as unknown as GradingModelContent;
      out.set(r.id, content);
      cache.set(r.id, content);
      while (cache.size > MAX) cache.delete(cache.keys().next().value!);
    }
  }
  return out;
}
