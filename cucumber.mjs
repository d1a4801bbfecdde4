// Cucumber profiles.
// - `sandbox` (default): the platform features against an embedded sandbox started in-process,
//   which declares every capability of the test-interface contract;
// - `remote`: the specification's scenarios against the target SANDBOX_URL names (refuses to run
//   without it), scenarios needing a capability the target does not declare skipped with the reason
//   (GET /_sandbox/test-interface, or CAPABILITIES_FILE; README "Running the features against your target").
//   The sandbox's own choices (`@sandbox`) are left out: another implementation is judged against the
//   specification, not against this sandbox. With MAPPING_FILE, the outcomes whose meaning the
//   specification leaves open (`@declared-by-target`) are checked against the codes the mapping declares;
// - `remote-with-sandbox-choices`: the same, the sandbox's choices included (every scenario, as the
//   embedded run has them: for a copy of this sandbox, or to see where a target differs from it);
// - `smoke`: the @smoke subset;
// - `supplier`: the GP-system features (features/supplier) through a supplier's driver.
// REPORTS_DIR: see steps/reports-folder.ts.
import { readFileSync } from 'node:fs';

const reports = globalThis.process.env.REPORTS_DIR ?? 'reports';
// A cucumber process the test suite starts loads the support code bundled, without tsx, from the
// list CUCUMBER_SUPPORT_FILES names (test/support/suite-bundle.ts); otherwise the source.
const supportFiles = globalThis.process.env.CUCUMBER_SUPPORT_FILES;
const bundledSupport = supportFiles
  ? /** @type {{ platform: string[]; supplier: string[] }} */ (JSON.parse(readFileSync(supportFiles, 'utf8')))
  : null;
// Cucumber adds the feature files named on the command line to a profile's `paths` rather than
// replacing them, so `npm run features -- features/sign-in.feature` ran every feature. A profile's
// own paths apply only when the command line names none.
const featuresNamed = globalThis.process.argv.slice(2).some((arg) => /\.feature(:\d+)*$/.test(arg));
/** @param {string[]} paths */
const pathsUnlessNamed = (paths) => (featuresNamed ? [] : paths);
const platform = {
  import: bundledSupport?.platform ?? ['steps/*.ts'],
  paths: pathsUnlessNamed(['features/*.feature']),
  strict: true,
  format: ['progress', `html:${reports}/cucumber.html`, `junit:${reports}/cucumber.junit.xml`, `message:${reports}/cucumber.ndjson`],
};

export default { ...platform };
export const sandbox = { ...platform };
const specificationOnly = `not @sandbox${globalThis.process.env.MAPPING_FILE ? ' or @declared-by-target' : ''}`;
// Runs made at the same time (scripts/features-remote.ts) name their reports apart, or they would
// write over each other's.
const reportName = (profile) => String(globalThis.process.env.REPORT_NAME ?? profile);
export const remote = {
  ...platform,
  tags: specificationOnly,
  worldParameters: { remote: true },
  format: [
    'progress',
    `html:${reports}/cucumber-${reportName('remote')}.html`,
    `message:${reports}/cucumber-${reportName('remote')}.ndjson`,
  ],
};
const remoteWithSandboxChoices = { ...platform, worldParameters: remote.worldParameters, format: remote.format };
export { remoteWithSandboxChoices as 'remote-with-sandbox-choices' };
// `mapped`: the eligibility outline against a target with no test interface, each catalogue scenario
// played with the target's own patient from MAPPING_FILE (features/targets/sandbox-patient-mapping.json):
// the specification's codes, and for the outcomes it leaves open the code the mapping declares.
export const mapped = {
  ...platform,
  tags: '@patient-mapped and (not @sandbox or @declared-by-target)',
  worldParameters: { remote: true },
  format: ['progress', `html:${reports}/cucumber-${reportName('mapped')}.html`],
};
export const smoke = { ...platform, tags: '@smoke' };
export const supplier = {
  import: bundledSupport?.supplier ?? ['steps/supplier/*.ts'],
  paths: pathsUnlessNamed(['features/supplier/*.feature']),
  strict: true,
  format: ['progress', `html:${reports}/supplier.html`, `junit:${reports}/supplier.junit.xml`],
};
