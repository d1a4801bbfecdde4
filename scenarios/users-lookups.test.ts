import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SCOPE_RELEASES } from '../sandbox/auth/scopes';
import type { Sandbox } from '../sandbox/sandbox';
import { lookUpUsers, testSandbox, tokenFor, usersTokenFor } from '../test/support/harness';
import { playUsersScenario, usersAnswerMismatches } from '../test/support/users-scenario-player';
import { usersScenarios } from './users-lookups';

/** Every Users Endpoint V2 scenario in the catalogue answers as the catalogue says, on an in-process sandbox. */
let sandbox: Sandbox;
afterEach(async () => sandbox?.close());

describe('Users Endpoint V2 catalogue', () => {
  it('has unique ids and covers nobody, one, several, each 400 and each 403', () => {
    expect(new Set(usersScenarios.map((s) => s.id)).size).toBe(usersScenarios.length);
    const counts = usersScenarios.map((s) => (s.expected.status === 200 ? Math.min(s.expected.accountIds.length, 2) : s.expected.status));
    for (const kind of [0, 1, 2, 400, 403]) expect(counts).toContain(kind);
    expect(usersScenarios.filter((s) => s.expected.status === 400)).toHaveLength(8);
    expect(usersScenarios.filter((s) => s.expected.status === 403)).toHaveLength(3);
  });

  it('is shown, lookup by lookup with the filter it sends, in features/users-endpoint.feature', () => {
    const feature = readFileSync(path.join(import.meta.dirname, '..', 'features', 'users-endpoint.feature'), 'utf8');
    const rows = [...feature.matchAll(/^\s*\| (users-[\w-]+)\s*\| (.*?)\s*\|$/gm)].map(([, id, filter]) => [
      id,
      filter!.replaceAll('\\|', '|'),
    ]);
    expect(rows).toEqual(usersScenarios.map((s) => [s.id, s.filter ?? '(none)']));
  });

  it("and the guide's scope table (docs/integrating.md) is the one scopes.ts defines", () => {
    const readme = readFileSync(path.join(import.meta.dirname, '..', 'docs', 'integrating.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| `([\w.]+)` \| ([^|]*) \|$/gm)].filter(([, scope]) => scope! in SCOPE_RELEASES);
    expect(Object.fromEntries(rows.map(([, scope, releases]) => [scope, releases]))).toEqual(SCOPE_RELEASES);
  });

  it.each(usersScenarios.map((s) => [s.id, s] as const))('%s', async (_id, scenario) => {
    sandbox = await testSandbox();
    const answer = await playUsersScenario(scenario, {
      baseUrl: sandbox.config.publicBaseUrl,
      token: (client, scopes) => (scopes === null ? tokenFor(sandbox, client) : usersTokenFor(sandbox, scopes, client)),
      approve: async (client, scopes) => void (await sandbox.clients.approveScopes(client, scopes as never)),
      lookUp: (token, filter) => lookUpUsers(sandbox, token, filter ?? undefined),
    });
    expect(usersAnswerMismatches(scenario, answer, sandbox.config.publicBaseUrl)).toEqual([]);
  });
});
