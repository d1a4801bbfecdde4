import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { RunRecord } from '../conformance/assess';
import { stepEvidence, type PlanStep } from '../conformance/plan';
import type { JournalEntry } from '../journal/journal-entry';
import { terminalSafe } from '../text/escape';
import type { SandboxAdmin } from './sandbox-admin';
import { unexpectedAnswer } from './unexpected-answer';

/**
 * Walks the conformance test plan against a running sandbox, one step at a time: arranges the
 * run's own patients (so a second run meets the same situations), puts the sandbox in the state
 * each step needs, asks for the step to be done — by a person at a terminal (guided) or by a
 * supplier's command (driven) — waits for the client's matching traffic and a settle window for
 * late traffic, and says what it saw. The verdict itself comes from the assessment afterwards, to
 * which the runner hands its record of the run (RunRecord) for the sandbox to sign.
 *
 * Its own test-interface calls carry X-Sandbox-Plan-Run: <run id>, which it never gives the driver:
 * a clock move the GP system makes itself is then told apart from the plan's.
 */
export interface PublishedPlan {
  version: string;
  accessTokenTtlSeconds: number;
  /** A run's own patients (POST /_sandbox/conformance-plan/runs); absent from the generic plan. */
  run?: string;
  steps: (PlanStep & { setupDescription: string | null })[];
}

export interface RunOptions {
  admin: SandboxAdmin;
  clientId: string;
  plan: PublishedPlan;
  /** How each step is done: `guided` prints it for a person; `driver` runs the supplier's command. */
  mode: { kind: 'guided' } | { kind: 'driver'; command: string };
  stepTimeoutMs: number;
  /** How long to wait after the driver has exited (or the traffic was seen) for late traffic. */
  settleMs: number;
  say: (line: string) => void;
}

export interface StepRun {
  id: string;
  seen: JournalEntry[];
}

const POLL_MS = 250;
/** How long after the settle window a driven step's traffic may still be looked for. */
const DRIVEN_GRACE_MS = 2_000;
export const DEFAULT_SETTLE_MS = 1_000;

/** A run id for the X-Sandbox-Plan-Run header: random, never given to the driver. */
export const newRunId = () => `run-${randomUUID()}`;

/** The plan with the run's own patients, or the generic plan from a sandbox that cannot arrange them. */
export async function arrangeRun(admin: SandboxAdmin): Promise<PublishedPlan> {
  const arranged = await admin.request<PublishedPlan>('POST', '/conformance-plan/runs', {});
  return arranged.status === 201 ? arranged.body : admin.expect<PublishedPlan>('GET', '/conformance-plan');
}

export async function runPlan(o: RunOptions): Promise<{ steps: StepRun[]; record: RunRecord }> {
  const runs: StepRun[] = [];
  const record: RunRecord = {
    id: o.admin.runId ?? newRunId(),
    mode: o.mode.kind,
    stepTimeoutMs: o.stepTimeoutMs,
    settleMs: o.settleMs,
    steps: [],
  };
  o.say(
    `Conformance plan v${o.plan.version}: ${o.plan.steps.length} steps for client ${o.clientId}${o.plan.run ? ` (patients of run ${o.plan.run})` : ''}.\n`,
  );
  for (const [i, step] of o.plan.steps.entries()) {
    o.say(`Step ${i + 1} of ${o.plan.steps.length}: ${step.title} (${step.id})`);
    const startedAtMs = Date.now();
    const deadlineMs = startedAtMs + o.stepTimeoutMs;
    await setUp(o.admin, step, o.plan.accessTokenTtlSeconds);
    if (step.setupDescription) o.say(`  Set-up: ${step.setupDescription}`);
    let driverExitCode: number | null | undefined;
    let timedOut = false;
    let seen: JournalEntry[];
    if (o.mode.kind === 'guided') {
      o.say(`  Patient: ${step.patient.name}, NHS number ${spaced(step.patient.nhsNumber)}`);
      o.say(`  Do now: ${step.gpSystemDoes}`);
      o.say(`  Request: ${JSON.stringify(step.request)}`);
      o.say(`  Then do not: ${step.thenNot}`);
      o.say(`  Expected: ${step.expected}. Waiting for your system's request (up to ${Math.round(o.stepTimeoutMs / 1000)} s)...`);
      const sayUnexpected = (entry: JournalEntry) => unexpectedAnswer(step, entry, deadlineMs).forEach((line) => o.say(line));
      seen = await waitForEvidence(o, step, startedAtMs, o.stepTimeoutMs, deadlineMs, sayUnexpected);
      if (seen.length) await pause(Math.min(o.settleMs, deadlineMs - Date.now()));
    } else {
      const driver = drive(o.mode.command, step, { ...o, deadlineMs });
      const end = await driver.ended;
      driverExitCode = end.exitCode;
      timedOut = end.timedOut;
      if (timedOut) {
        o.say(
          `  Step ${i + 1} (${step.id}) TIMED OUT after ${Math.round(o.stepTimeoutMs / 1000)} s: the driver's process group was ended; nothing after the deadline counts.`,
        );
      } else {
        if (end.exitCode !== 0) o.say(`  The driver exited with ${end.exitCode}.`);
        // Late traffic (a retry queue, a background job) has the settle window to show itself.
        await pause(Math.min(o.settleMs, deadlineMs - Date.now()));
      }
      seen = timedOut ? [] : await waitForEvidence(o, step, startedAtMs, Math.min(DRIVEN_GRACE_MS, deadlineMs - Date.now()), deadlineMs);
      driver.stop();
    }
    const endedAtMs = Math.min(Date.now(), deadlineMs);
    o.say(
      seen.length
        ? `  Seen: ${seen.map((e) => `#${e.seq} ${terminalSafe(e.outcome)}`).join(', ')}\n`
        : `  Not seen by the step's deadline: this step will be reported as missing.\n`,
    );
    runs.push({ id: step.id, seen });
    record.steps.push({
      id: step.id,
      nhsNumber: step.patient.nhsNumber,
      startedAt: new Date(startedAtMs).toISOString(),
      endedAt: new Date(endedAtMs).toISOString(),
      ...(driverExitCode === undefined ? {} : { driverExitCode }),
      ...(timedOut ? { timedOut } : {}),
    });
  }
  return { steps: runs, record };
}

