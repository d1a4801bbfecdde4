import type { Sandbox } from '../../sandbox/sandbox';

/** Everything the sandbox stores, as one comparable value: what a rejected request must not change. */
const COLLECTIONS = ['provisionings', 'accounts', 'pdsPatients', 'sms', 'claimJourneys', 'claimSessions', 'clients', 'mail'];

export const storedState = (sandbox: Sandbox): Record<string, unknown> =>
  Object.fromEntries(COLLECTIONS.map((name) => [name, sandbox.store.collection(name).entries()]));
