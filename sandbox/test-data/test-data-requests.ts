import * as z from 'zod';
import { IdentityLevel, type NhsLoginAccount } from '../accounts/account';
import type { Accounts } from '../accounts/accounts';
import type { Clock } from '../clock/clock';
import type { Pds } from '../pds/pds';
import type { Store } from '../store/store';

/**
 * The test-data requests NHS login takes from suppliers (its request spreadsheet, one row per test
 * account named by its email address), answered at once: set an account's proofing level, and
 * freeze or unfreeze its PDS trace. Both are undone by POST /_sandbox/reset.
 */
export const ProofingLevelRequest = z.object({ email: z.email(), level: IdentityLevel.describe('P0, P5 or P9') }).strict();
export type ProofingLevelRequest = z.infer<typeof ProofingLevelRequest>;

export const PdsTraceRequest = z
  .object({
    email: z.email(),
    frozen: z
      .boolean()
      .describe('true: the account keeps the demographics PDS holds now, whatever PDS says later; false: it follows PDS again'),
  })
  .strict();
export type PdsTraceRequest = z.infer<typeof PdsTraceRequest>;

export interface TestDataDeps {
  accounts: Accounts;
  pds: Pds;
  store: Store;
  clock: Clock;
}

export type TestDataOutcome = { ok: true; account: NhsLoginAccount } | { ok: false; status: 404 | 409; description: string };

type Change = (account: NhsLoginAccount) => NhsLoginAccount | string;

/** The one account the request names, changed and stored; or why not. */
async function changeAccount(deps: TestDataDeps, email: string, change: Change): Promise<TestDataOutcome> {
  return deps.store.transact((): TestDataOutcome => {
    const found = deps.accounts.byEmail(email);
    if (found.length === 0) return { ok: false, status: 404, description: `no NHS login account uses ${email}` };
    if (found.length > 1) return { ok: false, status: 409, description: `${found.length} accounts use ${email}: a request must name one` };
    const changed = change(found[0]!);
    if (typeof changed === 'string') return { ok: false, status: 409, description: changed };
    const account = { ...changed, updatedAt: new Date(deps.clock.nowMs()).toISOString() };
    deps.accounts.put(account);
    return { ok: true, account };
  });
}

export const setProofingLevel = (deps: TestDataDeps, request: ProofingLevelRequest): Promise<TestDataOutcome> =>
  changeAccount(deps, request.email, (account) =>
    // P5 and P9 are levels of proof about a person: the account must be tied to an NHS number.
    request.level !== 'P0' && !account.nhsNumber
      ? `${request.email} has no NHS number, so it cannot be proven to ${request.level}`
      : { ...account, identityLevel: request.level },
  );

export const setPdsTrace = (deps: TestDataDeps, request: PdsTraceRequest): Promise<TestDataOutcome> =>
  changeAccount(deps, request.email, (account) => {
    const { frozenPdsRecord, ...following } = account;
    if (!request.frozen) return following;
    if (frozenPdsRecord) return account;
    const record = account.nhsNumber ? deps.pds.get(account.nhsNumber) : undefined;
    return record ? { ...account, frozenPdsRecord: record } : `${request.email} has no PDS record to freeze`;
  });
