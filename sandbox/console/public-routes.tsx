import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { except } from 'hono/combine';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { secureHeaders } from 'hono/secure-headers';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { MailpitClient } from 'mailpit-api';
import { ADMIN_TOKEN_HEADER, adminTokenMatches, presentsAdminToken } from '../admin/guard';
import { CONSOLE_COOKIE_PATH, CONSOLE_SESSION_COOKIE, ConsoleSessions } from '../admin/console-sessions';
import { adminError } from '../http/admin-errors';
import { CONSOLE_ADMIN_PREFIX, ownClaimPath } from './claim-link';
import { SignedIn, StandsInFor } from './layout';
import { decodeForm } from '../http/form';
import { linksIn } from '../text/links';
import { CAPTURED_HTML_HEADERS, linksOpenInNewTab } from '../mail/captured-html';
import type { RecentRequests } from '../http/recent-requests';
import { JOURNAL_ENDPOINTS } from '../journal/journal-entry';
import { unknownClientMessage } from '../conformance/conformance-service';
import type { Accounts } from '../accounts/accounts';
import { USERS_SCOPES, type UsersScope } from '../auth/scopes';
import { lookUpUsers } from '../users/users-lookup';
import type { SandboxClock } from '../clock/clock';
import type { ConformanceService } from '../conformance/conformance-service';
import type { PublishedCatalogue } from '../catalogue/published-catalogue';
import type { RequestJournal } from '../journal/request-journal';
import type { Pds } from '../pds/pds';
import type { FaultInjector } from '../provisioning/faults';
import type { Provisioning } from '../provisioning/provisioning';
import type { OutboxStatus } from '../mail/outbox';
import type { SmsOutbox } from '../sms/sms-outbox';
import { CONSOLE_CSS, CONSOLE_JS } from './console-assets';
import { guideRoutes } from './guide-routes';
import { ClockPage } from './pages/clock';
import { ConformancePage } from './pages/conformance';
import { NoInvitationPage } from './pages/no-invitation';
import { OutboxPage, type ConsoleEmail } from './pages/outbox';
import { PatientDetailPage, PatientsPage } from './pages/patients';
import { RequestRows, RequestsPage } from './pages/requests';
import { ScenariosPage } from './pages/scenarios';
import { SignInPage } from './pages/sign-in';
import { SignInSessionsPage } from './pages/sign-in-sessions';
import type { ClientRegistry } from '../auth/client-registry';
import type { SignInFaults } from '../signin/sign-in-faults';
import type { SignInRecords } from '../signin/sign-in-sessions';
import { relyingPartyOverview, signedInSessions } from '../signin/signed-in-sessions';

/**
 * The console at `/`: read-only views gathered from the services, changes made by the pages'
 * script through the admin API (so the console can do nothing the API cannot).
 */
export interface ConsoleDeps {
  baseUrl: () => string;
  mailpitUrl: string;
  /** Reads captured mail (with the admin token when the capture is embedded). */
  captured: MailpitClient;
  /** The last calls answered, for the Requests page's "Every call" table. */
  recentRequests: RecentRequests;
  /** Whom the scenarios' "Provision now" acts as. */
  demoClientId: string;
  pds: Pds;
  accounts: Accounts;
  provisioning: Provisioning;
  sms: SmsOutbox;
  /** Outgoing mail waiting for delivery: depth and lag, shown on the Outbox page. */
  mailQueue: () => OutboxStatus;
  journal: RequestJournal;
  clock: SandboxClock;
  faults: FaultInjector;
  conformance: ConformanceService;
  catalogue: PublishedCatalogue;
  /** Registered clients, shown as relying parties. */
  clients: ClientRegistry;
  /** Signing in: its sessions and its queued faults. */
  signIn: { faults: SignInFaults; signIn: { records: SignInRecords } };
  /** When set, the console asks for it once (sign-in) and then knows the browser by a session of its own. */
  adminToken: string | undefined;
  /** What the sandbox stands in for, said on every page (test-data/environments.ts); null: nothing to say. */
  standsInFor: string | null;
  secureCookies: boolean;
  /** The admin API the console's forms act through (`/console/admin/*`), when the test interface is on. */
  adminApi: () => { fetch: (request: Request) => Response | Promise<Response> } | undefined;
  sessions?: ConsoleSessions;
}

