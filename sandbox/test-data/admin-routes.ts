import { Hono, type Context } from 'hono';
import { publicAccountView } from '../accounts/account';
import { adminError, readAdminInput } from '../http/admin-errors';
import { admin, type PathItems } from '../http/openapi';
import {
  PdsTraceRequest,
  ProofingLevelRequest,
  setPdsTrace,
  setProofingLevel,
  type TestDataDeps,
  type TestDataOutcome,
} from './test-data-requests';

/** Supplier test-data requests (test-data-requests.ts), as admin calls. */
export function testDataAdminRoutes(deps: TestDataDeps) {
  const answer = (c: Context, outcome: TestDataOutcome) =>
    outcome.ok
      ? c.json(publicAccountView(outcome.account))
      : adminError(c, outcome.status, outcome.status === 404 ? 'not_found' : 'conflict', outcome.description);
  return new Hono()
    .post('/test-data/proofing-level', async (c) => {
      const read = await readAdminInput(c, ProofingLevelRequest);
      return read.ok ? answer(c, await setProofingLevel(deps, read.input)) : read.response;
    })
    .post('/test-data/pds-trace', async (c) => {
      const read = await readAdminInput(c, PdsTraceRequest);
      return read.ok ? answer(c, await setPdsTrace(deps, read.input)) : read.response;
    });
}

export const testDataAdminPaths = (): PathItems => ({
  '/test-data/proofing-level': {
    post: admin("A supplier's test-data request: set the proofing level (P0, P5, P9) of the account that uses this email", {
      body: ProofingLevelRequest,
      answers: { '200': 'the account' },
      errors: [400, 404, 409],
    }),
  },
  '/test-data/pds-trace': {
    post: admin("A supplier's test-data request: freeze (or unfreeze) the PDS trace of the account that uses this email", {
      body: PdsTraceRequest,
      answers: { '200': 'the account' },
      errors: [400, 404, 409],
    }),
  },
});
