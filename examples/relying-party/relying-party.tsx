import { randomBytes } from 'node:crypto';
import { serve, type ServerType } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { getCookie, setCookie } from 'hono/cookie';
import * as oidc from 'openid-client';
import { nhsLoginClient } from './nhs-login-client';

/**
 * A small relying party: a service whose only button is "Continue with NHS login", and a page that
 * shows the identity it received. It shares no code with the sandbox: it knows the issuer URL, its
 * client id and its private key, and uses openid-client v6 as any Node service would, with the
 * settings NHS login needs (docs/signing-in.md): private_key_jwt with an RS512
 * key, an assertion `aud` of the token endpoint, and a `typ` of JWT.
 */
export interface RelyingPartyOptions {
  /** NHS login's issuer: the sandbox's base URL. */
  issuer: string;
  clientId: string;
  /** PKCS#8 PEM of the client's RS512 key. */
  privateKeyPath: string;
  /** 0: any free port. */
  port?: number;
  /** The identity level asked for (vtr); NHS login's default when left out. */
  vtr?: string[];
  scope?: string;
}

export interface RunningRelyingParty {
  url: string;
  close(): Promise<void>;
}

interface Visit {
  state?: string;
  nonce?: string;
  verifier?: string;
  identity?: Record<string, unknown>;
  error?: string;
}

function Page(props: { title: string; children: Child }) {
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{props.title} – Example GP online service</title>
        </head>
        <body>
          <header>
            <p>Example GP online service (a relying party for the NHS login sandbox)</p>
          </header>
          <main>{props.children}</main>
        </body>
      </html>
    </>
  );
}

export async function startRelyingParty(options: RelyingPartyOptions): Promise<RunningRelyingParty> {
  const config = await nhsLoginClient(options);

  const visits = new Map<string, Visit>();
  const app = new Hono();
  let base = '';
  const visit = (c: Context) => {
    let id = getCookie(c, 'rp_visit');
    if (!id || !visits.has(id)) {
      id = randomBytes(24).toString('base64url');
      visits.set(id, {});
      setCookie(c, 'rp_visit', id, { httpOnly: true, sameSite: 'Lax', path: '/' });
    }
    return visits.get(id)!;
  };

  app.get('/', (c) => {
    const { identity, error } = visit(c);
    if (identity)
      return c.html(
        <Page title="You are signed in">
          <h1>You are signed in</h1>
          <p>NHS login told this service who you are:</p>
          <dl>
            {Object.entries(identity).map(([name, value]) => (
              <>
                <dt>{name}</dt>
                <dd data-claim={name}>{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
              </>
            ))}
          </dl>
        </Page>,
      );
    return c.html(
      <Page title="Book a GP appointment">
        <h1>Book a GP appointment</h1>
        {error && (
          <p role="alert" data-error>
            NHS login did not sign you in: {error}
          </p>
        )}
        <p>Sign in to see and book appointments at your GP surgery.</p>
        <form method="get" action="/login">
          <button type="submit">Continue with NHS login</button>
        </form>
      </Page>,
    );
  });

  app.get('/login', async (c) => {
    const v = visit(c);
    v.state = oidc.randomState();
    v.nonce = oidc.randomNonce();
    v.verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: `${base}/callback`,
      scope: options.scope ?? 'openid profile',
      state: v.state,
      nonce: v.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(v.verifier),
      code_challenge_method: 'S256',
      ...(options.vtr ? { vtr: JSON.stringify(options.vtr) } : {}),
    });
    return c.redirect(url.href, 302);
  });

  app.get('/callback', async (c) => {
    const v = visit(c);
    try {
      const tokens = await oidc.authorizationCodeGrant(config, new URL(c.req.url, base), {
        pkceCodeVerifier: v.verifier,
        expectedState: v.state,
        expectedNonce: v.nonce,
      });
      const claims = tokens.claims()!;
      const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
      v.identity = { ...info, vot: claims.vot, vtm: claims.vtm, auth_time: claims.auth_time };
      v.error = undefined;
    } catch (error) {
      v.error = error instanceof oidc.AuthorizationResponseError || error instanceof oidc.ResponseBodyError ? error.error : String(error);
    }
    return c.redirect('/', 303);
  });

  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: options.port ?? 0 }, () => resolve(s));
  });
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : options.port}`;
  return { url: base, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
