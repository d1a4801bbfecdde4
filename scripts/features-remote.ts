import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { demoClient, secondClient } from '../fixtures/clients';
import { testConfig, type ConfigOverrides } from '../sandbox/config/config';
import { startSandbox } from '../sandbox/start';
import { startIndependentTarget } from '../test/support/independent-target';
import { pythonWith } from '../test/support/python';
import { CUCUMBER_BIN, cucumberEnvironment } from '../test/support/suite-bundle';
import { makeSuiteBundle } from '../test/support/suite-bundle-setup';

/**
 * Proves the features run against another implementation over HTTP, twice, in separate cucumber
 * processes given only URLs, exactly as an assurance team would run them against its target:
 * 1. a sandbox with its test interface on, which declares every capability itself, and whose
 *    second GP system has an id of its own (SECOND_CLIENT_ID);
 * 2. a sandbox with TEST_INTERFACE=off, declaring what it offers in a capabilities file
 *    (features/targets/specified-endpoints-only.json): every scenario needing anything else
 *    must be skipped with the capability it lacks named, and all the rest must pass;
 * 3. the `mapped` profile against another such sandbox, with the example patient mapping: the
 *    eligibility outline runs with no test-interface call at all (the world refuses any), the
 *    specification's codes and, for the outcomes it leaves open, the codes the mapping declares;
 * 4. the `remote` profile against a target that declares neither a test interface nor the
 *    catalogue's data (features/targets/own-data-no-test-interface.json), as another implementation
 *    with its own patients would: every scenario that would read our fixtures is skipped, saying so.
 * 5. and 6. the `remote` and `mapped` profiles against the independent implementation in
 *    independent-target/ (Python, written from the specification alone, with its own patients, ODS
 *    codes, wording and choices): a conformant implementation that is not ours must pass with no
 *    failure, or the features judge against the sandbox rather than the specification.
 * The first run includes the sandbox's own choices (`remote-with-sandbox-choices`: it is our sandbox);
 * the others judge against the specification only, as `remote` and `mapped` do by default.
 */
const root = path.resolve(import.meta.dirname, '..');

/**
 * One cucumber process against a target. The runs are independent (each its own target and data
 * folder, reports named apart), so several go at once; each one's output is held and printed whole
 * when it ends, so that runs made together do not interleave their lines.
 */
async function runCucumber(name: string, profile: string, env: Record<string, string>): Promise<number> {
  const run = spawn(
    process.execPath,
    [CUCUMBER_BIN, '--profile', profile, '--format', 'progress', '--format', `junit:reports/cucumber-${name}.junit.xml`],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        ...cucumberEnvironment(),
        SKIPPED_REPORT: `reports/skipped-${name}.json`,
        REPORT_NAME: name,
        ...env,
      },
    },
  );
  const output: Buffer[] = [];
  run.stdout.on('data', (chunk: Buffer) => output.push(chunk));
  run.stderr.on('data', (chunk: Buffer) => output.push(chunk));
  const code = await new Promise<number>((resolve) => run.on('close', (c) => resolve(c ?? 1)));
  process.stdout.write(`\n== ${name} (--profile ${profile}): exit ${code}\n${Buffer.concat(output).toString()}`);
  return code;
}

async function runAgainst(name: string, overrides: ConfigOverrides, env: Record<string, string>, profile = 'remote'): Promise<number> {
  const target = await startSandbox(testConfig(overrides));
  const code = await runCucumber(name, profile, { SANDBOX_URL: target.baseUrl, MAILPIT_URL: target.sandbox.mailpitUrl, ...env });
  await target.stop();
  return code;
}

/** Runs a profile against the independent implementation (test/support/independent-target.ts). */
async function runAgainstIndependentTarget(name: string, profile: string): Promise<number> {
  const target = await startIndependentTarget();
  const code = await runCucumber(name, profile, target.env);
  if (code !== 0) console.error(`\nindependent-target/server.py's log, last part:\n${target.log().slice(-4000)}`);
  await target.stop();
  return code;
}

