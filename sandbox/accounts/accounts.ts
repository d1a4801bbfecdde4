import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store';
import { SeededOverlay } from '../store/seeded-overlay';
import type { NhsLoginAccount } from './account';
import type { GpLinkages } from '../users/gp-linkages';

/**
 * Existing NHS login accounts: the seeded accounts (handed in) plus those created or changed at
 * run time, found by NHS number or by email (emails compared case-insensitively).
 */
const normaliseEmail = (email: string) => email.trim().toLowerCase();

export class Accounts {
  readonly records: SeededOverlay<NhsLoginAccount>;
  readonly #seeded: readonly NhsLoginAccount[];

  /** @param gpLinkages where each account's gpUserId and gpLinkageKey come from (users/gp-linkages.ts). */
  constructor(
    store: Store,
    seeded: readonly NhsLoginAccount[],
    readonly gpLinkages: GpLinkages,
  ) {
    this.#seeded = seeded;
    const seedById = new Map(seeded.map((a) => [a.id, a]));
    const changes = store.collection<NhsLoginAccount>('accounts');
    changes.defineIndex('byNhs', (a) => a.nhsNumber);
    changes.defineIndex('byEmail', (a) => normaliseEmail(a.email));
    this.records = new SeededOverlay({ get: (id) => seedById.get(id), keys: () => seedById.keys() }, changes);
  }

  byNhsNumber(nhsNumber: string): NhsLoginAccount | undefined {
    return this.#find('byNhs', nhsNumber, (a) => a.nhsNumber === nhsNumber)[0];
  }

  byEmail(email: string): NhsLoginAccount[] {
    const wanted = normaliseEmail(email);
    return this.#find('byEmail', wanted, (a) => normaliseEmail(a.email) === wanted);
  }

  get(id: string): NhsLoginAccount | undefined {
    return this.records.get(id);
  }

  list(): NhsLoginAccount[] {
    return [...this.records.values()];
  }

  put(account: NhsLoginAccount): void {
    this.records.put(account.id, account);
  }

  newId(): string {
    return `acc-${randomUUID()}`;
  }

  #find(index: string, value: string, matches: (a: NhsLoginAccount) => boolean): NhsLoginAccount[] {
    const changed = this.records.changes.findBy(index, value);
    const seeded = this.#seeded.filter((a) => matches(a) && !this.records.changes.has(a.id));
    return [...changed, ...seeded];
  }
}
