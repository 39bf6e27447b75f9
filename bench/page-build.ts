/**
 * How the browser benchmarks (bench:forms, bench:flows' designer) bundle a page for Chromium:
 * one minified ES module, React in production mode, the app's tsconfig for the `@/` paths.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

export const PAGE_BUILD: BuildOptions = {
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  define: { 'process.env.NODE_ENV': '"production"' },
  minify: true,
  jsx: 'automatic',
  tsconfig: join(root, 'tsconfig.json'),
  logLevel: 'error',
};
