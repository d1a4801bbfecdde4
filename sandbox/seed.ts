// Everything the sandbox is seeded with: the only place where `fixtures/` and `scenarios/` enter the
// runtime tree (test/architecture/dependencies.test.ts checks it). Domain code receives these as
// arguments and never imports them, so a test or an embedding application can hand in other data.
import { demoClient, fixtureClients } from '../fixtures/clients';
import { fixtureAccounts } from '../fixtures/accounts';
import { scenarioPatientList } from '../fixtures/patients';
import { populationPracticeCodes, practices } from '../fixtures/practices';
import { publishedPasswordHash, publishedSheets } from '../fixtures/test-data';
import { provisioningScenarios } from '../scenarios/catalogue';
import { claimScenarios } from '../scenarios/claim-scenarios';
import { usersScenarios } from '../scenarios/users-lookups';
import { conformancePlan } from '../scenarios/conformance-plan';
import type { RegisteredClient } from './auth/client-registry';
import type { PublishedCatalogue } from './catalogue/published-catalogue';
import type { ConformancePlan } from './conformance/plan';
import type { NhsLoginAccount } from './accounts/account';
import type { PatientRecord } from './pds/patient';
import type { Practice } from './provisioning/practice';
import type { TestDataSet } from './test-data/environments';
import { readPublishedTestData } from './test-data/published-test-data';
import { NO_PUBLISHED_LINKAGES, type PublishedGpLinkages } from './users/gp-linkages';

export interface SeedData {
  practices: readonly Practice[];
  patients: readonly PatientRecord[];
  /** ODS codes the generated population is registered at. */
  populationPracticeCodes: readonly string[];
  accounts: readonly NhsLoginAccount[];
  /** IM1 linkage the published test data bring (users/gp-linkages.ts); none for the sandbox's own data. */
  gpLinkages: PublishedGpLinkages;
  clients: readonly RegisteredClient[];
  /** The client whose test-only key `npm run token` and the banner point at. */
  demoClient: { clientId: string; privateKeyPath: string };
  catalogue: PublishedCatalogue;
  conformancePlan: ConformancePlan;
}

export const defaultSeed: SeedData = {
  practices,
  patients: scenarioPatientList,
  populationPracticeCodes,
  accounts: fixtureAccounts,
  gpLinkages: NO_PUBLISHED_LINKAGES,
  clients: fixtureClients.map(({ clientId, name, odsCodes, publicJwks, approvedScopes, redirectUris }) => ({
    clientId,
    name,
    odsCodes,
    publicJwks,
    approvedScopes,
    redirectUris,
    source: 'fixture' as const,
  })),
  demoClient: { clientId: demoClient.clientId, privateKeyPath: demoClient.privateKeyPath },
  catalogue: { provisioning: provisioningScenarios, claims: claimScenarios, users: usersScenarios },
  conformancePlan,
};

/**
 * The seed for TEST_DATA: the sandbox's own data, plus NHS login's published sandpit or integration
 * identities. Both sit side by side (the published ones are in NHS login's 96… and 94… NHS number
 * ranges and its demo.signin.nhs.uk addresses, the sandbox's in 999… and example.com), so the
 * catalogue and the conformance plan keep their scenario patients; the demo client may provision
 * at every practice the published data add.
 */
export function seedFor(testData: TestDataSet): SeedData {
  if (testData === 'sandbox') return defaultSeed;
  const published = readPublishedTestData(publishedSheets[testData](), {
    environment: testData,
    passwordHash: publishedPasswordHash,
    knownPractices: practices.map((practice) => practice.odsCode),
  });
  const addedCodes = published.practices.map((practice) => practice.odsCode);
  return {
    ...defaultSeed,
    practices: [...defaultSeed.practices, ...published.practices],
    patients: [...defaultSeed.patients, ...published.patients],
    accounts: [...defaultSeed.accounts, ...published.accounts],
    gpLinkages: published.gpLinkages,
    clients: defaultSeed.clients.map((client) =>
      client.clientId === demoClient.clientId ? { ...client, odsCodes: [...client.odsCodes, ...addedCodes] } : client,
    ),
  };
}
