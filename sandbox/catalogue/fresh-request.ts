import type { Provisioning } from '../provisioning/provisioning';
import type { Store } from '../store/store';
import { copyPatientAfresh, newCopyTag, type PatientCopyDeps } from './patient-copy';
import { arrangeScenario } from './provision-scenario';
import type { PublishedCatalogue } from './published-catalogue';

/**
 * A provisioning scenario's request for a patient nobody has used yet: the scenario's patient
 * copied afresh (patient-copy.ts), its set-up done for the copy, and the request body to send.
 * Sending it provokes the scenario's outcome however often it is asked for, so a walk-through
 * (the README's quick start) can be repeated on one running sandbox. A scenario whose patient PDS
 * does not hold (a malformed request) gets its own request back. Null for an unknown scenario.
 */
export async function freshScenarioRequest(
  id: string,
  deps: PatientCopyDeps & { catalogue: PublishedCatalogue; provisioning: Provisioning; store: Store; clientId: string },
) {
  const scenario = deps.catalogue.provisioning.find((s) => s.id === id);
  if (!scenario) return null;
  const nhsNumber = scenario.request.nhs_number;
  const tag = newCopyTag();
  const copy =
    nhsNumber === undefined ? undefined : await deps.store.transact(() => copyPatientAfresh(deps, nhsNumber, scenario.request, tag));
  const request = copy?.request ?? scenario.request;
  await arrangeScenario(scenario, request, deps);
  return request;
}
