/**
 * The test-interface contract: everything the Gherkin features need of a target beyond the
 * specified endpoints, as named capabilities. A target declares the ones it offers, at
 * `GET /_sandbox/test-interface` or in a capabilities file; a scenario tagged `@needs-<capability>`
 * runs only against a target that declares it, and is otherwise skipped with that reason. This
 * sandbox implements all of them (and none with TEST_INTERFACE=off). Versioned: a change to what a
 * capability means is a new version. `catalogue-data` is a declaration about data, not an endpoint:
 * without it no step reads the catalogue's fixtures, and a scenario that would is skipped with that reason.
 */
export const TEST_INTERFACE_CONTRACT = 'nhs-login-provisioning-test-interface';
export const TEST_INTERFACE_VERSION = '1';

const CAPABILITIES = {
  'state-setup':
    'return to the seeded state and arrange state: POST /_sandbox/reset, POST /_sandbox/invitations, POST /_sandbox/rate-limits, ' +
    'PATCH /_sandbox/pds/patients/{nhs}, PUT /_sandbox/clients/{id}/approved-scopes; read GET /_sandbox/accounts and /_sandbox/clients/{id}',
  'time-travel': 'move the clock every domain rule follows: POST /_sandbox/clock {"advance_seconds": n} and {"reset": true}',
  'sms-reading': 'read the newest text message to a mobile: GET /_sandbox/sms/latest?to=<E.164>',
  'mail-reading': 'read the mail the target sent through the Mailpit API v1 at mailpit_url',
  'users-endpoint': 'Users Endpoint V2: GET /v2/Users and the JWT-bearer grant at the token endpoint',
  'forced-outcomes': 'Prefer: code=11000 (or code=500) on POST /provision-account forces that answer for one call',
  'catalogue-data':
    "the target holds the scenario catalogue's seeded data (docs/scenarios.md: its test patients, practices, accounts and clients), " +
    "so the steps may send the catalogue's own requests; a target with its own data leaves it out (and names its patients in MAPPING_FILE)",
} as const;
export type Capability = keyof typeof CAPABILITIES;
export const CAPABILITY_NAMES = Object.keys(CAPABILITIES) as Capability[];

/** What a target declares (the endpoint's answer and the capabilities file share this shape). */
export interface CapabilityDeclaration {
  contract: typeof TEST_INTERFACE_CONTRACT;
  version: string;
  capabilities: Capability[];
  /** Where `mail-reading` reads mail. */
  mailpit_url?: string;
}
