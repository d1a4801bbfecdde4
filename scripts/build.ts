import { cpSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

/**
 * `npm run build`: the sandbox as plain JavaScript in `dist/`, run by Node alone with production
 * dependencies (no tsx, no TypeScript). esbuild bundles our own modules (TypeScript, JSX and JSON
 * included) and leaves every package in node_modules external, so `npm install --omit=dev`
 * supplies them. The fixture clients' test-only keys are copied beside the bundle, where
 * fixtures/clients.ts looks for them (`keys/` next to the module). Types come from tsc.
 */
const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
rmSync(dist, { recursive: true, force: true });

await build({
  absWorkingDir: root,
  entryPoints: { main: 'sandbox/main.ts', cli: 'sandbox/cli/bin.ts', index: 'sandbox/index.ts' },
  outdir: dist,
  bundle: true,
  splitting: true,
  // Every module stays at the top of dist/, so import.meta.dirname is dist/ wherever a module lands.
  chunkNames: '[name]-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});

mkdirSync(path.join(dist, 'keys'), { recursive: true });
cpSync(path.join(root, 'fixtures', 'keys'), path.join(dist, 'keys'), { recursive: true });
console.log(`built ${path.relative(process.cwd(), dist)}/ (main.js, cli.js, index.js, keys/)`);
