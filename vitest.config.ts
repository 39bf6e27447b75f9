import path from 'node:path';
import { defineConfig } from 'vitest/config';

const reportDir = process.env.CI_REPORT_DIR;

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(__dirname),
      // server-only throws outside React Server Components; tests run the server code directly.
      'server-only': path.resolve(__dirname, 'server/testing/server-only-stub.ts'),
    },
  },
  test: {
    include: ['{server,catalog,forms,app,scripts}/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 60_000,
    // A test that passes only on a second try fails: nothing is retried.
    retry: 0,
    hookTimeout: 120_000,
    fileParallelism: true,
    maxWorkers: 2,
    reporters: reportDir ? ['default', ['json', { outputFile: path.join(reportDir, `vitest-${process.env.CI_DB_KIND ?? 'db'}.json`) }]] : ['default'],
  },
});
