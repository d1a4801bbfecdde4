import { describe, expect, it } from 'vitest';
import { newClaimToken } from './provisioning-record';

describe('claim tokens', () => {
  it('are 256 random bits each, never repeated, across many draws from the pool', () => {
    const tokens = Array.from({ length: 1000 }, newClaimToken);
    expect(new Set(tokens).size).toBe(tokens.length);
    for (const token of tokens) expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });
});
