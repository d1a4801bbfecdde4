import { MailpitClient } from 'mailpit-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scenarioPatients as p } from '../../fixtures/patients';
import { provisioningScenarios, scenarioById, type ProvisioningScenario } from '../../scenarios/catalogue';
import type { Sandbox } from '../sandbox';
import { gpSystem, testSandbox } from '../../test/support/harness';
import { outcomeCodes } from './outcome-codes';
import { ACCOUNT_REMINDER_SUBJECT, INVITATION_SUBJECTS } from '../mail/templates';

let sandbox: Sandbox;
let provision: Awaited<ReturnType<typeof gpSystem>>;
beforeEach(async () => {
  sandbox = await testSandbox();
  provision = await gpSystem(sandbox);
});
afterEach(() => sandbox.close());

/** Performs a scenario's arrangement, then its request. */
async function run(scenario: ProvisioningScenario) {
  if (scenario.arrange === 'provision-same-patient-first') await provision(scenario.request);
  if (scenario.arrange === 'exhaust-rate-limit') {
    for (let i = 0; i < 2; i++) await provision(scenario.request);
  }
  return provision(scenario.request);
}

describe('every catalogue scenario gets exactly its expected status and code', () => {
  it.each(provisioningScenarios.map((s) => [s.id, s] as const))('%s', async (_id, scenario) => {
    const { status, body } = await run(scenario);
    expect({ status, code: body.code }).toEqual({ status: outcomeCodes[scenario.expectedCode].status, code: scenario.expectedCode });
    expect(typeof body.description).toBe('string');
    expect(body.description).toMatch(/^[\x20-\x7e]*$/);
  });

  it.each(provisioningScenarios.filter((s) => s.expectedCode === '11000' || s.expectedCode === '11011').map((s) => [s.id, s] as const))(
    '%s tells the GP system when to try again (Retry-After), whatever caused it',
    async (_id, scenario) => {
      const { headers } = await run(scenario);
      expect(Number(headers.get('retry-after'))).toBeGreaterThan(0);
    },
  );
});

