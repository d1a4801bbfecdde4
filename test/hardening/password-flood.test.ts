import { afterEach, describe, expect, it } from 'vitest';
import { scenarioPatients as p } from '../../fixtures/patients';
import { CLAIM_PATHS } from '../../sandbox/claim/claim-paths';
import { testConfig } from '../../sandbox/config/config';
import { startSandbox, type StartedSandbox } from '../../sandbox/start';
import { ClaimDriver } from '../support/claim-driver';
import { invitationLink, latestSecurityCode } from '../support/harness';

/**
 * Issue #28: 500 simultaneous password POSTs from one claim session took /token from 4 ms to
 * 8.5 s: each was hashed, on the thread pool that also signs tokens, before its step was checked.
 * Over real sockets: a flood at another step hashes nothing; at the password step one hash runs
 * for the session and the rest share its answer, and no more than two hashes ever run at once.
 */
let running: StartedSandbox | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
});

const PASSWORD = 'Flooded-Password-1';

describe('password hashing is bounded and comes after the step check', () => {
  it('a flood at the wrong step hashes nothing; at the password step, one session gets one hash', { timeout: 60_000 }, async () => {
    running = await startSandbox(testConfig());
    const { sandbox, baseUrl } = running;
    const work = sandbox.claims.passwordWork;
    const driver = new ClaimDriver((route, init) => fetch(`${baseUrl}${route}`, { ...init, redirect: 'manual' }));
    await driver.open(await invitationLink(sandbox, p.newPatient));
    await driver.continueFromStart();
    const csrf = /name="csrf" value="([^"]+)"/.exec(driver.page!.html)![1]!;
    const flood = (count: number) =>
      Promise.all(
        Array.from({ length: count }, () =>
          fetch(`${baseUrl}${CLAIM_PATHS.password}`, {
            method: 'POST',
            redirect: 'manual',
            headers: { cookie: driver.cookie!, 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ csrf, password: PASSWORD, confirm_password: PASSWORD, terms: 'agreed' }).toString(),
          }).then((r) => r.status),
        ),
      );

    // At the security-code step: every POST is sent back to that step, and nothing is hashed.
    const wrongStep = await flood(200);
    expect(new Set(wrongStep)).toEqual(new Set([303]));
    expect(work.started).toBe(0);

    await driver.enterCode(await latestSecurityCode(sandbox, p.newPatient.mobile!));
    await driver.answerDetails('yes');
    expect(driver.page!.path).toBe(CLAIM_PATHS.password);
    const atPassword = await flood(200);
    const counts = atPassword.reduce<Record<number, number>>((all, status) => ({ ...all, [status]: (all[status] ?? 0) + 1 }), {});
    console.log(`[hardening] password flood: 200 POSTs at the password step → ${JSON.stringify(counts)}, ${work.started} hash(es) run`);
    // One hash for the session; every other POST got its answer (on to the end page).
    expect(counts).toEqual({ 303: 200 });
    expect(work.started).toBe(1);
    expect(work.peak).toBeLessThanOrEqual(2);
    expect(sandbox.accounts.byNhsNumber(p.newPatient.nhsNumber)?.identityLevel).toBe('P9');
  });

  it('many sessions at once: at most two hashes run together, the rest wait in a short queue or get 429', { timeout: 60_000 }, async () => {
    running = await startSandbox(testConfig());
    const { sandbox } = running;
    const work = sandbox.claims.passwordWork;
    let inside = 0;
    let most = 0;
    const slow = () =>
      new Promise<string>((resolve) => {
        most = Math.max(most, ++inside);
        setTimeout(() => {
          inside--;
          resolve('hashed');
        }, 50);
      });
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => work.run(`session-${i}`, slow)));
    expect(most).toBe(2);
    expect(answers.filter((a) => a === 'hashed')).toHaveLength(2 + 8);
  });
});
