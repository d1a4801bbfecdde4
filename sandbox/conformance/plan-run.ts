import type { Accounts } from '../accounts/accounts';
import type { Clock } from '../clock/clock';
import { nhsNumberFromPrefix } from '../pds/nhs-number';
import type { Pds } from '../pds/pds';
import type { Store } from '../store/store';
import type { ConformancePlan, PlanStep } from './plan';

/**
 * A plan run's own patients: each step's patient copied afresh (a new NHS number in the synthetic
 * range, a new email address of their own) with the same situation around it (the same NHS login
 * account level, the same practice, the same PDS details), so a second run on the same sandbox
 * meets the same situations instead of the first run's pending invitations, and a GP system that
 * rightly remembers "this patient already has a P9 login" is not punished for it. An email that
 * belongs to another person's account (the 11004 step) stays that person's.
 */
export interface PlanRunDeps {
  pds: Pds;
  accounts: Accounts;
  store: Store;
  clock: Clock;
}

/** 999 5xx xxxx: the range plan runs draw from (the population and the fixtures use others). */
const RUN_PREFIX = 999_500_000;
let nextPrefix = RUN_PREFIX;

function freshNhsNumber(pds: Pds): string {
  for (;;) {
    const candidate = nhsNumberFromPrefix(nextPrefix++);
    if (candidate && !pds.get(candidate)) return candidate;
  }
}

const withRunTag = (email: string, run: string) => email.replace(/@/, `+${run}@`);

export async function arrangePlanRun(deps: PlanRunDeps, plan: ConformancePlan): Promise<ConformancePlan & { run: string }> {
  const run = `r${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  const steps = await deps.store.transact(() => plan.steps.map((step) => personalise(deps, step, run)));
  return { ...plan, run, steps };
}

function personalise(deps: PlanRunDeps, step: PlanStep, run: string): PlanStep {
  const original = deps.pds.get(step.patient.nhsNumber);
  if (!original) return step;
  const nhsNumber = freshNhsNumber(deps.pds);
  const ownAccount = deps.accounts.byNhsNumber(original.nhsNumber);
  const requestedEmail = step.request.email_address;
  // Another person's account uses this address: that is the situation, so it stays.
  const emailOfAnother =
    requestedEmail !== undefined && deps.accounts.byEmail(requestedEmail).some((a) => a.nhsNumber !== original.nhsNumber);
  const email = original.email && !emailOfAnother ? withRunTag(original.email, run) : original.email;
  deps.pds.records.put(nhsNumber, { ...original, nhsNumber, ...(email ? { email } : {}), version: 1 });
  if (ownAccount) {
    const now = new Date(deps.clock.nowMs()).toISOString();
    deps.accounts.put({
      ...ownAccount,
      id: deps.accounts.newId(),
      nhsNumber,
      email: email ?? ownAccount.email,
      createdAt: now,
      updatedAt: now,
    });
  }
  const request = {
    ...step.request,
    nhs_number: nhsNumber,
    ...(requestedEmail !== undefined && requestedEmail === original.email && email ? { email_address: email } : {}),
  };
  return { ...step, patient: { ...step.patient, nhsNumber }, request };
}
