import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { bundleForNode } from '../../scripts/bundle';
import { SUITE_ENTRIES } from './suite-bundle';

/**
 * Vitest's globalSetup: bundles every entry the suite runs as a child process once per `vitest run`
 * (test/support/suite-bundle.ts says why; about 2 s of CPU) and names the folder in
 * SUITE_BUNDLE_DIR, which the test workers and their children (cucumber runs and what they start)
 * inherit. The folder is inside `reports/` because the bundle finds nhsuk-frontend, swagger-ui-dist
 * and this package's docs from where it lies, as `dist/` does.
 */
const root = path.resolve(import.meta.dirname, '../..');
const entryPoints = Object.fromEntries(Object.entries(SUITE_ENTRIES).map(([source, name]) => [name, source]));

export async function setup(project: TestProject): Promise<() => void> {
  mkdirSync(path.join(root, 'reports'), { recursive: true });
  const folder = mkdtempSync(path.join(root, 'reports', 'suite-bundle-'));
  const bundle = () => bundleForNode(entryPoints, folder);
  await bundle();
  process.env.SUITE_BUNDLE_DIR = folder;
  // In watch mode, each rerun's children run the source as it is now, not as Vitest first found it.
  project.onTestsRerun(bundle);
  return () => rmSync(folder, { recursive: true, force: true });
}
