import path from 'node:path';
import type { Config } from './config/config';
import { createSandbox, type CreateSandboxOptions, type Sandbox } from './sandbox';
import { listen } from './server';
import { standsInFor } from './test-data/environments';
import { commandFor } from './cli/command-names';

/**
 * Starts a complete sandbox (HTTP server and every embedded service) and says where everything is.
 * Used by `npm start`, the Gherkin world and the tests that need real sockets.
 */
export interface StartedSandbox {
  sandbox: Sandbox;
  baseUrl: string;
  banner: string;
  stop(): Promise<void>;
}

export async function startSandbox(
  config: Config,
  options: Pick<CreateSandboxOptions, 'signingKey' | 'storeSnapshot' | 'journalRead' | 'patientGeneratorThread'> = {},
): Promise<StartedSandbox> {
  const sandbox = await createSandbox(config, options);
  const server = await listen(sandbox);
  // With port 0 the real port is only known now; links and audiences follow it.
  const baseUrl = config.port === 0 ? config.publicBaseUrl.replace(/:0$/, `:${server.port}`) : config.publicBaseUrl;
  if (config.port === 0) sandbox.rebase(baseUrl);
  const banner = [
    '',
    `  NHS login provisioning sandbox (${config.secure ? 'HTTPS, TLS 1.2+' : 'plain HTTP: for local testing only; the real service is HTTPS'})`,
    '',
    `  Console             ${baseUrl}/`,
    `  API docs            ${baseUrl}/docs (OpenAPI 3.1: ${baseUrl}/openapi.json)`,
    `  Token endpoint      ${baseUrl}/token`,
    `  Provision account   ${baseUrl}/provision-account`,
    `  Admin API           ${baseUrl}/docs (the /_sandbox/… paths; the console drives them too)`,
    `  Mail capture        ${sandbox.mailpitUrl}/ (${sandbox.capture ? `inbox and Mailpit API, embedded; SMTP on port ${sandbox.capture.smtpPort}` : 'Mailpit, external'})`,
    `  Text messages       ${baseUrl}/_sandbox/sms`,
    `  Data folder         ${config.storage === 'file' ? config.dataDir : '(in memory)'}`,
    `  Stands in for       ${standsInFor(config)}`,
    '',
    `  Demo client id      ${sandbox.seed.demoClient.clientId}`,
    `  Demo private key    ${path.relative(process.cwd(), sandbox.seed.demoClient.privateKeyPath)} (TEST ONLY, public)`,
    `  Get a token         ${commandFor('token')}`,
    '',
  ].join('\n');
  return {
    sandbox,
    baseUrl,
    banner,
    stop: async () => {
      await server.close();
      await sandbox.close();
    },
  };
}

/**
 * One line that says why the sandbox cannot start and what to do, instead of a stack trace: a
 * busy port names the option that chose it, a file the system refuses names the file.
 */
export function describeStartupFailure(error: unknown, config: Config): string {
  const failure = error as NodeJS.ErrnoException & { port?: number };
  if (failure.code === 'EADDRINUSE') {
    const option = [
      [config.port, 'PORT (--port)'],
      [config.smtpPort, 'SMTP_PORT (--smtp-port)'],
      [config.mailpitPort, 'MAILPIT_PORT (--mailpit-port)'],
    ].find(([port]) => port === failure.port)?.[1];
    const busy = `port ${failure.port ?? '?'} is already in use${option ? `: choose another with ${String(option)}` : ''}`;
    // Often a Mailpit the developer already runs: the sandbox can send to it instead of embedding its own.
    const mailPort =
      failure.port !== undefined && [config.smtpPort, config.mailpitPort].includes(failure.port) && failure.port !== config.port;
    return mailPort ? `${busy}, or, if Mailpit already runs there, use it with MAIL_CAPTURE=external (--mail-capture external)` : busy;
  }
  if (['EROFS', 'EACCES', 'EPERM', 'ENOSPC'].includes(failure.code ?? '')) {
    const reason = {
      EROFS: 'is on a read-only file system',
      EACCES: 'is not writable',
      EPERM: 'is not writable',
      ENOSPC: 'is on a full disk',
    }[failure.code!]!;
    return `${failure.path ?? config.dataDir} ${reason}: point DATA_DIR (--data-dir) at a writable folder, or run with STORAGE=memory`;
  }
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
