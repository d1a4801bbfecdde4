import { spawn } from 'node:child_process';
import { CUCUMBER_BIN, cucumberEnvironment } from '../test/support/suite-bundle';
import { makeSuiteBundle } from '../test/support/suite-bundle-setup';

/**
 * `npm run features` and `npm run features:supplier`: cucumber-js with the arguments given (a
 * profile, feature files), its support code and the processes it starts (the reference GP driver,
 * one per step of the supplier features) bundled first, as the test suite's and
 * `npm run features:remote`'s are (test/support/suite-bundle.ts), not compiled through tsx in each
 * process. CPU, three runs each: the platform features 13.5 → 11.5 s, the supplier features 13.5 →
 * 7 s (issue #31).
 */
const bundle = await makeSuiteBundle();
const cucumber = spawn(process.execPath, [CUCUMBER_BIN, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, ...cucumberEnvironment() },
});
process.exitCode = await new Promise<number>((resolve) => cucumber.on('close', (code) => resolve(code ?? 1)));
bundle.remove();
