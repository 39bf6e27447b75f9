/** npm run db:seed — migrate and seed the configured database (demo users only in demo mode). */
import { isDemoMode, migrateDatabase, openDatabase, resolveDatabaseTarget } from '../server/db';
import { seedBase, seedDemo } from '../server/seed';

const open = await openDatabase(resolveDatabaseTarget());
await migrateDatabase(open);
if (isDemoMode()) await seedDemo(open.db);
else await seedBase(open.db);
await open.close();
console.log(`seeded (${isDemoMode() ? 'demo' : 'base'} data)`);
