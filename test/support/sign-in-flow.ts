import { demoClient } from '../../fixtures/clients';
import { FIXTURE_ACCOUNT_PASSWORD } from '../../fixtures/accounts';
import { scenarioPatients as p } from '../../fixtures/patients';
import { signClientAssertion } from '../../sandbox/gp-client/client-assertion-signer';
import type { Sandbox } from '../../sandbox/sandbox';
import { demoKey, latestSecurityCode, postToken } from './harness';
import { SignInDriver } from './sign-in-driver';

/**
 * The demo client as a relying party on an in-process sandbox, signing in the seeded P9 account
 * (Dylan Verity): its authorization URL (any parameter overridden or, with null, left out), the
 * person's sign-in through the pages, and its sign-in grants with an RS512 client assertion.
 */
export const RELYING_PARTY_REDIRECT = 'http://127.0.0.1:4000/callback';
/** Where the in-process sandbox answers (app.request). */
export const ORIGIN = 'http://localhost';
export const dylan = { email: p.p9Account.email!, mobile: p.p9Account.mobile! };

export function relyingPartyAuthorizeUrl(overrides: Record<string, string | null> = {}) {
  const params: Record<string, string | null> = {
    client_id: demoClient.clientId,
    redirect_uri: RELYING_PARTY_REDIRECT,
    response_type: 'code',
    scope: 'openid profile',
    state: 'state-123',
    nonce: 'nonce-456',
    ...overrides,
  };
  return `${ORIGIN}/authorize?${new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== null))}`;
}

/** Dylan signs in through the pages; the URL the relying party gets back (code and state, or an error). */
export async function signedInCode(sandbox: Sandbox, overrides: Record<string, string | null> = {}, driver?: SignInDriver) {
  const person = driver ?? new SignInDriver((url, init) => sandbox.app.request(url, init), ORIGIN);
  await person.open(relyingPartyAuthorizeUrl(overrides));
  const back = await person.signIn(dylan.email, FIXTURE_ACCOUNT_PASSWORD, () => latestSecurityCode(sandbox, dylan.mobile));
  return { back, driver: person };
}

/** A sign-in grant at the token endpoint with the client's assertion (`aud` the token URL unless given). */
export async function signInGrant(
  sandbox: Sandbox,
  fields: Record<string, string>,
  client: { clientId: string; privateKey: typeof demoKey; aud?: string } = { clientId: demoClient.clientId, privateKey: demoKey },
) {
  const assertion = await signClientAssertion({
    clientId: client.clientId,
    privateKey: client.privateKey,
    tokenUrl: client.aud ?? sandbox.config.tokenUrl,
  });
  const response = await postToken(
    sandbox,
    new URLSearchParams({
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
      ...fields,
    }),
  );
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}
