import path from 'node:path';
import { Hono } from 'hono';
import { demoClient, fixtureClients } from '../fixtures/clients';
import { fixtureAccounts } from '../fixtures/accounts';
import { scenarioPatientList } from '../fixtures/patients';
import { populationPracticeCodes, practices } from '../fixtures/practices';
import { provisioningScenarios } from '../scenarios/catalogue';
import { claimScenarios } from '../scenarios/claim-journeys';
import { usersScenarios } from '../scenarios/users-lookups';
import { conformancePlan } from '../scenarios/conformance-plan';
import packageJson from '../package.json' with { type: 'json' };
import { SandboxClock } from './clock/clock';
import type { Config } from './config/config';
import { REAL_TOKEN_URL } from './config/config';
import { Store } from './store/store';
import { ClientRegistry, readClientsFile, type RegisteredClient } from './auth/client-registry';
import { ReplayCache } from './auth/replay-cache';
import { loadOrCreateSigningKey } from './auth/signing-key';
import type { AccessTokenSettings } from './auth/access-token';
import type { AssertionPolicy } from './auth/client-assertion';
import { tokenRoutes } from './auth/routes';
import { identifier } from './auth/identify';
import { adminGuard } from './admin/guard';
import { clockRoutes } from './admin/clock-routes';
import { clientRoutes } from './admin/client-routes';
import { adminBodyLimit, adminError } from './http/admin-errors';
import { sameOriginForms } from './http/same-origin-forms';
import { allowedHostNames, allowedHosts } from './http/allowed-hosts';
import { terminalSafe } from './text/escape';
import { requestLog } from './http/request-log';
import { describeSpecifications } from './specifications';
import { CAPABILITY_NAMES, TEST_INTERFACE_CONTRACT, TEST_INTERFACE_VERSION, type CapabilityDeclaration } from './test-interface/contract';
import { secureHeaders } from 'hono/secure-headers';
import { Population } from './pds/population';
import { Pds } from './pds/pds';
import { pdsAdminRoutes, pdsRoutes } from './pds/routes';
import { Accounts } from './accounts/accounts';
import { accountAdminRoutes } from './accounts/routes';
import { FaultInjector } from './provisioning/faults';
import { SlidingWindowLimiter } from './provisioning/rate-limiter';
import { Provisioning } from './provisioning/provisioning';
import { provisioningRoutes } from './provisioning/routes';
import { provisioningAdminRoutes } from './provisioning/admin-routes';
import { MailOutbox } from './mail/outbox';
import { accountReminderEmail, confirmationEmail, invitationEmail } from './mail/templates';
import { startMailCapture, type RunningCapture } from './mail/capture/mail-capture';
import { SmsOutbox } from './sms/sms-outbox';
import { smsRoutes } from './sms/routes';
import { RecentRequests } from './http/recent-requests';
import { mailAdminRoutes } from './mail/admin-routes';
import { captureClient } from './mail/capture-client';
import { ClaimJourneys } from './claim/claim-journeys';
import { claimRoutes } from './claim/routes';
import { durationInWords } from './claim/claim-stops';
import { assetRoutes } from './ui/assets';
import { RequestJournal } from './journal/request-journal';
import { journalExchanges } from './journal/record-exchange';
import { USERS_PATH, usersRoutes } from './users/routes';
import { journalRoutes } from './journal/routes';
import { conformanceRoutes } from './conformance/routes';
import { docsRoutes } from './docs/routes';
import { consoleRoutes } from './console/routes';
import type { RuleContext } from './conformance/rules/kit';
import { ConformanceService } from './conformance/conformance-service';
import type { ConformancePlan } from './conformance/plan';
import { catalogueRoutes } from './catalogue/routes';
import { catalogueOutcomeCodes, type PublishedCatalogue } from './catalogue/published-catalogue';
import type { NhsLoginAccount } from './accounts/account';
import type { PatientRecord } from './pds/patient';
import { practiceName, type Practice } from './provisioning/practice';

/**
 * Everything the sandbox is seeded with: the only place where `fixtures/` and `scenarios/` enter
 * the runtime tree. Domain code receives these as arguments and never imports them, so a test or
 * an embedding application can hand in other data.
 */
export interface SeedData {
  practices: readonly Practice[];
  patients: readonly PatientRecord[];
  /** ODS codes the generated population is registered at. */
  populationPracticeCodes: readonly string[];
  accounts: readonly NhsLoginAccount[];
  clients: readonly RegisteredClient[];
  /** The client whose test-only key `npm run token` and the banner point at. */
  demoClient: { clientId: string; privateKeyPath: string };
  catalogue: PublishedCatalogue;
  conformancePlan: ConformancePlan;
}