// The target's second GP system goes by its own id (SECOND_CLIENT_ID), as another implementation's
// would: the Users lookups the catalogue writes for `sandbox-second-client` must follow it. It is
// registered the lasting way, in the data folder's clients.json, so the features' resets keep it.
const TARGETS_OWN_SECOND_CLIENT = 'targets-own-second-gp-system';
const dataDir = mkdtempSync(path.join(tmpdir(), 'features-remote-'));
writeFileSync(
  path.join(dataDir, 'clients.json'),
  JSON.stringify([
    {
      client_id: TARGETS_OWN_SECOND_CLIENT,
      ods_codes: secondClient.odsCodes,
      jwks: { keys: secondClient.publicJwks },
      approved_scopes: secondClient.approvedScopes,
    },
  ]),
);
// A target with its own data names its own GP system: here the demo client's id and key, given as a
// target's would be (the world refuses to fall back on the catalogue's clients for such a target).
const ownClient = { CLIENT_ID: demoClient.clientId, CLIENT_KEY: demoClient.privateKeyPath };
const offDeclaration = path.join(root, 'features/targets/specified-endpoints-only.json');
const withIndependentTarget = await pythonWith(['jwt', 'cryptography'], 'The features against the independent target', ['python3-jwt']);
const runs: Record<string, () => Promise<number>> = {
  withInterface: async () => {
    const code = await runAgainst(
      'remote',
      { storage: 'file', dataDir },
      { SECOND_CLIENT_ID: TARGETS_OWN_SECOND_CLIENT },
      'remote-with-sandbox-choices',
    );
    rmSync(dataDir, { recursive: true, force: true });
    return code;
  },
  withoutInterface: () => runAgainst('remote-test-interface-off', { testInterface: 'off' }, { CAPABILITIES_FILE: offDeclaration }),
  mapped: () =>
    runAgainst(
      'mapped',
      { testInterface: 'off' },
      { ...ownClient, CAPABILITIES_FILE: offDeclaration, MAPPING_FILE: path.join(root, 'features/targets/sandbox-patient-mapping.json') },
      'mapped',
    ),
  ownData: () =>
    runAgainst(
      'remote-own-data',
      { testInterface: 'off' },
      { ...ownClient, CAPABILITIES_FILE: path.join(root, 'features/targets/own-data-no-test-interface.json') },
    ),
  independentRemote: async () => (withIndependentTarget ? runAgainstIndependentTarget('independent-target', 'remote') : 0),
  independentMapped: async () => (withIndependentTarget ? runAgainstIndependentTarget('independent-target-mapped', 'mapped') : 0),
};
// The six cucumber processes load the support code bundled once, as the test suite's do
// (test/support/suite-bundle.ts): about 4 s less CPU each than compiling it through tsx.
const bundle = await makeSuiteBundle();
// Three at a time: the runs mostly wait on each other's sockets; more would only queue for the cores.
const concurrency = Math.max(1, Number(process.env.FEATURES_REMOTE_CONCURRENCY ?? 3));
const exitCodes: Record<string, number> = {};
const queue = Object.entries(runs);
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) exitCodes[next[0]] = await next[1]();
  }),
);
bundle.remove();
// A run that never reported counts as failed.
const { withInterface = 1, withoutInterface = 1, mapped = 1, ownData = 1, independentRemote = 1, independentMapped = 1 } = exitCodes;
const independent = { remote: independentRemote, mapped: independentMapped };

// The skip path must have been taken, and every skip must name what the target lacked.
const report = JSON.parse(readFileSync(path.join(root, 'reports/skipped-remote-test-interface-off.json'), 'utf8')) as {
  skipped: { scenario: string; missing: string[] }[];
};
const unexplained = report.skipped.filter((s) => s.missing.length === 0);
const skipPathProven = report.skipped.length > 0 && unexplained.length === 0;
if (!skipPathProven)
  console.error(`the run without a test interface skipped ${report.skipped.length} scenario(s), ${unexplained.length} without a reason`);
// Against a target with its own data, every scenario reading the catalogue must have been skipped with its reason.
const own = JSON.parse(readFileSync(path.join(root, 'reports/skipped-remote-own-data.json'), 'utf8')) as typeof report;
const ownDataProven = own.skipped.length > 0 && own.skipped.every((s) => s.missing.length > 0);
console.error(
  `\nwith the test interface (sandbox choices included): exit ${withInterface}; without it: exit ${withoutInterface}, ` +
    `${report.skipped.length} skipped with reasons; mapped: exit ${mapped}; own data: exit ${ownData}, ${own.skipped.length} skipped with reasons; ` +
    `independent target: exit ${independent.remote}, mapped: exit ${independent.mapped}`,
);
process.exit(
  withInterface ||
    withoutInterface ||
    mapped ||
    ownData ||
    independent.remote ||
    independent.mapped ||
    (skipPathProven && ownDataProven ? 0 : 1),
);
