import assert from 'node:assert/strict';
import { After, AfterAll, Before, BeforeAll, Given, Then, When, setDefaultTimeout, setWorldConstructor, World } from '@cucumber/cucumber';
import type { ConformanceReport, RunRecord } from '../../sandbox/conformance/assess';
import type { PlanStep } from '../../sandbox/conformance/plan';
import { drive, setUp, waitForEvidence, type DriverRun, type PublishedPlan } from '../../sandbox/cli/plan-runner';
import type { SandboxAdmin } from '../../sandbox/cli/sandbox-admin';
import { resolveSupplierTarget, stopSupplierTarget, type SupplierTarget } from './supplier-target';

/**
 * Supplier-side steps: the GP system is the one under test. `Given` puts the platform in a plan
 * step's situation, `When` runs the supplier's driver for it, `Then` judges the GP system's own
 * requests since the scenario began, with the conformance rules.
 *
 * A "does not send again" step first waits the settle window (SUPPLIER_SETTLE_SECONDS, default
 * 1.5) after the driver exited, so a retry queue or background job that re-sends late is judged
 * too; every such step says in the report how long it waited. The driver's output is attached to
 * the scenario and quoted in any failure. SUPPLIER_STEP_TIMEOUT (default 30 s) ends a driver
 * that does not finish, with its whole process group.
 */
setDefaultTimeout(60_000);
const SETTLE_MS = Math.round(Number(process.env.SUPPLIER_SETTLE_SECONDS ?? '1.5') * 1000);
const STEP_TIMEOUT_MS = Math.round(Number(process.env.SUPPLIER_STEP_TIMEOUT ?? '30') * 1000);

let target: SupplierTarget;
let runStartedAtMs = 0;
BeforeAll(async () => {
  target = await resolveSupplierTarget();
  runStartedAtMs = Date.now();
});
AfterAll(stopSupplierTarget);

class SupplierWorld extends World {
  step: PlanStep | null = null;
  startedAtMs = 0;
  driver: DriverRun | null = null;
  driverEndedAtMs = 0;
  get admin(): SandboxAdmin {
    return target.admin;
  }
  get plan(): PublishedPlan {
    return target.plan;
  }

  /** What the driver printed, for failure messages. */
  get driverOutput(): string {
    return this.driver?.output.length ? `\nthe driver's output:\n${this.driver.output.map((l) => `  | ${l}`).join('\n')}` : '';
  }

  /** The conformance report over the requests since `sinceMs` (this scenario's, by default). */
  async report(sinceMs = this.startedAtMs): Promise<ConformanceReport> {
    const run: RunRecord = {
      id: target.admin.runId!,
      mode: 'supplier-features',
      stepTimeoutMs: STEP_TIMEOUT_MS,
      settleMs: SETTLE_MS,
      steps: [],
    };
    return target.admin.expect<ConformanceReport>('POST', `/conformance/${encodeURIComponent(target.clientId)}`, {
      since: new Date(sinceMs).toISOString(),
      format: 'json',
      run,
    });
  }

  /** Waits until the settle window after the driver's exit has passed, and says so in the report. */
  async settle(): Promise<void> {
    const remaining = this.driverEndedAtMs + SETTLE_MS - Date.now();
    if (remaining > 0) await new Promise((resume) => setTimeout(resume, remaining));
    this.log(`waited the settle window of ${SETTLE_MS / 1000} s after the driver exited (SUPPLIER_SETTLE_SECONDS) for late traffic`);
  }

