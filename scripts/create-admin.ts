/**
 * npm run user:create-admin -- <username> <password> — the first administrator of a
 * production installation (demo mode seeds one; a real one starts with none).
 */
import { migrateDatabase, openDatabase, resolveDatabaseTarget } from '../server/db';
import { ensureUser, seedBase } from '../server/seed';

const [username, password] = process.argv.slice(2);
if (!username || !password) {
  console.error('usage: npm run user:create-admin -- <username> <password>');
  process.exit(2);
}
const open = await openDatabase(resolveDatabaseTarget());
await migrateDatabase(open);
await seedBase(open.db);
const id = await ensureUser(open.db, { username, name: username, password, departmentCode: 'XYB', roles: ['admin'] });
await open.close();
console.log(`administrator ${username} ready (${id})`);
