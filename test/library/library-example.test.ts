import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { transform } from 'esbuild';
import { expect, it } from 'vitest';
import { bundledEntry } from '../support/suite-bundle';

/**
 * The guide's library example (docs/integrating.md), run as written: its package import pointed at
 * this checkout's library as the suite bundles it (the built package's `index.js` is made the same
 * way), its TypeScript stripped by esbuild as a reader's own build would, and run by Node alone.
 */
const root = path.resolve(import.meta.dirname, '../..');

it("runs the guide's library example and prints what its comments promise", async () => {
  const guide = readFileSync(path.join(root, 'docs', 'integrating.md'), 'utf8');
  const example = /```ts library-example\n([\s\S]*?)```/.exec(guide)?.[1];
  expect(example, 'docs/integrating.md has a ```ts library-example block').toBeDefined();
  const folder = mkdtempSync(path.join(tmpdir(), 'library-example-'));
  const file = path.join(folder, 'example.mjs');
  const pointed = example!.replace("from 'nhs-login-provisioning-sandbox'", `from ${JSON.stringify(bundledEntry('sandbox/index.ts'))}`);
  writeFileSync(file, (await transform(pointed, { loader: 'ts' })).code);
  try {
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(process.execPath, [file], { cwd: root, encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? 1 : 0, stdout, stderr }),
      ),
    );
    expect(result.code, result.stderr).toBe(0);
    const promised = [...example!.matchAll(/console\.log\(.*\); \/\/ "(.*)"/g)].map(([, text]) => text);
    expect(result.stdout.trim().split('\n')).toEqual(promised);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}, 90_000);
