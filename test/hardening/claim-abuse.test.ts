import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { scenarioPatients as p } from '../../fixtures/patients';
import { claimStops } from '../../sandbox/claim/claim-stops';
import type { Sandbox } from '../../sandbox/sandbox';
import { httpClaimStage, invitationLink, latestSecurityCode, testSandbox } from '../support/harness';

/** The claiming journey under attack: guessing codes and links, replaying links, forging forms. */
let sandbox: Sandbox;
afterEach(async () => sandbox?.close());

const GUESSES = 200;

describe('claiming journey abuse', () => {
  it(`locks a brute force on the security code after the limit, even against the right code`, async () => {
    sandbox = await testSandbox();
    const { driver } = httpClaimStage(sandbox);
    await driver.open(await invitationLink(sandbox, p.newPatient));
    await driver.continueFromStart();
    const code = await latestSecurityCode(sandbox, p.newPatient.mobile!);
    // An attacker keeps the session's CSRF token and keeps posting, whatever page comes back.
    const csrf = driver.csrf;
    let answeredWrong = 0;
    for (let guess = 0; guess < GUESSES; guess++) {
      const attempt = String(guess).padStart(6, '0');
      if (attempt === code) continue;
      await driver.submit('/claim/security-code', { code: attempt }, csrf);
      if (driver.errors.length) answeredWrong++;
    }
    expect(answeredWrong).toBe(sandbox.config.claimMaxWrongCodes - 1);
    expect(driver.reference).toBe(claimStops['too-many-wrong-codes'].reference);
    await driver.submit('/claim/security-code', { code }, csrf);
    expect(driver.reference).toBe(claimStops['too-many-wrong-codes'].reference);
    console.log(`[hardening] claim abuse: ${GUESSES} security-code guesses, locked out after ${sandbox.config.claimMaxWrongCodes}`);
  });

  it(`opens no session for ${GUESSES} guessed claim links`, async () => {
    sandbox = await testSandbox();
    await invitationLink(sandbox, p.newPatient);
    for (let guess = 0; guess < GUESSES; guess++) {
      const response = await sandbox.app.request(`/claim/${randomBytes(32).toString('base64url')}`);
      expect(response.status).toBe(410);
      expect(response.headers.get('set-cookie')).toBeNull();
    }
    console.log(`[hardening] claim abuse: ${GUESSES} guessed claim links, none opened a session`);
  });

  it('refuses a form carrying another session’s CSRF token', async () => {
    sandbox = await testSandbox();
    const victim = httpClaimStage(sandbox).driver;
    const attacker = httpClaimStage(sandbox).driver;
    await victim.open(await invitationLink(sandbox, p.newPatient));
    await attacker.open(await invitationLink(sandbox, p.uplifter));
    const forged = await victim.submit('/claim/start', {}, attacker.csrf);
    expect(forged.status).toBe(403);
    expect(sandbox.sms.list()).toHaveLength(0);
  });
});
