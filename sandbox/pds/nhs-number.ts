/**
 * NHS numbers: ten digits, the last a modulus-11 check digit over the first nine with weights
 * 10..2. check = 11 - (sum mod 11); 11 means 0; 10 means no valid number has that prefix.
 * The one validator used by the PDS, the provisioning schema and the fixtures.
 */
export function nhsCheckDigit(prefix: string): number | null {
  if (!/^[0-9]{9}$/.test(prefix)) return null;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(prefix[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  return check === 10 ? null : check;
}

export function isValidNhsNumber(value: string): boolean {
  if (!/^[0-9]{10}$/.test(value)) return false;
  return nhsCheckDigit(value.slice(0, 9)) === Number(value[9]);
}

/** The NHS number with this nine-digit prefix, or null when the prefix cannot carry one. */
export function nhsNumberFromPrefix(prefix: number): string | null {
  const text = String(prefix).padStart(9, '0');
  const check = nhsCheckDigit(text);
  return check === null ? null : `${text}${check}`;
}

/** 999 000 0000 – 999 999 9999: the customary synthetic range, never issued to a real person. */
export const isSyntheticNhsNumber = (value: string): boolean => isValidNhsNumber(value) && value.startsWith('999');
