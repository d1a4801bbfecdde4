import { readFileSync } from 'node:fs';
import * as oidc from 'openid-client';

/**
 * openid-client v6 configured for NHS login, with only the settings its documentation names and
 * NHS login needs (docs/signing-in.md): discovery from the issuer,
 * private_key_jwt with an RS512 key (PKCS#8 PEM), an assertion `aud` of the token endpoint and a
 * `typ` of JWT; plain HTTP allowed only for an `http:` issuer (the sandbox on loopback). The
 * relying party uses it, and so do the tests that drive openid-client against the sandbox.
 */
export async function nhsLoginClient(options: { issuer: string; clientId: string; privateKeyPath: string }): Promise<oidc.Configuration> {
  const tokenUrl = `${options.issuer.replace(/\/$/, '')}/token`;
  const pem = readFileSync(options.privateKeyPath, 'utf8');
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const key = await crypto.subtle.importKey('pkcs8', der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512' }, false, ['sign']);
  return oidc.discovery(
    new URL(options.issuer),
    options.clientId,
    undefined,
    oidc.PrivateKeyJwt(key, {
      [oidc.modifyAssertion]: (header, payload) => {
        header.typ = 'JWT';
        payload.aud = tokenUrl;
      },
    }),
    { execute: options.issuer.startsWith('http:') ? [oidc.allowInsecureRequests] : [] },
  );
}
