import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as z from 'zod';
import { readPrivateKey } from './client-assertion-signer';
import { DEVIATIONS, emptyClientState, ReferenceGpClient, type Deviation, type ReferenceClientState } from './reference-client';

/**
 * The reference GP client as a conformance driver (`npm run conformance -- --driver "..."`): one
 * plan step as JSON on stdin, provisioned the way the reference client does it. A GP system is a
 * long-running server that remembers its token and its back-offs; this driver is one process per
 * step, so it keeps that memory in a state file (REFERENCE_CLIENT_STATE, default in the temp
 * folder per client). CLIENT_KEY names the client's private key (PEM). REFERENCE_CLIENT_DEVIATIONS
 * (comma-separated) switches on deliberate faults.
 */
const Input = z.object({
  step: z.object({
    id: z.string(),
    request: z.object({
      nhs_number: z.string(),
      email_address: z.string(),
      date_of_birth: z.string(),
      ods_code: z.string(),
      phone_number: z.string(),
    }),
  }),
  sandboxUrl: z.url(),
  tokenUrl: z.url(),
  clientId: z.string(),
});

const input = Input.parse(JSON.parse(readFileSync(0, 'utf8')));
const keyFile = process.env.CLIENT_KEY;
if (!keyFile)
  throw new Error("set CLIENT_KEY to the PEM file of the client's private key (the demo client's: fixtures/keys/demo-client.private.pem)");
const deviations = (process.env.REFERENCE_CLIENT_DEVIATIONS ?? '').split(',').filter(Boolean);
for (const deviation of deviations)
  if (!(deviation in DEVIATIONS)) throw new Error(`unknown deviation ${deviation}; known: ${Object.keys(DEVIATIONS).join(', ')}`);
const stateFile = process.env.REFERENCE_CLIENT_STATE ?? path.join(tmpdir(), `reference-client-${input.clientId}.json`);
let state: ReferenceClientState;
try {
  state = JSON.parse(readFileSync(stateFile, 'utf8')) as ReferenceClientState;
} catch {
  state = emptyClientState();
}
const client = new ReferenceGpClient(
  {
    clientId: input.clientId,
    privateKey: readPrivateKey(keyFile),
    tokenUrl: input.tokenUrl,
    provisionUrl: `${input.sandboxUrl}/provision-account`,
    deviations: deviations as Deviation[],
  },
  state,
);
const answer = await client.provision(input.step.request);
writeFileSync(stateFile, JSON.stringify(client.state));
console.log(
  `${input.step.id}: ${answer.notSent ? 'not sent (already answered) ' : ''}${answer.status} ${String(answer.body.code ?? answer.body.error)}`,
);
