import { provisionResponse } from '../provisioning/provision-response';
import type { Provisioning } from '../provisioning/provisioning';
import { requestForPatient } from '../provisioning/request-schema';
import type { PublishedCatalogue } from './published-catalogue';

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
  if (scenario?.arrange === 'provision-same-patient-first') await provisioning.provision(request, clientId);
  if (scenario?.arrange === 'exhaust-rate-limit') provisioning.exhaustRateLimit(request.ods_code ?? '');
  const answer = provisionResponse(await provisioning.provision(request, clientId));
  return { scenario: id, client_id: clientId, request, status: answer.status, response: answer.body };
}
