import { randomInt } from 'node:crypto';

/**
 * Where a texted security code comes from: six random digits, or the one static code NHS login's
 * sandpit and integration environments accept for their published test accounts (STATIC_OTP).
 * The claiming journey and the sign-in both draw from it, so the same code works in both.
 */
export const securityCodeSource =
  (staticOtp: string | null): (() => string) =>
  () =>
    staticOtp ?? String(randomInt(0, 1_000_000)).padStart(6, '0');
