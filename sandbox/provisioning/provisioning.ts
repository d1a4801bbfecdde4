import { randomUUID } from 'node:crypto';
import type { Accounts } from '../accounts/accounts';
import type { ClientRegistry } from '../auth/client-registry';
import type { Clock } from '../clock/clock';
import type { Config } from '../config/config';
import type { Pds } from '../pds/pds';
import type { PatientRecord } from '../pds/patient';
import type { Collection, Store } from '../store/store';
import { decideEligibility, PENDING_WINDOW_MS, type EligibilityFacts } from './eligibility';
import type { NhsLoginAccount } from '../accounts/account';
import { hashClaimToken, newClaimToken, type ProvisioningRecord } from './provisioning-record';
import { provisionRequestSchema, requestForPatient, type ProvisionRequest } from './request-schema';
import type { ErrorCodeId } from './outcome-codes';
import type { Practice, PracticeDirectory } from './practice';
import type { RateLimit, SlidingWindowLimiter } from './rate-limiter';

/**
 * Today's date (YYYY-MM-DD, UTC) on the given clock, written out once a day rather than on every
 * request, where making and writing a Date was about 0.5 µs of a provisioning call (issue #31).
 */
function todayOn(clock: Clock): () => string {
  let day = NaN;
  let today = '';
  return () => {
    const nowMs = clock.nowMs();
    const nowDay = Math.floor(nowMs / 86_400_000);
    if (nowDay !== day) [day, today] = [nowDay, new Date(nowMs).toISOString().slice(0, 10)];
    return today;
  };
}

/** The client id recorded on invitations the sandbox arranges itself (set-up, not a GP system's request). */
const ARRANGED_BY_SANDBOX = '(arranged by the sandbox)';

/**
 * The provisioning use case: validate, decide eligibility, store the invitation durably, then hand
 * it to the invitation sender. No HTTP here: the route maps a ProvisionOutcome to a response.
 */
export type ProvisionOutcome =
  | { kind: 'invalid'; problems: string[] }
  | { kind: 'refused'; code: ErrorCodeId; retryAfterSeconds?: number }
  | { kind: 'accepted'; record: ProvisioningRecord };

export interface Invitation {
  record: ProvisioningRecord;
  claimToken: string;
  patient: PatientRecord;
}

export interface ProvisioningDeps {
  config: Config;
  clock: Clock;
  store: Store;
  pds: Pds;
  accounts: Accounts;
  clients: ClientRegistry;
  practices: PracticeDirectory;
  limiter: SlidingWindowLimiter;
  /**
   * Queues the invitation email: called inside the unit that stores the record, so both are
   * written in one commit before the API answers (issue #31); delivery is never awaited.
   */
  sendInvitation: (invitation: Invitation) => void;
  /** Queues a reminder to an existing account's holder of the address it uses (after 11006), in the same commit. */
  sendAccountReminder: (account: NhsLoginAccount, patient: PatientRecord | undefined) => void;
  /** False when the outgoing mail queue is full: new invitations are refused (11000) until it drains. */
  mailQueueHasRoom: () => boolean;
}

export class Provisioning {
  readonly requests: Collection<ProvisioningRecord>;
  /** Built once: building a zod schema costs far more than using it. "Today" follows the sandbox clock. */
  readonly #schema: ReturnType<typeof provisionRequestSchema>;

  /**
   * What eligibility looks up, made once: under tsx (npm start, the bench) each closure made per
   * request has its name defined anew, about half a microsecond each (issue #31).
   */
  readonly #lookups: Pick<EligibilityFacts, 'trace' | 'accountByNhsNumber' | 'accountsByEmail' | 'requestsForNhsNumber'>;

