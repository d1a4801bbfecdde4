// Cucumber profiles.
// - `sandbox` (default): the platform features against an embedded sandbox started in-process,
//   which declares every capability of the test-interface contract;
// - `remote`: the same features against the target SANDBOX_URL names (refuses to run without it),
//   scenarios needing a capability the target does not declare skipped with the reason
//   (GET /_sandbox/test-interface, or CAPABILITIES_FILE; README "Running the features against your target");
// - `smoke`: the @smoke subset;
// - `supplier`: the GP-system features (features/supplier) through a supplier's driver.
const platform = {
  import: ['steps/*.ts'],
  paths: ['features/*.feature'],
  strict: true,
  format: ['progress', 'html:reports/cucumber.html', 'junit:reports/cucumber.junit.xml', 'message:reports/cucumber.ndjson'],
};

export default { ...platform };
export const sandbox = { ...platform };
export const remote = {
  ...platform,
  worldParameters: { remote: true },
  format: ['progress', 'html:reports/cucumber-remote.html', 'message:reports/cucumber-remote.ndjson'],
};
// `mapped`: the eligibility outline against a target with no test interface, each catalogue scenario
// played with the target's own patient from MAPPING_FILE (features/targets/sandbox-patient-mapping.json).
export const mapped = {
  ...platform,
  tags: '@patient-mapped',
  worldParameters: { remote: true },
  format: ['progress', 'html:reports/cucumber-mapped.html'],
};
export const smoke = { ...platform, tags: '@smoke' };
export const supplier = {
  import: ['steps/supplier/*.ts'],
  paths: ['features/supplier/*.feature'],
  strict: true,
  format: ['progress', 'html:reports/supplier.html', 'junit:reports/supplier.junit.xml'],
};
