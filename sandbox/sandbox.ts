import path from 'node:path';
import { Hono } from 'hono';
import { SandboxClock } from './clock/clock';
import type { Config } from './config/config';
import { REAL_TOKEN_URL } from './config/config';
import { Store } from './store/store';
import { ClientRegistry, readClientsFile } from './auth/client-registry';
import { ReplayCache } from './auth/replay-cache';
import { loadOrCreateSigningKey } from './auth/signing-key';
import type { AccessTokenSettings } from './auth/access-token';
import type { AssertionPolicy } from './auth/client-assertion';
import { tokenRoutes } from './auth/routes';
import { adminGuard } from './admin/guard';
import { clockRoutes } from './admin/clock-routes';
import { clientRoutes } from './admin/client-routes';
import { adminError } from './http/admin-errors';

/**
 * The composition root: builds every service from the configuration and wires the HTTP routes.
 * Nothing listens here (see server.ts), so tests can drive `sandbox.app.request()` directly.
 */
export interface Sandbox {
  config: Config;
  app: Hono;
  clock: SandboxClock;
  store: Store;
  clients: ClientRegistry;
  tokens: AccessTokenSettings;
  assertionPolicy: AssertionPolicy;
  /** Moves every URL the sandbox hands out (links, issuer, token audience) to a new base URL. */
  rebase(baseUrl: string): void;
  /** Returns the sandbox to its seeded state. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function createSandbox(config: Config, options: { clock?: SandboxClock } = {}): Promise<Sandbox> {
  const clock = options.clock ?? new SandboxClock();
  const persistent = config.storage === 'file';
  const store = await Store.open(persistent ? { kind: 'file', dir: config.dataDir } : { kind: 'memory' });
  const clients = new ClientRegistry(store, persistent ? await readClientsFile(path.join(config.dataDir, 'clients.json')) : []);
  const replay = new ReplayCache();
  const signingKey = await loadOrCreateSigningKey(persistent ? config.dataDir : null);
  const tokens: AccessTokenSettings = { key: signingKey, clock, issuer: `${config.publicBaseUrl}/`, ttlSeconds: config.accessTokenTtlSeconds };
  const assertionPolicy: AssertionPolicy = {
    audiences: [],
    maxLifetimeSeconds: config.assertionMaxLifetimeSeconds,
    clockToleranceSeconds: config.clockToleranceSeconds,
  };

  const rebase = (baseUrl: string) => {
    config.publicBaseUrl = baseUrl;
    config.tokenUrl = `${baseUrl}/token`;
    tokens.issuer = `${baseUrl}/`;
    assertionPolicy.audiences = config.acceptRealAudience ? [config.tokenUrl, REAL_TOKEN_URL] : [config.tokenUrl];
  };
  rebase(config.publicBaseUrl);

  const reset = async () => {
    await store.clear();
    replay.clear();
    clock.reset();
  };

  const app = new Hono();
  app.route('/', tokenRoutes({ clients, replay, clock, policy: assertionPolicy, tokens, signingKey, bodyLimitBytes: config.bodyLimitBytes }));

  const admin = new Hono();
  admin.use('*', adminGuard(config.adminToken));
  admin.route('/', clockRoutes(clock));
  admin.route('/', clientRoutes(clients, config.bodyLimitBytes));
  admin.post('/reset', async (c) => {
    await reset();
    return c.json({ reset: true, now: new Date(clock.nowMs()).toISOString() });
  });
  app.route('/_sandbox', admin);

  app.get('/_health', (c) => c.json({ status: 'ok' }));
  app.notFound((c) => adminError(c, 404, 'not_found', `no route for ${c.req.method} ${c.req.path}`));
  app.onError((error, c) => {
    // Never a stack trace to the client; the log keeps it for the developer.
    console.error(`[sandbox] ${c.req.method} ${c.req.path} failed:`, error);
    return adminError(c, 500, 'server_error', 'the sandbox failed to handle this request; see its log');
  });

  return {
    config,
    app,
    clock,
    store,
    clients,
    tokens,
    assertionPolicy,
    rebase,
    reset,
    close: () => store.close(),
  };
}
