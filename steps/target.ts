import { demoClient } from '../fixtures/clients';
import { testConfig } from '../sandbox/config/config';
import { startSandbox, type StartedSandbox } from '../sandbox/start';

/**
 * Which implementation the features run against. With no SANDBOX_URL an embedded sandbox is
 * started in-process on free ports with an in-memory store; otherwise the environment names the
 * target: SANDBOX_URL, TOKEN_URL, MAILPIT_URL, CLIENT_ID, CLIENT_KEY (path to a PEM private key).
 */
export interface Target {
  baseUrl: string;
  tokenUrl: string;
  mailpitUrl: string;
  clientId: string;
  clientKeyPath: string;
  /** Whether the target has the sandbox's admin API (time travel, PDS changes, reset). */
  hasAdminApi: boolean;
}

let embedded: StartedSandbox | null = null;

export async function resolveTarget(): Promise<Target> {
  const env = process.env;
  if (env.SANDBOX_URL) {
    const baseUrl = env.SANDBOX_URL.replace(/\/$/, '');
    const hasAdminApi = (await fetch(`${baseUrl}/_sandbox/clock`).catch(() => null))?.status === 200;
    return {
      baseUrl,
      tokenUrl: env.TOKEN_URL ?? `${baseUrl}/token`,
      mailpitUrl: (env.MAILPIT_URL ?? 'http://127.0.0.1:8025').replace(/\/$/, ''),
      clientId: env.CLIENT_ID ?? demoClient.clientId,
      clientKeyPath: env.CLIENT_KEY ?? demoClient.privateKeyPath,
      hasAdminApi,
    };
  }
  embedded ??= await startSandbox(testConfig({ populationSize: '200' }));
  return {
    baseUrl: embedded.baseUrl,
    tokenUrl: `${embedded.baseUrl}/token`,
    mailpitUrl: embedded.sandbox.mailpitUrl,
    clientId: demoClient.clientId,
    clientKeyPath: demoClient.privateKeyPath,
    hasAdminApi: true,
  };
}

export async function stopEmbeddedTarget(): Promise<void> {
  await embedded?.stop();
  embedded = null;
}