export const defaultSeed: SeedData = {
  practices,
  patients: scenarioPatientList,
  populationPracticeCodes,
  accounts: fixtureAccounts,
  clients: fixtureClients.map(({ clientId, name, odsCodes, publicJwks, approvedScopes }) => ({
    clientId,
    name,
    odsCodes,
    publicJwks,
    approvedScopes,
    source: 'fixture' as const,
  })),
  demoClient: { clientId: demoClient.clientId, privateKeyPath: demoClient.privateKeyPath },
  catalogue: { provisioning: provisioningScenarios, claims: claimScenarios, users: usersScenarios },
  conformancePlan,
};

/**
 * The composition root: builds every service from the configuration and wires the HTTP routes.
 * The main app does not listen here (see server.ts), so tests can drive `sandbox.app.request()`;
 * the embedded mail capture, which is its own server, does start here.
 */
export interface Sandbox {
  config: Config;
  seed: SeedData;
  app: Hono;
  clock: SandboxClock;
  store: Store;
  clients: ClientRegistry;
  pds: Pds;
  accounts: Accounts;
  provisioning: Provisioning;
  claims: ClaimJourneys;
  journal: RequestJournal;
  conformance: ConformanceService;
  faults: FaultInjector;
  mail: MailOutbox;
  sms: SmsOutbox;
  /** The embedded capture, or null when MAIL_CAPTURE=external. */
  capture: RunningCapture | null;
  /** Where captured mail can be read through the Mailpit API. */
  mailpitUrl: string;
  tokens: AccessTokenSettings;
  assertionPolicy: AssertionPolicy;
  /** Moves every URL the sandbox hands out (links, issuer, token audience) to a new base URL. */
  rebase(baseUrl: string): void;
  /** Returns the sandbox to its seeded state. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function createSandbox(config: Config, options: { clock?: SandboxClock; seed?: SeedData } = {}): Promise<Sandbox> {
  const clock = options.clock ?? new SandboxClock();
  const seed = options.seed ?? defaultSeed;
  const practiceDirectory = new Map(seed.practices.map((practice) => [practice.odsCode, practice]));
  const persistent = config.storage === 'file';
  const store = await Store.open(persistent ? { kind: 'file', dir: config.dataDir } : { kind: 'memory' });
  const clients = new ClientRegistry(
    store,
    seed.clients,
    persistent ? await readClientsFile(path.join(config.dataDir, 'clients.json')) : [],
  );
  const replay = new ReplayCache();
  const pds = new Pds(
    store,
    new Population(config.seed, config.populationSize, { patients: seed.patients, practiceCodes: seed.populationPracticeCodes }),
  );
  const accounts = new Accounts(store, seed.accounts);
  const signingKey = await loadOrCreateSigningKey(persistent ? config.dataDir : null);
  const tokens: AccessTokenSettings = {
    key: signingKey,
    clock,
    issuer: `${config.publicBaseUrl}/`,
    ttlSeconds: config.accessTokenTtlSeconds,
  };
  const assertionPolicy: AssertionPolicy = {
    audiences: [],
    maxLifetimeSeconds: config.assertionMaxLifetimeSeconds,
    clockToleranceSeconds: config.clockToleranceSeconds,
  };

  const hostNames = allowedHostNames({ bindHost: config.host, publicBaseUrl: config.publicBaseUrl, extra: config.allowedHosts });
  const capture =
    config.mailCapture === 'embedded'
      ? await startMailCapture({
          guards: [allowedHosts(hostNames), adminGuard(config.adminToken)],
          headersTimeoutMs: config.headersTimeoutSeconds * 1000,
          host: config.host,
          smtpPort: config.smtpPort,
          httpPort: config.mailpitPort,
          maxMessages: config.mailMaxMessages,
          maxBytes: config.mailMaxBytes,
          dataDir: persistent ? config.dataDir : null,
          store,
          clock,
        })
      : null;
  const mail = new MailOutbox({ host: config.smtpHost, port: capture?.smtpPort ?? config.smtpPort });
  const mailpitUrl = capture ? config.mailpitUrl.replace(/:\d+$/, `:${capture.httpPort}`) : config.mailpitUrl;
  const captured = captureClient(mailpitUrl, capture ? config.adminToken : undefined);
  const sms = new SmsOutbox(store, clock);
  const journal = await RequestJournal.open({
    dir: persistent ? config.dataDir : null,
    maxEntries: config.journalMaxEntries,
    maxBytes: config.journalMaxBytes,
  });
  const faults = new FaultInjector();
  const limiter = new SlidingWindowLimiter();
  const provisioning = new Provisioning({
    config,
    clock,
    store,
    pds,
    accounts,
    clients,
    practices: practiceDirectory,
    limiter,
    faults,
    sendInvitation: ({ record, claimToken, patient }) =>
      config.sendEmail &&
      mail.send(
        invitationEmail({
          patient,
          to: record.email,
          outcome: record.outcome,
          link: `${config.publicBaseUrl}/claim/${claimToken}`,
          validFor: durationInWords(config.invitationTtlDays * 86_400),
          practiceName: practiceName(practiceDirectory, record.odsCode),
          provisioningId: record.id,
        }),
      ),
    sendAccountReminder: (account, patient) => config.sendEmail && mail.send(accountReminderEmail({ to: account.email, patient })),
  });

  const claims = new ClaimJourneys({
    config,
    practices: practiceDirectory,
    clock,
    store,
    pds,
    accounts,
    provisioning,
    sms,
    sendConfirmation: (invitation) => {
      const patient = pds.get(invitation.nhsNumber);
      if (patient && config.sendEmail) mail.send(confirmationEmail({ to: invitation.email, provisioningId: invitation.id }));
    },
  });

  const rebase = (baseUrl: string) => {
    config.publicBaseUrl = baseUrl;
    config.tokenUrl = `${baseUrl}/token`;
    tokens.issuer = `${baseUrl}/`;
    assertionPolicy.audiences = config.acceptRealAudience ? [config.tokenUrl, REAL_TOKEN_URL] : [config.tokenUrl];
  };
  rebase(config.publicBaseUrl);

  const reset = async () => {
    await mail.drain();
    await store.clear();
    await capture?.mailbox.forgetAll();
    replay.clear();
    limiter.clear();
    faults.clear();
    clock.reset();
  };

  const ruleContext = (): RuleContext => ({
    tokenUrls: assertionPolicy.audiences,
    maxAssertionLifetimeSeconds: config.assertionMaxLifetimeSeconds,
    clockToleranceSeconds: config.clockToleranceSeconds,
    odsCodeRule: config.odsCodeRule,
    nowMs: clock.real.nowMs(),
    catalogueCodes: catalogueOutcomeCodes(seed.catalogue),
  });
  const conformance = new ConformanceService({
    journal,
    clients,
    plan: seed.conformancePlan,
    ruleContext,
    about: () => ({
      toolVersion: packageJson.version,
      specifications: describeSpecifications(),
      sandboxNowMs: clock.nowMs(),
      configuration: {
        token_urls: assertionPolicy.audiences,
        assertion_max_lifetime_s: config.assertionMaxLifetimeSeconds,
        clock_tolerance_s: config.clockToleranceSeconds,
        access_token_ttl_s: config.accessTokenTtlSeconds,
        ods_code_rule: config.odsCodeRule,
        rate_limit: `${config.rateLimitPerOds} per ${config.rateLimitWindowSeconds} s per ODS code`,
        unavailable_retry_after_s: config.unavailableRetryAfterSeconds,
        invitation_ttl_days: config.invitationTtlDays,
        sandbox_clock_offset_s: clock.offsetMs / 1000,
      },
    }),
  });

  const app = new Hono();
  const recentRequests = new RecentRequests();
  app.use(requestLog(config.log, (line) => recentRequests.add(line)));
  app.use(allowedHosts(hostNames));
  // hono's secure headers on every answer: nosniff, no-referrer, never framed (console, docs and
  // reports included). Routes that set their own (the claim pages' CSP) keep theirs. No HSTS: the
  // sandbox shares 127.0.0.1 with a developer's other plain-HTTP servers, which HSTS would break.
  app.use(
    secureHeaders({
      strictTransportSecurity: false,
      xFrameOptions: 'DENY',
      contentSecurityPolicy: { frameAncestors: ["'none'"] },
      overwrite: false,
    }),
  );
  // Browsers on other sites may not change the sandbox (claim forms also carry a CSRF token).
  for (const path of ['/_sandbox/*', '/console/*', '/claim/*']) app.use(path, sameOriginForms());
  app.use('/console/*', adminBodyLimit(config.bodyLimitBytes));
  // Every exchange with the specified endpoints is journalled for the conformance checker.
  const journalDeps = { journal, clock, identify: identifier(clients, signingKey), bodyLimitBytes: config.bodyLimitBytes };
  app.use('/token', journalExchanges('token', journalDeps));
  app.use('/provision-account', journalExchanges('provision', journalDeps));
  app.use(USERS_PATH, journalExchanges('users', journalDeps));
  app.route('/', pdsRoutes(pds));
  app.route(
    '/',
    tokenRoutes({
      clients,
      replay,
      realClock: clock.real,
      policy: assertionPolicy,
      tokens,
      signingKey,
      bodyLimitBytes: config.bodyLimitBytes,
    }),
  );
  app.route(
    '/',
    provisioningRoutes(provisioning, {
      tokens,
      bodyLimitBytes: config.bodyLimitBytes,
      unavailableRetryAfterSeconds: config.unavailableRetryAfterSeconds,
    }),
  );
  app.route('/', usersRoutes({ tokens, clients, accounts, pds }));
  app.route(
    '/',
    claimRoutes(claims, {
      secureCookies: config.secure,
      bodyLimitBytes: config.bodyLimitBytes,
      codeLifetime: durationInWords(config.claimCodeTtlSeconds),
      stopDurations: {
        lockout: durationInWords(config.claimLockoutSeconds),
        inactivity: durationInWords(config.claimInactivitySeconds),
        invitationLifetime: durationInWords(config.invitationTtlDays * 86_400),
      },
    }),
  );
  app.route('/', assetRoutes());
  app.route('/', docsRoutes(config, seed.catalogue));
  app.route(
    '/',
    consoleRoutes({
      baseUrl: () => config.publicBaseUrl,
      mailpitUrl,
      captured,
      recentRequests,
      demoClientId: seed.demoClient.clientId,
      pds,
      accounts,
      provisioning,
      sms,
      journal,
      clock,
      faults,
      conformance,
      catalogue: seed.catalogue,
      adminToken: config.adminToken,
      secureCookies: config.secure,
    }),
  );

  const admin = new Hono();
  admin.use('*', adminGuard(config.adminToken), adminBodyLimit(config.bodyLimitBytes));
  admin.route('/', clockRoutes(clock));
  admin.route('/', clientRoutes(clients));
  admin.route('/', pdsAdminRoutes(pds, store));
  admin.route('/', accountAdminRoutes(accounts, store, clock));
  admin.route('/', provisioningAdminRoutes(provisioning, faults));
  admin.route('/', catalogueRoutes(seed.catalogue, { provisioning, clientId: seed.demoClient.clientId }));
  admin.route('/', smsRoutes(sms));
  admin.route('/', mailAdminRoutes(captured));
  admin.route('/', journalRoutes(journal));
  admin.route(
    '/',
    conformanceRoutes(conformance, () => config.accessTokenTtlSeconds),
  );
  admin.get('/test-interface', (c) =>
    c.json({
      contract: TEST_INTERFACE_CONTRACT,
      version: TEST_INTERFACE_VERSION,
      capabilities: CAPABILITY_NAMES,
      mailpit_url: mailpitUrl,
    } satisfies CapabilityDeclaration),
  );
  admin.post('/reset', async (c) => {
    await reset();
    return c.json({ reset: true, now: new Date(clock.nowMs()).toISOString() });
  });
  // TEST_INTERFACE=off: only what the specifications define, as another implementation would be.
  if (config.testInterface === 'on') app.route('/_sandbox', admin);

  app.get('/_health', (c) => c.json({ status: 'ok' }));
  app.notFound((c) => adminError(c, 404, 'not_found', `no route for ${c.req.method} ${c.req.path}`));
  app.onError((error, c) => {
    // Never a stack trace to the client; the log keeps it for the developer.
    console.error(`[sandbox] ${c.req.method} ${terminalSafe(c.req.path)} failed:`, error);
    return adminError(c, 500, 'server_error', 'the sandbox failed to handle this request; see its log');
  });

  return {
    config,
    seed,
    app,
    clock,
    store,
    clients,
    pds,
    accounts,
    provisioning,
    claims,
    journal,
    conformance,
    faults,
    mail,
    sms,
    capture,
    mailpitUrl,
    tokens,
    assertionPolicy,
    rebase,
    reset,
    close: async () => {
      await mail.drain();
      mail.close();
      await capture?.close();
      await journal.close();
      await store.close();
    },
  };
}
