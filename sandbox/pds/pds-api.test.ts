import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scenarioPatients as p, unknownNhsNumber } from '../../fixtures/patients';
import type { Sandbox } from '../sandbox';
import { getJson, testSandbox } from '../../test/support/harness';

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await testSandbox();
});
afterEach(() => sandbox.close());

const get = (path: string) => getJson(sandbox, path);
const send = async (method: string, path: string, body: unknown) => {
  const response = await sandbox.app.request(path, { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};

describe('GET /pds/Patient/{nhsNumber}', () => {
  it('returns a FHIR Patient with the fields identity checks read', async () => {
    const { status, headers, body } = await get(`/pds/Patient/${p.newPatient.nhsNumber}`);
    expect(status).toBe(200);
    expect(headers.get('etag')).toBe('W/"1"');
    expect(body).toEqual({
      resourceType: 'Patient',
      id: '9990000018',
      identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9990000018' }],
      meta: { versionId: '1', security: [expect.objectContaining({ code: 'U' })] },
      name: [{ use: 'usual', given: ['Amelia'], family: 'Newcombe' }],
      gender: 'female',
      birthDate: '1985-03-14',
      address: [{ use: 'home', line: ['1 Example Street', 'Leeds'], postalCode: 'LS1 4AP' }],
      telecom: [
        { system: 'phone', use: 'mobile', value: '07700900001' },
        { system: 'email', use: 'home', value: 'amelia.newcombe@example.com' },
      ],
      generalPractitioner: [
        { type: 'Organization', identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'A20047' } },
      ],
    });
  });

  it('shows a deceased date', async () => {
    expect((await get(`/pds/Patient/${p.deceasedNoAccount.nhsNumber}`)).body.deceasedDateTime).toBe('2024-06-15T00:00:00+00:00');
  });

  it('strips address, telecom and GP from a restricted record', async () => {
    const { body } = await get(`/pds/Patient/${p.restricted.nhsNumber}`);
    expect(body.meta.security[0].code).toBe('R');
    expect(body).not.toHaveProperty('address');
    expect(body).not.toHaveProperty('telecom');
    expect(body).not.toHaveProperty('generalPractitioner');
  });

  it('answers a superseded number with the surviving record', async () => {
    const { status, body } = await get(`/pds/Patient/${p.superseded.nhsNumber}`);
    expect(status).toBe(200);
    expect(body.id).toBe(p.supersedingRecord.nhsNumber);
  });

  it('answers 404 with an OperationOutcome for an unknown number', async () => {
    const { status, body } = await get(`/pds/Patient/${unknownNhsNumber}`);
    expect(status).toBe(404);
    expect(body.issue[0].details.coding[0].code).toBe('RESOURCE_NOT_FOUND');
  });

  it('answers 400 for an invalid number', async () => {
    const { status, body } = await get('/pds/Patient/9000000000');
    expect(status).toBe(400);
    expect(body.issue[0].details.coding[0].code).toBe('INVALID_RESOURCE_ID');
  });

  it('serves generated patients too', async () => {
    const nhs = sandbox.pds.population.generatedNhsNumbers().next().value!;
    expect((await get(`/pds/Patient/${nhs}`)).body.id).toBe(nhs);
  });
});

describe('PDS admin changes', () => {
  const newcomer = { ...p.newPatient, nhsNumber: '9990000263', givenNames: ['Uma'], version: undefined };

  it('adds a patient, then refuses the same number twice', async () => {
    expect((await send('POST', '/_sandbox/pds/patients', newcomer)).status).toBe(201);
    expect((await get('/pds/Patient/9990000263')).body.name[0].given).toEqual(['Uma']);
    expect((await send('POST', '/_sandbox/pds/patients', newcomer)).status).toBe(409);
  });

  it.each([
    ['mobile', { mobile: '+447700900999' }, (b: any) => b.telecom[0].value === '07700900999'],
    ['email', { email: 'new.address@example.org' }, (b: any) => b.telecom[1].value === 'new.address@example.org'],
    ['deceased', { deceasedDate: '2026-01-02' }, (b: any) => b.deceasedDateTime.startsWith('2026-01-02')],
    ['restricted', { restricted: true }, (b: any) => b.meta.security[0].code === 'R'],
    ['superseded', { supersededBy: p.p5Account.nhsNumber }, (b: any) => b.id === p.p5Account.nhsNumber],
  ])('changes %s and bumps the version', async (_field, change, check) => {
    const { status } = await send('PATCH', `/_sandbox/pds/patients/${p.newPatient.nhsNumber}`, change);
    expect(status).toBe(200);
    const { body } = await get(`/pds/Patient/${p.newPatient.nhsNumber}`);
    expect(check(body)).toBe(true);
    expect(sandbox.pds.get(p.newPatient.nhsNumber)!.version).toBe(2);
  });

  it('clears a deceased date with null', async () => {
    await send('PATCH', `/_sandbox/pds/patients/${p.deceasedNoAccount.nhsNumber}`, { deceasedDate: null });
    expect((await get(`/pds/Patient/${p.deceasedNoAccount.nhsNumber}`)).body).not.toHaveProperty('deceasedDateTime');
  });

  it.each([
    ['a bad mobile', { mobile: '07700900123' }, 400, /mobile/],
    ['an unknown field', { shoeSize: 9 }, 400, /shoeSize/],
    ['nothing', {}, 400, /at least one field/],
    ['an impossible date', { deceasedDate: '2024-02-30' }, 400, /deceasedDate/],
    ['superseded by an unknown patient', { supersededBy: unknownNhsNumber }, 409, /not a known patient/],
  ])('refuses %s', async (_name, change, status, description) => {
    const result = await send('PATCH', `/_sandbox/pds/patients/${p.newPatient.nhsNumber}`, change);
    expect(result.status).toBe(status);
    expect(result.body.description).toMatch(description);
    expect(sandbox.pds.get(p.newPatient.nhsNumber)).toEqual(p.newPatient);
  });

  it('answers 404 for a patch to an unknown patient', async () => {
    expect((await send('PATCH', `/_sandbox/pds/patients/${unknownNhsNumber}`, { restricted: true })).status).toBe(404);
  });

  it('undoes every change on reset', async () => {
    await send('PATCH', `/_sandbox/pds/patients/${p.newPatient.nhsNumber}`, { mobile: '+447700900999' });
    await send('POST', '/_sandbox/pds/patients', newcomer);
    await send('POST', '/_sandbox/reset', {});
    expect(sandbox.pds.get(p.newPatient.nhsNumber)).toEqual(p.newPatient);
    expect((await get('/pds/Patient/9990000263')).status).toBe(404);
  });

  it('finds patients by name or NHS number', async () => {
    const byName = (await get('/_sandbox/pds/patients?q=newcombe')).body.patients;
    expect(byName.map((x: any) => x.nhsNumber)).toEqual([p.newPatient.nhsNumber]);
    expect((await get('/_sandbox/pds/patients?q=999000001')).body.patients[0].nhsNumber).toBe('9990000018');
  });
});

describe('NHS login accounts', () => {
  it('lists the seeded accounts without password hashes', async () => {
    const { body } = await get(`/_sandbox/accounts?nhs_number=${p.p5Account.nhsNumber}`);
    expect(body.accounts).toEqual([expect.objectContaining({ identityLevel: 'P5', email: p.p5Account.email })]);
    expect(body.accounts[0]).not.toHaveProperty('passwordHash');
  });

  it('adds an account that can then be found by email, case-insensitively', async () => {
    const created = await send('POST', '/_sandbox/accounts', {
      email: 'Someone@Example.com',
      identityLevel: 'P0',
      password: 'long enough',
    });
    expect(created.status).toBe(201);
    expect((await get('/_sandbox/accounts?email=someone@example.com')).body.accounts).toHaveLength(1);
  });

  it('refuses a second account for the same NHS number', async () => {
    const result = await send('POST', '/_sandbox/accounts', {
      nhsNumber: p.p5Account.nhsNumber,
      email: 'x@example.com',
      identityLevel: 'P0',
      password: 'long enough',
    });
    expect(result.status).toBe(409);
  });
});
