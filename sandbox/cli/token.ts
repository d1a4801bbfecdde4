import { parseArgs } from 'node:util';
import { defaultSeed } from '../sandbox';
import { readPrivateKey, requestAccessToken } from '../gp-client/client-assertion-signer';

/**
 * `npm run token [-- --base-url URL --client-id ID --key PEM]`: signs a client assertion and
 * prints the token response, so a newcomer gets a token without writing code.
 */
const { values } = parseArgs({
  options: {
    'base-url': { type: 'string', default: process.env.SANDBOX_URL ?? 'http://127.0.0.1:8080' },
    'client-id': { type: 'string', default: defaultSeed.demoClient.clientId },
    key: { type: 'string', default: defaultSeed.demoClient.privateKeyPath },
    'token-url': { type: 'string' },
  },
});
const tokenUrl = values['token-url'] ?? `${values['base-url'].replace(/\/$/, '')}/token`;
try {
  const token = await requestAccessToken({ clientId: values['client-id'], privateKey: readPrivateKey(values.key), tokenUrl });
  console.log(JSON.stringify(token, null, 2));
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