  /** Fails naming every offence when any of these rules was broken in this scenario (or, `acrossTheRun`, in any so far). */
  async expectHeld(ruleIds: string[], window: 'scenario' | 'acrossTheRun' = 'scenario'): Promise<void> {
    const report = await this.report(window === 'scenario' ? this.startedAtMs : runStartedAtMs);
    const broken = report.rules.filter((r) => ruleIds.includes(r.id) && r.offenceCount > 0);
    assert.deepEqual(
      broken.map((r) => `${r.id}: ${r.offences.map((o) => `#${o.seq} ${o.why}`).join('; ')}`),
      [],
      `the GP system broke these rules${this.driverOutput}`,
    );
  }
}
setWorldConstructor(SupplierWorld);

Before(function (this: SupplierWorld) {
  this.startedAtMs = Date.now();
});
// Whatever the driver left running ends with its scenario.
After(function (this: SupplierWorld) {
  this.driver?.stop();
});

const situation = (stepId: string) =>
  async function (this: SupplierWorld) {
    const step = this.plan.steps.find((s) => s.id === stepId);
    assert.ok(step, `the conformance plan has no step ${stepId}`);
    this.step = step;
    await setUp(this.admin, step, this.plan.accessTokenTtlSeconds);
  };

Given('a patient who has no NHS login', situation('create'));
Given('a patient whose NHS login is below P9', situation('uplift'));
Given('a patient who was invited in the last 7 days', situation('pending-request'));
Given('a patient who already has a P9 NHS login', situation('already-p9'));
Given('a patient whose practice finds the service unavailable', situation('service-unavailable'));
Given('a patient whose practice has used up its rate limit', situation('rate-limited'));
Given('a patient registered at a practice not onboarded for provisioning', situation('ods-not-supported'));
Given('a patient whose mobile number differs from PDS', situation('pds-refusal'));
Given("a patient whose email address belongs to another person's NHS login", situation('email-refusal'));
Given('a patient who has a P0 NHS login', function (this: SupplierWorld) {
  const step = this.plan.steps.find((s) => s.id === 'token-renewal')!;
  this.step = { ...step, setup: undefined };
});
Given('the platform has expired the access token the GP system holds', async function (this: SupplierWorld) {
  await setUp(this.admin, { ...this.step!, setup: { kind: 'access-token-expired' } }, this.plan.accessTokenTtlSeconds);
});

When('the GP system provisions that patient', async function (this: SupplierWorld) {
  this.driver = drive(target.driver, this.step!, {
    admin: this.admin,
    clientId: target.clientId,
    deadlineMs: Date.now() + STEP_TIMEOUT_MS,
    say: () => undefined,
  });
  const end = await this.driver.ended;
  this.driverEndedAtMs = Date.now();
  this.log(
    `the driver ${end.timedOut ? `timed out after ${STEP_TIMEOUT_MS / 1000} s (its process group was ended)` : `exited with ${end.exitCode}`}${this.driverOutput}`,
  );
  assert.ok(!end.timedOut, `the driver did not finish within ${STEP_TIMEOUT_MS / 1000} s (SUPPLIER_STEP_TIMEOUT)${this.driverOutput}`);
});

Then('the platform answers {string}', async function (this: SupplierWorld, outcome: string) {
  const step = { ...this.step!, evidence: { kind: 'outcome' as const, outcomes: [outcome] } };
  const seen = await waitForEvidence({ admin: this.admin, clientId: target.clientId }, step, this.startedAtMs, 2_000);
  assert.ok(seen.length > 0, `the GP system's request for ${this.step!.patient.name} was not answered ${outcome}${this.driverOutput}`);
});

/** Steps that expect the rules the specification gives for a request held in the scenario. */
const HELD_AS_SPECIFIED: Record<string, string[]> = {
  'the GP system authenticated with a client assertion as the specification asks': [
    'assertion-alg-rs512',
    'assertion-typ-jwt',
    'assertion-iss-sub-client-id',
    'assertion-aud-token-url',
    'assertion-exp-present',
    'assertion-jti-unique',
    'token-request-form-encoded',
    'token-request-parameters',
    'token-request-no-header-credentials',
  ],
  'the GP system sent the provision request as the specification asks': [
    'bearer-header-form',
    'bearer-token-one-method',
    'provision-json',
    'provision-mandatory-fields',
    'provision-field-formats',
    'no-token-in-url',
    'no-personal-data-in-url',
  ],
};
for (const [step, rules] of Object.entries(HELD_AS_SPECIFIED))
  Then(step, async function (this: SupplierWorld) {
    await this.expectHeld(rules);
  });
Then('the GP system reused its access token rather than fetching one per call', async function (this: SupplierWorld) {
  // Reuse shows across calls: judged over every scenario so far, not this one alone.
  await this.expectHeld(['token-reused-while-valid'], 'acrossTheRun');
});
/** Steps judged once the GP system has settled: each expects these rules held in its scenario. */
const HELD_ONCE_SETTLED: Record<string, string[]> = {
  'the GP system does not send that patient again while the invitation is pending': ['no-resubmit-while-pending', 'no-polling-one-patient'],
  'the GP system does not send that patient again': ['no-resubmit-after-11005'],
  'the GP system waits for the Retry-After delay before sending again': ['backoff-after-11000'],
  'the GP system waits for the Retry-After delay before sending for that practice again': ['backoff-after-11011'],
  'the GP system does not send the refused request again unchanged': ['no-unchanged-resend-after-refusal'],
};
for (const [step, rules] of Object.entries(HELD_ONCE_SETTLED))
  Then(step, async function (this: SupplierWorld) {
    await this.settle();
    await this.expectHeld(rules);
  });
Then('the GP system fetched a new access token and used it', async function (this: SupplierWorld) {
  const seen = await waitForEvidence(
    { admin: this.admin, clientId: target.clientId },
    { ...this.step!, evidence: { kind: 'token-renewal' } },
    this.startedAtMs,
    2_000,
  );
  assert.ok(seen.length > 0, `no new access token was fetched and used after the platform refused the old one${this.driverOutput}`);
});
Then('the GP system never used an access token after its announced lifetime', async function (this: SupplierWorld) {
  await this.expectHeld(['no-expired-token-use']);
});
