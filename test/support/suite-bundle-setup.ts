import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { bundleForNode } from '../../scripts/bundle';
import { SUITE_ENTRIES } from './suite-bundle';

/**
 * Vitest's globalSetup: bundles every entry the suite runs as a child process once per `vitest run`
 * (test/support/suite-bundle.ts says why) and names the folder in SUITE_BUNDLE_DIR, which the test
 * workers and their children (cucumber runs and what they start) inherit. The folder is inside
 * `reports/` because the bundle finds nhsuk-frontend, swagger-ui-dist and this package's docs from
 * where it lies, as `dist/` does.
 */
const root = path.resolve(import.meta.dirname, '../..');

export async function setup(): Promise<() => void> {
  mkdirSync(path.join(root, 'reports'), { recursive: true });
  const folder = mkdtempSync(path.join(root, 'reports', 'suite-bundle-'));
  await bundleForNode(Object.fromEntries(Object.entries(SUITE_ENTRIES).map(([source, name]) => [name, source])), folder);
  process.env.SUITE_BUNDLE_DIR = folder;
  return () => rmSync(folder, { recursive: true, force: true });
}
