/**
 * Where a cucumber run writes its reports: `reports/`, unless REPORTS_DIR names another folder.
 * The tests that run cucumber themselves (against deliberately broken targets and GP systems) give
 * it a temporary folder: `npm test` runs them at the same time as its own feature runs, whose
 * reports in `reports/` are the ones a reader opens. cucumber.mjs reads the same variable itself,
 * since a cucumber configuration file cannot import TypeScript.
 */
export const reportsFolder = (): string => process.env.REPORTS_DIR ?? 'reports';
