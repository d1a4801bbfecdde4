// Single sign-on sessions in the test interface (mounted by admin/admin-api.ts): who is signed in,
// and ending a session so the next authorization request asks the person again (signed-in-sessions.ts).
import { Hono } from 'hono';
import type { Accounts } from '../accounts/accounts';
import type { Clock } from '../clock/clock';
import { adminError } from '../http/admin-errors';
import { admin, pathParam, type PathItems } from '../http/openapi';
import type { Store } from '../store/store';
import { endSignedInSession, signedInSessions } from './signed-in-sessions';
import type { SignInRecords } from './sign-in-sessions';

const SESSION_ID = /^[0-9a-f]{64}$/;

export function signInSessionAdminRoutes(deps: { records: SignInRecords; accounts: Accounts; store: Store; clock: Clock }) {
  return new Hono()
    .get('/signin-sessions', (c) => c.json({ sessions: signedInSessions({ ...deps, nowMs: deps.clock.nowMs() }) }))
    .delete('/signin-sessions/:id', async (c) => {
      const id = c.req.param('id');
      if (!SESSION_ID.test(id))
        return adminError(c, 400, 'invalid_request', 'a session id is 64 hexadecimal characters (GET /_sandbox/signin-sessions)');
      if (!(await endSignedInSession(deps, id))) return adminError(c, 404, 'not_found', `no sign-in session ${id}`);
      return c.body(null, 204);
    });
}

export const signInSessionAdminPaths = (): PathItems => ({
  '/signin-sessions': {
    get: admin('Who is signed in: live single sign-on sessions, newest first', {
      answers: { '200': '{sessions: [{id, accountId, email, nhsNumber, level, credentials, signedInAtMs, expiresAtMs}]}' },
    }),
  },
  '/signin-sessions/{id}': {
    delete: admin('End a sign-in session: the next authorization request asks the person to sign in again', {
      parameters: [pathParam('id', { pattern: SESSION_ID.source })],
      answers: { '204': { description: 'ended; no body' } },
      errors: [400, 404],
    }),
  },
});
