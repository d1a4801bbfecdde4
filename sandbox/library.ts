import { MailpitClient } from 'mailpit-api';
import { normalisePhone } from './pds/patient';
import { readPrivateKey, requestAccessToken, signClientAssertion } from './gp-client/client-assertion-signer';
import { ConfigError, testConfig, type ConfigOverrides } from './config/config';
import { startSandbox as startListening, type StartedSandbox } from './start';

/**
 * The library API for Node test suites (`import { startSandbox } from 'nhs-login-provisioning-sandbox'`):
 * a whole sandbox on free loopback ports, in memory, silent, with what a test needs at hand — its
 * URLs, the demo client's signer, the newest email and texted code, time travel, reset and close.
 * What it returns is plain data and functions; the internals stay behind `internals` for the rare
 * test that needs them.
 */
export type SandboxOptions = ConfigOverrides;

export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
  to: string[];
}

export interface RunningSandbox {
  baseUrl: string;
  tokenUrl: string;
  provisionUrl: string;
  usersUrl: string;
  /** The Mailpit API where captured mail is read. */
  mailpitUrl: string;
  demoClient: {
    clientId: string;
    privateKeyPath: string;
    /** A fresh RS512 client assertion, signed with the demo key on the real clock. */
    signAssertion(): Promise<string>;
    /** A provisioning access token (client-credentials grant). */
    provisioningToken(): Promise<string>;
    /** A Users Endpoint V2 access token for these scopes (JWT-bearer grant). */
    usersToken(scopes: readonly string[]): Promise<string>;
  };
  /** The newest email to this address, waiting up to `timeoutMs` for it to arrive. */
  latestEmail(to: string, timeoutMs?: number): Promise<EmailMessage>;
  /** The 6-digit code in the newest text message to this mobile (any UK spelling), or null. */
  latestSecurityCode(mobile: string): string | null;
  /** Moves the sandbox clock forward (invitations, codes and access tokens follow it). */
  travel(seconds: number): void;
  /** Back to the seeded state. */
  reset(): Promise<void>;
  close(): Promise<void>;
  /** The composed sandbox, for tests that need more than the above (not a stable API). */
  internals: StartedSandbox['sandbox'];
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const started = await startListening(testConfig({ populationSize: '500', ...options }));
  const { sandbox, baseUrl } = started;
  const key = readPrivateKey(sandbox.seed.demoClient.privateKeyPath);
  const clientId = sandbox.seed.demoClient.clientId;
  const tokenUrl = `${baseUrl}/token`;
  const signer = { clientId, privateKey: key, tokenUrl };
  const mailpit = new MailpitClient(sandbox.mailpitUrl);
  return {
    baseUrl,
    tokenUrl,
    provisionUrl: `${baseUrl}/provision-account`,
    usersUrl: `${baseUrl}/v2/Users`,
    mailpitUrl: sandbox.mailpitUrl,
    demoClient: {
      clientId,
      privateKeyPath: sandbox.seed.demoClient.privateKeyPath,
      signAssertion: () => signClientAssertion(signer),
      provisioningToken: async () => (await requestAccessToken(signer)).access_token,
      usersToken: async (scopes) => (await requestAccessToken(signer, scopes)).access_token,
    },
    latestEmail: async (to, timeoutMs = 5_000) => {
      const summary = await mailpit.waitForMessage({ query: `to:"${to.replaceAll('"', '')}"` }, { timeout: timeoutMs, interval: 25 });
      return { subject: summary.Subject, text: summary.Text, html: summary.HTML, to: summary.To.map((t) => t.Address) };
    },
    latestSecurityCode: (mobile) => {
      const newest = sandbox.sms.list(normalisePhone(mobile))[0];
      return newest ? (/\b(\d{6})\b/.exec(newest.body)?.[1] ?? null) : null;
    },
    travel: (seconds) => sandbox.clock.advance(seconds * 1000),
    reset: () => sandbox.reset(),
    close: () => started.stop(),
    internals: sandbox,
  };
}

export { ConfigError };
