import * as z from 'zod';

/**
 * The forms of the claiming journey. New-password rules are the prototype's: at least
 * 8 characters, at least one capital letter, not starting or ending with a space, typed twice,
 * terms of use agreed. 128 characters at most, so scrypt is never fed a megabyte.
 */
const NewPasswordFields = z.object({
  password: z
    .string()
    .min(8, 'Your password must be at least 8 characters long')
    .max(128, 'Your password must be 128 characters or fewer')
    .regex(/[A-Z]/, 'Your password must include at least one capital letter')
    .refine((p) => !/^\s|\s$/.test(p), 'Your password must not start or end with a space'),
  confirm_password: z.string(),
  terms: z.literal('agreed', { error: 'You must agree to the NHS login terms of use' }),
});

export const NewPasswordForm = NewPasswordFields.refine((form) => form.password === form.confirm_password, {
  path: ['confirm_password'],
  message: 'The passwords you typed do not match',
  // Say so even when another field (the terms box) is also wrong: the patient fixes both at once.
  when: (payload) => NewPasswordFields.pick({ password: true, confirm_password: true }).safeParse(payload.value).success,
});

export const ExistingPasswordForm = z.object({
  password: z.string().min(1, 'Enter your NHS login password').max(128, 'Enter your NHS login password'),
});

export const SecurityCodeForm = z.object({
  code: z
    .string()
    .transform((code) => code.replace(/\s/g, ''))
    .pipe(z.string().regex(/^\d{6}$/, 'Enter the 6-digit security code we sent you')),
});

export const DetailsForm = z.object({
  answer: z.enum(['yes', 'no', 'some-wrong'], { error: 'Select whether these are your details' }),
});

const DOB_MESSAGE = 'Enter your date of birth, for example 15 3 1984';
const CalendarDate = z.iso.date();

/** The NHS date input (day, month, year) as one calendar date, YYYY-MM-DD; one message for the whole date, on "dob". */
export const DateOfBirthForm = z
  .object({ 'dob-day': z.string().default(''), 'dob-month': z.string().default(''), 'dob-year': z.string().default('') })
  .transform((fields, ctx) => {
    const [day, month, year] = [fields['dob-day'].trim(), fields['dob-month'].trim(), fields['dob-year'].trim()];
    const dob = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
    if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year) || !CalendarDate.safeParse(dob).success) {
      ctx.addIssue({ code: 'custom', path: ['dob'], message: DOB_MESSAGE });
      return z.NEVER;
    }
    return { dob };
  });

/** Field name → first message, in the order the fields appear on the page: what the error summary lists. */
export type FieldErrors = Record<string, string>;

const PAGE_ORDER = ['code', 'dob', 'answer', 'password', 'confirm_password', 'terms'];

export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  const issues = [...error.issues].sort((a, b) => PAGE_ORDER.indexOf(String(a.path[0])) - PAGE_ORDER.indexOf(String(b.path[0])));
  for (const issue of issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
  return errors;
}
