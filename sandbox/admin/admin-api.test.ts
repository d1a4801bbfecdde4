import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signClientAssertion } from '../gp-client/client-assertion-signer';
import { tokenRequestBody } from '../auth/token-request';
import type { Sandbox } from '../sandbox';
import { getJson, postToken, testSandbox } from '../../test/support/harness';
import { CAPABILITY_NAMES, TEST_INTERFACE_CONTRACT, TEST_INTERFACE_VERSION } from '../test-interface/contract';

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await testSandbox();
});
afterEach(() => sandbox.close());

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  sandbox.app.request(path, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
  });

describe('time travel API', () => {
  it('advances, sets and resets the clock', async () => {
    const before = sandbox.clock.nowMs();
    const advanced = (await (await post('/_sandbox/clock', { advance_seconds: 86_400 })).json()) as { now: string; offset_seconds: number };
    expect(Date.parse(advanced.now) - before).toBeGreaterThanOrEqual(86_400_000);
    expect(advanced.offset_seconds).toBeCloseTo(86_400, 0);
    const set = (await (await post('/_sandbox/clock', { set: '2031-05-01T09:00:00Z' })).json()) as { now: string };
    expect(set.now.startsWith('2031-05-01T09:00')).toBe(true);
    const reset = (await (await post('/_sandbox/clock', { reset: true })).json()) as { real_time: boolean };
    expect(reset.real_time).toBe(true);
    expect(((await (await sandbox.app.request('/_sandbox/clock')).json()) as { real_time: boolean }).real_time).toBe(true);
  });

  it('explains a bad clock change', async () => {
    const response = await post('/_sandbox/clock', { advance_seconds: 'soon' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request', description: expect.stringContaining('advance_seconds') });
  });
});

describe('client registration', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

  it('registers a PEM public key and that client can then get a token', async () => {
    const response = await post('/_sandbox/clients', {
      name: 'My GP system',
      ods_codes: ['A20047'],
      public_key_pem: publicKey.export({ type: 'spki', format: 'pem' }),
    });
    expect(response.status).toBe(201);
    const { client_id } = (await response.json()) as { client_id: string };
    const assertion = await signClientAssertion({
      clientId: client_id,
      privateKey,
      tokenUrl: sandbox.config.tokenUrl,
    });
    expect((await postToken(sandbox, tokenRequestBody(assertion))).status).toBe(200);
  });

  it('registers a JWK under a chosen id and refuses the same id twice', async () => {
    const jwk = publicKey.export({ format: 'jwk' });
    expect((await post('/_sandbox/clients', { client_id: 'my-system', ods_codes: ['A20047'], public_jwk: jwk })).status).toBe(201);
    expect((await post('/_sandbox/clients', { client_id: 'my-system', ods_codes: ['A20047'], public_jwk: jwk })).status).toBe(409);
  });

  it.each([
    ['a private key', { ods_codes: ['A20047'], public_jwk: privateKey.export({ format: 'jwk' }) }, /private/],
    ['no key', { ods_codes: ['A20047'] }, /exactly one of/],
    ['bad ODS code', { ods_codes: ['12345'], public_key_pem: publicKey.export({ type: 'spki', format: 'pem' }) }, /ods_codes/],
    ['unknown field', { ods_codes: ['A20047'], public_key_pem: publicKey.export({ type: 'spki', format: 'pem' }), secret: 1 }, /secret/],
  ])('refuses %s', async (_name, body, description) => {
    const response = await post('/_sandbox/clients', body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { description: string }).description).toMatch(description);
  });

  it('keeps registered clients on reset unless asked to forget them', async () => {
    await post('/_sandbox/clients', {
      client_id: 'temporary',
      ods_codes: ['A20047'],
      public_key_pem: publicKey.export({ type: 'spki', format: 'pem' }),
    });
    await post('/_sandbox/reset', {});
    expect((await sandbox.app.request('/_sandbox/clients/temporary')).status).toBe(200);
    await post('/_sandbox/reset', { clients: true });
    expect((await sandbox.app.request('/_sandbox/clients/temporary')).status).toBe(404);
  });
});

describe('admin token', () => {
  it('guards /_sandbox/* when configured', async () => {
    const guarded = await testSandbox({ adminToken: 'a-very-long-admin-secret' });
    expect((await guarded.app.request('/_sandbox/clock')).status).toBe(401);
    expect(
      (await guarded.app.request('/_sandbox/clock', { headers: { 'x-sandbox-admin-token': 'a-very-long-admin-secret' } })).status,
    ).toBe(200);
    await guarded.close();
  });
});

describe('the test interface', () => {
  it('declares the contract version and every capability, and is gone with the admin API when switched off', async () => {
    expect((await getJson(sandbox, '/_sandbox/test-interface')).body).toEqual({
      contract: TEST_INTERFACE_CONTRACT,
      version: TEST_INTERFACE_VERSION,
      capabilities: CAPABILITY_NAMES,
      mailpit_url: sandbox.mailpitUrl,
    });
    await sandbox.close();
    sandbox = await testSandbox({ testInterface: 'off' });
    for (const path of ['/_sandbox/test-interface', '/_sandbox/clock', '/_sandbox/sms/latest?to=%2B447700900001']) {
      expect((await sandbox.app.request(path)).status, path).toBe(404);
    }
    expect((await sandbox.app.request('/_sandbox/reset', { method: 'POST' })).status).toBe(404);
    // What the specifications define still answers.
    expect((await sandbox.app.request('/.well-known/jwks.json')).status).toBe(200);
  });
});
