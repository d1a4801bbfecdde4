import { spawn } from 'node:child_process';
import type { JournalEntry } from '../journal/journal-entry';
import { stepEvidence, type PlanStep } from '../conformance/plan';
import type { SandboxAdmin } from './sandbox-admin';

/**
 * Walks the conformance test plan against a running sandbox, one step at a time: puts the
 * sandbox in the state the step needs, asks for the step to be done — by a person at a terminal
 * (guided) or by a supplier's command (driven) — waits for the client's matching traffic, and
 * says what it saw. The verdict itself comes from the assessment afterwards.
 */
export interface PublishedPlan {
  version: string;
  accessTokenTtlSeconds: number;
  steps: (PlanStep & { setupDescription: string | null })[];
}

export interface RunOptions {
  admin: SandboxAdmin;
  clientId: string;
  plan: PublishedPlan;
  /** How each step is done: `guided` prints it for a person; `driver` runs the supplier's command. */
  mode: { kind: 'guided' } | { kind: 'driver'; command: string };
  stepTimeoutMs: number;
  say: (line: string) => void;
}

export interface StepRun {
  id: string;
  seen: JournalEntry[];
}

const POLL_MS = 250;
/** How long after a driver exits its step's traffic may still be arriving (a supplier's system may queue it). */
const DRIVEN_GRACE_MS = 2_000;

export async function runPlan(o: RunOptions): Promise<StepRun[]> {
  const runs: StepRun[] = [];
  o.say(`Conformance plan v${o.plan.version}: ${o.plan.steps.length} steps for client ${o.clientId}.\n`);
  for (const [i, step] of o.plan.steps.entries()) {
    o.say(`Step ${i + 1} of ${o.plan.steps.length}: ${step.title} (${step.id})`);
    const startedAtMs = Date.now();
    await setUp(o.admin, step, o.plan.accessTokenTtlSeconds);
    if (step.setupDescription) o.say(`  Set-up: ${step.setupDescription}`);
    if (o.mode.kind === 'guided') {
      o.say(`  Patient: ${step.patient.name}, NHS number ${spaced(step.patient.nhsNumber)}`);
      o.say(`  Do now: ${step.gpSystemDoes}`);
      o.say(`  Request: ${JSON.stringify(step.request)}`);
      o.say(`  Then do not: ${step.thenNot}`);
      o.say(`  Expected: ${step.expected}. Waiting for your system's request (up to ${Math.round(o.stepTimeoutMs / 1000)} s)...`);
    } else {
      const exit = await drive(o.mode.command, step, o);
      if (exit !== 0) o.say(`  The driver exited with ${exit}.`);
    }
    // A person may take minutes; a driver has finished its step when it exits.
    const waitMs = o.mode.kind === 'guided' ? o.stepTimeoutMs : Math.min(o.stepTimeoutMs, DRIVEN_GRACE_MS);
    const seen = await waitForEvidence(o, step, startedAtMs, waitMs);
    o.say(
      seen.length
        ? `  Seen: ${seen.map((e) => `#${e.seq} ${e.outcome}`).join(', ')}\n`
        : `  Not seen within ${Math.round(waitMs / 1000)} s: this step will be reported as missing.\n`,
    );
    runs.push({ id: step.id, seen });
  }
  return runs;
}

/** Puts the sandbox in the state the step needs, through the admin API. */
export async function setUp(admin: SandboxAdmin, step: PlanStep, accessTokenTtlSeconds: number): Promise<void> {
  switch (step.setup?.kind) {
    case undefined:
      return;
    case 'pending-invitation':
      await admin.expect('POST', '/invitations', { nhs_number: step.patient.nhsNumber });
      return;
    case 'rate-limit-exhausted':
      await admin.expect('POST', '/rate-limits', { ods_code: step.setup.odsCode, exhausted: true });
      return;
    case 'access-token-expired':
      await admin.expect('POST', '/clock', { advance_seconds: accessTokenTtlSeconds });
      return;
  }
}

/** The client's requests since `sinceMs` that evidence the step, once there are any or `waitMs` has passed. */
export async function waitForEvidence(
  o: Pick<RunOptions, 'admin' | 'clientId'>,
  step: PlanStep,
  sinceMs: number,
  waitMs: number,
): Promise<JournalEntry[]> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const query = `/journal?client_id=${encodeURIComponent(o.clientId)}&since=${new Date(sinceMs).toISOString()}&limit=20000`;
    const { entries } = await o.admin.expect<{ entries: JournalEntry[] }>('GET', query);
    const seen = stepEvidence(step, entries.reverse());
    if (seen.length || Date.now() > deadline) return seen;
    await new Promise((resume) => setTimeout(resume, POLL_MS));
  }
}

/**
 * Runs the supplier's command for one step: the step as JSON on stdin and the essentials in the
 * environment (STEP_ID, NHS_NUMBER, EMAIL_ADDRESS, DATE_OF_BIRTH, ODS_CODE, PHONE_NUMBER,
 * SANDBOX_URL, TOKEN_URL, CLIENT_ID, STEP_JSON). Its output is passed through, indented.
 */
export function drive(
  command: string,
  step: PlanStep,
  o: Pick<RunOptions, 'admin' | 'clientId' | 'stepTimeoutMs' | 'say'>,
): Promise<number> {
  const json = JSON.stringify({ step, sandboxUrl: o.admin.baseUrl, tokenUrl: `${o.admin.baseUrl}/token`, clientId: o.clientId });
  const child = spawn(command, {
    shell: true,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: {
      ...process.env,
      STEP_ID: step.id,
      NHS_NUMBER: step.request.nhs_number ?? '',
      EMAIL_ADDRESS: step.request.email_address ?? '',
      DATE_OF_BIRTH: step.request.date_of_birth ?? '',
      ODS_CODE: step.request.ods_code ?? '',
      PHONE_NUMBER: step.request.phone_number ?? '',
      SANDBOX_URL: o.admin.baseUrl,
      TOKEN_URL: `${o.admin.baseUrl}/token`,
      CLIENT_ID: o.clientId,
      STEP_JSON: json,
    },
  });
  const relay = (chunk: Buffer) =>
    chunk
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .forEach((line) => o.say(`  | ${line}`));
  child.stdout.on('data', relay);
  child.stderr.on('data', relay);
  child.stdin.end(json);
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), o.stepTimeoutMs);
    child.on('error', () => done(127));
    child.on('close', (code) => {
      clearTimeout(timer);
      done(code ?? 1);
    });
  });
}

const spaced = (nhsNumber: string) => nhsNumber.replace(/^(\d{3})(\d{3})(\d{4})$/, '$1 $2 $3');
