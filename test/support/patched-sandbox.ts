import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { bundleForNode } from '../../scripts/bundle';

/**
 * Another implementation that deviates on purpose: a copy of this repository's tree (node_modules
 * shared) with a few source changes, each started as its own process. For the tests that judge the
 * features' verdict against a target whose behaviour no configuration can produce (a replay accepted,
 * an error worded otherwise). The copy is bundled once, at its first start, as the suite's own
 * children are (test/support/suite-bundle.ts): each start then costs Node alone, not tsx.
 */
const root = path.resolve(import.meta.dirname, '../..');

export interface Patch {
  file: string;
  find: string;
  replace: string;
}

export interface PatchedCopy {
  start(overrides?: Record<string, string>, env?: Record<string, string>): Promise<{ baseUrl: string; mailpitUrl: string }>;
  remove(): Promise<void>;
}

const START = `
import { startSandbox } from './sandbox/start';
import { testConfig } from './sandbox/config/config';
const started = await startSandbox(testConfig(JSON.parse(process.env.OVERRIDES ?? '{}')));
console.log(JSON.stringify({ baseUrl: started.baseUrl, mailpitUrl: started.sandbox.mailpitUrl }));
`;

/** Applies each patch to its file under `tree`; a patch whose text is not there exactly once is an error. */
export function applyPatches(tree: string, patches: readonly Patch[]): void {
  for (const patch of patches) {
    const file = path.join(tree, patch.file);
    const text = readFileSync(file, 'utf8');
    if (text.split(patch.find).length !== 2) throw new Error(`"${patch.find}" is not in ${patch.file} exactly once`);
    writeFileSync(file, text.replace(patch.find, patch.replace));
  }
}

export function patchedCopy(patches: Patch[]): PatchedCopy {
  const tree = mkdtempSync(path.join(tmpdir(), 'patched-sandbox-'));
  // Not copied: what is not the source (git, reports, data, the built package) and every node_modules,
  // the bench's peers' among them (bench/peers/node_modules, about 210 MB once the bench has run:
  // copying it ran the expected-failures test's setup past its 30 s).
  const skipAtTop = new Set(['.git', 'reports', '.sandbox', 'dist']);
  const copied = (source: string) => {
    const parts = path.relative(root, source).split(path.sep);
    return !skipAtTop.has(parts[0]!) && !parts.includes('node_modules');
  };
  cpSync(root, tree, { recursive: true, filter: copied });
  symlinkSync(path.join(root, 'node_modules'), path.join(tree, 'node_modules'));
  applyPatches(tree, patches);
  writeFileSync(path.join(tree, 'start-patched.ts'), START);
  let bundled: Promise<void> | null = null;
  const children: ReturnType<typeof spawn>[] = [];
  return {
    start: async (overrides = {}, env = {}) => {
      await (bundled ??= bundleForNode({ 'start-patched': 'start-patched.ts' }, path.join(tree, 'patched-bundle'), tree));
      const child = spawn(process.execPath, ['patched-bundle/start-patched.js'], {
        cwd: tree,
        env: { ...process.env, ...env, OVERRIDES: JSON.stringify(overrides) },
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      children.push(child);
      return new Promise((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`the patched sandbox exited (${code}) before it started`)));
        createInterface({ input: child.stdout }).on('line', (line) => {
          if (line.startsWith('{"baseUrl"')) resolve(JSON.parse(line) as { baseUrl: string; mailpitUrl: string });
        });
      });
    },
    remove: async () => {
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill()))),
        ),
      );
      rmSync(tree, { recursive: true, force: true });
    },
  };
}
