import type { KeyObject } from 'node:crypto';
import { signClientAssertion } from './client-assertion-signer';
import { tokenRequestBody } from '../auth/token-request';

/**
 * A GP system that does everything the specification asks, written as the model a supplier can
 * copy: one fresh RS512 assertion per token request, the token cached and reused until it is
 * nearly expired, JSON provision calls with exactly the five fields, Retry-After honoured after
 * 11011 (per ODS code) and 11000, and no re-submission of a patient just answered 11003 or 11005.
 * The conformance checker must find nothing wrong with it (conformance.test.ts).
 */
export interface ReferenceClientOptions {
  clientId: string;
  privateKey: KeyObject;
  tokenUrl: string;
  provisionUrl: string;
  fetch: (url: string, init: RequestInit) => Response | Promise<Response>;
  /** Current time in ms (sandbox time when testing with time travel). */
  now: () => number;
  /** Waits (really, or by moving the sandbox clock). */
  wait: (ms: number) => Promise<void>;
}

export interface ProvisionAnswer {
  status: number;
  body: Record<string, unknown>;
  /** True when the client decided not to send (a recent 11003/11005 for the same patient). */
  notSent?: boolean;
}

const RENEW_BEFORE_EXPIRY_MS = 30_000;
const RESUBMIT_PAUSE_MS = 60_000;
const MIN_BACKOFF_MS = 1_000;

export class ReferenceGpClient {
  #token: { value: string; expiresAtMs: number } | null = null;
  #odsBlockedUntil = new Map<string, number>();
  #serviceBlockedUntil = 0;
  #settled = new Map<string, { atMs: number; answer: ProvisionAnswer }>();

  constructor(private readonly o: ReferenceClientOptions) {}

  async accessToken(): Promise<string> {
    if (this.#token && this.#token.expiresAtMs - this.o.now() > RENEW_BEFORE_EXPIRY_MS) return this.#token.value;
    const assertion = await signClientAssertion({
      clientId: this.o.clientId,
      privateKey: this.o.privateKey,
      tokenUrl: this.o.tokenUrl,
      nowSeconds: Math.floor(this.o.now() / 1000),
    });
    const response = await this.o.fetch(this.o.tokenUrl, {
      method: 'POST',
      body: tokenRequestBody(assertion).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const body = (await response.json()) as { access_token?: string; expires_in?: number };
    if (response.status !== 200 || !body.access_token) throw new Error(`token request refused: ${JSON.stringify(body)}`);
    this.#token = { value: body.access_token, expiresAtMs: this.o.now() + Number(body.expires_in) * 1000 };
    return this.#token.value;
  }

  async provision(request: {
    nhs_number: string;
    email_address: string;
    date_of_birth: string;
    ods_code: string;
    phone_number: string;
  }): Promise<ProvisionAnswer> {
    const settled = this.#settled.get(request.nhs_number);
    if (settled && this.o.now() - settled.atMs < RESUBMIT_PAUSE_MS) return { ...settled.answer, notSent: true };
    const waitMs = Math.max(this.#odsBlockedUntil.get(request.ods_code) ?? 0, this.#serviceBlockedUntil) - this.o.now();
    if (waitMs > 0) await this.o.wait(waitMs);
    const { nhs_number, email_address, date_of_birth, ods_code, phone_number } = request;
    const response = await this.o.fetch(this.o.provisionUrl, {
      method: 'POST',
      body: JSON.stringify({ nhs_number, email_address, date_of_birth, ods_code, phone_number }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await this.accessToken()}` },
    });
    const answer: ProvisionAnswer = { status: response.status, body: (await response.json()) as Record<string, unknown> };
    const retryAfterMs = Math.max(Number(response.headers.get('retry-after') ?? 0) * 1000, MIN_BACKOFF_MS);
    if (answer.body.code === '11011') this.#odsBlockedUntil.set(ods_code, this.o.now() + retryAfterMs);
    if (answer.body.code === '11000') this.#serviceBlockedUntil = this.o.now() + retryAfterMs;
    if (answer.body.code === '11003' || answer.body.code === '11005') this.#settled.set(nhs_number, { atMs: this.o.now(), answer });
    return answer;
  }
}
