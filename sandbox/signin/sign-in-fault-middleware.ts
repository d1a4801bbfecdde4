import type { MiddlewareHandler } from 'hono';
import { answerJson } from '../http/answer-json';
import { readAuthorizationRequest, redirectTo, type RelyingParty } from './authorization-request';
import { queryParams, readFormParams } from './read-form';
import type { SignInFaultEndpoint, SignInFaults } from './sign-in-faults';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Applies a queued fault before an endpoint answers: a delay, UserInfo's 500, or /authorize's
 * error redirect, which goes only to a redirect URI the request proved registered (never elsewhere).
 */
export function signInFaultMiddleware(
  endpoint: SignInFaultEndpoint,
  faults: SignInFaults,
  options: { relyingParty: (clientId: string) => RelyingParty | undefined; bodyLimitBytes: number },
): MiddlewareHandler {
  return async (c, next) => {
    const delay = faults.take(endpoint, ['delay']);
    if (delay?.delay_ms) await sleep(delay.delay_ms);
    if (endpoint === 'userinfo' && faults.take('userinfo', ['server-error']))
      return answerJson(c, { error: 'server_error', error_description: 'injected fault: the service failed' }, 500, {
        'Cache-Control': 'no-store',
      });
    if (endpoint === 'authorize') {
      const params = c.req.method === 'POST' ? await readFormParams(c, options.bodyLimitBytes) : queryParams(c.req.url);
      const reading = params ? readAuthorizationRequest(params, options.relyingParty) : null;
      if (reading?.kind === 'valid') {
        const fault = faults.take('authorize', ['error-redirect']);
        if (fault)
          return c.redirect(
            redirectTo(reading.request.redirectUri, {
              error: fault.error ?? 'server_error',
              error_description: 'injected fault',
              state: reading.request.state,
            }),
            302,
          );
      }
    }
    return next();
  };
}
