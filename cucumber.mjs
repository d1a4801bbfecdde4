// Cucumber profiles.
// - `sandbox` (default): the platform features against an embedded sandbox started in-process;
// - `remote`: the same features against SANDBOX_URL/MAILPIT_URL;
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
export const remote = { ...platform };
export const smoke = { ...platform, tags: '@smoke' };
export const supplier = {
  import: ['steps/supplier/*.ts'],
  paths: ['features/supplier/*.feature'],
  strict: true,
  format: ['progress', 'html:reports/supplier.html', 'junit:reports/supplier.junit.xml'],
};
