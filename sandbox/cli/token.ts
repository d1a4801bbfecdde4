import { parseArgs } from 'node:util';
import { defaultSeed } from '../seed';
import { readPrivateKey, requestAccessToken, signClientAssertion } from '../gp-client/client-assertion-signer';

/**
 * `npm run token [-- options]`: signs an RS512 assertion and prints the token response, so a
 * newcomer gets a token without writing code. With `--scope` it asks for a Users Endpoint V2
 * token (the JWT-bearer grant) instead of a provisioning one.
 */
const HELP = `Usage: npm run token -- [options]   (installed: nhs-login-sandbox token [options])

Signs an RS512 client assertion with the client's private key and prints the token response.

Options:
  --base-url URL     the sandbox (default: SANDBOX_URL, else http://127.0.0.1:$PORT, PORT default 8080)
  --token-url URL    the token endpoint (default: <base-url>/token)
  --client ID        the client id (default: ${defaultSeed.demoClient.clientId})
  --key PEM          the client's private key (default: ${defaultSeed.demoClient.privateKeyPath})
  --scope "S1 S2"    a Users Endpoint V2 token for these scopes (JWT-bearer grant), e.g. "Users.retrieve profile"
  --assertion        print only a fresh signed assertion (valid 60 s), for curl or docs/sandbox.http
  -h, --help         this help`;

let values;
try {
  ({ values } = parseArgs({
    strict: true,
    options: {
      'base-url': { type: 'string', default: process.env.SANDBOX_URL || `http://127.0.0.1:${process.env.PORT ?? '8080'}` },
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
  console.error(`${(error as Error).message}\nRun npm run token -- --help for the options.`);
  process.exit(2);
}
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const tokenUrl = values['token-url'] ?? `${values['base-url'].replace(/\/$/, '')}/token`;
const signer = { clientId: values['client-id'] ?? values.client, privateKey: readPrivateKey(values.key), tokenUrl };
if (values.assertion) {
  console.log(await signClientAssertion(signer));
  process.exit(0);
}
try {
  const token = await requestAccessToken(signer, values.scope === undefined ? undefined : values.scope.split(' '));
  console.log(JSON.stringify(token, null, 2));
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
