import { Hono } from 'hono';
import { except } from 'hono/combine';
import { setCookie } from 'hono/cookie';
import { secureHeaders } from 'hono/secure-headers';
import type { MailpitClient } from 'mailpit-api';
import { ADMIN_COOKIE, adminGuard, adminTokenMatches } from '../admin/guard';
import { decodeForm } from '../http/form';
import { linksIn } from '../text/links';
import { CAPTURED_HTML_HEADERS } from '../mail/captured-html';
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
import type { SmsOutbox } from '../sms/sms-outbox';
import { CONSOLE_CSS, CONSOLE_JS } from './console-assets';
import { ClockPage } from './pages/clock';
import { ConformancePage } from './pages/conformance';
import { NoInvitationPage } from './pages/no-invitation';
import { OutboxPage, type ConsoleEmail } from './pages/outbox';
import { PatientDetailPage, PatientsPage } from './pages/patients';
import { RequestRows, RequestsPage } from './pages/requests';
import { ScenariosPage } from './pages/scenarios';
import { SignInPage } from './pages/sign-in';

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
  journal: RequestJournal;
  clock: SandboxClock;
  faults: FaultInjector;
  conformance: ConformanceService;
  catalogue: PublishedCatalogue;
  /** When set, the console asks for it once (sign-in) and keeps it in a cookie. */
  adminToken: string | undefined;
  secureCookies: boolean;
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
  const app = new Hono();
  app.get('/console/sign-in', (c) => c.html(<SignInPage />));
  app.post('/console/sign-in', async (c) => {
    // Bounded by the console's body limit (sandbox.ts).
    const token = decodeForm(await c.req.text());
    const given = token.ok ? token.params.get('token')?.[0] : undefined;
    if (!deps.adminToken || !adminTokenMatches(deps.adminToken, given)) return c.html(<SignInPage failed />, 401);
    setCookie(c, ADMIN_COOKIE, deps.adminToken, { httpOnly: true, sameSite: 'Strict', secure: deps.secureCookies, path: '/' });
    return c.redirect('/', 303);
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
  const guard = adminGuard(deps.adminToken, (c) => c.redirect('/console/sign-in', 303));
  app.use('/', guard);
  app.use('/console/*', except('/console/assets/*', guard));
  return app
    .get('/console/assets/console.css', (c) => c.body(CONSOLE_CSS, 200, { 'content-type': 'text/css; charset=utf-8' }))
    .get('/console/assets/console.js', (c) => c.body(CONSOLE_JS, 200, { 'content-type': 'text/javascript; charset=utf-8' }))
    .get('/', (c) =>
      c.html(
        <ScenariosPage
          baseUrl={deps.baseUrl()}
          demoClientId={deps.demoClientId}
          catalogue={deps.catalogue}
          patientFor={(nhs) => deps.pds.get(nhs)}
        />,
      ),
    )
    .get('/console/claim-link', async (c) => {
      // The newest invitation to this address, followed: what a patient does with the email.
      const to = (c.req.query('to') ?? '').trim();
      const isClaimLink = (link: string) => URL.canParse(link) && new URL(link).pathname.startsWith('/claim/');
      const link = to ? (await emails(to)).flatMap((e) => e.links).find(isClaimLink) : undefined;
      if (link) return c.redirect(link, 303);
      return c.html(<NoInvitationPage to={to} />, 404);
    })
    .get('/console/outbox/:id{[A-Za-z0-9-]{1,64}}/html', async (c) => {
      const message = await mailpit.getMessageSummary(c.req.param('id')).catch(() => null);
      if (!message?.HTML) return c.text('no such email, or it has no HTML part', 404);
      // Framed by the outbox only (frame-ancestors 'self' in the captured-HTML policy).
      return c.html(message.HTML, 200, { ...CAPTURED_HTML_HEADERS, 'X-Frame-Options': 'SAMEORIGIN' });
    })
    .get('/console/patients', (c) => {
      const query = c.req.query('q') ?? '';
      return c.html(<PatientsPage query={query} results={deps.pds.search(query)} />);
    })
    .get('/console/patients/:nhsNumber', (c) => {
      const patient = deps.pds.get(c.req.param('nhsNumber'));
      if (!patient) return c.html(<PatientsPage query={c.req.param('nhsNumber')} results={[]} />, 404);
      return c.html(
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
      return c.html(<OutboxPage to={to} emails={await emails(to)} texts={texts} inboxUrl={deps.mailpitUrl} version={version} />);
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
      if (c.req.query('fragment') === 'rows') return c.html(<RequestRows entries={entries} />);
      const calls = deps.recentRequests.list();
      return c.html(
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
      c.html(
        <ClockPage
          now={new Date(deps.clock.nowMs()).toISOString()}
          offsetSeconds={deps.clock.offsetMs / 1000}
          faults={deps.faults.list()}
        />,
      ),
    )
    .get('/console/conformance', (c) => {
      const asked = (c.req.query('client') ?? '').trim();
      if (asked && deps.conformance.knownClients().includes(asked))
        return c.redirect(`/_sandbox/conformance/${encodeURIComponent(asked)}`, 303);
      // A typo must not look like a pass: the same answer as the API and `npm run conformance`.
      const unknown = asked ? unknownClientMessage(asked, deps.conformance.knownClients()) : undefined;
      return c.html(<ConformancePage reports={deps.conformance.reports()} asked={asked} unknown={unknown} />, unknown ? 404 : 200);
    });
}
