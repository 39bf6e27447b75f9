import { existsSync } from 'node:fs';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

// Debian's Chromium when present (no browser download here); Playwright's own elsewhere.
const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const port = process.env.E2E_PORT ?? '3100';
const reportDir = process.env.CI_REPORT_DIR;

export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  // One worker: the embedded PGlite database serves one process, and journeys share demo users.
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  // Never retried, in CI or not: a journey that fails once is a defect (a race, a sleep, a shared
  // fixture) to fix, not to hide. Should someone pass --retries, a pass on retry still fails the run.
  retries: 0,
  failOnFlakyTests: true,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: reportDir
    ? [['list'], ['json', { outputFile: path.join(reportDir, `playwright-${process.env.CI_DB_KIND ?? 'db'}.json`) }]]
    : [['list']],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: systemChromium,
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
        },
      },
    },
  ],
  webServer: {
    command: 'node e2e/serve.mjs',
    url: `http://localhost:${port}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
