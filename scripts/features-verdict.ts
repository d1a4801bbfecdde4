import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Envelope } from '@cucumber/messages';
import { z } from 'zod';

/**
 * `npm run features:verdict -- --expected-failures FILE [-- cucumber options]`: runs the features
 * against a target and judges the run against the deviations that target declares. Green when
 * every failing scenario is declared (each listed with its reason), red when any other scenario
 * fails; a declared deviation that no longer fails, or names a scenario this run does not have,
 * is listed so the file can be kept honest.
 * The verdict is written to reports/features-verdict.json.
 *
 * Read from cucumber's own message stream (the `message` formatter), so what counts as a failure is
 * cucumber's: a failed, undefined, ambiguous or pending step.
 */
const ExpectedFailures = z.object({
  format: z.literal('nhs-login-provisioning-expected-failures/1'),
  target: z.string().optional(),
  failures: z.array(z.object({ feature: z.string(), scenario: z.string(), reason: z.string().min(1) })),
});
type Declared = z.infer<typeof ExpectedFailures>['failures'][number];

const { values, positionals } = parseArgs({
  options: { 'expected-failures': { type: 'string' }, help: { type: 'boolean', default: false } },
  allowPositionals: true,
  strict: true,
});
if (values.help || !values['expected-failures']) {
  console.error('Usage: npm run features:verdict -- --expected-failures <file.json> [-- <cucumber-js options, e.g. --profile remote>]');
  process.exit(values.help ? 0 : 2);
}
const declared = ExpectedFailures.parse(JSON.parse(readFileSync(values['expected-failures'], 'utf8'))).failures;

mkdirSync('reports', { recursive: true });
const stream = path.join('reports', 'features-verdict.ndjson');
const run = spawn('npx', ['cucumber-js', ...positionals, '--format', `message:${stream}`], {
  stdio: 'inherit',
  env: { ...process.env, NODE_OPTIONS: '--import tsx' },
});
await new Promise((resolve) => run.on('exit', resolve));

// pickle (scenario) ← testCase ← testCaseStarted ← testStepFinished
const pickles = new Map<string, { name: string; uri: string }>();
const caseToPickle = new Map<string, string>();
const startedToCase = new Map<string, string>();
const failedPickles = new Set<string>();
const ranPickles = new Set<string>();
const FAILING = new Set<string>(['FAILED', 'UNDEFINED', 'AMBIGUOUS', 'PENDING']);
for (const line of readFileSync(stream, 'utf8').split('\n')) {
  if (!line) continue;
  const message = JSON.parse(line) as Envelope;
  if (message.pickle) pickles.set(message.pickle.id, { name: message.pickle.name, uri: message.pickle.uri });
  if (message.testCase) caseToPickle.set(message.testCase.id, message.testCase.pickleId);
  if (message.testCaseStarted) startedToCase.set(message.testCaseStarted.id, message.testCaseStarted.testCaseId);
  if (message.testStepFinished) {
    const pickleId = caseToPickle.get(startedToCase.get(message.testStepFinished.testCaseStartedId)!)!;
    ranPickles.add(pickleId);
    if (FAILING.has(message.testStepFinished.testStepResult.status)) failedPickles.add(pickleId);
  }
}

const isDeclared = (pickle: { name: string; uri: string }) => (d: Declared) => d.scenario === pickle.name && d.feature === pickle.uri;
const failed = [...failedPickles].map((id) => pickles.get(id)!);
const expected = failed.flatMap((p) => declared.filter(isDeclared(p)).map((d) => ({ ...p, reason: d.reason })));
const unexpected = failed.filter((p) => !declared.some(isDeclared(p)));
// A declaration that names no scenario of this run was renamed, removed or filtered out: said apart,
// so a renamed scenario reads as a stale declaration, not as a deviation that was fixed.
const notInThisRun = declared.filter((d) => ![...pickles.values()].some((p) => isDeclared(p)(d)));
const noLongerFailing = declared.filter((d) => !notInThisRun.includes(d) && !failed.some((p) => isDeclared(p)(d)));
const verdict = unexpected.length === 0 ? 'green' : 'red';
writeFileSync(
  path.join('reports', 'features-verdict.json'),
  `${JSON.stringify(
    { verdict, ran: ranPickles.size, expectedFailures: expected, unexpectedFailures: unexpected, noLongerFailing, notInThisRun },
    null,
    2,
  )}\n`,
);
console.error(`\nFeatures verdict: ${verdict.toUpperCase()} (${ranPickles.size} scenarios run)`);
for (const e of expected) console.error(`  declared deviation, failed as declared: ${e.uri} "${e.name}": ${e.reason}`);
for (const u of unexpected) console.error(`  UNEXPECTED FAILURE: ${u.uri} "${u.name}"`);
for (const n of notInThisRun)
  console.error(`  declared scenario not found in this run (renamed, removed or filtered out?): ${n.feature} "${n.scenario}"`);
for (const n of noLongerFailing)
  console.error(`  declared deviation no longer fails (remove it from the file?): ${n.feature} "${n.scenario}"`);
process.exit(verdict === 'green' ? 0 : 1);
