import type { ClientRegistry } from '../auth/client-registry';
import type { RequestJournal } from '../journal/request-journal';
import { assessClient, type ConformanceReport, type ReportAbout, type RunRecord } from './assess';
import type { Justifications } from './justifications';
import type { ConformancePlan } from './plan';
import { withAuthorizationRequests } from './relying-party-requests';
import type { RuleContext } from './rules/kit';

/**
 * Gathers what an assessment needs (the client's verified requests in the window and the
 * authorization requests that name it, relying-party-requests.ts; the rule
 * context, the plan, what the report is about) and runs the pure assessment. The routes, the
 * console and the CLI all come here, so they cannot disagree.
 */
export interface ConformanceServiceDeps {
  journal: RequestJournal;
  clients: ClientRegistry;
  plan: ConformancePlan;
  ruleContext: () => RuleContext;
  about: () => Omit<ReportAbout, 'journalIntegrity' | 'unattributedInWindow'>;
  /** Signs the whole pack with the sandbox's key (signed-pack.ts). */
  sign?: (report: ConformanceReport) => ConformanceReport;
}

export type ReportRequest = {
  sinceMs?: number;
  since?: string | null;
  justifications?: Justifications['justifications'];
  /** The plan run the report is about, as its runner tells it. */
  run?: RunRecord;
};

/** What every surface (API, CLI, console) says when asked about a client id nobody registered: a typo must never look like a pass. */
export const unknownClientMessage = (clientId: string, registered: readonly string[], where = ''): string =>
  `no client ${JSON.stringify(clientId)} is registered${where}; registered: ${registered.join(', ')}`;

export class ConformanceService {
  constructor(private readonly deps: ConformanceServiceDeps) {}

  get plan(): ConformancePlan {
    return this.deps.plan;
  }

  /** Registered client ids, for telling a caller which exist. */
  knownClients(): string[] {
    return this.deps.clients.list().map((c) => c.clientId);
  }

  /** The report, or null when no such client is registered. */
  report(clientId: string, request: ReportRequest = {}): ConformanceReport | null {
    if (!this.deps.clients.get(clientId)) return null;
    const window = request.sinceMs === undefined ? {} : { sinceMs: request.sinceMs };
    const runId = request.run?.id;
    const clockMoves = this.deps.journal
      .actions()
      .filter((a) => a.clockDeltaMs !== 0)
      .map((a) => ({
        order: a.order,
        seq: a.seq,
        deltaMs: a.clockDeltaMs,
        caller: a.caller.kind,
        byPlanRun: a.caller.kind === 'plan-runner' && a.caller.runId === runId,
      }));
    const report = assessClient({
      clientId,
      entries: withAuthorizationRequests(
        clientId,
        this.deps.journal.query({ clientId, ...window }),
        this.deps.journal.query({ unattributed: true, ...window }),
      ),
      context: { ...this.deps.ruleContext(), clockMoves },
      plan: this.deps.plan,
      since: request.since ?? null,
      justifications: request.justifications ?? [],
      run: request.run ?? null,
      about: {
        ...this.deps.about(),
        journalIntegrity: this.deps.journal.integrity,
        unattributedInWindow: this.deps.journal.query({ unattributed: true, ...window }).length,
        actions: this.deps.journal.actions(window),
      },
    });
    return this.deps.sign ? this.deps.sign(report) : report;
  }

  /** Every client with verified traffic, judged. */
  reports(): ConformanceReport[] {
    return this.deps.journal
      .clients()
      .map((id) => this.report(id))
      .filter((r): r is ConformanceReport => r !== null);
  }
}