const EMAILS_SHOWN = 25;

const EVERY_SCOPE: ReadonlySet<UsersScope> = new Set(USERS_SCOPES);

export function consoleRoutes(deps: ConsoleDeps) {
  const mailpit = deps.captured;

  /** The lookup a GP system would make for this patient, answered by the endpoint's own domain function. */
  function usersViewOf(nhsNumber: string) {
    const filter = `nhsnumber eq "${nhsNumber}"`;
    const outcome = lookUpUsers(filter, EVERY_SCOPE, deps);
    return { filter, answer: outcome.ok ? outcome.list : outcome.error };
  }

  /** The newest captured messages, to this address if one is given (the list alone: cheap to poll). */
  async function newestEmails(to: string) {
    const found = to
      ? await mailpit.searchMessages({ query: `to:"${to.replaceAll('"', '')}"`, limit: EMAILS_SHOWN })
      : await mailpit.listMessages(0, EMAILS_SHOWN);
    return found.messages;
  }

  /** Those messages with their HTML and links, for showing. */
  async function emails(to: string): Promise<ConsoleEmail[]> {
    return Promise.all(
      (await newestEmails(to)).map(async (m) => {
        const full = await mailpit.getMessageSummary(m.ID);
        return {
          id: m.ID,
          to: m.To.map((t) => t.Address).join(', '),
          subject: m.Subject,
          created: m.Created,
          links: linksIn(full.Text),
        };
      }),
    );
  }

  const REQUESTS_PAGE_SIZE = 50;
  const pageStart = (value: string | undefined) => (/^\d{1,7}$/.test(value ?? '') ? Number(value) : 0);
  const sessions = deps.sessions ?? new ConsoleSessions();
  const app = new Hono();
  /** A console page, with a sign-out button when there is a sign-in. */
  const page = (c: Context, node: JSX.Element, status?: ContentfulStatusCode) =>
    c.html(
      <SignedIn.Provider value={Boolean(deps.adminToken)}>
        <StandsInFor.Provider value={deps.standsInFor}>{node}</StandsInFor.Provider>
      </SignedIn.Provider>,
      status,
    );
  app.get('/console/sign-in', (c) => c.html(<SignInPage />));
  app.post('/console/sign-in', async (c) => {
    // Bounded by the console's body limit (sandbox.ts).
    const token = decodeForm(await c.req.text());
    const given = token.ok ? token.params.get('token')?.[0] : undefined;
    if (!deps.adminToken || !adminTokenMatches(deps.adminToken, given)) return c.html(<SignInPage failed />, 401);
    // A session id of its own, never the token: cookies reach every port of the host (issue #28).
    setCookie(c, CONSOLE_SESSION_COOKIE, sessions.start(), {
      httpOnly: true,
      sameSite: 'Strict',
      secure: deps.secureCookies,
      path: CONSOLE_COOKIE_PATH,
      maxAge: Math.floor(sessions.limits.maxAgeMs / 1000),
    });
    return c.redirect('/console/', 303);
  });
  app.post('/console/sign-out', (c) => {
    sessions.revoke(getCookie(c, CONSOLE_SESSION_COOKIE));
    deleteCookie(c, CONSOLE_SESSION_COOKIE, { path: CONSOLE_COOKIE_PATH, secure: deps.secureCookies });
    return c.redirect(deps.adminToken ? '/console/sign-in' : '/', 303);
  });
  // Everything from the console itself, nothing inline. A captured email is framed from its own
  // route, answered with the captured-HTML policy (CSP sandbox), which these headers leave alone.
  const consoleHeaders = secureHeaders({
    strictTransportSecurity: false,
    xFrameOptions: 'DENY',
    contentSecurityPolicy: { defaultSrc: ["'self'"], frameAncestors: ["'none'"], formAction: ["'self'"] },
    overwrite: false,
  });
  app.use('/', consoleHeaders);
  app.use('/console/*', consoleHeaders);
  /** A console session, or the admin token itself (scripts reading console pages). */
  const guard: MiddlewareHandler = async (c, next) => {
    if (!deps.adminToken || sessions.use(getCookie(c, CONSOLE_SESSION_COOKIE)) || presentsAdminToken(deps.adminToken, c)) return next();
    if (c.req.path.startsWith(`${CONSOLE_ADMIN_PREFIX}/`))
      return adminError(c, 401, 'console_session_required', 'sign in to the console again (/console/sign-in)');
    return c.redirect('/console/sign-in', 303);
  };
  app.use('/console', guard);
  app.use('/console/*', except('/console/assets/*', guard));
  app.route('/', guideRoutes());
  const scenarios = (c: Context) =>
    page(
      c,
      <ScenariosPage
        baseUrl={deps.baseUrl()}
        demoClientId={deps.demoClientId}
        catalogue={deps.catalogue}
        patientFor={(nhs) => deps.pds.get(nhs)}
      />,
    );
  // The session cookie is scoped to /console, so with a sign-in the scenarios live there.
  app.get('/', (c) => (deps.adminToken ? c.redirect('/console/', 303) : scenarios(c)));
  app.get('/console', scenarios);
  app.get('/console/', scenarios);
  // The console's forms act through the admin API, inside this process: the browser's session
  // stands for the admin token, which never leaves the process (nor does the session work at /_sandbox).
  app.all(`${CONSOLE_ADMIN_PREFIX}/*`, async (c) => {
    const api = deps.adminApi();
    if (!api) return adminError(c, 404, 'not_found', 'the admin API is off (TEST_INTERFACE=off)');
    const url = new URL(c.req.url);
    url.pathname = url.pathname.slice(CONSOLE_ADMIN_PREFIX.length);
    const headers = new Headers(c.req.raw.headers);
    headers.delete('cookie');
    if (deps.adminToken) headers.set(ADMIN_TOKEN_HEADER, deps.adminToken);
    const hasBody = c.req.method !== 'GET' && c.req.method !== 'HEAD';
    return api.fetch(new Request(url, { method: c.req.method, headers, ...(hasBody ? { body: c.req.raw.body, duplex: 'half' } : {}) }));
  });
  return app
    .get('/console/assets/console.css', (c) => c.body(CONSOLE_CSS, 200, { 'content-type': 'text/css; charset=utf-8' }))
    .get('/console/assets/console.js', (c) => c.body(CONSOLE_JS, 200, { 'content-type': 'text/javascript; charset=utf-8' }))
    .post('/console/claim-link', async (c) => {
      // The newest invitation to this address, followed: what a patient does with the email. A POST
      // (same-origin forms only), because opening the link starts a session and counts towards a
      // lockout; and only to a claim link of this sandbox's own, whatever a captured mail says.
      const form = decodeForm(await c.req.text());
      const to = ((form.ok ? form.params.get('to')?.[0] : undefined) ?? '').trim().slice(0, 320);
      const own = new URL(deps.baseUrl()).origin;
      const path = to
        ? (await emails(to))
            .flatMap((e) => e.links)
            .map((link) => ownClaimPath(link, own))
            .find(Boolean)
        : undefined;
      if (path) return c.redirect(path, 303);
      return page(c, <NoInvitationPage to={to} />, 404);
    })
    .get('/console/outbox/:id{[A-Za-z0-9-]{1,64}}/html', async (c) => {
      const message = await mailpit.getMessageSummary(c.req.param('id')).catch(() => null);
      if (!message?.HTML) return c.text('no such email, or it has no HTML part', 404);
      // Framed by the outbox only (frame-ancestors 'self' in the captured-HTML policy).
      return c.html(linksOpenInNewTab(message.HTML), 200, { ...CAPTURED_HTML_HEADERS, 'X-Frame-Options': 'SAMEORIGIN' });
    })
    .get('/console/patients', (c) => {
      const query = c.req.query('q') ?? '';
      return page(c, <PatientsPage query={query} results={deps.pds.search(query)} />);
    })
    .get('/console/patients/:nhsNumber', (c) => {
      const patient = deps.pds.get(c.req.param('nhsNumber'));
      if (!patient) return page(c, <PatientsPage query={c.req.param('nhsNumber')} results={[]} />, 404);
      return page(
        c,
        <PatientDetailPage
          patient={patient}
          account={deps.accounts.byNhsNumber(patient.nhsNumber)}
          provisionings={deps.provisioning.requests.findBy('byNhs', patient.nhsNumber)}
          usersView={usersViewOf(patient.nhsNumber)}
        />,
      );
    })
    .get('/console/outbox', async (c) => {
      const to = (c.req.query('to') ?? '').trim();
      const texts = deps.sms.list(to);
      // What the page's refresh compares: a change in either list reloads it.
      const version = [...(await newestEmails(to)).map((m) => m.ID), ...texts.map((t) => t.sentAtMs)].join(',');
      if (c.req.query('fragment') === 'version') return c.text(version);
      return page(
        c,
        <OutboxPage
          to={to}
          emails={await emails(to)}
          texts={texts}
          queue={deps.mailQueue()}
          inboxUrl={deps.mailpitUrl}
          version={version}
        />,
      );
    })
    .get('/console/requests', (c) => {
      const filter = {
        clientId: c.req.query('client_id') ?? '',
        outcome: c.req.query('outcome') ?? '',
        endpoint: c.req.query('endpoint') ?? '',
        start: pageStart(c.req.query('start')),
        callsStart: pageStart(c.req.query('calls_start')),
      };
      const matching = deps.journal
        .query(filter.clientId ? { clientId: filter.clientId } : {})
        .filter((e) => (!filter.outcome || e.outcome === filter.outcome) && (!filter.endpoint || e.endpoint === filter.endpoint))
        .reverse();
      const entries = matching.slice(filter.start, filter.start + REQUESTS_PAGE_SIZE);
      if (c.req.query('fragment') === 'rows') return page(c, <RequestRows entries={entries} />);
      const calls = deps.recentRequests.list();
      return page(
        c,
        <RequestsPage
          filter={filter}
          clients={deps.journal.clients()}
          endpoints={JOURNAL_ENDPOINTS}
          entries={entries}
          matching={matching.length}
          pageSize={REQUESTS_PAGE_SIZE}
          calls={calls.slice(filter.callsStart, filter.callsStart + REQUESTS_PAGE_SIZE)}
          callCount={calls.length}
          callsKept={deps.recentRequests.capacity}
        />,
      );
    })
    .get('/console/clock', (c) =>
      page(
        c,
        <ClockPage
          now={new Date(deps.clock.nowMs()).toISOString()}
          offsetSeconds={deps.clock.offsetMs / 1000}
          faults={deps.faults.list()}
        />,
      ),
    )
    .get('/console/signing-in', (c) =>
      page(
        c,
        <SignInSessionsPage
          sessions={signedInSessions({ records: deps.signIn.signIn.records, accounts: deps.accounts, nowMs: deps.clock.nowMs() })}
          relyingParties={deps.clients.list().map(relyingPartyOverview)}
          faults={deps.signIn.faults.list()}
        />,
      ),
    )
    .get('/console/conformance', (c) => {
      const asked = (c.req.query('client') ?? '').trim();
      if (asked && deps.conformance.knownClients().includes(asked))
        return c.redirect(`/_sandbox/conformance/${encodeURIComponent(asked)}`, 303);
      // A typo must not look like a pass: the same answer as the API and `npm run conformance`.
      const unknown = asked ? unknownClientMessage(asked, deps.conformance.knownClients()) : undefined;
      return page(c, <ConformancePage reports={deps.conformance.reports()} asked={asked} unknown={unknown} />, unknown ? 404 : 200);
    });
}
