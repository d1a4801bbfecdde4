import assert from 'node:assert/strict';
import type { KeyObject } from 'node:crypto';
import { After, AfterAll, Before, setDefaultTimeout, setWorldConstructor, World, type IWorldOptions } from '@cucumber/cucumber';
import { MailpitClient } from 'mailpit-api';
import { readPrivateKey, signClientAssertion } from '../sandbox/gp-client/client-assertion-signer';
import { jwtBearerGrantBody, tokenRequestBody } from '../sandbox/auth/token-request';
import { fixtureClients } from '../fixtures/clients';
import type { PatientRecord } from '../sandbox/pds/patient';
import type { ClaimScenario } from '../scenarios/claim-journeys';
import type { ClaimDriver } from '../test/support/claim-driver';
import { resolveTarget, stopEmbeddedTarget, type Target } from './target';

/**
 * The world: the target's URLs, the GP system's identity and key, the last answers, a mail reader
 * built on mailpit-api, and the sandbox clock (for assertions signed in sandbox time).
 */
setDefaultTimeout(20_000);

export interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, any>;
}

export class ProvisioningWorld extends World {
  target!: Target;
  key!: KeyObject;
  mail!: MailpitClient;
  accessToken: string | null = null;
  /** What a scenario changed on the target and gives back when it ends (After hook). */
  cleanUps: (() => Promise<void>)[] = [];
  /** The Users Endpoint V2 token the GP system holds. */
  usersToken: string | null = null;
  lastAssertion: string | null = null;
  lastAnswer: Answer | null = null;
  answers: Answer[] = [];
  patient: PatientRecord | null = null;
  /** The claim scenario being acted out, and the patient's journey so far. */
  claimScenario: ClaimScenario | null = null;
  claim: ClaimDriver | null = null;
  /** The last email the patient received. */
  email: { Subject: string; Text: string; HTML: string } | null = null;

  constructor(options: IWorldOptions) {
    super(options);
  }

  async init(): Promise<void> {
    this.target = await resolveTarget();
    this.key = readPrivateKey(this.target.clientKeyPath);
    this.mail = new MailpitClient(this.target.mailpitUrl);
  }

  /** The GP system's own clock, in seconds: assertions are signed with real time, whatever the target's clock says. */
  nowSeconds(): number {
    return Math.floor(Date.now() / 1000);
  }

  async signAssertion(overrides: { lifetimeSeconds?: number; clientId?: string } = {}): Promise<string> {
    return signClientAssertion({
      clientId: overrides.clientId ?? this.target.clientId,
      privateKey: this.key,
      tokenUrl: this.target.tokenUrl,
      lifetimeSeconds: overrides.lifetimeSeconds ?? 60,
    });
  }

  /** The private key of the target's client, or of another fixture client (a second GP system). */
  keyFor(clientId: string): KeyObject {
    if (clientId === this.target.clientId) return this.key;
    const fixture = fixtureClients.find((client) => client.clientId === clientId);
    assert.ok(fixture, `no key for client ${clientId}`);
    return readPrivateKey(fixture.privateKeyPath);
  }

  /** The JWT-bearer grant (Users Endpoint V2) for these scopes. */
  async requestUsersToken(scopes: readonly string[], clientId = this.target.clientId): Promise<Answer> {
    const assertion = await signClientAssertion({ clientId, privateKey: this.keyFor(clientId), tokenUrl: this.target.tokenUrl });
    return this.remember(await fetch(this.target.tokenUrl, { method: 'POST', body: jwtBearerGrantBody(assertion, scopes) }));
  }

  async lookUpUsers(filter: string | null, token: string): Promise<Answer> {
    const query = filter === null ? '' : `?${new URLSearchParams({ filter })}`;
    return this.remember(await fetch(`${this.target.baseUrl}/v2/Users${query}`, { headers: { authorization: `Bearer ${token}` } }));
  }

  async requestToken(assertion: string): Promise<Answer> {
    this.lastAssertion = assertion;
    return this.remember(await fetch(this.target.tokenUrl, { method: 'POST', body: tokenRequestBody(assertion) }));
  }

  async obtainToken(): Promise<string> {
    const answer = await this.requestToken(await this.signAssertion());
    if (answer.status !== 200) throw new Error(`the target refused a valid assertion: ${JSON.stringify(answer.body)}`);
    this.accessToken = answer.body.access_token;
    return this.accessToken!;
  }

  async provision(body: unknown, token: string | null = this.accessToken): Promise<Answer> {
    return this.remember(
      await fetch(`${this.target.baseUrl}/provision-account`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      }),
    );
  }

  async admin(method: string, path: string, body?: unknown): Promise<Answer> {
    const response = await fetch(`${this.target.baseUrl}/_sandbox${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    const answer = { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
    if (answer.status >= 400) throw new Error(`admin ${method} ${path} failed: ${JSON.stringify(answer.body)}`);
    return answer;
  }

  async travel(seconds: number): Promise<void> {
    await this.admin('POST', '/clock', { advance_seconds: seconds });
  }

  async remember(response: Response): Promise<Answer> {
    const text = await response.text();
    let body: Record<string, any>;
    try {
      body = JSON.parse(text);
    } catch {
      body = { raw: text };
    }
    this.lastAnswer = { status: response.status, headers: response.headers, body };
    this.answers.push(this.lastAnswer);
    return this.lastAnswer;
  }
}

setWorldConstructor(ProvisioningWorld);

Before(async function (this: ProvisioningWorld) {
  await this.init();
});

// Scenarios that need the admin API are skipped, visibly, against a target without it.
Before({ tags: '@admin or @time-travel' }, async function (this: ProvisioningWorld) {
  if (!this.target.hasAdminApi) return 'skipped';
  // Each such scenario starts from the seeded state, so scenarios stay independent.
  await this.admin('POST', '/reset', {});
  return undefined;
});

After(async function (this: ProvisioningWorld) {
  for (const cleanUp of this.cleanUps.splice(0)) await cleanUp();
});

After({ tags: '@time-travel' }, async function (this: ProvisioningWorld) {
  if (this.target.hasAdminApi) await this.admin('POST', '/clock', { reset: true });
});

AfterAll(async () => {
  await stopEmbeddedTarget();
});
