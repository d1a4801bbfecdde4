import { provisionResponse } from '../provisioning/provision-response';
import type { Provisioning } from '../provisioning/provisioning';
import { requestForPatient } from '../provisioning/request-schema';
import type { PublishedCatalogue, PublishedProvisioningScenario } from './published-catalogue';

/** What must happen before a scenario's request provokes its outcome, done now for `request` (`Arrangement` in published-catalogue.ts). */
export async function arrangeScenario(
  scenario: PublishedProvisioningScenario,
  request: PublishedProvisioningScenario['request'],
  deps: { provisioning: Provisioning; clientId: string },
) {
  if (scenario.arrange === 'provision-same-patient-first') await deps.provisioning.provision(request, deps.clientId);
  if (scenario.arrange === 'exhaust-rate-limit') deps.provisioning.exhaustRateLimit(request.ods_code ?? '');
}

/**
 * A catalogue scenario provisioned now, its set-up first, as the given client, answered as
 * POST /provision-account would answer: for trying a patient without a GP system. A claim
 * scenario sends its patient's details as PDS holds them. It calls the domain directly, so it is
 * not GP-system traffic: nothing is journalled and no client's conformance changes. Null when the
 * catalogue has no scenario with that id.
 */
export async function provisionScenarioNow(
  id: string,
  deps: { catalogue: PublishedCatalogue; provisioning: Provisioning; clientId: string },
) {
  const { catalogue, provisioning, clientId } = deps;
  const scenario = catalogue.provisioning.find((s) => s.id === id);
  const claim = catalogue.claims.find((s) => s.id === id);
  const request = scenario?.request ?? (claim ? requestForPatient(claim.patient) : undefined);
  if (!request) return null;
  if (scenario) await arrangeScenario(scenario, request, deps);
  const answer = provisionResponse(await provisioning.provision(request, clientId));
  return { scenario: id, client_id: clientId, request, status: answer.status, response: answer.body };
}
