import * as z from 'zod';

/** The sign-in pages' forms (the security code form is the claiming journey's own). */
export const EmailForm = z.object({
  email: z
    .string({ error: 'Enter your email address' })
    .trim()
    .min(1, 'Enter your email address')
    .max(254, 'Enter an email address of 254 characters or fewer')
    .pipe(z.email('Enter an email address in the correct format, like name@example.com')),
});

export const PasswordForm = z.object({
  password: z.string({ error: 'Enter your password' }).min(1, 'Enter your password').max(128, 'Enter your password'),
});
