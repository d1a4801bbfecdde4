// The sign-in's part of the test interface (mounted by admin/admin-api.ts): faults queued per
// endpoint for relying parties to survive (sign-in-faults.ts), and the OpenAPI description of its paths.
import { Hono } from 'hono';
import { readAdminInput } from '../http/admin-errors';
import { admin, type PathItems } from '../http/openapi';
import { SignInFaultRequest, type SignInFaults } from './sign-in-faults';

export function signInAdminRoutes(faults: SignInFaults) {
  return new Hono()
    .get('/signin-faults', (c) => c.json({ faults: faults.list() }))
    .post('/signin-faults', async (c) => {
      const read = await readAdminInput(c, SignInFaultRequest);
      if (!read.ok) return read.response;
      return c.json(faults.add(read.input), 201);
    })
    .delete('/signin-faults', (c) => {
      faults.clear();
      return c.json({ faults: [] });
    });
}

export const signInAdminPaths: PathItems = {
  '/signin-faults': {
    get: admin('Queued sign-in faults', { answers: { '200': '{faults: […]}' } }),
    post: admin('Queue a fault for a sign-in endpoint (error redirect, slow answer, bad ID token, UserInfo 500)', {
      body: SignInFaultRequest,
      answers: { '201': 'the queued fault' },
      errors: [400],
    }),
    delete: admin('Clear queued sign-in faults', { answers: { '200': '{faults: []}' } }),
  },
};
