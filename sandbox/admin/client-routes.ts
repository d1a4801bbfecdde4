import { Hono } from 'hono';
import { ClientRegistration, ClientRegistryError, type ClientRegistry, type RegisteredClient } from '../auth/client-registry';
import { readJsonObject } from '../http/json-body';
import { adminError, describeIssues } from '../http/admin-errors';

/** Register your own GP system: public key in, client id out. */
export function clientRoutes(clients: ClientRegistry, bodyLimitBytes: number) {
  const view = (client: RegisteredClient) => ({
    client_id: client.clientId,
    name: client.name,
    ods_codes: client.odsCodes,
    jwks: { keys: client.publicJwks },
    source: client.source,
  });
  return new Hono()
    .get('/clients', (c) => c.json({ clients: clients.list().map(view) }))
    .get('/clients/:clientId', (c) => {
      const client = clients.get(c.req.param('clientId'));
      return client ? c.json(view(client)) : adminError(c, 404, 'not_found', `no client ${c.req.param('clientId')}`);
    })
    .post('/clients', async (c) => {
      const body = await readJsonObject(c, bodyLimitBytes);
      if (!body.ok) return adminError(c, body.status, 'invalid_request', body.description);
      const input = ClientRegistration.safeParse(body.value);
      if (!input.success) return adminError(c, 400, 'invalid_request', describeIssues(input.error));
      try {
        return c.json(view(await clients.register(input.data)), 201);
      } catch (error) {
        if (error instanceof ClientRegistryError) return adminError(c, error.kind === 'duplicate' ? 409 : 400, 'invalid_client_registration', error.message);
        throw error;
      }
    });
}
