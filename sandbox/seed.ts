// Everything the sandbox is seeded with: the only place where `fixtures/` and `scenarios/` enter the
// runtime tree (test/architecture/dependencies.test.ts checks it). Domain code receives these as
// arguments and never imports them, so a test or an embedding application can hand in other data.
import { demoClient, fixtureClients } from '../fixtures/clients';
import { fixtureAccounts } from '../fixtures/accounts';
import { scenarioPatientList } from '../fixtures/patients';
import { populationPracticeCodes, practices } from '../fixtures/practices';
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

export interface SeedData {
  practices: readonly Practice[];
  patients: readonly PatientRecord[];
  /** ODS codes the generated population is registered at. */
  populationPracticeCodes: readonly string[];
  accounts: readonly NhsLoginAccount[];
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
