import type { UsersScope } from '../auth/scopes';
import type { ClaimStopId } from '../claim/claim-stops';
import type { PatientRecord } from '../pds/patient';
import type { OutcomeCodeId, OutcomeSource } from '../provisioning/outcome-codes';

/**
 * The scenario catalogue as the sandbox publishes it (admin API, console, conformance coverage).
 * The catalogue itself lives outside the runtime tree (`scenarios/`) and is handed in at the
 * composition root; this is the shape the sandbox needs of it, so the dependency runs one way.
 */
/**
 * What must happen before a scenario's request to provoke its outcome:
 * - `provision-same-patient-first`: the same request was accepted moments ago (pending request);
 * - `exhaust-rate-limit`: the practice already used its whole rate-limit window.
 */
export type Arrangement = 'provision-same-patient-first' | 'exhaust-rate-limit';

export interface PublishedProvisioningScenario {
  id: string;
  title: string;
  expectedCode: OutcomeCodeId;
  source: OutcomeSource;
  /** The request body to send (fields may be missing on purpose, as in the 11010 scenarios). */
  request: Partial<Record<'nhs_number' | 'email_address' | 'date_of_birth' | 'ods_code' | 'phone_number', string>> &
    Record<string, unknown>;
  /** What must happen first, in words a reader can follow. */
  arrange?: Arrangement;
  supplierGuidance: string;
}

export interface PublishedClaimScenario {
  id: string;
  title: string;
  patient: PatientRecord;
  invitation: 'create' | 'uplift';
  password: string;
  twist: { kind: string };
  expected: 'done' | ClaimStopId;
}

/** A Users Endpoint V2 lookup: which client, which scopes (null: a provisioning token), which filter, what comes back. */
export interface PublishedUsersScenario {
  id: string;
  title: string;
  client: string;
  scopes: readonly string[] | null;
  /** Changed before the lookup, after the token was issued. */
  arrange?: { approvedScopes: readonly UsersScope[] };
  /** The filter to send; null: none. */
  filter: string | null;
  expected:
    | {
        status: 200;
        /** The accounts found, in order. */
        accountIds: readonly string[];
        identityLevel?: string;
        active?: boolean;
        /** Every attribute name released (core and extension), sorted. */
        attributes?: readonly string[];
      }
    | { status: 400 | 403; error: string };
  supplierGuidance: string;
}

export interface PublishedCatalogue {
  provisioning: readonly PublishedProvisioningScenario[];
  claims: readonly PublishedClaimScenario[];
  users: readonly PublishedUsersScenario[];
}

/** The outcome codes the catalogue shows how to provoke: what a supplier's coverage is measured against. */
export const catalogueOutcomeCodes = (catalogue: PublishedCatalogue): string[] => [
  ...new Set(catalogue.provisioning.map((s) => s.expectedCode as string)),
];
