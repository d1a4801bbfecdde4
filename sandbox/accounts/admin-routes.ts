import { Hono } from 'hono';
import * as z from 'zod';
import type { Clock } from '../clock/clock';
import type { Store } from '../store/store';
import { adminError } from '../http/admin-errors';
import { getOne, withAdminInput } from '../http/admin-handlers';
import { NhsNumber, E164Mobile } from '../pds/patient';
import { IdentityLevel, publicAccountView } from './account';
import type { Accounts } from './accounts';
import { hashPassword } from './password';
import { admin, adminCollection, pathParam, query, type PathItems } from '../http/openapi';

const NewAccount = z
  .object({
    nhsNumber: NhsNumber.optional(),
    email: z.email(),
    mobile: E164Mobile.optional(),
    identityLevel: IdentityLevel,
    status: z.enum(['active', 'disabled']).default('active'),
    proofingInProgress: z.boolean().optional(),
    password: z.string().min(8).max(200),
  })
  .strict();

/** Inspect and add NHS login accounts (test set-up). */
export function accountAdminRoutes(accounts: Accounts, store: Store, clock: Clock) {
  return new Hono()
    .get('/accounts', (c) => {
      const nhs = c.req.query('nhs_number');
      const email = c.req.query('email');
      const found = nhs ? [accounts.byNhsNumber(nhs)].filter((a) => a !== undefined) : email ? accounts.byEmail(email) : accounts.list();
      return c.json({ accounts: found.map(publicAccountView) });
    })
    .get(
      '/accounts/:id',
      getOne('id', (id) => accounts.get(id), publicAccountView, 'account'),
    )
    .post(
      '/accounts',
      withAdminInput(NewAccount, async (c, { password, ...fields }) => {
        if (fields.nhsNumber && accounts.byNhsNumber(fields.nhsNumber)) {
          return adminError(c, 409, 'conflict', `an account for NHS number ${fields.nhsNumber} already exists`);
        }
        const now = new Date(clock.nowMs()).toISOString();
        const account = { id: accounts.newId(), ...fields, passwordHash: await hashPassword(password), createdAt: now, updatedAt: now };
        await store.transact(() => accounts.put(account));
        return c.json(publicAccountView(account), 201);
      }),
    );
}

/** The query parameters `GET /accounts` reads. */
const accountFilters = [query('nhs_number', 'only this patient'), query('email', 'only this email')];

export const accountAdminPaths = (): PathItems => ({
  '/accounts': adminCollection('account', NewAccount, 'NHS login accounts (never password hashes)', 'Add an account', accountFilters),
  '/accounts/{id}': {
    get: admin('One account', { parameters: [pathParam('id')], answers: { '200': 'the account' }, errors: [404] }),
  },
});
