import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../sandbox';
import { getJson, testSandbox } from '../../test/support/harness';

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await testSandbox();
});
afterEach(() => sandbox.close());

const get = (path: string) => getJson(sandbox, path);

describe('SMS outbox', () => {
  it('lists text messages newest first, filters by recipient, and clears', async () => {
    await sandbox.sms.send('+447700900001', 'Your NHS login security code is 111111', 'prov-1');
    sandbox.clock.advance(1000);
    await sandbox.sms.send('+447700900002', 'Your NHS login security code is 222222');
    sandbox.clock.advance(1000);
    await sandbox.sms.send('+447700900001', 'Your NHS login security code is 333333');

    expect((await get('/_sandbox/sms')).body.messages.map((m: any) => m.body.slice(-6))).toEqual(['333333', '222222', '111111']);
    expect((await get('/_sandbox/sms?to=%2B447700900001')).body.messages).toHaveLength(2);
    const latest = await get('/_sandbox/sms/latest?to=%2B447700900001');
    expect(latest.body).toMatchObject({ to: '+447700900001', body: expect.stringContaining('333333') });
    expect(Date.parse(latest.body.sentAt)).toBe(latest.body.sentAtMs);
    // However a person types the number: a `+` pasted into a URL arrives as a space.
    for (const typed of ['+447700900001', '447700900001', '07700900001', '07700 900001']) {
      expect((await get(`/_sandbox/sms/latest?to=${typed}`)).body).toMatchObject({ to: '+447700900001' });
    }

    await sandbox.app.request('/_sandbox/sms', { method: 'DELETE' });
    expect((await get('/_sandbox/sms/latest')).status).toBe(404);
  });
});
