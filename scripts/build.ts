import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

/**
 * `npm run build`: the sandbox as plain JavaScript in `dist/`, run by Node alone with production
 * dependencies (no tsx, no TypeScript). esbuild bundles our own modules (TypeScript, JSX and JSON)
 * and the packages they import. Bundled, Node resolves, reads and links a handful of files at
 * start instead of some 280 (zod, hono, jose and nodemailer are each dozens of small modules):
 * a third less CPU before the first request (issue #31). The packages whose files are served
 * (nhsuk-frontend, swagger-ui-dist) and this package's own docs are found at run time with
 * require.resolve, which esbuild leaves alone, so `npm install --omit=dev` still supplies them.
 * The fixture clients' test-only keys are copied beside the bundle, where fixtures/clients.ts
 * looks for them (`keys/` next to the module). Types come from tsc, with their relative imports
 * given the extensions Node's own resolution needs (below).
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
  // Bundled CommonJS packages (mailparser's) require Node's built-ins, and an ES module has no
  // `require` of its own: each chunk gets one (esbuild renames any of ours that would clash).
  banner: {
    js: "import { createRequire as createRequireForBundledPackages } from 'node:module'; const require = createRequireForBundledPackages(import.meta.url);",
  },
  // V8 scans every byte of a module before it runs: without indentation and comments a fifth fewer
  // bytes, about a tenth less start-up CPU (issue #31). Names are kept, so a stack trace still says
  // which function; NODE_OPTIONS=--enable-source-maps maps its positions back to the source.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  logLevel: 'warning',
});

mkdirSync(path.join(dist, 'keys'), { recursive: true });
cpSync(path.join(root, 'fixtures', 'keys'), path.join(dist, 'keys'), { recursive: true });
// NHS login's published test data (TEST_DATA=sandpit|integration), read by fixtures/test-data.ts from beside it.
cpSync(path.join(root, 'fixtures', 'test-data'), path.join(dist, 'test-data'), { recursive: true });
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

console.log(`built ${path.relative(process.cwd(), dist)}/ (main.js, cli.js, index.js, keys/, test-data/, types/)`);
