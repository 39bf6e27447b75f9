import { defineConfig } from 'drizzle-kit';

// DRIZZLE_OUT lets scripts/check-migrations.mjs generate into a scratch copy to detect drift.
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/db/schema/index.ts',
  out: process.env.DRIZZLE_OUT ?? './migrations',
  casing: 'snake_case',
});