describe('successful provisioning', () => {
  it('returns a provisioning id and stores a pending invitation', async () => {
    const { body } = await provision(scenarioById.get('create')!.request);
    expect(body.provisioning_id).toMatch(/^[0-9a-f-]{36}$/);
    const stored = sandbox.provisioning.requests.get(body.provisioning_id)!;
    expect(stored).toMatchObject({ status: 'pending', outcome: 'create', nhsNumber: p.newPatient.nhsNumber });
    expect(stored.expiresAtMs - stored.createdAtMs).toBe(7 * 86_400_000);
    expect(JSON.stringify(stored)).not.toMatch(/claimToken"/);
  });

  it.each([
    ['create', INVITATION_SUBJECTS.create, p.newPatient],
    ['uplift-from-p5', INVITATION_SUBJECTS.uplift, p.p5Account],
  ] as const)('%s: emails the patient an invitation with a working claim link and no sensitive data', async (id, subject, patient) => {
    await provision(scenarioById.get(id)!.request);
    const mailpit = new MailpitClient(sandbox.mailpitUrl);
    const message = await mailpit.waitForMessage({ query: `to:${patient.email} subject:"${subject}"` }, { timeout: 10_000, interval: 50 });
    expect(message.To).toEqual([{ Name: '', Address: patient.email }]);
    const link = /http:\/\/\S+\/claim\/([A-Za-z0-9_-]{43})/.exec(message.Text)![0];
    expect(message.HTML).toContain(link);
    const token = link.split('/').pop()!;
    expect(sandbox.provisioning.byClaimToken(token)?.nhsNumber).toBe(patient.nhsNumber);
    for (const secret of [patient.nhsNumber, patient.birthDate, patient.mobile!.slice(3)]) {
      expect(message.Text + message.HTML).not.toContain(secret);
    }
  });
});

describe('11006: the patient already has an NHS login under another email address', () => {
  it("reminds that account's own address of itself, sends nothing to the requested address, and stores no invitation", async () => {
    const request = scenarioById.get('account-under-other-email')!.request;
    expect((await provision(request)).body.code).toBe('11006');
    const mailpit = new MailpitClient(sandbox.mailpitUrl);
    const reminder = await mailpit.waitForMessage({ query: `subject:"${ACCOUNT_REMINDER_SUBJECT}"` }, { timeout: 10_000, interval: 50 });
    expect(reminder.To).toEqual([{ Name: '', Address: p.p5Account.email }]);
    expect(reminder.Text).toContain(`Dear ${p.p5Account.givenNames[0]} ${p.p5Account.familyName},`);
    expect(reminder.Text).toContain('Your GP asked us to remind you of the email address used to create your NHS login account.');
    expect(reminder.Text).toContain(`We have sent this email to the address you used to create your account: ${p.p5Account.email}`);
    expect(reminder.Text + reminder.HTML).not.toContain(p.p5Account.nhsNumber);
    expect((await mailpit.searchMessages({ query: `to:"${request.email_address}"` })).messages_count).toBe(0);
    expect(sandbox.provisioning.requests.findBy('byNhs', p.p5Account.nhsNumber)).toEqual([]);
  });

  it("is an uplift when the requested address is the account's own, in any letter case", async () => {
    const request = { ...scenarioById.get('uplift-from-p5')!.request, email_address: p.p5Account.email!.toUpperCase() };
    expect((await provision(request)).body.code).toBe('uplift');
  });
});

describe('the 7-day pending rule follows the sandbox clock', () => {
  it('answers 11003 on day 6 and succeeds again on day 8', async () => {
    const request = scenarioById.get('create')!.request;
    const first = await provision(request);
    expect(first.body.code).toBe('create');
    sandbox.clock.advance(6 * 86_400_000);
    provision = await gpSystem(sandbox); // the old token expired with the clock
    expect((await provision(request)).body.code).toBe('11003');
    sandbox.clock.advance(2 * 86_400_000);
    provision = await gpSystem(sandbox);
    expect((await provision(request)).body.code).toBe('create');
    expect(sandbox.provisioning.requests.get(first.body.provisioning_id)!.status).toBe('superseded');
  });
});

describe('rate limit per ODS code', () => {
  it('refuses the N+1th call in the window with 429 and Retry-After, and recovers after it', async () => {
    const request = scenarioById.get('rate-limited')!.request;
    for (let i = 0; i < 2; i++) expect((await provision({ ...request, email_address: `x${i}@example.com` })).status).not.toBe(429);
    const blocked = await provision(request);
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('11011');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    sandbox.clock.advance(61_000);
    provision = await gpSystem(sandbox);
    expect((await provision(request)).body.code).not.toBe('11011');
  });

  it('counts each practice separately', async () => {
    for (let i = 0; i < 3; i++) await provision(scenarioById.get('rate-limited')!.request);
    expect((await provision(scenarioById.get('create')!.request)).body.code).toBe('create');
  });
});

describe('concurrency', () => {
  it('50 concurrent calls for one patient: exactly one success and 49 x 11003', async () => {
    const request = scenarioById.get('create')!.request;
    const results = await Promise.all(Array.from({ length: 50 }, () => provision(request)));
    const codes = results.map((r) => r.body.code);
    expect(codes.filter((c) => c === 'create')).toHaveLength(1);
    expect(codes.filter((c) => c === '11003')).toHaveLength(49);
    expect(sandbox.provisioning.requests.findBy('byNhs', p.newPatient.nhsNumber)).toHaveLength(1);
  });
});

describe('request validation: each field accepted and rejected', () => {
  const valid = scenarioById.get('create')!.request;
  const cases: [string, Record<string, unknown>, boolean, RegExp?][] = [
    ['nhs_number valid', {}, true],
    ['nhs_number bad check digit', { nhs_number: '9990000019' }, false, /nhs_number must be 10 digits with a valid modulus-11/],
    ['nhs_number with spaces', { nhs_number: '999 000 0018' }, false, /nhs_number/],
    ['nhs_number as a number', { nhs_number: 9990000018 }, false, /nhs_number must be a string/],
    ['email with plus tag accepted', { email_address: 'amelia.newcombe+gp@example.com' }, true],
    ['email without domain', { email_address: 'amelia@' }, false, /email_address must be a valid email/],
    ['email with spaces', { email_address: 'amelia newcombe@example.com' }, false, /email_address/],
    ['date_of_birth impossible month', { date_of_birth: '1993-17-12' }, false, /date_of_birth must be a real calendar date/],
    ['date_of_birth 30 February', { date_of_birth: '1985-02-30' }, false, /real calendar date/],
    ['date_of_birth 29 February of a common year', { date_of_birth: '1900-02-29' }, false, /real calendar date/],
    ['date_of_birth 31 April', { date_of_birth: '1985-04-31' }, false, /real calendar date/],
    ['date_of_birth in the future', { date_of_birth: '2999-01-01' }, false, /must not be in the future/],
    ['date_of_birth other format', { date_of_birth: '14/03/1985' }, false, /YYYY-MM-DD/],
    ['ods_code letter+5', {}, true],
    ['ods_code lower case', { ods_code: 'a20047' }, false, /ods_code/],
    ['phone_number E.164 UK mobile', {}, true],
    ['phone_number national format', { phone_number: '07700900001' }, false, /phone_number must be E\.164/],
    ['phone_number UK landline', { phone_number: '+441632960001' }, false, /UK mobile/],
    ['phone_number with spaces', { phone_number: '+44 7700 900001' }, false, /phone_number/],
    ['unknown extra key accepted', { practice_name: 'x' }, true],
    [
      'every field missing',
      { nhs_number: undefined, email_address: undefined, date_of_birth: undefined, ods_code: undefined, phone_number: undefined },
      false,
      /nhs_number is required; email_address is required; date_of_birth is required; ods_code is required; phone_number is required/,
    ],
  ];
  it.each(cases)('%s', async (_name, change, accepted, description) => {
    const { status, body } = await provision({ ...valid, ...change });
    if (accepted) {
      expect(body.code).toBe('create');
    } else {
      expect(status).toBe(400);
      expect(body.code).toBe('11010');
      expect(body.description).toMatch(description!);
    }
  });

  it('accepts both ODS shapes the spec gives (text: letter + 6 digits; example: letter + 5) by default', async () => {
    const { status, body } = await provision({ ...valid, ods_code: 'A200470' });
    expect([status, body.code]).toEqual([400, '11021']); // well-formed, but no such practice here
  });

  it('refuses the letter+6 shape only when configured strictly to the example (ODS_CODE_RULE=letter+5)', async () => {
    const strict = await testSandbox({ odsCodeRule: 'letter+5' });
    const call = await gpSystem(strict);
    const { body } = await call({ ...valid, ods_code: 'A200470' });
    expect(body.code).toBe('11010');
    expect(body.description).toMatch(/ods_code must be a capital letter followed by 5 digits/);
    await strict.close();
  });

  it.each([
    ['malformed JSON', '{"nhs_number": ', { 'content-type': 'application/json' }, 400, /not valid JSON/],
    ['a JSON array', '[]', { 'content-type': 'application/json' }, 400, /JSON object/],
    ['a form body', 'nhs_number=9990000018', { 'content-type': 'application/x-www-form-urlencoded' }, 415, /application\/json/],
    [
      'an oversized body',
      JSON.stringify({ ...valid, padding: 'x'.repeat(70_000) }),
      { 'content-type': 'application/json' },
      413,
      /larger than/,
    ],
  ])('refuses %s with a spec-shaped error', async (_name, body, headers, status, description) => {
    const result = await provision(body, headers);
    expect(result.status).toBe(status);
    expect(result.body).toEqual({ code: '11010', description: expect.stringMatching(description) });
  });
});

describe('authentication', () => {
  it('needs a bearer token', async () => {
    const response = await sandbox.app.request('/provision-account', {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
  });

  it('expires the token by the sandbox clock (301 s)', async () => {
    sandbox.clock.advance(301_000);
    expect((await provision(scenarioById.get('create')!.request)).status).toBe(401);
  });
});

describe('fault injection', () => {
  const request = () => scenarioById.get('create')!.request;

  it('Prefer: code=11000 forces service unavailable for that call only', async () => {
    const forced = await provision(request(), { prefer: 'code=11000' });
    expect([forced.status, forced.body.code]).toEqual([503, '11000']);
    expect((await provision(request())).body.code).toBe('create');
  });

  it('Prefer: code=500 forces an internal error', async () => {
    expect((await provision(request(), { prefer: 'code=500' })).status).toBe(500);
  });

  it('the next N calls fail, then the service recovers; faults are listed and cleared', async () => {
    const post = (body: unknown) =>
      sandbox.app.request('/_sandbox/faults', {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });
    expect((await post({ kind: '11000', count: 2 })).status).toBe(201);
    expect(((await (await sandbox.app.request('/_sandbox/faults')).json()) as { faults: unknown[] }).faults).toHaveLength(1);
    expect((await provision(request())).body.code).toBe('11000');
    expect((await provision(request())).body.code).toBe('11000');
    expect((await provision(request())).body.code).toBe('create');
    await post({ kind: '500' });
    await sandbox.app.request('/_sandbox/faults', { method: 'DELETE' });
    expect(
      (
        await provision({
          ...request(),
          nhs_number: p.uplifter.nhsNumber,
          email_address: p.uplifter.email,
          date_of_birth: p.uplifter.birthDate,
          phone_number: p.uplifter.mobile,
        })
      ).status,
    ).toBe(200);
  });

  it('a delay fault answers normally after waiting', async () => {
    sandbox.faults.add({ kind: 'delay', delay_ms: 50, count: 1 });
    const started = performance.now();
    expect((await provision(request())).body.code).toBe('create');
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('refuses an invalid fault', async () => {
    const response = await sandbox.app.request('/_sandbox/faults', {
      method: 'POST',
      body: JSON.stringify({ kind: 'delay' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
  });
});

describe('another client', () => {
  it('may provision for its own practice only', async () => {
    const other = await gpSystem(sandbox, 'sandbox-second-client');
    expect((await other(scenarioById.get('ods-not-allowed-for-client')!.request)).body.code).toBe('create');
    expect((await other(scenarioById.get('create')!.request)).body.code).toBe('create');
    expect((await other({ ...scenarioById.get('uplift-from-p5')!.request, ods_code: 'B85036' })).body.code).toBe('11021');
  });
});
