// The sign-in's part of the test interface (mounted by admin/admin-api.ts): faults queued per
// endpoint for relying parties to survive (sign-in-faults.ts), and the OpenAPI description of its paths.
import type { PathItems } from '../http/openapi';
import { faultQueuePaths, faultQueueRoutes } from '../test-interface/fault-queue-routes';
import { SignInFaultRequest, type SignInFaults } from './sign-in-faults';

export const signInAdminRoutes = (faults: SignInFaults) => faultQueueRoutes('/signin-faults', faults, SignInFaultRequest);

export const signInAdminPaths = (): PathItems => ({
  '/signin-faults': faultQueuePaths(SignInFaultRequest, {
    list: 'Queued sign-in faults',
    listed: '{faults: […]}',
    add: 'Queue a fault for a sign-in endpoint (error redirect, slow answer, bad ID token, UserInfo 500)',
    added: 'the queued fault',
    clear: 'Clear queued sign-in faults',
    cleared: '{faults: []}',
  }),
});
