import { describe, expect, it } from 'vitest';
import { fixtureAccounts, FIXTURE_ACCOUNT_PASSWORD } from '../../fixtures/accounts';
import { hashPassword, verifyPassword } from './password';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('Correct Horse 1');
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('Correct Horse 1', stored)).toBe(true);
    expect(await verifyPassword('correct horse 1', stored)).toBe(false);
  });

  it('salts each hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('matches the documented fixture password', async () => {
    expect(await verifyPassword(FIXTURE_ACCOUNT_PASSWORD, fixtureAccounts[0]!.passwordHash)).toBe(true);
  });
});
