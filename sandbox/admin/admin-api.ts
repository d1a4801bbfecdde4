// The test interface: everything mounted under /_sandbox, in one list. Each domain keeps its own
// admin routes in its folder (`<domain>/admin-routes.ts`, beside `public-routes.ts` for what the
// specifications define, and each with the OpenAPI description of its paths); this file only guards
// and mounts them, and gathers their descriptions. TEST_INTERFACE=off leaves it out.
import { Hono } from 'hono';
import * as z from 'zod';
import type { MailpitClient } from 'mailpit-api';
import { accountAdminPaths, accountAdminRoutes } from '../accounts/admin-routes';
import type { Accounts } from '../accounts/accounts';
import { clientAdminPaths, clientAdminRoutes } from '../auth/admin-routes';
import type { ClientRegistry } from '../auth/client-registry';
import { catalogueAdminPaths, catalogueAdminRoutes } from '../catalogue/admin-routes';
import type { PublishedCatalogue } from '../catalogue/published-catalogue';
import { clockAdminPaths, clockAdminRoutes } from '../clock/admin-routes';
import type { SandboxClock } from '../clock/clock';
import { conformanceAdminPaths, conformanceAdminRoutes } from '../conformance/admin-routes';
import { arrangePlanRun } from '../conformance/plan-run';
import type { ConformanceService } from '../conformance/conformance-service';
import { adminBodyLimit, readAdminInput } from '../http/admin-errors';
import { readTextWithin } from '../http/json-body';
import { admin as adminOperation, type PathItems } from '../http/openapi';
import { journalAdminPaths, journalAdminRoutes } from '../journal/admin-routes';
import type { RequestJournal } from '../journal/request-journal';
import { journalTestInterface } from '../journal/test-interface-action';
import { mailAdminPaths, mailAdminRoutes } from '../mail/admin-routes';
import { pdsAdminPaths, pdsAdminRoutes } from '../pds/admin-routes';
import type { Pds } from '../pds/pds';
import { provisioningAdminPaths, provisioningAdminRoutes } from '../provisioning/admin-routes';
import type { FaultInjector } from '../provisioning/faults';
import type { Provisioning } from '../provisioning/provisioning';
import { signInAdminPaths, signInAdminRoutes } from '../signin/admin-routes';
import type { SignInFaults } from '../signin/sign-in-faults';
import type { SignInRecords } from '../signin/sign-in-sessions';
import { signInSessionAdminPaths, signInSessionAdminRoutes } from '../signin/session-admin-routes';
import { smsAdminPaths, smsAdminRoutes } from '../sms/admin-routes';
import type { SmsOutbox } from '../sms/sms-outbox';
import type { Store } from '../store/store';
import { testDataAdminPaths, testDataAdminRoutes } from '../test-data/admin-routes';
import { CAPABILITY_NAMES, TEST_INTERFACE_CONTRACT, TEST_INTERFACE_VERSION, type CapabilityDeclaration } from '../test-interface/contract';
import { adminGuard } from './guard';
import { demoTokenAdminPaths, demoTokenAdminRoutes } from '../auth/demo-token';
import type { AccessTokenSettings } from '../auth/access-token';

/** `POST /_sandbox/reset` options: `{"clients": true}` also forgets the clients registered through the API. */
export const ResetOptions = z.object({ clients: z.boolean().optional() }).strict();

/** Where the test interface is mounted. */
export const ADMIN_PREFIX = '/_sandbox';

/** The sandbox's services the test interface changes and reads (the Sandbox has them all). */
export interface AdministeredServices {
  clock: SandboxClock;
  store: Store;
  clients: ClientRegistry;
  pds: Pds;
  accounts: Accounts;
  provisioning: Provisioning;
  faults: FaultInjector;
  /** Signing in: its faults for relying parties, and its sessions. */
  signIn: { faults: SignInFaults; signIn: { records: SignInRecords } };
  sms: SmsOutbox;
  journal: RequestJournal;
  conformance: ConformanceService;
  /** Where captured mail can be read through the Mailpit API. */
  mailpitUrl: string;
  /** Returns the sandbox to its seeded state; API-registered clients are kept unless `clients` is true. */
  reset(options?: { clients?: boolean }): Promise<void>;
}