  constructor(private readonly deps: ProvisioningDeps) {
    this.#schema = provisionRequestSchema({ odsCodeRule: deps.config.odsCodeRule, today: todayOn(deps.clock) });
    this.requests = deps.store.collection<ProvisioningRecord>('provisionings');
    this.requests.defineIndex('byNhs', (r) => r.nhsNumber);
    this.requests.defineIndex('byTokenHash', (r) => r.claimTokenHash);
    const { pds, accounts } = deps;
    this.#lookups = {
      trace: (nhs) => pds.trace(nhs),
      accountByNhsNumber: (nhs) => accounts.byNhsNumber(nhs),
      accountsByEmail: (email) => accounts.byEmail(email),
      requestsForNhsNumber: (nhs) => this.requests.findBy('byNhs', nhs),
    };
  }

  /**
   * Until when the patient's newest pending invitation is live (sandbox time): what an 11003
   * answer told the GP system to wait for. Undefined when none is pending.
   */
  pendingInvitationUntilMs(nhsNumber: string): number | undefined {
    const newest = Math.max(
      ...this.requests
        .findBy('byNhs', nhsNumber)
        .filter((r) => r.status === 'pending')
        .map((r) => r.createdAtMs),
    );
    return Number.isFinite(newest) ? newest + PENDING_WINDOW_MS : undefined;
  }

  async provision(body: Record<string, unknown>, clientId: string): Promise<ProvisionOutcome> {
    const { config, clock, store, pds, clients, practices, limiter } = this.deps;
    const parsed = this.#schema.safeParse(body);
    if (!parsed.success) return { kind: 'invalid', problems: parsed.error.issues.map((issue) => issue.message) };
    const request = parsed.data;
    // The patient made ready first, off this thread where the sandbox has a generator thread for it.
    await pds.prepare(request.nhs_number);

    // One synchronous unit: the pending-request check and the insert cannot interleave with
    // another request for the same patient, so concurrent calls yield exactly one success. The
    // email is queued in the same unit, so it is as durable as the record when the API answers.
    return store.transact((): ProvisionOutcome => {
      // Back-pressure instead of unbounded memory: the GP system is told to come back later.
      if (!this.deps.mailQueueHasRoom()) return { kind: 'refused', code: '11000', retryAfterSeconds: config.unavailableRetryAfterSeconds };
      const nowMs = clock.nowMs();
      const decision = decideEligibility(request, {
        nowMs,
        unavailableRetryAfterSeconds: config.unavailableRetryAfterSeconds,
        practice: practices.get(request.ods_code),
        clientOdsCodes: clients.get(clientId)?.odsCodes ?? [],
        rateLimit: (practice) => limiter.hit(practice.odsCode, nowMs, this.#rateLimitOf(practice)),
        ...this.#lookups,
      });
      if (decision.kind === 'refused') {
        if (decision.remind) this.deps.sendAccountReminder(decision.remind, pds.get(request.nhs_number));
        return decision;
      }
      const invitation = this.#storeInvitation(
        request,
        clientId,
        decision.patient,
        decision.outcome === 'uplift' ? decision.account.id : undefined,
      );
      this.deps.sendInvitation(invitation);
      return { kind: 'accepted', record: invitation.record };
    });
  }

  /**
   * Puts a pending invitation in place for a patient, as if a GP system had provisioned them just
   * now, without any eligibility check: the set-up the conformance plan's 11003 step and the test
   * interface need. Null when PDS has no such patient.
   */
  async arrangePendingInvitation(nhsNumber: string): Promise<ProvisioningRecord | null> {
    const patient = this.deps.pds.get(nhsNumber);
    if (!patient?.email || !patient.mobile) return null;
    const account = this.deps.accounts.byNhsNumber(nhsNumber);
    const request = requestForPatient(patient);
    return this.deps.store.transact(
      () => this.#storeInvitation(request, ARRANGED_BY_SANDBOX, patient, account?.identityLevel === 'P9' ? undefined : account?.id).record,
    );
  }

  /** Uses up a practice's rate-limit window; false when the practice is unknown. */
  exhaustRateLimit(odsCode: string): boolean {
    const practice = this.deps.practices.get(odsCode);
    if (!practice) return false;
    this.deps.limiter.exhaust(odsCode, this.deps.clock.nowMs(), this.#rateLimitOf(practice));
    return true;
  }

  #rateLimitOf(practice: Practice): RateLimit {
    const { config } = this.deps;
    return {
      max: practice.rateLimit?.max ?? config.rateLimitPerOds,
      windowMs: (practice.rateLimit?.windowSeconds ?? config.rateLimitWindowSeconds) * 1000,
    };
  }

  /** Stores a new pending invitation; an older one still pending (beyond the 7-day window) is superseded by it. */
  #storeInvitation(request: ProvisionRequest, clientId: string, patient: PatientRecord, upliftAccountId: string | undefined): Invitation {
    const nowMs = this.deps.clock.nowMs();
    for (const older of this.requests.findBy('byNhs', request.nhs_number)) {
      if (older.status === 'pending') this.requests.put(older.id, { ...older, status: 'superseded' });
    }
    const claimToken = newClaimToken();
    const record: ProvisioningRecord = {
      id: randomUUID(),
      clientId,
      odsCode: request.ods_code,
      nhsNumber: request.nhs_number,
      email: request.email_address,
      phone: request.phone_number,
      outcome: upliftAccountId ? 'uplift' : 'create',
      ...(upliftAccountId ? { accountId: upliftAccountId } : {}),
      createdAtMs: nowMs,
      expiresAtMs: nowMs + this.deps.config.invitationTtlDays * 86_400_000,
      status: 'pending',
      claimTokenHash: hashClaimToken(claimToken),
      pdsVersion: patient.version,
      ...(patient.mobile ? { pdsMobile: patient.mobile } : {}),
    };
    this.requests.put(record.id, record);
    return { record, claimToken, patient };
  }

  /** The patient finished the claiming journey: the invitation cannot be used again. */
  markClaimed(id: string, nowMs: number): void {
    const record = this.requests.get(id);
    if (record) this.requests.put(id, { ...record, status: 'claimed', claimedAtMs: nowMs });
  }

  byClaimToken(token: string): ProvisioningRecord | undefined {
    return this.requests.findBy('byTokenHash', hashClaimToken(token))[0];
  }
}
