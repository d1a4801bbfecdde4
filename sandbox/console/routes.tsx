import { Hono } from 'hono';
import { MailpitClient } from 'mailpit-api';
import type { Accounts } from '../accounts/accounts';
import type { SandboxClock } from '../clock/clock';
import { assessClient } from '../conformance/assess';
import type { RuleContext } from '../conformance/rules';
import type { RequestJournal } from '../journal/request-journal';
import type { Pds } from '../pds/pds';
import type { FaultInjector } from '../provisioning/faults';
import type { Provisioning } from '../provisioning/provisioning';
import type { SmsOutbox } from '../sms/sms-outbox';
import { CONSOLE_CSS, CONSOLE_JS } from './console-assets';
import { ClockPage, ConformancePage, OutboxPage, PatientDetailPage, PatientsPage, RequestRows, RequestsPage, ScenariosPage, type ConsoleEmail } from './pages';

/**
 * The console at `/`: read-only views gathered from the services, changes made by the pages'
 * script through the admin API (so the console can do nothing the API cannot).
 */
export interface ConsoleDeps {
  baseUrl: () => string;
  mailpitUrl: string;
  pds: Pds;
  accounts: Accounts;
  provisioning: Provisioning;
  sms: SmsOutbox;
  journal: RequestJournal;
  clock: SandboxClock;
  faults: FaultInjector;
  ruleContext: () => RuleContext;
}

const EMAILS_SHOWN = 25;

export function consoleRoutes(deps: ConsoleDeps) {
  const mailpit = new MailpitClient(deps.mailpitUrl);

  async function emails(to: string): Promise<ConsoleEmail[]> {
    const found = to ? await mailpit.searchMessages({ query: `to:"${to.replaceAll('"', '')}"`, limit: EMAILS_SHOWN }) : await mailpit.listMessages(0, EMAILS_SHOWN);
    return Promise.all(
      found.messages.map(async (m) => {
        const full = await mailpit.getMessageSummary(m.ID);
        return { id: m.ID, to: m.To.map((t) => t.Address).join(', '), subject: m.Subject, created: m.Created, html: full.HTML, links: [...new Set(full.Text.match(/https?:\/\/\S+/g) ?? [])] };
      }),
    );
  }

  const journalFor = (clientId: string, outcome: string) =>
    deps.journal
      .query(clientId ? { clientId } : {})
      .filter((e) => !outcome || e.outcome === outcome)
      .reverse()
      .slice(0, 200);

  return new Hono()
    .get('/console/assets/console.css', (c) => c.body(CONSOLE_CSS, 200, { 'content-type': 'text/css; charset=utf-8' }))
    .get('/console/assets/console.js', (c) => c.body(CONSOLE_JS, 200, { 'content-type': 'text/javascript; charset=utf-8' }))
    .get('/', (c) => c.html(<ScenariosPage baseUrl={deps.baseUrl()} patientFor={(nhs) => deps.pds.get(nhs)} />))
    .get('/console/patients', (c) => {
      const query = c.req.query('q') ?? '';
      return c.html(<PatientsPage query={query} results={deps.pds.search(query)} />);
    })
    .get('/console/patients/:nhsNumber', (c) => {
      const patient = deps.pds.get(c.req.param('nhsNumber'));
      if (!patient) return c.html(<PatientsPage query={c.req.param('nhsNumber')} results={[]} />, 404);
      return c.html(<PatientDetailPage patient={patient} account={deps.accounts.byNhsNumber(patient.nhsNumber)} provisionings={deps.provisioning.requests.findBy('byNhs', patient.nhsNumber)} />);
    })
    .get('/console/outbox', async (c) => {
      const to = (c.req.query('to') ?? '').trim();
      const texts = deps.sms.list().filter((t) => !to || t.to === to);
      return c.html(<OutboxPage to={to} emails={await emails(to)} texts={texts} />);
    })
    .get('/console/requests', (c) => {
      const clientId = c.req.query('client_id') ?? '';
      const outcome = c.req.query('outcome') ?? '';
      const entries = journalFor(clientId, outcome);
      if (c.req.query('fragment') === 'rows') return c.html(<RequestRows entries={entries} />);
      return c.html(<RequestsPage clientId={clientId} outcome={outcome} clients={deps.journal.clients()} entries={entries} />);
    })
    .get('/console/clock', (c) => c.html(<ClockPage now={new Date(deps.clock.nowMs()).toISOString()} offsetSeconds={deps.clock.offsetMs / 1000} faults={deps.faults.list()} />))
    .get('/console/conformance', (c) => {
      const context = deps.ruleContext();
      return c.html(<ConformancePage reports={deps.journal.clients().map((id) => assessClient(id, deps.journal.query({ clientId: id }), context))} />);
    });
}
