import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { demoClient, secondClient } from '../fixtures/clients';
import { testConfig } from '../sandbox/config/config';
import { startSandbox, type StartedSandbox } from '../sandbox/start';
import { MAPPING_FORMAT } from '../scripts/render/mapping';
import { USERS_RETRIEVE } from '../sandbox/auth/scopes';
import { CAPABILITY_NAMES, TEST_INTERFACE_CONTRACT, type Capability } from '../sandbox/test-interface/contract';

/**
 * Which implementation the features run against, and what it declares it can do. With no
 * SANDBOX_URL an embedded sandbox is started in-process on free ports with an in-memory store;
 * otherwise the environment names the target: SANDBOX_URL, TOKEN_URL, MAILPIT_URL, CLIENT_ID,
 * CLIENT_KEY (path to a PEM private key), SECOND_CLIENT_ID and SECOND_CLIENT_KEY (another GP system,
 * approved for `Users.retrieve` and `profile` only, as the catalogue's second client is), ADMIN_TOKEN
 * (sent to the test interface), USERS_RETRIEVE_SCOPE (the target's spelling of the mandatory Users
 * scope), CAPABILITIES_FILE (a capability declaration; without it the target's own
 * GET /_sandbox/test-interface is asked, and a target that has neither declares nothing), and
 * MAPPING_FILE (the target's own patient for each catalogue scenario).
 *
 * Our fixtures (the catalogue's clients, patients, practices) are used only for a target that declares
 * `catalogue-data` (the embedded sandbox always does; a mapping file means the target has its own
 * data, so it never does then). For any other target the clients must come from the environment.
 */
export interface Target {
  baseUrl: string;
  tokenUrl: string;
  mailpitUrl: string;
  clientId: string;
  clientKeyPath: string;
  /** A second GP system for the Users lookups that need one (the catalogue's `sandbox-second-client`); null: none named. */
  secondClientId: string | null;
  secondClientKeyPath: string | null;
  /** How the target spells the mandatory Users Endpoint V2 scope (USERS_RETRIEVE_SCOPE; the sandbox's own: `Users.retrieve`). */
  usersRetrieveScope: string;
  adminToken: string | null;
  /** The test-interface capabilities the target declares (sandbox/test-interface/contract.ts). */
  capabilities: readonly Capability[];
  /** Where the declaration came from, for the report. */
  declaredBy: string;
  /**
   * With MAPPING_FILE: the request that reaches each catalogue scenario on this target
   * (scripts/render/mapping.ts), and the code the target declares it answers with.
   */
  mapping: ReadonlyMap<string, MappedScenario> | null;
}

export interface MappedScenario {
  request: Record<string, unknown>;
  /** The code the target answers with, for outcomes whose meaning the specification leaves to it. */
  expected: string | undefined;
}

/** Whether the target holds the catalogue's seeded data, so that a step may send the catalogue's requests. */
export const holdsCatalogueData = (target: Target) => target.capabilities.includes('catalogue-data');

const Mapping = z.object({
  format: z.literal(MAPPING_FORMAT),
  scenarios: z.record(z.string(), z.object({ expected: z.string().optional(), request: z.record(z.string(), z.unknown()) })),
});

function readMapping(file: string | undefined): Target['mapping'] {
  if (!file) return null;
  const parsed = Mapping.parse(JSON.parse(readFileSync(file, 'utf8')));
  return new Map(Object.entries(parsed.scenarios).map(([id, entry]) => [id, { request: entry.request, expected: entry.expected }]));
}

const Declaration = z.object({
  contract: z.literal(TEST_INTERFACE_CONTRACT),
  version: z.string(),
  capabilities: z.array(z.enum(CAPABILITY_NAMES)),
  mailpit_url: z.string().optional(),
});

let embedded: StartedSandbox | null = null;
let remote: Promise<Target> | null = null;

