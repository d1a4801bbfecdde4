import { parseArgs } from 'node:util';
import { defaultSeed } from '../seed';
import { readPrivateKey, requestAccessToken, signClientAssertion } from '../gp-client/client-assertion-signer';
import { BASE_URL_HELP, noSandboxAnswers, sandboxBaseUrl } from './base-url';
import { commandWithOptions } from './command-names';

/**
 * `npm run token [-- options]`: signs an RS512 assertion and prints the token response, so a
 * newcomer gets a token without writing code. With `--scope` it asks for a Users Endpoint V2
 * token (the JWT-bearer grant) instead of a provisioning one. Every failure is one line naming
 * what to do (exit 2 for a usage problem, 1 when the sandbox cannot be reached or refuses).
 */
const HELP = `Usage: ${commandWithOptions('token')} [options]

Signs an RS512 client assertion with the client's private key and prints the token response.

Options:
  ${BASE_URL_HELP}
  --token-url URL    the token endpoint (default: <base-url>/token)
  --client ID        the client id (default: ${defaultSeed.demoClient.clientId})
  --key PEM          the client's private key (default: ${defaultSeed.demoClient.privateKeyPath})
  --scope "S1 S2"    a Users Endpoint V2 token for these scopes (JWT-bearer grant), e.g. "Users.retrieve profile"
  --assertion        print only a fresh signed assertion (valid 60 s), for curl or docs/sandbox.http
  -h, --help         this help`;

class UsageError extends Error {}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      strict: true,
      options: {
        'base-url': { type: 'string' },
        client: { type: 'string', default: defaultSeed.demoClient.clientId },
        // The name earlier versions documented, kept so existing scripts keep working.
        'client-id': { type: 'string' },
        key: { type: 'string', default: defaultSeed.demoClient.privateKeyPath },
        'token-url': { type: 'string' },
        scope: { type: 'string' },
        assertion: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return console.log(HELP);
  const tokenUrl = values['token-url'] ?? `${sandboxBaseUrl(values['base-url'])}/token`;
  let privateKey;
  try {
    privateKey = readPrivateKey(values.key);
  } catch (error) {
    throw new UsageError(
      `cannot read the private key ${values.key} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): pass --key <PEM file>`,
    );
  }
  const signer = { clientId: values['client-id'] ?? values.client, privateKey, tokenUrl };
  if (values.assertion) return console.log(await signClientAssertion(signer));
  const token = await requestAccessToken(signer, values.scope === undefined ? undefined : values.scope.split(' ')).catch((error: Error) => {
    throw new Error(error instanceof TypeError ? noSandboxAnswers(tokenUrl, error) : error.message);
  });
  console.log(JSON.stringify(token, null, 2));
}

try {
  await main();
} catch (error) {
  const usage = error instanceof UsageError;
  console.error(
    `token: ${(error as Error).message.split('\n')[0]}${usage ? ` (${commandWithOptions('token')} --help for the options)` : ''}`,
  );
  process.exitCode = usage ? 2 : 1;
}
