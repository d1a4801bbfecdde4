import { createHmac, createSign, type KeyObject } from 'node:crypto';
import { MailpitClient } from 'mailpit-api';
import { requestFor } from '../../scenarios/catalogue';
import type { PatientRecord } from '../../sandbox/pds/patient';
import { ClaimDriver } from './claim-driver';
import { ADDED_ACCOUNT_PASSWORD, type ClaimStage } from './claim-scenario-player';
import { demoClient, secondClient } from '../../fixtures/clients';
import { testConfig } from '../../sandbox/config/config';
import { SandboxClock } from '../../sandbox/clock/clock';
import { createSandbox, type Sandbox } from '../../sandbox/sandbox';
import { readPrivateKey, signClientAssertion } from '../../sandbox/gp-client/client-assertion-signer';
import { jwtBearerGrantBody, tokenRequestBody } from '../../sandbox/auth/token-request';

/**
 * Test harness: an in-memory sandbox driven through `app.request()` (no sockets), with the
 * fixture clients' keys and helpers to build well-formed or deliberately broken assertions.
 */
export const demoKey = readPrivateKey(demoClient.privateKeyPath);
export const secondKey = readPrivateKey(secondClient.privateKeyPath);

/**
 * A stand-in for real (wall-clock) time, so a test can let real time pass without waiting: the
 * sandbox's real clock reads it, while its sandbox clock runs from it plus any time travel.
 */
export class ManualRealTime {
  #ms = Date.now();
  readonly now = () => this.#ms;
  advance(ms: number): void {
    this.#ms += ms;
  }
}

export async function testSandbox(
  overrides: Parameters<typeof testConfig>[0] = {},
  options: { realTime?: ManualRealTime } = {},
): Promise<Sandbox> {
  return createSandbox(testConfig(overrides), options.realTime ? { clock: new SandboxClock(options.realTime.now) } : {});
}

/** Sandbox time in seconds: what access tokens and every domain rule follow. */
export const nowIn = (sandbox: Sandbox) => Math.floor(sandbox.clock.nowMs() / 1000);
/** Real time in seconds: what a GP system signs its assertions with. */
export const realNow = () => Math.floor(Date.now() / 1000);

export function validAssertion(
  sandbox: Sandbox,
  client = demoClient.clientId,
  key: KeyObject = client === demoClient.clientId ? demoKey : secondKey,
) {
  return signClientAssertion({ clientId: client, privateKey: key, tokenUrl: sandbox.config.tokenUrl });
}

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** Builds a JWS with any header and claims, signed the way `alg` says (or not at all). */
export function craftJws(
  header: Record<string, unknown>,
  claims: unknown,
  signer: { rsa?: KeyObject; hmacSecret?: string | Buffer } = {},
): string {
  const input = `${b64(header)}.${b64(claims)}`;
  let signature = '';
  if (signer.hmacSecret !== undefined) {
    signature = createHmac(`sha${String(header.alg).slice(2)}`, signer.hmacSecret)
      .update(input)
      .digest('base64url');
  } else if (signer.rsa) {
    signature = createSign(`RSA-SHA${String(header.alg).slice(2)}`)
      .update(input)
      .sign(signer.rsa)
      .toString('base64url');
  }
  return `${input}.${signature}`;
}

/** Claims of a valid client assertion, signed (as a GP system does) on the real clock. */
export function standardClaims(sandbox: Sandbox, overrides: Record<string, unknown> = {}) {
  const now = realNow();
  return {
    iss: demoClient.clientId,
    sub: demoClient.clientId,
    aud: sandbox.config.tokenUrl,
    iat: now,
    exp: now + 60,
    jti: `jti-${Math.random().toString(36).slice(2)}`,
    ...overrides,
  };
}

