import { demoClient } from '../../fixtures/clients';
import { requestFor } from '../../scenarios/catalogue';
import { readPrivateKey, requestAccessToken } from '../../sandbox/gp-client/client-assertion-signer';
import type { PatientRecord } from '../../sandbox/pds/patient';

/**
 * The demo GP system talking to a sandbox over real sockets, as the process-level suites need it:
 * one token, reused for every provision call of the patient's catalogue request.
 */
export async function gpSystemOverHttp(baseUrl: string): Promise<(patient: PatientRecord) => Promise<Response>> {
  const access_token = await demoTokenOverHttp(baseUrl);
  return (patient) =>
    fetch(`${baseUrl}/provision-account`, {
      method: 'POST',
      body: JSON.stringify(requestFor(patient)),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${access_token}` },
    });
}

/** A provisioning access token for the demo client, asked for over HTTP as a GP system does. */
export async function demoTokenOverHttp(baseUrl: string): Promise<string> {
  const { access_token } = await requestAccessToken({
    clientId: demoClient.clientId,
    privateKey: readPrivateKey(demoClient.privateKeyPath),
    tokenUrl: `${baseUrl}/token`,
  });
  return access_token;
}
