import { describe, expect, it } from 'vitest';
import { DatabaseConfigError, openDatabase, resolveDatabaseTarget } from './index';

describe('database configuration', () => {
  it('uses embedded PGlite when DATABASE_URL is unset', () => {
    expect(resolveDatabaseTarget({} as unknown as NodeJS.ProcessEnv)).toMatchObject({ kind: 'pglite' });
    expect(resolveDatabaseTarget({ PGLITE_DIR: 'memory' } as unknown as NodeJS.ProcessEnv)).toEqual({ kind: 'pglite', dataDir: null });
  });

  it('refuses a malformed DATABASE_URL with a message naming the variable', () => {
    for (const bad of ['not a url', 'mysql://x@y/z', 'postgres://host:5432']) {
      expect(() => resolveDatabaseTarget({ DATABASE_URL: bad } as unknown as NodeJS.ProcessEnv)).toThrow(DatabaseConfigError);
      expect(() => resolveDatabaseTarget({ DATABASE_URL: bad } as unknown as NodeJS.ProcessEnv)).toThrow(/DATABASE_URL/);
    }
  });

  it('says DATABASE_URL cannot be reached when nothing listens there', async () => {
    const target = resolveDatabaseTarget({ DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/nowhere' } as unknown as NodeJS.ProcessEnv);
    const err = await openDatabase(target).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseConfigError);
    expect(String((err as Error).message)).toMatch(/Cannot reach the database in DATABASE_URL/);
    expect(String((err as Error).message)).not.toContain('secret');
  });
});
