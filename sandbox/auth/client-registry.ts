import { readFile } from 'node:fs/promises';
import { createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import { importJWK, importSPKI, exportJWK, type JWK } from 'jose';
import * as z from 'zod';
import type { Store, Collection } from '../store/store';
import { USERS_SCOPES, type UsersScope } from './scopes';
import { RedirectUris } from '../signin/redirect-uri';

/**
 * Registered OAuth clients (GP systems): the seeded clients (handed in), clients listed in
 * `<dataDir>/clients.json`, and clients registered at run time through the admin API.
 */
export interface RegisteredClient {
  clientId: string;
  name: string;
  odsCodes: string[];
  publicJwks: JWK[];
  /** Users Endpoint V2 scopes approved at onboarding (canonical names, scopes.ts). */
  approvedScopes: UsersScope[];
  /** Where people signing in to this client may be sent back to (signin/redirect-uri.ts); none: it cannot sign people in. */
  redirectUris?: string[];
  source: 'fixture' | 'file' | 'api';
}

const odsCode = z.string().regex(/^[A-Z][0-9]{5,6}$/, 'an ODS code such as A20047');

const rsaPublicJwk = z
  .object({ kty: z.literal('RSA'), n: z.string().min(1), e: z.string().min(1), kid: z.string().optional() })
  .loose()
  .refine((jwk) => !('d' in jwk), 'must be a public key (it contains the private member "d")');

/** Registration input: one of `public_jwk`, `jwks` or `public_key_pem`. */
export const ClientRegistration = z
  .object({
    client_id: z
      .string()
      .regex(/^[A-Za-z0-9._-]{3,64}$/, '3-64 letters, digits, dot, dash or underscore')
      .optional(),
    name: z.string().min(1).max(200).optional(),
    ods_codes: z.array(odsCode).min(1).max(500),
    public_jwk: rsaPublicJwk.optional(),
    jwks: z.object({ keys: z.array(rsaPublicJwk).min(1) }).optional(),
    public_key_pem: z.string().includes('BEGIN PUBLIC KEY').optional(),
    approved_scopes: z
      .array(z.enum(USERS_SCOPES))
      .max(USERS_SCOPES.length)
      .optional()
      .describe('Users Endpoint V2 scopes this client may be granted; all of them when left out (a sandbox convenience)'),
    redirect_uris: RedirectUris.optional().describe(
      'Signing in: where people may be sent back to, each an exact match (https; http only on 127.0.0.1, [::1] or localhost, any port when registered without one)',
    ),
  })
  .strict()
  .refine((r) => [r.public_jwk, r.jwks, r.public_key_pem].filter(Boolean).length === 1, {
    message: 'give exactly one of public_jwk, jwks or public_key_pem',
  });
export type ClientRegistration = z.infer<typeof ClientRegistration>;

export class ClientRegistryError extends Error {
  constructor(
    message: string,
    readonly kind: 'invalid_key' | 'duplicate' = 'invalid_key',
  ) {
    super(message);
  }
}

export class ClientRegistry {
  readonly #static = new Map<string, RegisteredClient>();
  readonly #registered: Collection<RegisteredClient>;
  /** Approved scopes changed at run time (admin API), for any client, seeded ones included. */
  readonly #approvals: Collection<{ approvedScopes: UsersScope[] }>;
  readonly #keyCache = new Map<string, KeyObject | null>();

  constructor(
    private readonly store: Store,
    seeded: readonly RegisteredClient[],
    fileClients: readonly RegisteredClient[] = [],
  ) {
    for (const client of seeded) this.#static.set(client.clientId, client);
    for (const client of fileClients) this.#static.set(client.clientId, client);
    this.#registered = store.collection<RegisteredClient>('clients');
    this.#approvals = store.collection<{ approvedScopes: UsersScope[] }>('client-approved-scopes');
  }

  get(clientId: string): RegisteredClient | undefined {
    const client = this.#static.get(clientId) ?? this.#registered.get(clientId);
    return client && this.#withApprovals(client);
  }

  list(): RegisteredClient[] {
    return [...this.#static.values(), ...this.#registered.values()].map((client) => this.#withApprovals(client));
  }

  /** Changes which Users Endpoint V2 scopes a client is approved for, durably; tokens already issued are re-judged on use. */
  async approveScopes(clientId: string, scopes: readonly UsersScope[]): Promise<RegisteredClient | undefined> {
    if (!this.get(clientId)) return undefined;
    return this.store.transact(() => {
      this.#approvals.put(clientId, { approvedScopes: [...new Set(scopes)] });
      return this.get(clientId);
    });
  }

  #withApprovals(client: RegisteredClient): RegisteredClient {
    const changed = this.#approvals.get(client.clientId);
    return changed ? { ...client, approvedScopes: changed.approvedScopes } : client;
  }

  /**
   * The client's keys as node:crypto KeyObjects, cached by key material; null for a key that
   * cannot verify RS512 (RFC 7518 §3.3: RSA keys of at least 2048 bits).
   */
  keysFor(client: RegisteredClient): (KeyObject | null)[] {
    return client.publicJwks.map((jwk) => {
      const cacheKey = `${jwk.n}.${jwk.e}`;
      if (!this.#keyCache.has(cacheKey)) {
        this.#keyCache.set(cacheKey, rs512VerificationKey(jwk));
      }
      return this.#keyCache.get(cacheKey)!;
    });
  }

  /** Clients registered through the API and run-time scope approvals: what a sandbox reset keeps unless asked not to. */
  registeredAtRunTime(): { clients: [string, RegisteredClient][]; approvals: [string, { approvedScopes: UsersScope[] }][] } {
    return { clients: this.#registered.entries(), approvals: this.#approvals.entries() };
  }

  /** Puts back what registeredAtRunTime() returned (after the store was cleared). */
  async restoreRegistered(kept: ReturnType<ClientRegistry['registeredAtRunTime']>): Promise<void> {
    await this.store.transact(() => {
      for (const [id, client] of kept.clients) this.#registered.put(id, client);
      for (const [id, approval] of kept.approvals) this.#approvals.put(id, approval);
    });
  }

  /** Registers a client durably; returns it once stored. */
  async register(input: ClientRegistration): Promise<RegisteredClient> {
    const clientId = input.client_id ?? `client-${randomUUID()}`;
    if (this.get(clientId)) throw new ClientRegistryError(`client_id ${clientId} is already registered`, 'duplicate');
    const client: RegisteredClient = {
      clientId,
      name: input.name ?? clientId,
      odsCodes: input.ods_codes,
      publicJwks: await publicJwksOf(input),
      approvedScopes: approvedScopesOf(input),
      ...(input.redirect_uris ? { redirectUris: input.redirect_uris } : {}),
      source: 'api',
    };
    return this.store.transact(() => {
      this.#registered.put(clientId, client);
      return client;
    });
  }
}

/** The key as node:crypto needs it, or null when it cannot verify RS512 (RFC 7518 §3.3: at least 2048 bits). */
function rs512VerificationKey(jwk: JWK): KeyObject | null {
  try {
    const key = createPublicKey({ key: { kty: 'RSA', n: jwk.n!, e: jwk.e! }, format: 'jwk' });
    return (key.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048 ? key : null;
  } catch {
    return null;
  }
}

async function publicJwksOf(input: ClientRegistration): Promise<JWK[]> {
  let jwks: JWK[];
  if (input.public_key_pem) {
    try {
      const jwk = await exportJWK(await importSPKI(input.public_key_pem, 'RS512', { extractable: true }));
      if (jwk.kty !== 'RSA') throw new Error('not RSA');
      jwks = [{ kty: 'RSA', n: jwk.n, e: jwk.e }];
    } catch {
      throw new ClientRegistryError('public_key_pem is not an RSA public key in SPKI PEM form');
    }
  } else {
    const given = input.jwks?.keys ?? [input.public_jwk!];
    for (const jwk of given) {
      try {
        await importJWK({ kty: 'RSA', n: jwk.n, e: jwk.e }, 'RS512');
      } catch {
        throw new ClientRegistryError('public key is not a usable RSA JWK');
      }
    }
    jwks = given.map((jwk) => ({ kty: 'RSA', n: jwk.n, e: jwk.e, ...(jwk.kid ? { kid: jwk.kid } : {}) }));
  }
  // Refused now rather than failing every assertion later with "signature does not verify".
  if (jwks.some((jwk) => rs512VerificationKey(jwk) === null)) {
    throw new ClientRegistryError(
      'RS512 needs an RSA key of at least 2048 bits (RFC 7518 §3.3); generate a new 2048-bit (or larger) key pair',
    );
  }
  return jwks;
}

/** A client registered without a list is approved for every scope: the sandbox is for trying things. */
export const ApprovedScopesChange = z.object({ approved_scopes: z.array(z.enum(USERS_SCOPES)).max(USERS_SCOPES.length) }).strict();

const approvedScopesOf = (input: ClientRegistration): UsersScope[] => [...new Set(input.approved_scopes ?? USERS_SCOPES)];

const ClientsFile = z.array(ClientRegistration);

/** Reads `<dataDir>/clients.json` (an array of registrations) if it exists. */
export async function readClientsFile(file: string): Promise<RegisteredClient[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const parsed = ClientsFile.safeParse(JSON.parse(text));
  if (!parsed.success) throw new ClientRegistryError(`${file}: ${z.prettifyError(parsed.error)}`);
  return Promise.all(
    parsed.data.map(async (entry, i) => ({
      clientId: entry.client_id ?? `file-client-${i + 1}`,
      name: entry.name ?? entry.client_id ?? `file-client-${i + 1}`,
      odsCodes: entry.ods_codes,
      publicJwks: await publicJwksOf(entry),
      approvedScopes: approvedScopesOf(entry),
      ...(entry.redirect_uris ? { redirectUris: entry.redirect_uris } : {}),
      source: 'file' as const,
    })),
  );
}
