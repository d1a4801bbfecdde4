import { describe, expect, it } from 'vitest';
import { standsInFor } from './environments';

describe('what the banner and the console say the sandbox stands in for', () => {
  it.each([
    ['sandbox', null, "no NHS login environment in particular (the sandbox's own scenario data); random security codes"],
    ['sandpit', '190696', 'NHS login sandpit (auth.sandpit.signin.nhs.uk), with its published test data; security code always 190696'],
    ['integration', null, 'NHS login integration (auth.aos.signin.nhs.uk), with its published test data; random security codes'],
    // A code of one's own is a credential: it is never printed.
    [
      'sandbox',
      '424242',
      "no NHS login environment in particular (the sandbox's own scenario data); security code always the one STATIC_OTP sets",
    ],
  ] as const)('%s with STATIC_OTP %s', (testData, staticOtp, said) => {
    expect(standsInFor({ testData, staticOtp })).toBe(said);
  });
});
