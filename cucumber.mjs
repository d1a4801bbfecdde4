// Cucumber profiles. `sandbox` (default) starts an embedded sandbox in-process; `remote` runs the
// same features against SANDBOX_URL/MAILPIT_URL; `smoke` runs the @smoke subset.
const common = {
  import: ['steps/**/*.ts'],
  paths: ['features/**/*.feature'],
  strict: true,
  format: ['progress', 'html:reports/cucumber.html', 'junit:reports/cucumber.junit.xml', 'message:reports/cucumber.ndjson'],
};

export default { ...common };
export const sandbox = { ...common };
export const remote = { ...common };
export const smoke = { ...common, tags: '@smoke' };