export function postToken(sandbox: Sandbox, body: string | URLSearchParams, headers: Record<string, string> = {}) {
  return sandbox.app.request('/token', {
    method: 'POST',
    body: body.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
}

export async function tokenFor(sandbox: Sandbox, client = demoClient.clientId): Promise<string> {
  const response = await postToken(sandbox, tokenRequestBody(await validAssertion(sandbox, client)));
  const body = (await response.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`no token: ${JSON.stringify(body)}`);
  return body.access_token;
}

/** A Users Endpoint V2 token for these scopes (the JWT-bearer grant). */
export async function usersTokenFor(sandbox: Sandbox, scopes: readonly string[], client = demoClient.clientId): Promise<string> {
  const response = await postToken(sandbox, jwtBearerGrantBody(await validAssertion(sandbox, client), scopes));
  const body = (await response.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`no token: ${JSON.stringify(body)}`);
  return body.access_token;
}

/** GET /v2/Users with this filter (left out when undefined) and bearer token. */
export async function lookUpUsers(sandbox: Sandbox, token: string, filter: string | undefined, init: RequestInit = {}) {
  const query = filter === undefined ? '' : `?filter=${encodeURIComponent(filter)}`;
  const response = await sandbox.app.request(`/v2/Users${query}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...init.headers },
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}

/** A GP system that holds one token and provisions with it (what the scenario loop drives). */
export async function gpSystem(sandbox: Sandbox, client = demoClient.clientId) {
  const token = await tokenFor(sandbox, client);
  return async (body: unknown, headers: Record<string, string> = {}) => {
    const response = await sandbox.app.request('/provision-account', {
      method: 'POST',
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
  };
}

/** GET a sandbox path and read its JSON answer. */
export async function getJson(sandbox: Sandbox, path: string) {
  const response = await sandbox.app.request(path);
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}

/**
 * Provisions the patient with a fresh token and returns the claim link from the invitation email,
 * read through the Mailpit API (mailpit-api client) exactly as a tester would.
 */
export async function invitationLink(sandbox: Sandbox, patient: PatientRecord, request = requestFor(patient)): Promise<string> {
  const provision = await gpSystem(sandbox);
  const answer = await provision(request);
  if (answer.status !== 200) throw new Error(`provisioning ${patient.nhsNumber} failed: ${JSON.stringify(answer.body)}`);
  const mailpit = new MailpitClient(sandbox.mailpitUrl);
  const message = await mailpit.waitForMessage(
    { query: `to:${request.email_address} subject:"NHS login"` },
    { timeout: 10_000, interval: 25 },
  );
  return /https?:\/\/\S+\/claim\/[A-Za-z0-9_-]{43}/.exec(message.Text)![0];
}

/** The security code in the newest text message to this mobile (the SMS outbox). */
export async function latestSecurityCode(sandbox: Sandbox, mobile: string): Promise<string> {
  const message = await getJson(sandbox, `/_sandbox/sms/latest?to=${encodeURIComponent(mobile)}`);
  const code = /\b(\d{6})\b/.exec(String(message.body.body))?.[1];
  if (!code) throw new Error(`no security code for ${mobile}: ${JSON.stringify(message.body)}`);
  return code;
}

/** A claim stage on an in-process sandbox: HTTP form driver, time travel and PDS edits through the admin API. */
export function httpClaimStage(sandbox: Sandbox): ClaimStage & { driver: ClaimDriver } {
  const driver = new ClaimDriver((path, init) => sandbox.app.request(path, init));
  return {
    driver,
    invitationLink: (patient) => invitationLink(sandbox, patient),
    securityCode: (mobile) => latestSecurityCode(sandbox, mobile),
    travel: async (seconds) => sandbox.clock.advance(seconds * 1000),
    changePatient: async (nhsNumber, change) => {
      const response = await sandbox.app.request(`/_sandbox/pds/patients/${nhsNumber}`, {
        method: 'PATCH',
        body: JSON.stringify(change),
        headers: { 'content-type': 'application/json' },
      });
      if (!response.ok) throw new Error(`PDS change refused: ${await response.text()}`);
    },
    addAccount: async (email, account) => {
      const response = await sandbox.app.request('/_sandbox/accounts', {
        method: 'POST',
        body: JSON.stringify({ ...account, email, password: ADDED_ACCOUNT_PASSWORD }),
        headers: { 'content-type': 'application/json' },
      });
      if (!response.ok) throw new Error(`account refused: ${await response.text()}`);
    },
  };
}
