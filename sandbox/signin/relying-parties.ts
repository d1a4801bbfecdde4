import type { RegisteredClient } from '../auth/client-registry';
import type { RelyingParty } from './authorization-request';

/**
 * A registered client seen as a relying party: the same registry, keys and RS512 checks serve GP
 * systems and the services people sign in to. IM1 approval (for `gp_integration_credentials`) is
 * the approval Users Endpoint V2 already records: the client is approved for that scope.
 */
export const relyingParty = (client: RegisteredClient): RelyingParty => ({
  clientId: client.clientId,
  name: client.name,
  redirectUris: client.redirectUris ?? [],
  im1Approved: client.approvedScopes.includes('gp_integration_credentials'),
});
