import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleForNode } from './bundle';

/**
 * `npm run build`: the sandbox as plain JavaScript in `dist/`, run by Node alone with production
 * dependencies (no tsx, no TypeScript), bundled as scripts/bundle.ts describes. Bundled, Node
 * resolves, reads and links a handful of files at start instead of some 280 (zod, hono, jose and
 * nodemailer are each dozens of small modules): a third less CPU before the first request (issue
 * #31). The packages it finds at run time are dependencies, so `npm install --omit=dev` still
 * supplies them. Types come from tsc, with their relative imports given the extensions Node's own
 * resolution needs (below).
 */
const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
rmSync(dist, { recursive: true, force: true });

await bundleForNode({ main: 'sandbox/main.ts', cli: 'sandbox/cli/bin.ts', index: 'sandbox/index.ts' }, dist);

/**
 * The package's launchers, `cli.cjs` (its command) and `main.cjs` (the sandbox alone): CommonJS, so
 * they size libuv's thread pool before Node's module loader first runs it (sandbox/thread-pool.cjs
 * says why), then load the bundled entry.
 */
copyFileSync(path.join(root, 'sandbox', 'thread-pool.cjs'), path.join(dist, 'thread-pool.cjs'));
for (const entry of ['cli', 'main']) {
  const launcher = path.join(dist, `${entry}.cjs`);
  writeFileSync(launcher, `#!/usr/bin/env node\n'use strict';\nrequire('./thread-pool.cjs');\nimport('./${entry}.js');\n`);
  chmodSync(launcher, 0o755);
}
execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});

/**
 * tsc keeps the source's extensionless relative imports in the declarations it writes, which only
 * `moduleResolution: "bundler"` resolves. A consumer on `node16`/`nodenext` needs `./x.js` (or
 * `./x/index.js`), as Node does for JavaScript; tsc maps those back to `.d.ts`. Rewriting them here
 * is simpler than adding extensions to every import in the source.
 */
const RELATIVE_IMPORT = /((?:from|import)\s*\(?\s*['"])(\.{1,2}\/[^'"]+)(['"])/g;
function withExtensions(file: string): void {
  const folder = path.dirname(file);
  const text = readFileSync(file, 'utf8').replace(RELATIVE_IMPORT, (whole, before: string, specifier: string, after: string) => {
    if (/\.(js|json)$/.test(specifier)) return whole;
    if (existsSync(path.join(folder, `${specifier}.d.ts`))) return `${before}${specifier}.js${after}`;
    if (existsSync(path.join(folder, specifier, 'index.d.ts'))) return `${before}${specifier}/index.js${after}`;
    return whole;
  });
  writeFileSync(file, text);
}
for (const entry of readdirSync(path.join(dist, 'types'), { recursive: true, withFileTypes: true }))
  if (entry.isFile() && entry.name.endsWith('.d.ts')) withExtensions(path.join(entry.parentPath, entry.name));

console.log(
  `built ${path.relative(process.cwd(), dist)}/ (cli.cjs and main.cjs launching cli.js and main.js, index.js, keys/, test-data/, types/)`,
);
