import { describe, expect, it } from 'vitest';
import { isSyntheticNhsNumber, isValidNhsNumber, nhsCheckDigit, nhsNumberFromPrefix } from './nhs-number';

describe('NHS number modulus-11 check', () => {
  it.each(['9434765919', '9000000009', '9000000017', '9000000025', '9000000033', '9111231130', '9990000018', '9990000026'])(
    'accepts %s',
    (n) => expect(isValidNhsNumber(n)).toBe(true),
  );

  it.each([
    ['9876544321', 'the often-quoted example fails its check digit'],
    ['9000000000', 'PDS sandbox invalid-number example'],
    ['9434765918', 'wrong check digit'],
    ['943476591', 'nine digits'],
    ['94347659190', 'eleven digits'],
    ['943 476 5919', 'spaces'],
    ['94347659l9', 'a letter'],
    ['', 'empty'],
  ])('rejects %s (%s)', (n) => expect(isValidNhsNumber(n)).toBe(false));

  it('treats a computed check digit of 11 as 0 and 10 as no number', () => {
    expect(nhsCheckDigit('999000001')).toBe(8);
    const prefixGivingTen = Array.from({ length: 200 }, (_, i) => 999_000_000 + i).find((p) => nhsNumberFromPrefix(p) === null);
    expect(prefixGivingTen).toBeDefined();
    const prefixGivingZero = Array.from({ length: 200 }, (_, i) => 999_000_000 + i).find((p) => nhsNumberFromPrefix(p)?.endsWith('0'));
    expect(isValidNhsNumber(nhsNumberFromPrefix(prefixGivingZero!)!)).toBe(true);
  });

  it('recognises the synthetic 999 range', () => {
    expect(isSyntheticNhsNumber('9990000018')).toBe(true);
    expect(isSyntheticNhsNumber('9434765919')).toBe(false);
  });
});
