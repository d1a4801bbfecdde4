// The composition root: builds every service from the configuration and the seed (seed.ts), and
// wires the HTTP routes: the public ones here, the test interface through admin/admin-api.ts.
// The main app does not listen here (see server.ts), so tests can drive `sandbox.app.request()`;
// the embedded mail capture, which is its own server, does start here.
import path from 'node:path';
import { Hono } from 'hono';
import packageJson from '../package.json' with { type: 'json' };
import { Accounts } from './accounts/accounts';
import { adminApi, ADMIN_PREFIX, type AdministeredServices } from './admin/admin-api';
import { adminGuard } from './admin/guard';
import type { AccessTokenSettings } from './auth/access-token';
import type { AssertionPolicy } from './auth/client-assertion';
import { ClientRegistry, readClientsFile } from './auth/client-registry';
import { identifier } from './auth/identify';
import { TOKEN_PATH, tokenRoutes } from './auth/public-routes';
import { ReplayCache } from './auth/replay-cache';
import { loadOrCreateSigningKey, type SigningKey } from './auth/signing-key';
import { catalogueOutcomeCodes } from './catalogue/published-catalogue';
import { redactPath } from './text/redact';
import { loadOrCreateLinkageKey } from './users/linkage-key';
import { GpLinkages } from './users/gp-linkages';
import { ClaimJourneys } from './claim/claim-journeys';
import { claimRoutes } from './claim/public-routes';
import { SandboxClock } from './clock/clock';
import { REAL_TOKEN_URL, type Config } from './config/config';
import { ConformanceService } from './conformance/conformance-service';
import { reportAbout } from './conformance/report-about';
import { signPack } from './conformance/signed-pack';
import { consoleRoutes } from './console/public-routes';
import { docsRoutes } from './docs/public-routes';
import { adminBodyLimit, adminError } from './http/admin-errors';
import { allowedHostNames, allowedHosts } from './http/allowed-hosts';
import { RecentRequests } from './http/recent-requests';
import { requestLog } from './http/request-log';
import { sameOriginForms } from './http/same-origin-forms';
import { securityHeaders } from './http/security-headers';
import { journalExchanges } from './journal/record-exchange';
import { checkpointSigner, RequestJournal } from './journal/request-journal';
import { readJournal, type JournalFileRead } from './journal/journal-file';
import { publicKeyOf, signCompactOffThread, verifyCompact } from './auth/jws';
import { captureClient } from './mail/capture-client';
import { startMailCapture, type RunningCapture } from './mail/capture/mail-capture';
import { mailers } from './mail/mailers';
import { IN_PROCESS_AT_ONCE, inProcessDelivery, smtpDelivery } from './mail/delivery';
import { DEFAULT_OUTBOX_OPTIONS, MailOutbox } from './mail/outbox';
import { Pds } from './pds/pds';
import { Population } from './pds/population';
import { pdsRoutes } from './pds/public-routes';
import { FaultInjector } from './provisioning/faults';
import { Provisioning } from './provisioning/provisioning';
import { PROVISION_PATHS, provisioningRoutes } from './provisioning/public-routes';
import { SlidingWindowLimiter } from './provisioning/rate-limiter';
import { seedFor, type SeedData } from './seed';
import { SmsOutbox } from './sms/sms-outbox';
import { Store } from './store/store';
import { durationInWords } from './text/durations';
import { terminalSafe } from './text/escape';
import { assetRoutes } from './ui/assets';
import { USERS_PATH, usersRoutes } from './users/public-routes';
import { signInModule, type SignInModule } from './signin/sign-in-module';
import { standsInFor } from './test-data/environments';
import { signInPublicRoutes } from './signin/public-routes';

export interface Sandbox extends AdministeredServices {
  config: Config;
  seed: SeedData;
  app: Hono;
  claims: ClaimJourneys;
  /** Signing in with NHS login (OpenID Connect): sandbox/signin. */
  signIn: SignInModule;
  mail: MailOutbox;
  /** The embedded capture, or null when MAIL_CAPTURE=external. */
  capture: RunningCapture | null;
  tokens: AccessTokenSettings;
  assertionPolicy: AssertionPolicy;
  /** Moves every URL the sandbox hands out (links, issuer, token audience) to a new base URL. */
  rebase(baseUrl: string): void;
  close(): Promise<void>;
}

