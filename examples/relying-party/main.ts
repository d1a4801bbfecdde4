import path from 'node:path';
import { startRelyingParty } from './relying-party';

/**
 * Run the example relying party against a running sandbox:
 *   npm start                                   # the sandbox on 127.0.0.1:8080
 *   npx tsx examples/relying-party/main.ts      # this service on 127.0.0.1:3000
 * then open http://127.0.0.1:3000/ and press "Continue with NHS login".
 */
const running = await startRelyingParty({
  issuer: process.env.SANDBOX_URL ?? 'http://127.0.0.1:8080',
  clientId: process.env.CLIENT_ID ?? 'sandbox-demo-client',
  privateKeyPath: process.env.CLIENT_KEY ?? path.join(import.meta.dirname, '../../fixtures/keys/demo-client.private.pem'),
  port: Number(process.env.PORT ?? 3000),
});
console.log(`Example relying party on ${running.url}/ (Continue with NHS login)`);
