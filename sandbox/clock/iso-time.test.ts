import { describe, expect, it } from 'vitest';
import { isoTime } from './iso-time';

describe('isoTime', () => {
  it('writes what toISOString writes, within a second, across seconds and in any year', () => {
    const now = Date.parse('2026-12-07T13:59:59.990Z');
    const times = [
      ...Array.from({ length: 40 }, (_, i) => now + i),
      now,
      0,
      -1,
      -1000,
      -1001,
      Date.parse('9999-12-31T23:59:59.999Z'),
      Date.parse('+010000-01-01T00:00:00.000Z'),
      Date.parse('-000001-06-30T12:00:00.500Z'),
      1.5,
    ];
    for (const ms of times) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
  });
});
