import { readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * How the suite runs this repository's TypeScript entries as child processes. Through tsx each
 * start costs CPU for compiling the whole module graph again, and the suite starts some 200: a
 * sandbox took 2.5 s of CPU to its first answer through tsx, 0.85 s bundled; a step of the
 * reference GP driver 1.25 s, 0.5 s bundled. Under Vitest they run from one bundle, made once per
 * `vitest run` by test/support/suite-bundle-setup.ts (as `npm run build` makes the package's) and
 * named by SUITE_BUNDLE_DIR, as `npm run features`, `features:supplier` and `features:remote` make
 * one per run for theirs; elsewhere (the bench, `npm run features:verdict` run alone) there is no
 * bundle and they run through tsx, as `npm start` does.
 */
const root = path.resolve(import.meta.dirname, '../..');

/** Each entry the suite runs as a process, and its file's name in the bundle. */
export const SUITE_ENTRIES = {
  'sandbox/main.ts': 'main',
  'sandbox/cli/bin.ts': 'cli',
  'sandbox/cli/conformance.ts': 'conformance',
  'sandbox/cli/token.ts': 'token',
  'sandbox/gp-client/driver.ts': 'reference-driver',
  'sandbox/index.ts': 'index',
  'test/support/crash-writer.ts': 'crash-writer',
  'scripts/features-verdict.ts': 'features-verdict',
} as const;
export type SuiteEntry = keyof typeof SUITE_ENTRIES;

/** Where the bundled `entry` is, or null outside a `vitest run`. */
export function bundledEntry(entry: SuiteEntry): string | null {
  const folder = process.env.SUITE_BUNDLE_DIR;
  return folder ? path.join(folder, `${SUITE_ENTRIES[entry]}.js`) : null;
}

/**
 * Node's arguments that run `entry` (its path from the repository root): the bundled file, else the
 * source through tsx; the thread pool sized first, as `npm start` and the package's launchers do
 * (sandbox/thread-pool.cjs).
 */
export function nodeArgsFor(entry: SuiteEntry): string[] {
  const bundled = bundledEntry(entry);
  return ['--require', THREAD_POOL, ...(bundled ? [bundled] : ['--import', 'tsx', path.join(root, entry)])];
}
const THREAD_POOL = path.join(root, 'sandbox', 'thread-pool.cjs');

/**
 * The same as one shell command line, for a conformance driver (`--driver`). A bundled child needs
 * no loader: the NODE_OPTIONS=--import tsx of a cucumber run that starts it (the supplier
 * features) is cleared, as tsx's hooks alone doubled a driver step's CPU (1.0 s instead of 0.5 s).
 */
export function shellCommandFor(entry: SuiteEntry): string {
  const command = [process.execPath, ...nodeArgsFor(entry)].map((arg) => `"${arg}"`).join(' ');
  return bundledEntry(entry) ? `NODE_OPTIONS= ${command}` : command;
}

/**
 * Cucumber's support code, each profile family's `import` in cucumber.mjs, bundled beside the
 * entries (`steps/world.ts` becomes `platform-steps-world.js`). A cucumber process compiling the
 * steps and the sandbox through tsx spent 6.0 s of CPU before a dry run of the platform features
 * could start, 2.0 s bundled and without tsx, and the suite starts about 20 of them (issue #31).
 * The bundle's list of them (CUCUMBER_SUPPORT_LIST, a file in the folder) is what cucumber.mjs
 * imports when the environment names it.
 */
const CUCUMBER_SUPPORT = { platform: 'steps', supplier: 'steps/supplier' } as const;
export type CucumberSupport = Record<keyof typeof CUCUMBER_SUPPORT, string[]>;
export const CUCUMBER_SUPPORT_LIST = 'cucumber-support.json';

/** Each support file's name in the bundle and its source, by profile family. */
export function cucumberSupportEntries(): Record<keyof typeof CUCUMBER_SUPPORT, Record<string, string>> {
  const entriesOf = (folder: string, prefix: string) =>
    Object.fromEntries(
      readdirSync(path.join(root, folder))
        .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
        .map((file) => [`${prefix}-${file.slice(0, -'.ts'.length)}`, `${folder}/${file}`]),
    );
  return {
    platform: entriesOf(CUCUMBER_SUPPORT.platform, 'platform-steps'),
    supplier: entriesOf(CUCUMBER_SUPPORT.supplier, 'supplier-steps'),
  };
}

/**
 * cucumber-js's own entry, for Node to run itself: through npx, npm's own process cost about 0.75 s
 * of CPU a run, and 1 s more under NODE_OPTIONS=--import tsx (`cucumber-js --version`: 2.1 s of CPU
 * through npx with tsx, 1.05 s directly).
 */
export const CUCUMBER_BIN = path.join(root, 'node_modules/@cucumber/cucumber/bin/cucumber.js');

/**
 * The environment of a cucumber process the suite starts: under Vitest the bundled support code
 * with no loader (CUCUMBER_SUPPORT_FILES, read by cucumber.mjs), elsewhere the source through tsx.
 */
export function cucumberEnvironment(): Record<string, string> {
  const folder = process.env.SUITE_BUNDLE_DIR;
  return folder ? { NODE_OPTIONS: '', CUCUMBER_SUPPORT_FILES: path.join(folder, CUCUMBER_SUPPORT_LIST) } : { NODE_OPTIONS: '--import tsx' };
}
