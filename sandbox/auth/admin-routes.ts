import { Hono } from 'hono';
import {
  ApprovedScopesChange,
  ClientRegistration,
  ClientRegistryError,
  type ClientRegistry,
  type RegisteredClient,
} from './client-registry';
import { adminError } from '../http/admin-errors';
import { getOne, withAdminInput } from '../http/admin-handlers';
import { admin, adminCollection, pathParam, type PathItems } from '../http/openapi';

/** Register your own GP system: public key in, client id out. */
export function clientAdminRoutes(clients: ClientRegistry) {
  const view = (client: RegisteredClient) => ({
    client_id: client.clientId,
    name: client.name,
    ods_codes: client.odsCodes,
    jwks: { keys: client.publicJwks },
    approved_scopes: client.approvedScopes,
    redirect_uris: client.redirectUris ?? [],
    source: client.source,
  });
  return new Hono()
    .get('/clients', (c) => c.json({ clients: clients.list().map(view) }))
    .get(
      '/clients/:clientId',
      getOne('clientId', (clientId) => clients.get(clientId), view, 'client'),
    )
    .post(
      '/clients',
      withAdminInput(ClientRegistration, async (c, input) => {
        try {
          return c.json(view(await clients.register(input)), 201);
        } catch (error) {
          if (error instanceof ClientRegistryError)
            return adminError(c, error.kind === 'duplicate' ? 409 : 400, 'invalid_client_registration', error.message);
          throw error;
        }
      }),
    )
    .put(
      '/clients/:clientId/approved-scopes',
      withAdminInput(ApprovedScopesChange, async (c, input) => {
        const clientId = c.req.param('clientId') ?? '';
        const client = await clients.approveScopes(clientId, input.approved_scopes);
        return client ? c.json(view(client)) : adminError(c, 404, 'not_found', `no client ${clientId}`);
      }),
    );
}

export const clientAdminPaths = (): PathItems => ({
  '/clients': adminCollection('client', ClientRegistration, 'Registered GP systems', 'Register a GP system (public key in, client id out)'),
  '/clients/{clientId}': {
    get: admin('One client', { parameters: [pathParam('clientId')], answers: { '200': 'the client' }, errors: [404] }),
  },
  '/clients/{clientId}/approved-scopes': {
    put: admin('Change the Users Endpoint V2 scopes a client is approved for (tokens already issued are re-judged on use)', {
      parameters: [pathParam('clientId')],
      body: ApprovedScopesChange,
      answers: { '200': 'the client' },
      errors: [400, 404],
    }),
  },
});
