import { spawn } from 'node:child_process';
import { testConfig } from '../sandbox/config/config';
import { startSandbox } from '../sandbox/start';

/**
 * Proves the features run against another implementation over HTTP: starts a second sandbox on
 * its own free ports (this process), then runs cucumber in a separate process pointed at it with
 * SANDBOX_URL and MAILPIT_URL only, exactly as an assurance team would against their target.
 */
const target = await startSandbox(testConfig());
const run = spawn(
  'npx',
  ['cucumber-js', '--profile', 'remote', '--format', 'progress', '--format', 'junit:reports/cucumber-remote.junit.xml'],
  {
    stdio: 'inherit',
    env: { ...process.env, NODE_OPTIONS: '--import tsx', SANDBOX_URL: target.baseUrl, MAILPIT_URL: target.sandbox.mailpitUrl },
  },
);
const code = await new Promise<number>((resolve) => run.on('exit', (c) => resolve(c ?? 1)));
await target.stop();
process.exit(code);