const pause = (ms: number) => new Promise((resume) => setTimeout(resume, Math.max(0, ms)));

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

/**
 * The client's requests between `sinceMs` and `untilMs` that evidence the step, once there are any
 * or `waitMs` has passed. `onUnexpected` hears, once each and as they arrive, the provision calls
 * of a step that waits for an outcome which were answered otherwise.
 */
export async function waitForEvidence(
  o: Pick<RunOptions, 'admin' | 'clientId'>,
  step: PlanStep,
  sinceMs: number,
  waitMs: number,
  untilMs = Number.POSITIVE_INFINITY,
  onUnexpected?: (entry: JournalEntry) => void,
): Promise<JournalEntry[]> {
  const deadline = Date.now() + Math.max(0, waitMs);
  const told = new Set<number>();
  for (;;) {
    const query = `/journal?client_id=${encodeURIComponent(o.clientId)}&since=${new Date(sinceMs).toISOString()}&limit=20000`;
    const { entries } = await o.admin.expect<{ entries: JournalEntry[] }>('GET', query);
    const inWindow = entries.reverse().filter((e) => e.atMs <= untilMs);
    const seen = stepEvidence(step, inWindow);
    if (onUnexpected && step.evidence.kind === 'outcome')
      for (const entry of inWindow)
        if (entry.endpoint === 'provision' && !seen.includes(entry) && !told.has(entry.seq)) {
          told.add(entry.seq);
          onUnexpected(entry);
        }
    if (seen.length || Date.now() >= deadline) return seen;
    await pause(POLL_MS);
  }
}

export interface DriverRun {
  /** When the driver has exited, or its deadline passed and its process group was ended. */
  ended: Promise<{ exitCode: number | null; timedOut: boolean }>;
  /** Everything it printed, control characters escaped. */
  output: string[];
  /** Ends the driver's whole process group (anything it left running) and stops relaying. */
  stop(): void;
}

/**
 * Runs the supplier's command for one step in a process group of its own: the step as JSON on
 * stdin and the essentials in the environment (STEP_ID, NHS_NUMBER, EMAIL_ADDRESS, DATE_OF_BIRTH,
 * ODS_CODE, PHONE_NUMBER, SANDBOX_URL, TOKEN_URL, CLIENT_ID, STEP_JSON). Its output is relayed
 * line by line, indented, with control characters escaped (an escape sequence cannot repaint the
 * runner's own lines). The step ends when the driver exits — not when its output closes, which a
 * child it left behind may hold open — or at the deadline, when the whole group is killed.
 */
export function drive(
  command: string,
  step: PlanStep,
  o: Pick<RunOptions, 'admin' | 'clientId' | 'say'> & { deadlineMs: number },
): DriverRun {
  const json = JSON.stringify({ step, sandboxUrl: o.admin.baseUrl, tokenUrl: `${o.admin.baseUrl}/token`, clientId: o.clientId });
  const child = spawn(command, {
    shell: true,
    detached: true,
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
  const output: string[] = [];
  let stopped = false;
  const relayFrom = (stream: NodeJS.ReadableStream) => {
    let partial = '';
    const emit = (line: string) => {
      if (stopped || line === '') return;
      const safe = terminalSafe(line.length > 2000 ? `${line.slice(0, 2000)}[… ${line.length - 2000} more characters]` : line);
      output.push(safe);
      o.say(`  | ${safe}`);
    };
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      lines.forEach(emit);
    });
    stream.on('end', () => emit(partial));
  };
  relayFrom(child.stdout);
  relayFrom(child.stderr);
  child.stdin.on('error', () => undefined);
  child.stdin.end(json);
  const killGroup = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // the group has gone already
    }
  };
  const ended = new Promise<{ exitCode: number | null; timedOut: boolean }>((done) => {
    const timer = setTimeout(
      () => {
        killGroup();
        done({ exitCode: null, timedOut: true });
      },
      Math.max(0, o.deadlineMs - Date.now()),
    );
    child.on('error', () => {
      clearTimeout(timer);
      done({ exitCode: 127, timedOut: false });
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      done({ exitCode: code ?? (signal ? 128 : 1), timedOut: false });
    });
  });
  return {
    ended,
    output,
    stop: () => {
      killGroup();
      stopped = true;
      child.stdout.destroy();
      child.stderr.destroy();
    },
  };
}

const spaced = (nhsNumber: string) => nhsNumber.replace(/^(\d{3})(\d{3})(\d{4})$/, '$1 $2 $3');
