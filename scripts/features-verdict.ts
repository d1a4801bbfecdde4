import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Envelope } from '@cucumber/messages';
import * as z from 'zod';
import { reportsFolder } from '../steps/reports-folder';
import { CUCUMBER_BIN, cucumberEnvironment } from '../test/support/suite-bundle';

/**
 * `npm run features:verdict -- --expected-failures FILE [-- cucumber options]`: runs the features
 * against a target and judges the run against the deviations that target declares. Green when
 * every failure is declared (each listed with its reason), red when anything else fails.
 *
 * A declaration names the scenario (feature file and name) *and* the step that fails (its text, as
 * the scenario reads after an outline's values are filled in), and may add a `message` pattern the
 * failure's message must match: a wording deviation declared on one step cannot hide another
 * failure in the same scenario (a replay accepted one step earlier fails *that* step, which no
 * declaration names). What did not run is said apart, never read as fixed:
 * - `noLongerFailing`: the declared step ran and passed (the deviation is gone: remove it);
 * - `notRun`: the scenario is in the run but was skipped, or stopped before the declared step;
 * - `notInThisRun`: no scenario of this run has that name (renamed, removed or filtered out).
 * The verdict is written to reports/features-verdict.json (REPORTS_DIR moves it: steps/reports-folder.ts).
 *
 * Read from cucumber's own message stream (the `message` formatter), so what counts as a failure is
 * cucumber's: a failed, undefined, ambiguous or pending step (or hook).
 */
