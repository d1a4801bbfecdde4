import { cpSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

/**
 * This repository's TypeScript entries as plain JavaScript that Node runs alone (no tsx), in one
 * folder: the built package (`npm run build`, scripts/build.ts) and the child processes the Vitest
 * suite starts (test/support/suite-bundle.ts). esbuild bundles our own modules (TypeScript, JSX and
 * JSON) and the packages they import. The packages whose files are served (nhsuk-frontend,
 * swagger-ui-dist) and this package's own docs are found at run time with require.resolve, which
 * esbuild leaves alone, so the folder must sit where Node finds those packages (`dist/`, or a
 * folder inside the repository). The fixture clients' test-only keys and NHS login's published test
 * data are copied beside the bundle, where fixtures/clients.ts and fixtures/test-data.ts look for
 * them (`keys/` and `test-data/` next to the module).
 */
const repository = path.resolve(import.meta.dirname, '..');

/**
 * `entryPoints` maps each output name (`main` makes `main.js`) to its source, from `root`: this
 * repository, or a patched copy of it (test/support/patched-sandbox.ts). `external` names packages
 * left for Node to load at run time.
 */
export async function bundleForNode(
  entryPoints: Record<string, string>,
  outdir: string,
  root = repository,
  external: readonly string[] = [],
): Promise<void> {
  await build({
    absWorkingDir: root,
    // The workers the sandbox starts, to read its journal (sandbox/journal/journal-file.ts) and to
    // generate patients (sandbox/pds/patient-generator-thread.ts), are entries of every bundle,
    // beside the modules that start them: a bundle without them could not start, or would generate
    // every patient on its main thread.
    entryPoints: {
      ...entryPoints,
      'journal-read-worker': 'sandbox/journal/journal-read-worker.ts',
      'patient-generator-worker': 'sandbox/pds/patient-generator-worker.ts',
    },
    external: [...external],
    outdir,
    bundle: true,
    splitting: true,
    // Every module stays at the top of the folder, so import.meta.dirname is the folder wherever a module lands.
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
  cpSync(path.join(root, 'fixtures', 'keys'), path.join(outdir, 'keys'), { recursive: true });
  cpSync(path.join(root, 'fixtures', 'test-data'), path.join(outdir, 'test-data'), { recursive: true });
}
