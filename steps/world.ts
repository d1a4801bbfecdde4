import assert from 'node:assert/strict';
import type { KeyObject } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { After, AfterAll, Before, BeforeAll, setDefaultTimeout, setWorldConstructor, World, type IWorldOptions } from '@cucumber/cucumber';
import { MailpitClient } from 'mailpit-api';
import { readPrivateKey, signClientAssertion } from '../sandbox/gp-client/client-assertion-signer';
import { jwtBearerGrantBody, tokenRequestBody } from '../sandbox/auth/token-request';
import { demoClient, secondClient } from '../fixtures/clients';
import type { PatientRecord } from '../sandbox/pds/patient';
import type { ClaimScenario } from '../scenarios/claim-scenarios';
import type { ClaimDriver } from '../test/support/claim-driver';
import { TEST_INTERFACE_VERSION } from '../sandbox/test-interface/contract';
import { USERS_RETRIEVE } from '../sandbox/auth/scopes';
import { holdsCatalogueData, resolveTarget, stopEmbeddedTarget, type Target } from './target';
import { reportsFolder } from './reports-folder';

/** The version of this feature suite (features, steps, contract use): printed with every run. */
export const FEATURE_SUITE_VERSION = '3';
const NEEDS = '@needs-';

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
  /** The token endpoint's answer, when a later call (a lookup) has become the last answer. */
  tokenAnswer: Answer | null = null;
  lastAssertion: string | null = null;
  lastAnswer: Answer | null = null;
  answers: Answer[] = [];
  patient: PatientRecord | null = null;
  /** The claim scenario being acted out, and the patient's journey so far. */
  claimScenario: ClaimScenario | null = null;
  claim: ClaimDriver | null = null;
  /** The last email the patient received. */
  email: { Subject: string; Text: string; HTML: string } | null = null;
  /** The request that provisions the patient of the scenario (the mapping's or the catalogue's). */
  patientRequest: Record<string, unknown> | null = null;
  scenarioName = '';
  scenarioUri = '';

  constructor(options: IWorldOptions) {
    super(options);
  }

  async init(): Promise<void> {
    // The remote profile is for another implementation: never quietly fall back to an embedded sandbox.
    if ((this.parameters as { remote?: boolean }).remote && !process.env.SANDBOX_URL) {
      throw new Error('the remote profile needs SANDBOX_URL (and MAILPIT_URL, CAPABILITIES_FILE…): see docs/assurance.md');
    }
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

  /**
   * The target's own client standing in for a catalogue client: the catalogue is written with the
   * sandbox's fixture clients, a target names its own (CLIENT_ID, SECOND_CLIENT_ID). Null: the
   * target names no second GP system (the scenario is then skipped, see `skip`).
   */
  clientFor(catalogueClientId: string): string | null {
    if (catalogueClientId === demoClient.clientId) return this.target.clientId;
    if (catalogueClientId === secondClient.clientId) return this.target.secondClientId;
    return holdsCatalogueData(this.target) ? catalogueClientId : null;
  }

  /** The private key of the target's client or of its second client. */
  keyFor(clientId: string): KeyObject {
    if (clientId === this.target.clientId) return this.key;
    assert.equal(clientId, this.target.secondClientId, `no key for client ${clientId}`);
    return readPrivateKey(this.target.secondClientKeyPath!);
  }

  /** Scopes as the features write them, in the target's spelling (`Users.retrieve` → USERS_RETRIEVE_SCOPE). */
  scopesFor(scopes: readonly string[]): string[] {
    return scopes.map((scope) => (scope === USERS_RETRIEVE ? this.target.usersRetrieveScope : scope));
  }

  /**
   * Skips the rest of the scenario, saying why (attached, listed at the end of the run and written
   * to the skipped report): for a step that would need data or a client the target has not named.
   * Return its value from the step.
   */
  skip(reason: string): 'skipped' {
    this.attach(`Skipped: ${reason}`);
    skipped.push({ scenario: this.scenarioName, uri: this.scenarioUri, missing: [reason] });
    return 'skipped';
  }

  /** Whether a step may send the catalogue's own requests (the target declares `catalogue-data`). */
  get catalogueData(): boolean {
    return holdsCatalogueData(this.target);
  }

  /** The JWT-bearer grant (Users Endpoint V2) for these scopes. */
  async requestUsersToken(scopes: readonly string[], clientId = this.target.clientId): Promise<Answer> {
    const assertion = await signClientAssertion({ clientId, privateKey: this.keyFor(clientId), tokenUrl: this.target.tokenUrl });
    this.lastAssertion = assertion;
    return this.remember(
      await fetch(this.target.tokenUrl, { method: 'POST', body: jwtBearerGrantBody(assertion, this.scopesFor(scopes)) }),
    );
  }

  /** A form-encoded token request with exactly these parameters. */
  async postToken(parameters: Record<string, string>): Promise<Answer> {
    return this.remember(await fetch(this.target.tokenUrl, { method: 'POST', body: new URLSearchParams(parameters) }));
  }

  async lookUpUsers(filter: string | null, token: string, scheme = 'Bearer'): Promise<Answer> {
    const query = filter === null ? '' : `?${new URLSearchParams({ filter })}`;
    return this.remember(await fetch(`${this.target.baseUrl}/v2/Users${query}`, { headers: { authorization: `${scheme} ${token}` } }));
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

  async provision(body: unknown, token: string | null = this.accessToken, scheme = 'Bearer'): Promise<Answer> {
    return this.remember(
      await fetch(`${this.target.baseUrl}/provision-account`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `${scheme} ${token}` } : {}) },
      }),
    );
  }

  async admin(method: string, path: string, body?: unknown): Promise<Answer> {
    // A mapped run is for targets without a test interface: any call to one is a defect of the suite.
    if (this.target.mapping) throw new Error(`a mapped run made a test-interface call: ${method} ${path}`);
    const response = await fetch(`${this.target.baseUrl}/_sandbox${path}`, {
      method,
      headers: {
        ...(this.target.adminToken ? { 'x-sandbox-admin-token': this.target.adminToken } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
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

Before(async function (this: ProvisioningWorld, { pickle }) {
  this.scenarioName = pickle.name;
  this.scenarioUri = pickle.uri;
  await this.init();
});

/**
 * A scenario tagged `@needs-<capability>` runs only against a target that declares that
 * capability of the test-interface contract; otherwise it is skipped, and the reason is attached
 * to the scenario, listed at the end of the run and written to reports/skipped-scenarios.json (REPORTS_DIR moves it).
 */
const skipped: { scenario: string; uri: string; missing: string[] }[] = [];

Before(async function (this: ProvisioningWorld, { pickle }) {
  const tags = pickle.tags.map((tag) => tag.name);
  const needed = tags.filter((name) => name.startsWith(NEEDS)).map((name) => name.slice(NEEDS.length));
  // @patient-mapped: runs from a clean state (state-setup), or with the target's own patient from a mapping file.
  if (tags.includes('@patient-mapped')) {
    const id = pickle.steps.map((step) => /catalogue scenario "([^"]+)"/.exec(step.text)?.[1]).find(Boolean);
    if (!this.target.mapping) needed.push('state-setup');
    else if (!id || !this.target.mapping.has(id)) {
      this.attach(`Skipped: the patient mapping has no patient for catalogue scenario ${id ?? '?'}`);
      skipped.push({ scenario: pickle.name, uri: pickle.uri, missing: [`a mapped patient for ${id ?? '?'}`] });
      return 'skipped';
    } else if (tags.includes('@declared-by-target') && !this.target.mapping.get(id)!.expected) {
      // The specification leaves this code's meaning to the implementation: only the target can say what it answers.
      const reason = `the patient mapping declares no "expected" code for catalogue scenario ${id} (its meaning is the implementation's)`;
      this.attach(`Skipped: ${reason}`);
      skipped.push({ scenario: pickle.name, uri: pickle.uri, missing: [reason] });
      return 'skipped';
    }
  }
  // Resetting to the seeded state and arranging it by NHS number means the seeded state is the catalogue's.
  if (needed.includes('state-setup') && !needed.includes('catalogue-data')) needed.push('catalogue-data');
  const missing = needed.filter((capability) => !(this.target.capabilities as readonly string[]).includes(capability));
  if (missing.length) {
    this.attach(`Skipped: the target does not declare ${missing.join(', ')} (test-interface contract v${TEST_INTERFACE_VERSION})`);
    skipped.push({ scenario: pickle.name, uri: pickle.uri, missing });
    return 'skipped';
  }
  // Scenarios that change state start from the seeded state, so they stay independent.
  if (needed.includes('state-setup')) await this.admin('POST', '/reset', {});
  return undefined;
});

BeforeAll(async () => {
  const target = await resolveTarget();
  console.error(
    `\nNHS login provisioning features v${FEATURE_SUITE_VERSION} (test-interface contract v${TEST_INTERFACE_VERSION}) against ${target.baseUrl}\n` +
      `capabilities declared by ${target.declaredBy}: ${target.capabilities.join(', ') || 'none'}\n`,
  );
});

After(async function (this: ProvisioningWorld) {
  for (const cleanUp of this.cleanUps.splice(0)) await cleanUp();
});

// After hooks run for skipped scenarios too: the clock is only put back where it could be moved.
After({ tags: '@needs-time-travel' }, async function (this: ProvisioningWorld) {
  if (this.target.capabilities.includes('time-travel')) await this.admin('POST', '/clock', { reset: true });
});

AfterAll(async () => {
  const target = await resolveTarget();
  const report = {
    suite: FEATURE_SUITE_VERSION,
    contract: TEST_INTERFACE_VERSION,
    target: target.baseUrl,
    capabilities: target.capabilities,
    declaredBy: target.declaredBy,
    skipped,
  };
  mkdirSync(reportsFolder(), { recursive: true });
  writeFileSync(process.env.SKIPPED_REPORT ?? path.join(reportsFolder(), 'skipped-scenarios.json'), `${JSON.stringify(report, null, 2)}\n`);
  if (skipped.length) {
    const byReason = new Map<string, number>();
    for (const { missing } of skipped) byReason.set(missing.join(' + '), (byReason.get(missing.join(' + ')) ?? 0) + 1);
    console.error(
      `\n${skipped.length} scenario(s) skipped, the target not declaring: ${[...byReason].map(([reason, n]) => `${reason} (${n})`).join(', ')}`,
    );
  }
  await stopEmbeddedTarget();
});