export interface CreateSandboxOptions {
  clock?: SandboxClock;
  seed?: SeedData;
  /** The signing key, when the caller began loading (or generating) it earlier (serve.ts). */
  signingKey?: Promise<SigningKey>;
  /** The data folder's store snapshot, when the caller began reading it earlier (serve.ts, readStoreSnapshot). */
  storeSnapshot?: Promise<Buffer | null>;
  /** The read of the data folder's journal, when the caller began it earlier (serve.ts, readJournal). */
  journalRead?: Promise<JournalFileRead>;
  /**
   * Generate the patients provisioning requests name on a thread of their own (population.ts,
   * `prepare`): the sandbox's own process does (serve.ts); a process that embeds sandboxes, such as a
   * test run, generates them on its main thread.
   */
  patientGeneratorThread?: boolean;
}

export async function createSandbox(config: Config, options: CreateSandboxOptions = {}): Promise<Sandbox> {
  const clock = options.clock ?? new SandboxClock();
  const seed = options.seed ?? seedFor(config.testData);
  const practiceDirectory = new Map(seed.practices.map((practice) => [practice.odsCode, practice]));
  const persistent = config.storage === 'file';
  const store = await Store.open(persistent ? { kind: 'file', dir: config.dataDir } : { kind: 'memory' }, options.storeSnapshot);
  const clients = new ClientRegistry(
    store,
    seed.clients,
    persistent ? await readClientsFile(path.join(config.dataDir, 'clients.json')) : [],
  );
  const replay = new ReplayCache();
  const pds = new Pds(
    store,
    new Population(
      config.seed,
      config.populationSize,
      { patients: seed.patients, practiceCodes: seed.populationPracticeCodes },
      { generatorThread: options.patientGeneratorThread ?? false },
    ),
  );
  const accounts = new Accounts(
    store,
    seed.accounts,
    new GpLinkages(await loadOrCreateLinkageKey(persistent ? config.dataDir : null), seed.gpLinkages),
  );
  const signingKey = await (options.signingKey ?? loadOrCreateSigningKey(persistent ? config.dataDir : null));
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
  // Embedded capture: handed over in process; an external Mailpit: a pooled SMTP transport.
  const outboxOptions = {
    ...DEFAULT_OUTBOX_OPTIONS,
    capacity: config.mailQueueMax,
    ...(capture ? { concurrency: IN_PROCESS_AT_ONCE } : {}),
  };
  const delivery = capture
    ? inProcessDelivery(capture.acceptComposed)
    : smtpDelivery({ host: config.smtpHost, port: config.smtpPort }, outboxOptions.concurrency);
  const mail = new MailOutbox(store, delivery, clock.real, outboxOptions);
  const mailpitUrl = capture ? config.mailpitUrl.replace(/:\d+$/, `:${capture.httpPort}`) : config.mailpitUrl;
  const captured = captureClient(mailpitUrl, capture ? config.adminToken : undefined);
  const sms = new SmsOutbox(store, clock);
  const journal = await RequestJournal.open({
    dir: persistent ? config.dataDir : null,
    maxEntries: config.journalMaxEntries,
    maxBytes: config.journalMaxBytes,
    ...(persistent ? { read: options.journalRead ?? readJournal(config.dataDir) } : {}),
    // The journal's chain head is checkpointed under the sandbox's own signature (docs/conformance.md, "Trust model").
    signer: checkpointSigner(
      (payload) => signCompactOffThread(payload, signingKey, 'journal-checkpoint+jwt'),
      verifyCompact,
      publicKeyOf(signingKey),
    ),
  });
  const send = mailers({ config, mail, practices: practiceDirectory, patient: (nhsNumber) => pds.get(nhsNumber) });
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
    sendInvitation: send.sendInvitation,
    sendAccountReminder: send.sendAccountReminder,
    mailQueueHasRoom: send.mailQueueHasRoom,
  });

  const claims = new ClaimJourneys({
    config,
    clock,
    store,
    pds,
    accounts,
    provisioning,
    sms,
    sendConfirmation: send.sendConfirmation,
  });

  const signIn = signInModule({ config, store, clock, clients, accounts, pds, sms, tokens });

  const rebase = (baseUrl: string) => {
    config.publicBaseUrl = baseUrl;
    config.tokenUrl = `${baseUrl}${TOKEN_PATH}`;
    tokens.issuer = `${baseUrl}/`;
    assertionPolicy.audiences = config.acceptRealAudience ? [config.tokenUrl, REAL_TOKEN_URL] : [config.tokenUrl];
  };
  rebase(config.publicBaseUrl);

  // API-registered clients survive a reset unless it asks for them to go ({"clients": true}).
  const reset = async (options: { clients?: boolean } = {}) => {
    await mail.drain();
    const keptClients = options.clients ? null : clients.registeredAtRunTime();
    await store.clear();
    mail.forgetAll();
    if (keptClients) await clients.restoreRegistered(keptClients);
    await capture?.mailbox.forgetAll();
    replay.clear();
    limiter.clear();
    faults.clear();
    signIn.faults.clear();
    clock.reset();
  };

  const conformance = new ConformanceService({
    journal,
    clients,
    plan: seed.conformancePlan,
    ...reportAbout({
      config,
      clock,
      assertionPolicy,
      catalogueCodes: catalogueOutcomeCodes(seed.catalogue),
      toolVersion: packageJson.version,
    }),
    sign: (report) => signPack(report, signingKey, `${config.publicBaseUrl}/.well-known/jwks.json`),
  });

  const app = new Hono();
  /** The test interface, once built below (the console acts through it: `/console/admin/*`). */
  let admin: ReturnType<typeof adminApi> | undefined;
  const recentRequests = new RecentRequests();
  const secrets = config.adminToken ? [config.adminToken] : [];
  app.use(requestLog(config.log, (call) => recentRequests.add(call), { secrets }));
  app.use(allowedHosts(hostNames));
  // hono's secure headers on every answer: nosniff, no-referrer, never framed (console, docs and
  // reports included). Routes that set their own (the claim pages' CSP) keep theirs. No HSTS: the
  // sandbox shares 127.0.0.1 with a developer's other plain-HTTP servers, which HSTS would break.
  app.use(
    await securityHeaders({ strictTransportSecurity: false, xFrameOptions: 'DENY', contentSecurityPolicy: { frameAncestors: ["'none'"] } }),
  );
  // Browsers on other sites may not change the sandbox (claim forms also carry a CSRF token).
  for (const path of [`${ADMIN_PREFIX}/*`, '/console/*', '/claim/*', '/signin/*']) app.use(path, sameOriginForms());
  app.use('/console/*', adminBodyLimit(config.bodyLimitBytes));
  // Every exchange with the specified endpoints is journalled for the conformance checker.
  const journalDeps = { journal, clock, identify: identifier(clients, signingKey), bodyLimitBytes: config.bodyLimitBytes, secrets };
  app.use(TOKEN_PATH, journalExchanges('token', journalDeps));
  const journalProvision = journalExchanges('provision', {
    ...journalDeps,
    pendingInvitationUntilMs: (nhsNumber) => provisioning.pendingInvitationUntilMs(nhsNumber),
  });
  for (const path of PROVISION_PATHS) app.use(path, journalProvision);
  app.use(USERS_PATH, journalExchanges('users', journalDeps));
  for (const path of ['/authorize', '/userinfo']) app.use(path, journalExchanges('signin', journalDeps));
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
      signInGrants: signIn.grants,
      metadata: signIn.metadata,
    }),
  );
  app.route('/', signInPublicRoutes(signIn, config, { tokens: { tokens }, accounts, pds }));
  app.route(
    '/',
    provisioningRoutes(provisioning, {
      tokens,
      faults,
      bodyLimitBytes: config.bodyLimitBytes,
      unavailableRetryAfterSeconds: config.unavailableRetryAfterSeconds,
      rateLimitWindowSeconds: config.rateLimitWindowSeconds,
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
      mailQueue: () => mail.status(),
      journal,
      clock,
      faults,
      conformance,
      catalogue: seed.catalogue,
      clients,
      signIn,
      adminToken: config.adminToken,
      standsInFor: config.testData === 'sandbox' && config.staticOtp === null ? null : standsInFor(config),
      secureCookies: config.secure,
      adminApi: () => admin,
    }),
  );

  // Liveness, and how far behind outgoing mail is (issue #31): a load test watches the queue here.
  app.get('/_health', (c) => c.json({ status: 'ok', mailQueue: mail.status(), patientGeneratorThread: pds.population.generatorThread }));
  app.notFound((c) => adminError(c, 404, 'not_found', `no route for ${c.req.method} ${c.req.path}`));
  app.onError((error, c) => {
    // Never a stack trace to the client; the log keeps it for the developer.
    console.error(`[sandbox] ${terminalSafe(c.req.method)} ${terminalSafe(redactPath(c.req.path, secrets))} failed:`, error);
    return adminError(c, 500, 'server_error', 'the sandbox failed to handle this request; see its log');
  });

  const sandbox: Sandbox = {
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
    signIn,
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
      await mail.close();
      await capture?.close();
      await journal.close();
      await store.close();
      await pds.population.close();
    },
  };
  // TEST_INTERFACE=off: only what the specifications define, as another implementation would be.
  if (config.testInterface === 'on') {
    admin = adminApi({
      ...sandbox,
      adminToken: config.adminToken,
      bodyLimitBytes: config.bodyLimitBytes,
      accessTokenTtlSeconds: () => config.accessTokenTtlSeconds,
      demoClientId: seed.demoClient.clientId,
      catalogue: seed.catalogue,
      captured,
    });
    app.route(ADMIN_PREFIX, admin);
  }
  return sandbox;
}
