import type { JournalEntry } from '../../sandbox/journal/journal-entry';

/**
 * A provisioning exchange for the journal's own tests, recorded `n` seconds after the epoch and
 * answered 5 ms later: what differs between tests (order, clients, body) is given in `fields`.
 */
export const journalExchange = (
  n: number,
  fields: Partial<Omit<JournalEntry, 'seq' | 'chain'>> & { body?: unknown } = {},
): Omit<JournalEntry, 'seq' | 'chain'> => {
  const { body = { nhs_number: String(n) }, ...rest } = fields;
  return {
    at: new Date(n * 1000).toISOString(),
    atMs: n * 1000,
    answeredAtMs: n * 1000 + 5,
    sandboxAtMs: n * 1000,
    sandboxAnsweredAtMs: n * 1000 + 5,
    order: { arrived: 2 * n, answered: 2 * n + 1 },
    endpoint: 'provision',
    method: 'POST',
    path: '/provision-account',
    clientId: 'sandbox-demo-client',
    identity: { clientId: 'sandbox-demo-client', verifiedBy: 'access-token' },
    remoteAddress: '127.0.0.1',
    request: { contentType: 'application/json', authorization: { raw: 'absent' }, body, bodyDigest: `sha256:${n}` },
    response: { status: 200, body: { code: '11001' } },
    outcome: '11001',
    ...rest,
  };
};
