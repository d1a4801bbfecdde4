import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import type { Store } from '../store/store';
import { verifySignInAccessToken, type SignInTokenSettings } from './sign-in-tokens';
import type { UserInfoOutcome } from './userinfo';

/**
 * `client_user_metadata` (CID-IS-F v2.1 §3.6, scope `client_metadata`): an opaque value of at most
 * 1024 characters a relying party keeps with NHS login about one person, set with PATCH /userinfo
 * and returned by later UserInfo answers to that relying party only. `""` clears it and `"auto"`
 * asks NHS login to generate one (§3.6). What is generated is unstated: the sandbox makes a random
 * UUID, opaque like any value the relying party sets.
 */
export const CLIENT_USER_METADATA_MAX_LENGTH = 1024;
const CLEAR = '';
const GENERATE = 'auto';

export const ClientUserMetadataUpdate = z
  .object({
    client_user_metadata: z
      .string()
      .max(CLIENT_USER_METADATA_MAX_LENGTH)
      .describe(`opaque, at most ${CLIENT_USER_METADATA_MAX_LENGTH} characters; "" clears it, "auto" has a value generated`),
  })
  .strict();
export type ClientUserMetadataUpdate = z.infer<typeof ClientUserMetadataUpdate>;

interface StoredMetadata {
  clientId: string;
  accountId: string;
  value: string;
}

/** The values, one per relying party and account: one relying party never sees another's. */
export class ClientUserMetadata {
  readonly #records;

  constructor(private readonly store: Store) {
    this.#records = store.collection<StoredMetadata>('clientUserMetadata');
  }

  get(clientId: string, accountId: string): string | undefined {
    return this.#records.get(keyOf(clientId, accountId))?.value;
  }

  /** Sets, clears (`""`) or generates (`"auto"`) the value; resolves once it is durable. */
  set(clientId: string, accountId: string, requested: string): Promise<void> {
    return this.store.transact(() => {
      const key = keyOf(clientId, accountId);
      if (requested === CLEAR) this.#records.delete(key);
      else this.#records.put(key, { clientId, accountId, value: requested === GENERATE ? randomUUID() : requested });
    });
  }
}

const keyOf = (clientId: string, accountId: string) => JSON.stringify([clientId, accountId]);

export type MetadataUpdateOutcome = { ok: true } | Extract<UserInfoOutcome, { ok: false }>;

/**
 * PATCH /userinfo, its body already read: the access token from signing in names the person and
 * the relying party, and must have been granted `client_metadata`, the scope that releases the claim.
 */
export async function updateClientUserMetadata(
  token: string,
  update: ClientUserMetadataUpdate,
  deps: { tokens: SignInTokenSettings; metadata: ClientUserMetadata },
): Promise<MetadataUpdateOutcome> {
  const verdict = await verifySignInAccessToken(deps.tokens, token);
  if (!verdict.ok) return { ok: false, status: 401, error: 'invalid_token', description: verdict.description };
  if (!verdict.scopes.includes('client_metadata'))
    return {
      ok: false,
      status: 403,
      error: 'insufficient_scope',
      description: 'the access token was not granted the client_metadata scope',
    };
  await deps.metadata.set(verdict.clientId, verdict.accountId, update.client_user_metadata);
  return { ok: true };
}
