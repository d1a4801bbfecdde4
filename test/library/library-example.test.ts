import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';

/** The guide's library example (docs/integrating.md), run as written (its package import pointed at this checkout). */
const root = path.resolve(import.meta.dirname, '../..');

it("runs the guide's library example and prints what its comments promise", async () => {
  const guide = readFileSync(path.join(root, 'docs', 'integrating.md'), 'utf8');
  const example = /```ts library-example\n([\s\S]*?)```/.exec(guide)?.[1];
  expect(example, 'docs/integrating.md has a ```ts library-example block').toBeDefined();
  const folder = mkdtempSync(path.join(tmpdir(), 'library-example-'));
  const file = path.join(folder, 'example.mts');
  writeFileSync(
    file,
    example!.replace("from 'nhs-login-provisioning-sandbox'", `from ${JSON.stringify(path.join(root, 'sandbox', 'index.ts'))}`),
  );
  try {
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(process.execPath, ['--import', 'tsx', file], { cwd: root, encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) =>
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
