import { describe, expect, it } from 'vitest';
import { markdownTable, row } from '../../bench/report';

describe('the bench table judges each target as the issue words it', () => {
  it('a bound the issue excludes (p99 < 50 ms) is missed by a figure equal to it, met by one below', () => {
    const strict = { target: 0.05, higherIsBetter: false, strictly: true, unit: 's' };
    expect(row('p99', '50 ms', { ...strict, ratio: 0.05 }).met).toBe(false);
    expect(row('p99', '49 ms', { ...strict, ratio: 0.049 }).met).toBe(true);
    expect(row('p99', '49 ms', { ...strict, ratio: 0.049 }).target).toMatch(/^< /);
  });

  it('a rate that reaches its share is not met when something else the target requires (nothing lost) fails', () => {
    expect(row('email on', '…', { ratio: 0.07, target: 0.06 }).met).toBe(true);
    expect(row('email on', '…', { ratio: 0.07, target: 0.06, alsoRequired: false }).met).toBe(false);
  });

  it('a target with nothing to judge it by says not measured, never met', () => {
    expect(row('email off ÷ WireMock', 'WireMock not measured', { target: 1 }).met).toBe('not measured');
  });

  it("the markdown table keeps a value's pipe inside its cell", () => {
    const table = markdownTable([row('peer', 'a | b')]);
    expect(
      table
        .split('\n')
        .at(-1)!
        .split(/(?<!\\)\|/).length,
    ).toBe(
      markdownTable([row('peer', 'a b')])
        .split('\n')
        .at(-1)!
        .split('|').length,
    );
  });
});
