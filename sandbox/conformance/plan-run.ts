import type { Store } from '../store/store';
import { copyPatientAfresh, newCopyTag, type PatientCopyDeps } from '../catalogue/patient-copy';
import type { ConformancePlan, PlanStep } from './plan';

/**
 * A plan run's own patients: each step's patient copied afresh (catalogue/patient-copy.ts) with the
 * same situation around it, so a second run on the same sandbox meets the same situations instead
 * of the first run's pending invitations, and a GP system that rightly remembers "this patient
 * already has a P9 login" is not punished for it.
 */
export interface PlanRunDeps extends PatientCopyDeps {
  store: Store;
}

export async function arrangePlanRun(deps: PlanRunDeps, plan: ConformancePlan): Promise<ConformancePlan & { run: string }> {
  const run = newCopyTag();
  const steps = await deps.store.transact(() => plan.steps.map((step) => personalise(deps, step, run)));
  return { ...plan, run, steps };
}

function personalise(deps: PatientCopyDeps, step: PlanStep, run: string): PlanStep {
  const copy = copyPatientAfresh(deps, step.patient.nhsNumber, step.request, run);
  return copy ? { ...step, patient: { ...step.patient, nhsNumber: copy.nhsNumber }, request: copy.request } : step;
}