export function resolveTarget(): Promise<Target> {
  if (!process.env.SANDBOX_URL) return embeddedTarget();
  return (remote ??= remoteTarget(process.env));
}

async function remoteTarget(env: NodeJS.ProcessEnv): Promise<Target> {
  const baseUrl = env.SANDBOX_URL!.replace(/\/$/, '');
  const adminToken = env.ADMIN_TOKEN || null;
  let declared: z.infer<typeof Declaration> | null = null;
  let declaredBy = 'nothing (no CAPABILITIES_FILE, and no GET /_sandbox/test-interface)';
  if (env.CAPABILITIES_FILE) {
    declared = Declaration.parse(JSON.parse(readFileSync(env.CAPABILITIES_FILE, 'utf8')));
    declaredBy = env.CAPABILITIES_FILE;
  } else {
    const answer = await fetch(`${baseUrl}/_sandbox/test-interface`, {
      headers: adminToken ? { 'x-sandbox-admin-token': adminToken } : {},
    }).catch(() => null);
    const parsed = answer?.ok ? Declaration.safeParse(await answer.json()) : null;
    if (parsed?.success) {
      declared = parsed.data;
      declaredBy = `${baseUrl}/_sandbox/test-interface`;
    }
  }
  const mapping = readMapping(env.MAPPING_FILE);
  // A mapping names the target's own patients: its data is not the catalogue's, whatever it declares.
  const capabilities = (declared?.capabilities ?? []).filter((c) => !(mapping && c === 'catalogue-data'));
  const ours = capabilities.includes('catalogue-data');
  if (!ours && (!env.CLIENT_ID || !env.CLIENT_KEY)) {
    throw new Error(
      `the target does not declare catalogue-data (${mapping ? 'MAPPING_FILE is set' : `declared by ${declaredBy}`}), so the ` +
        'catalogue\'s GP systems cannot stand in for its own: set CLIENT_ID and CLIENT_KEY (docs/assurance.md, "Running the features against your target")',
    );
  }
  const second = env.SECOND_CLIENT_ID && env.SECOND_CLIENT_KEY;
  return {
    baseUrl,
    tokenUrl: env.TOKEN_URL ?? `${baseUrl}/token`,
    mailpitUrl: (env.MAILPIT_URL ?? declared?.mailpit_url ?? 'http://127.0.0.1:8025').replace(/\/$/, ''),
    clientId: env.CLIENT_ID ?? demoClient.clientId,
    clientKeyPath: env.CLIENT_KEY ?? demoClient.privateKeyPath,
    // The catalogue's second GP system stands in only on a target holding the catalogue's data.
    secondClientId: second ? env.SECOND_CLIENT_ID! : ours ? (env.SECOND_CLIENT_ID ?? secondClient.clientId) : null,
    secondClientKeyPath: second ? env.SECOND_CLIENT_KEY! : ours ? (env.SECOND_CLIENT_KEY ?? secondClient.privateKeyPath) : null,
    usersRetrieveScope: env.USERS_RETRIEVE_SCOPE || USERS_RETRIEVE,
    adminToken,
    capabilities,
    declaredBy,
    mapping,
  };
}

async function embeddedTarget(): Promise<Target> {
  embedded ??= await startSandbox(testConfig({ populationSize: '200' }));
  return {
    baseUrl: embedded.baseUrl,
    tokenUrl: `${embedded.baseUrl}/token`,
    mailpitUrl: embedded.sandbox.mailpitUrl,
    clientId: demoClient.clientId,
    clientKeyPath: demoClient.privateKeyPath,
    secondClientId: secondClient.clientId,
    secondClientKeyPath: secondClient.privateKeyPath,
    usersRetrieveScope: USERS_RETRIEVE,
    adminToken: null,
    capabilities: CAPABILITY_NAMES,
    declaredBy: 'the embedded sandbox (every capability)',
    mapping: null,
  };
}

export async function stopEmbeddedTarget(): Promise<void> {
  await embedded?.stop();
  embedded = null;
}
