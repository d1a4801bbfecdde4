import { randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { jwtBearerGrantBody, tokenRequestBody } from '../auth/token-request';
// The client follows the conformance rules' own thresholds, so the two cannot drift apart.
import { MIN_RETRY_BACKOFF_MS } from '../conformance/rules/provisioning';
import { TOKEN_RENEWAL_MARGIN_MS } from '../conformance/rules/token';
import { PENDING_WINDOW_MS } from '../provisioning/eligibility';
import { FINAL_REFUSAL_CODES } from '../provisioning/outcome-codes';
import { signClientAssertion } from './client-assertion-signer';

/**
 * A GP system that does everything the specification asks, written as the model a supplier can
 * copy: one fresh RS512 assertion per token request, the token cached and reused until it is
 * nearly expired by its own clock (or refused, then renewed once), JSON provision calls with
 * exactly the five fields, Retry-After honoured after 11011 (per ODS code) and 11000, no
 * re-submission of a patient answered 11003 (while pending) or 11005, and no unchanged resend of
 * a refused request. For Users Endpoint V2 it keeps a second token, from the JWT-bearer grant with
 * only the scopes it needs, and sends one well-formed filter per lookup. The conformance checker
 * must find nothing wrong with it.
 *
 * `deviations` switch on one deliberate fault each, so a supplier (and our tests) can see what
 * the checker says about it; a conformant system uses none.
 */
export const DEVIATIONS = {
  'token-per-call': 'fetches a new access token for every provision call',
  'no-backoff': 'ignores Retry-After: retries at once after 11011 and 11000',
  'resubmit-pending': 'retries a patient at once after 11003',
  'resend-refused': 'retries a refused request at once, unchanged',
  rs256: 'signs the client assertion with RS256 instead of RS512',
  'aud-without-token-path': 'puts the base URL, without /token, in the assertion aud',
  'form-encoded-body': 'sends the provision request form-encoded instead of JSON',
  'long-lived-assertion': 'gives its assertions an hour of life',
} as const;
export type Deviation = keyof typeof DEVIATIONS;

export interface ReferenceClientOptions {
  clientId: string;
  privateKey: KeyObject;
  tokenUrl: string;
  provisionUrl: string;
  /** Users Endpoint V2; by default beside the token endpoint. */
  usersUrl?: string;
  /** The scopes the client asks for (and needs): Users.retrieve and profile by default. */
  usersScopes?: readonly string[];
  fetch?: (url: string, init: RequestInit) => Response | Promise<Response>;
  /**
   * The client's clock for waiting and for remembering answers, and how it waits. Real time by
   * default; a test may pass sandbox time with a `wait` that moves the sandbox clock. Token
   * lifetimes are always tracked on real time, as a GP system's server does.
   */
  now?: () => number;
  wait?: (ms: number) => Promise<void>;
  deviations?: readonly Deviation[];
}

export interface ProvisionRequest {
  nhs_number: string;
  email_address: string;
  date_of_birth: string;
  ods_code: string;
  phone_number: string;
}

export interface ProvisionAnswer {
  status: number;
  body: Record<string, unknown>;
  /** True when the client decided not to send (the answer is the one it remembered). */
  notSent?: boolean;
}

/** What the client remembers between calls; a server process keeps it in memory, the CLI driver in a file. */
interface HeldToken {
  value: string;
  expiresAtMs: number;
}

export interface ReferenceClientState {
  token: HeldToken | null;
  /** The Users Endpoint V2 token: another grant, kept apart. */
  usersToken?: HeldToken | null;
  odsBlockedUntil: Record<string, number>;
  serviceBlockedUntil: number;
  /** Answers that settle a request: the same body is not sent again before `untilMs`. */
  settled: Record<string, { untilMs: number; answer: ProvisionAnswer }>;
}

export const emptyClientState = (): ReferenceClientState => ({
  token: null,
  usersToken: null,
  odsBlockedUntil: {},
  serviceBlockedUntil: 0,
  settled: {},
});

/** Who to look up: by NHS number, by email, or by both (joined with `and`). */
export interface UsersLookup {
  nhsNumber?: string;
  email?: string;
}

export class ReferenceGpClient {
  readonly #fetch: NonNullable<ReferenceClientOptions['fetch']>;
  readonly #now: () => number;
  readonly #wait: (ms: number) => Promise<void>;
  readonly #deviations: ReadonlySet<Deviation>;

  constructor(
    private readonly o: ReferenceClientOptions,
    readonly state: ReferenceClientState = emptyClientState(),
  ) {
    this.#fetch = o.fetch ?? ((url, init) => fetch(url, init));
    this.#now = o.now ?? Date.now;
    this.#wait = o.wait ?? ((ms) => new Promise((done) => setTimeout(done, ms)));
    this.#deviations = new Set(o.deviations ?? []);
  }

  /** The cached access token, or a new one when none is held, it is nearly expired, or it was refused. */
  async accessToken(): Promise<string> {
    const held = this.state.token;
    if (held && held.expiresAtMs - Date.now() > TOKEN_RENEWAL_MARGIN_MS && !this.#deviations.has('token-per-call')) return held.value;
    this.state.token = await this.#requestToken(tokenRequestBody(await this.#assertion()));
    return this.state.token.value;
  }

  /** The cached Users Endpoint V2 token, or a new one (JWT-bearer grant, only the scopes this client needs). */
  async usersAccessToken(): Promise<string> {
    const held = this.state.usersToken;
    if (held && held.expiresAtMs - Date.now() > TOKEN_RENEWAL_MARGIN_MS) return held.value;
    const scopes = this.o.usersScopes ?? ['Users.retrieve', 'profile'];
    this.state.usersToken = await this.#requestToken(jwtBearerGrantBody(await this.#assertion(), scopes));
    return this.state.usersToken.value;
  }

  /** Users Endpoint V2: does this patient have an NHS login, and at which level? */
  async lookUpUsers(who: UsersLookup): Promise<{ status: number; body: Record<string, unknown> }> {
    const comparisons = [
      ...(who.nhsNumber === undefined ? [] : [`nhsnumber eq ${JSON.stringify(who.nhsNumber)}`]),
      ...(who.email === undefined ? [] : [`email eq ${JSON.stringify(who.email)}`]),
    ];
    if (comparisons.length === 0) throw new Error('look up by NHS number, email or both');
    const url = `${this.o.usersUrl ?? this.o.tokenUrl.replace(/\/token$/, '/v2/Users')}?${new URLSearchParams({ filter: comparisons.join(' and ') })}`;
    const send = async () => this.#fetch(url, { method: 'GET', headers: { authorization: `Bearer ${await this.usersAccessToken()}` } });
    let response = await send();
    if (response.status === 401) {
      this.state.usersToken = null;
      response = await send();
    }
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async #requestToken(form: URLSearchParams): Promise<HeldToken> {
    const response = await this.#fetch(this.o.tokenUrl, {
      method: 'POST',
      body: form.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const body = (await response.json()) as { access_token?: string; expires_in?: number };
    if (response.status !== 200 || !body.access_token) throw new Error(`token request refused: ${JSON.stringify(body)}`);
    return { value: body.access_token, expiresAtMs: Date.now() + Number(body.expires_in) * 1000 };
  }

  async provision(request: ProvisionRequest): Promise<ProvisionAnswer> {
    const { nhs_number, email_address, date_of_birth, ods_code, phone_number } = request;
    const body = { nhs_number, email_address, date_of_birth, ods_code, phone_number };
    const key = JSON.stringify(body);
    const settled = this.state.settled[key] ?? this.state.settled[nhs_number];
    if (settled && this.#now() < settled.untilMs) return { ...settled.answer, notSent: true };
    const waitMs = Math.max(this.state.odsBlockedUntil[ods_code] ?? 0, this.state.serviceBlockedUntil) - this.#now();
    if (waitMs > 0) await this.#wait(waitMs);
    let response = await this.#send(body);
    // The platform refused the token (expired by its clock, or revoked): renew once and retry.
    if (response.status === 401) {
      this.state.token = null;
      response = await this.#send(body);
    }
    const answer: ProvisionAnswer = { status: response.status, body: (await response.json()) as Record<string, unknown> };
    // The deliberate faults that retry: a "retry on error" loop, the commonest way to break the rules.
    if (this.#retriesAtOnce(String(answer.body.code))) await this.#send(body);
    this.#remember(key, body, answer, Number(response.headers.get('retry-after') ?? 0) * 1000);
    return answer;
  }

  #retriesAtOnce(code: string): boolean {
    return (
      (this.#deviations.has('no-backoff') && (code === '11011' || code === '11000')) ||
      (this.#deviations.has('resubmit-pending') && code === '11003') ||
      (this.#deviations.has('resend-refused') && FINAL_REFUSAL_CODES.has(code))
    );
  }

  async #send(body: ProvisionRequest): Promise<Response> {
    const formEncoded = this.#deviations.has('form-encoded-body');
    return this.#fetch(this.o.provisionUrl, {
      method: 'POST',
      body: formEncoded ? new URLSearchParams({ ...body }).toString() : JSON.stringify(body),
      headers: {
        'content-type': formEncoded ? 'application/x-www-form-urlencoded' : 'application/json',
        authorization: `Bearer ${await this.accessToken()}`,
      },
    });
  }

  #remember(key: string, body: ProvisionRequest, answer: ProvisionAnswer, retryAfterMs: number): void {
    const code = String(answer.body.code);
    const now = this.#now();
    const backoffMs = Math.max(retryAfterMs, MIN_RETRY_BACKOFF_MS);
    if (code === '11011') this.state.odsBlockedUntil[body.ods_code] = now + backoffMs;
    if (code === '11000') this.state.serviceBlockedUntil = now + backoffMs;
    // The client cannot know when the pending invitation was made: it waits the whole window.
    if (code === '11003') this.state.settled[body.nhs_number] = { untilMs: now + PENDING_WINDOW_MS, answer };
    if (code === '11005') this.state.settled[body.nhs_number] = { untilMs: Number.MAX_SAFE_INTEGER, answer };
    if (FINAL_REFUSAL_CODES.has(code)) this.state.settled[key] = { untilMs: Number.MAX_SAFE_INTEGER, answer };
  }

  #assertion(): Promise<string> {
    if (
      !this.#deviations.has('rs256') &&
      !this.#deviations.has('aud-without-token-path') &&
      !this.#deviations.has('long-lived-assertion')
    ) {
      return signClientAssertion({ clientId: this.o.clientId, privateKey: this.o.privateKey, tokenUrl: this.o.tokenUrl });
    }
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: this.#deviations.has('rs256') ? 'RS256' : 'RS512', typ: 'JWT' })
      .setIssuer(this.o.clientId)
      .setSubject(this.o.clientId)
      .setAudience(this.#deviations.has('aud-without-token-path') ? this.o.tokenUrl.replace(/\/token$/, '') : this.o.tokenUrl)
      .setIssuedAt(now)
      .setExpirationTime(now + (this.#deviations.has('long-lived-assertion') ? 3600 : 60))
      .setJti(randomUUID())
      .sign(this.o.privateKey);
  }
}