export interface AdminApiDeps extends AdministeredServices {
  adminToken: string | undefined;
  bodyLimitBytes: number;
  accessTokenTtlSeconds: () => number;
  demoClientId: string;
  /** How access tokens are issued: the demo token is one. */
  tokens: AccessTokenSettings;
  catalogue: PublishedCatalogue;
  captured: MailpitClient;
}

export function adminApi(deps: AdminApiDeps) {
  const admin = new Hono();
  admin.use('*', adminGuard(deps.adminToken), adminBodyLimit(deps.bodyLimitBytes));
  // Every change made here is journalled with its caller: a verdict that depends on time shows who moved the clock.
  admin.use('*', journalTestInterface(deps.journal, deps.clock, ADMIN_PREFIX));
  admin.route('/', clockAdminRoutes(deps.clock));
  admin.route('/', clientAdminRoutes(deps.clients));
  admin.route('/', demoTokenAdminRoutes({ tokens: deps.tokens, demoClientId: deps.demoClientId }));
  admin.route('/', pdsAdminRoutes(deps.pds, deps.store));
  admin.route('/', accountAdminRoutes(deps.accounts, deps.store, deps.clock));
  admin.route('/', provisioningAdminRoutes(deps.provisioning, deps.faults));
  admin.route(
    '/',
    catalogueAdminRoutes(deps.catalogue, {
      provisioning: deps.provisioning,
      clientId: deps.demoClientId,
      pds: deps.pds,
      accounts: deps.accounts,
      store: deps.store,
      clock: deps.clock,
    }),
  );
  admin.route('/', smsAdminRoutes(deps.sms));
  admin.route('/', signInAdminRoutes(deps.signIn.faults));
  admin.route('/', testDataAdminRoutes(deps));
  admin.route(
    '/',
    signInSessionAdminRoutes({ records: deps.signIn.signIn.records, accounts: deps.accounts, store: deps.store, clock: deps.clock }),
  );
  admin.route('/', mailAdminRoutes(deps.captured));
  admin.route('/', journalAdminRoutes(deps.journal));
  admin.route(
    '/',
    conformanceAdminRoutes(deps.conformance, deps.accessTokenTtlSeconds, (plan) =>
      arrangePlanRun({ pds: deps.pds, accounts: deps.accounts, store: deps.store, clock: deps.clock }, plan),
    ),
  );
  admin.get('/test-interface', (c) =>
    c.json({
      contract: TEST_INTERFACE_CONTRACT,
      version: TEST_INTERFACE_VERSION,
      capabilities: CAPABILITY_NAMES,
      mailpit_url: deps.mailpitUrl,
    } satisfies CapabilityDeclaration),
  );
  admin.post('/reset', async (c) => {
    // An empty body resets everything but API-registered clients; {"clients": true} forgets those too.
    const read =
      ((await readTextWithin(c, Number.POSITIVE_INFINITY)) ?? '').trim() === ''
        ? ({ ok: true, input: {} } as const)
        : await readAdminInput(c, ResetOptions);
    if (!read.ok) return read.response;
    const options: z.infer<typeof ResetOptions> = read.input;
    await deps.reset(options);
    return c.json({ reset: true, clients_kept: !options.clients, now: new Date(deps.clock.nowMs()).toISOString() });
  });
  return admin;
}

/** The test interface's OpenAPI paths, in the order it is mounted. */
export const adminPaths = (): PathItems =>
  Object.fromEntries(
    Object.entries({
      ...clockAdminPaths(),
      '/test-interface': {
        get: adminOperation(
          'The test-interface contract this target implements: version and capabilities (absent with TEST_INTERFACE=off)',
          {
            answers: { '200': 'contract, version, capabilities, mailpit_url' },
          },
        ),
      },
      '/reset': {
        post: adminOperation(
          'Back to the seeded state (the journal and API-registered clients are kept; {"clients": true} forgets the clients)',
          {
            body: ResetOptions,
            answers: { '200': 'reset' },
          },
        ),
      },
      ...clientAdminPaths(),
      ...demoTokenAdminPaths(),
      ...pdsAdminPaths(),
      ...accountAdminPaths(),
      ...provisioningAdminPaths(),
      ...catalogueAdminPaths(),
      ...smsAdminPaths(),
      ...signInAdminPaths(),
      ...testDataAdminPaths(),
      ...signInSessionAdminPaths(),
      ...mailAdminPaths(),
      ...journalAdminPaths(),
      ...conformanceAdminPaths(),
    }).map(([path, item]) => [`${ADMIN_PREFIX}${path}`, item]),
  );