const EXPECTED_FAILURES_FORMAT = 'nhs-login-provisioning-expected-failures/2';
const ExpectedFailures = z.object({
  format: z.literal(EXPECTED_FAILURES_FORMAT, {
    error: `format must be "${EXPECTED_FAILURES_FORMAT}" (version 2 names the failing step of each scenario: add "step")`,
  }),
  target: z.string().optional(),
  failures: z.array(
    z.object({
      feature: z.string(),
      scenario: z.string(),
      /** The failing step's text, without its keyword (`the token request is refused as "invalid_client"`). */
      step: z.string().min(1),
      /** A regular expression the failure's message must match (optional). */
      message: z.string().optional(),
      reason: z.string().min(1),
    }),
  ),
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
const parsed = ExpectedFailures.safeParse(JSON.parse(readFileSync(values['expected-failures'], 'utf8')));
if (!parsed.success) {
  console.error(`${values['expected-failures']}: ${z.prettifyError(parsed.error)}`);
  process.exit(2);
}
const declared = parsed.data.failures;

mkdirSync(reportsFolder(), { recursive: true });
const stream = path.join(reportsFolder(), 'features-verdict.ndjson');
const run = spawn(process.execPath, [CUCUMBER_BIN, ...positionals, '--format', `message:${stream}`], {
  stdio: 'inherit',
  env: { ...process.env, ...cucumberEnvironment() },
});
await new Promise((resolve) => run.on('exit', resolve));

// pickle (scenario) ← testCase ← testCaseStarted ← testStepFinished; a test step → its pickle step (or a hook)
interface Scenario {
  name: string;
  uri: string;
  steps: Map<string, string>;
}
interface StepResult {
  step: string;
  status: string;
  message: string;
}
const pickles = new Map<string, Scenario>();
const caseToPickle = new Map<string, string>();
const testStepText = new Map<string, string>();
const startedToCase = new Map<string, string>();
const results = new Map<string, StepResult[]>();
const FAILING = new Set<string>(['FAILED', 'UNDEFINED', 'AMBIGUOUS', 'PENDING']);
for (const line of readFileSync(stream, 'utf8').split('\n')) {
  if (!line) continue;
  const message = JSON.parse(line) as Envelope;
  if (message.pickle) {
    const steps = new Map(message.pickle.steps.map((s) => [s.id, s.text]));
    pickles.set(message.pickle.id, { name: message.pickle.name, uri: message.pickle.uri, steps });
  }
  if (message.testCase) {
    const pickle = pickles.get(message.testCase.pickleId);
    caseToPickle.set(message.testCase.id, message.testCase.pickleId);
    for (const step of message.testCase.testSteps)
      testStepText.set(step.id, step.pickleStepId ? (pickle?.steps.get(step.pickleStepId) ?? '?') : '(hook)');
  }
  if (message.testCaseStarted) startedToCase.set(message.testCaseStarted.id, message.testCaseStarted.testCaseId);
  if (message.testStepFinished) {
    const { testCaseStartedId, testStepId, testStepResult } = message.testStepFinished;
    const pickleId = caseToPickle.get(startedToCase.get(testCaseStartedId)!)!;
    const list = results.get(pickleId) ?? [];
    list.push({ step: testStepText.get(testStepId) ?? '?', status: testStepResult.status, message: testStepResult.message ?? '' });
    results.set(pickleId, list);
  }
}

const sameScenario = (d: Declared, p: Scenario) => d.scenario === p.name && d.feature === p.uri;
const explains = (d: Declared, p: Scenario, r: StepResult) =>
  sameScenario(d, p) && d.step === r.step && (d.message === undefined || new RegExp(d.message).test(r.message));

const ran = [...results].filter(([, steps]) => steps.some((s) => s.status !== 'SKIPPED' && s.step !== '(hook)'));
const skippedScenarios = [...pickles].filter(([id]) => !ran.some(([ranId]) => ranId === id));
const failures = ran.flatMap(([id, steps]) =>
  steps.filter((s) => FAILING.has(s.status)).map((s) => ({ pickle: pickles.get(id)!, result: s })),
);
const describe = (f: (typeof failures)[number]) => ({
  uri: f.pickle.uri,
  name: f.pickle.name,
  step: f.result.step,
  message: f.result.message.split('\n')[0]!.slice(0, 300),
});
const expected = failures.flatMap((f) => {
  const d = declared.find((x) => explains(x, f.pickle, f.result));
  return d ? [{ ...describe(f), reason: d.reason }] : [];
});
const unexpected = failures.filter((f) => !declared.some((d) => explains(d, f.pickle, f.result))).map(describe);

// What became of each declaration that explained nothing in this run.
const unused = declared.filter((d) => !failures.some((f) => explains(d, f.pickle, f.result)));
const notInThisRun = unused.filter((d) => ![...pickles.values()].some((p) => sameScenario(d, p)));
const declaredStepPassed = (d: Declared) =>
  ran.some(([id, steps]) => sameScenario(d, pickles.get(id)!) && steps.some((s) => s.step === d.step && s.status === 'PASSED'));
const noLongerFailing = unused.filter((d) => !notInThisRun.includes(d) && declaredStepPassed(d));
const notRun = unused
  .filter((d) => !notInThisRun.includes(d) && !noLongerFailing.includes(d))
  .map((d) => ({
    ...d,
    why: skippedScenarios.some(([, p]) => sameScenario(d, p))
      ? 'the scenario was skipped'
      : 'the scenario stopped (or failed) before the declared step, or the step did not fail as declared',
  }));

const verdict = unexpected.length === 0 ? 'green' : 'red';
writeFileSync(
  path.join(reportsFolder(), 'features-verdict.json'),
  `${JSON.stringify(
    {
      verdict,
      ran: ran.length,
      skipped: skippedScenarios.length,
      expectedFailures: expected,
      unexpectedFailures: unexpected,
      noLongerFailing,
      notRun,
      notInThisRun,
    },
    null,
    2,
  )}\n`,
);
console.error(`\nFeatures verdict: ${verdict.toUpperCase()} (${ran.length} scenarios run, ${skippedScenarios.length} skipped)`);
for (const e of expected) console.error(`  declared deviation, failed as declared: ${e.uri} "${e.name}", step "${e.step}": ${e.reason}`);
for (const u of unexpected) console.error(`  UNEXPECTED FAILURE: ${u.uri} "${u.name}", step "${u.step}": ${u.message}`);
for (const n of notInThisRun)
  console.error(`  declared scenario not found in this run (renamed, removed or filtered out?): ${n.feature} "${n.scenario}"`);
for (const n of notRun) console.error(`  declared deviation not run (${n.why}): ${n.feature} "${n.scenario}", step "${n.step}"`);
for (const n of noLongerFailing)
  console.error(`  declared deviation no longer fails (remove it from the file?): ${n.feature} "${n.scenario}", step "${n.step}"`);
process.exit(verdict === 'green' ? 0 : 1);
