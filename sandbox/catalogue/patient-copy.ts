import type { Accounts } from '../accounts/accounts';
import type { Clock } from '../clock/clock';
import { nhsNumberFromPrefix } from '../pds/nhs-number';
import type { Pds } from '../pds/pds';

/**
 * A test patient copied afresh: a new NHS number in the synthetic range, a new email address of
 * their own (the original's with a `+tag`), and the same situation around it (the same NHS login
 * account level, the same practice, the same PDS details). A conformance plan run and the quick
 * start each get patients of their own this way, so a second run on the same sandbox meets the
 * same situations instead of the first run's pending invitations. An email that belongs to another
 * person's account (the 11004 situation) stays that person's. Run inside a store transaction.
 */
export interface PatientCopyDeps {
  pds: Pds;
  accounts: Accounts;
  clock: Clock;
}

/** The request fields a copy changes; everything else in the request is kept as it is. */
type CopiedRequest = { nhs_number?: unknown; email_address?: unknown };

/** 999 5xx xxxx: the range copies draw from (the population and the fixtures use others). */
const COPY_PREFIX = 999_500_000;
let nextPrefix = COPY_PREFIX;

function freshNhsNumber(pds: Pds): string {
  for (;;) {
    const candidate = nhsNumberFromPrefix(nextPrefix++);
    if (candidate && !pds.get(candidate)) return candidate;
  }
}

/** A tag no earlier copy used: it names a plan run, and it keeps copied email addresses apart. */
export const newCopyTag = () => `r${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;

const withTag = (email: string, tag: string) => email.replace(/@/, `+${tag}@`);

/** The patient PDS holds at `nhsNumber` copied afresh, and `request` rewritten for the copy; undefined when PDS has no such patient. */
export function copyPatientAfresh<R extends CopiedRequest>(
  deps: PatientCopyDeps,
  nhsNumber: string,
  request: R,
  tag: string,
): { nhsNumber: string; request: R } | undefined {
  const original = deps.pds.get(nhsNumber);
  if (!original) return undefined;
  const copyNhsNumber = freshNhsNumber(deps.pds);
  const ownAccount = deps.accounts.byNhsNumber(original.nhsNumber);
  const requestedEmail = typeof request.email_address === 'string' ? request.email_address : undefined;
  // Another person's account uses this address: that is the situation, so it stays.
  const emailOfAnother =
    requestedEmail !== undefined && deps.accounts.byEmail(requestedEmail).some((a) => a.nhsNumber !== original.nhsNumber);
  const email = original.email && !emailOfAnother ? withTag(original.email, tag) : original.email;
  deps.pds.records.put(copyNhsNumber, { ...original, nhsNumber: copyNhsNumber, ...(email ? { email } : {}), version: 1 });
  if (ownAccount) {
    const now = new Date(deps.clock.nowMs()).toISOString();
    deps.accounts.put({
      ...ownAccount,
      id: deps.accounts.newId(),
      nhsNumber: copyNhsNumber,
      email: email ?? ownAccount.email,
      createdAt: now,
      updatedAt: now,
    });
  }
  return {
    nhsNumber: copyNhsNumber,
    request: {
      ...request,
      nhs_number: copyNhsNumber,
      ...(requestedEmail !== undefined && requestedEmail === original.email && email ? { email_address: email } : {}),
    },
  };
}
