import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { bundleForNode } from '../../scripts/bundle';
import { CUCUMBER_SUPPORT_LIST, cucumberSupportEntries, SUITE_ENTRIES, type CucumberSupport } from './suite-bundle';

/**
 * Vitest's globalSetup: bundles every entry the suite runs as a child process once per `vitest run`
 * (test/support/suite-bundle.ts says why; about 2 s of CPU) and names the folder in
 * SUITE_BUNDLE_DIR, which the test workers and their children (cucumber runs and what they start)
 * inherit. The folder is inside `reports/` because the bundle finds nhsuk-frontend, swagger-ui-dist
 * and this package's docs from where it lies, as `dist/` does.
 */
const root = path.resolve(import.meta.dirname, '../..');
const entryPoints = Object.fromEntries(Object.entries(SUITE_ENTRIES).map(([source, name]) => [name, source]));
const support = cucumberSupportEntries();

const PREFIX = 'suite-bundle-';

/**
 * Removes the bundles of runs whose process has gone: a run that was killed (Ctrl-C twice, a CI
 * timeout) never reached its teardown and left its folder, about 11 MB each. Each folder names
 * its run's process, so a run still going beside this one keeps its own.
 */
export function removeAbandonedBundles(reports: string): string[] {
  const abandoned = readdirSync(reports).filter((name) => {
    const pid = Number(/^suite-bundle-(\d+)-/.exec(name)?.[1]);
    return Number.isInteger(pid) && pid > 0 && !alive(pid);
  });
  for (const name of abandoned) rmSync(path.join(reports, name), { recursive: true, force: true });
  return abandoned;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Bundles the entries and cucumber's support code into a new folder in reports/ and names it in
 * SUITE_BUNDLE_DIR for this process and its children. `rebundle` makes it again from the source as
 * it is now; `remove` deletes it.
 */
export async function makeSuiteBundle(): Promise<{ folder: string; rebundle: () => Promise<void>; remove: () => void }> {
  const reports = path.join(root, 'reports');
  mkdirSync(reports, { recursive: true });
  removeAbandonedBundles(reports);
  const folder = mkdtempSync(path.join(reports, `${PREFIX}${process.pid}-`));
  // Cucumber itself stays outside: the bundled steps must register with the instance that runs them.
  const rebundle = () => bundleForNode({ ...entryPoints, ...support.platform, ...support.supplier }, folder, root, ['@cucumber/cucumber']);
  await rebundle();
  const list: CucumberSupport = {
    platform: Object.keys(support.platform).map((name) => path.join(folder, `${name}.js`)),
    supplier: Object.keys(support.supplier).map((name) => path.join(folder, `${name}.js`)),
  };
  writeFileSync(path.join(folder, CUCUMBER_SUPPORT_LIST), JSON.stringify(list));
  process.env.SUITE_BUNDLE_DIR = folder;
  return { folder, rebundle, remove: () => rmSync(folder, { recursive: true, force: true }) };
}

export async function setup(project: TestProject): Promise<() => void> {
  const bundle = await makeSuiteBundle();
  // In watch mode, each rerun's children run the source as it is now, not as Vitest first found it.
  project.onTestsRerun(bundle.rebundle);
  return bundle.remove;
}
