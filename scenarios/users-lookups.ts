import { scenarioPatients as p } from '../fixtures/patients';
import { demoClient, secondClient } from '../fixtures/clients';
import { USERS_SCOPES } from '../sandbox/auth/scopes';
import type { PublishedUsersScenario } from '../sandbox/catalogue/published-catalogue';
import { FILTER_ERRORS } from '../sandbox/users/filter';

/**
 * The Users Endpoint V2 part of the catalogue: one entry per answer a GP system must handle
 * (nobody, one person, several, each scope set, each 400 and 403), with the token to get, the
 * filter to send and the answer to expect. Read by the server (GET /_sandbox/scenarios), the
 * generated docs, the Gherkin feature and the tests.
 */
export type UsersScenario = PublishedUsersScenario;

/** Stands for the target's base URL in an expected error (the sandbox names its own Users.retrieve spelling). */
export const BASE_URL_PLACEHOLDER = '{baseUrl}';
export const expectedUsersError = (error: string, baseUrl: string) => error.replaceAll(BASE_URL_PLACEHOLDER, baseUrl);

const byNhs = (nhsNumber: string) => `nhsnumber eq "${nhsNumber}"`;
const byEmail = (email: string) => `email eq "${email}"`;
const RETRIEVE = ['Users.retrieve'];
const PROFILE = ['Users.retrieve', 'profile'];
const ALL = [...USERS_SCOPES];

const found = (...ids: string[]) => ({ status: 200 as const, accountIds: ids });
const refused = (status: 400 | 403, description: string) => ({ status, error: description });

export const usersScenarios: readonly UsersScenario[] = [
  {
    id: 'users-no-match',
    title: 'Patient without an NHS login: nobody found (still 200)',
    client: demoClient.clientId,
    scopes: PROFILE,
    // A patient no scenario ever provisions or claims, so the answer holds in any order of runs.
    filter: byNhs(p.mobileMismatch.nhsNumber),
    expected: found(),
    supplierGuidance: 'Offer to provision an NHS login for the patient.',
  },
  {
    id: 'users-by-nhs-number',
    title: 'Patient with a P9 account, found by NHS number',
    client: demoClient.clientId,
    scopes: PROFILE,
    filter: byNhs(p.p9Account.nhsNumber),
    expected: { ...found('acc-p9-dylan'), identityLevel: 'P9' },
    supplierGuidance: 'Tell the user the patient already has a fully verified NHS login; do not provision.',
  },
  {
    id: 'users-by-email',
    title: 'Patient with a P5 account, found by email',
    client: demoClient.clientId,
    scopes: PROFILE,
    filter: byEmail(p.p5Account.email!),
    expected: { ...found('acc-p5-bilal'), identityLevel: 'P5' },
    supplierGuidance: 'The patient can be provisioned to uplift their account to P9.',
  },
  {
    id: 'users-by-both',
    title: 'NHS number and email of the same account (and)',
    client: demoClient.clientId,
    scopes: PROFILE,
    filter: `${byNhs(p.p5Account.nhsNumber)} and ${byEmail(p.p5Account.email!)}`,
    expected: found('acc-p5-bilal'),
    supplierGuidance: 'One account holds both details.',
  },
  {
    id: 'users-both-different-people',
    title: 'An NHS number and an email of two different accounts (and): nobody',
    client: demoClient.clientId,
    scopes: PROFILE,
    filter: `${byNhs(p.p9Account.nhsNumber)} and ${byEmail(p.p5Account.email!)}`,
    expected: found(),
    supplierGuidance: 'The details do not belong to one account: check them with the patient.',
  },
  {
    id: 'users-several',
    title: 'An NHS number or an email that belong to two different accounts (or)',
    client: demoClient.clientId,
    scopes: PROFILE,
    filter: `${byNhs(p.p9Account.nhsNumber)} or ${byEmail(p.emailUsedByP5.email!)}`,
    expected: found('acc-p9-dylan', 'acc-p5-other-person'),
    supplierGuidance: 'Several people matched: show the user each, never assume the first is the patient.',
  },
  {
    id: 'users-disabled',
    title: 'A disabled account: active is false',
    client: demoClient.clientId,
    scopes: RETRIEVE,
    filter: byNhs(p.disabledAccount.nhsNumber),
    expected: { ...found('acc-p5-jasmine-disabled'), active: false },
    supplierGuidance: 'The patient has an NHS login they cannot use; direct them to NHS login support.',
  },
  {
    id: 'users-scope-retrieve-only',
    title: 'Scope Users.retrieve only: id, active and identity level, no personal data',
    client: demoClient.clientId,
    scopes: RETRIEVE,
    filter: byNhs(p.p9Account.nhsNumber),
    expected: { ...found('acc-p9-dylan'), attributes: ['active', 'id', 'schemas', 'vectorsOfTrust'] },
    supplierGuidance: 'Enough to decide whether to provision.',
  },
  {
    id: 'users-scope-profile',
    title: 'Scopes Users.retrieve and profile: family name, NHS number and birth date as well',
    client: secondClient.clientId,
    scopes: PROFILE,
    filter: byNhs(p.p9Account.nhsNumber),
    expected: { ...found('acc-p9-dylan'), attributes: ['active', 'birthdate', 'id', 'name', 'nhsNumber', 'schemas', 'vectorsOfTrust'] },
    supplierGuidance: 'Check the details against your record before acting on the answer.',
  },
  {
    id: 'users-scope-all',
    title: 'Every scope: names, email, mobile, practice and GP linkage details',
    client: demoClient.clientId,
    scopes: ALL,
    filter: byNhs(p.p9Account.nhsNumber),
    expected: {
      ...found('acc-p9-dylan'),
      attributes: [
        'active',
        'birthdate',
        'emails',
        'gpLinkageKey',
        'gpOdsCode',
        'gpUserId',
        'id',
        'name',
        'nhsNumber',
        'phoneNumbers',
        'schemas',
        'userName',
        'vectorsOfTrust',
      ],
    },
    supplierGuidance: 'Request only the scopes your system needs; each one releases more personal data.',
  },
  {
    id: 'users-scope-data-without-profile',
    title: 'A data scope without profile: ignored, as Users.retrieve alone (v1.1 Table 14)',
    client: demoClient.clientId,
    scopes: ['Users.retrieve', 'email'],
    filter: byNhs(p.p9Account.nhsNumber),
    expected: { ...found('acc-p9-dylan'), attributes: ['active', 'id', 'schemas', 'vectorsOfTrust'] },
    supplierGuidance: 'Request profile whenever you request any other data scope: without it they release nothing.',
  },
  ...(
    [
      ['users-400-syntax', 'Unbalanced quote', `nhsnumber eq "${p.p9Account.nhsNumber}`, FILTER_ERRORS.syntax],
      ['users-400-attribute', 'Unknown attribute', 'surname eq "Verity"', FILTER_ERRORS.attribute],
      ['users-400-operator', 'Operator other than eq', `nhsnumber sw "999"`, FILTER_ERRORS.operator],
      [
        'users-400-too-many',
        'Six expressions',
        Array.from({ length: 6 }, () => byNhs(p.p9Account.nhsNumber)).join(' or '),
        FILTER_ERRORS.tooMany,
      ],
      ['users-400-nhs-number', 'NHS number failing its check digit', 'nhsnumber eq "9990000043"', FILTER_ERRORS.nhsNumber],
      ['users-400-email', 'Malformed email', 'email eq "dylan.verity@"', FILTER_ERRORS.email],
      [
        'users-400-either',
        'A returned attribute that cannot be filtered on',
        `userName eq "${p.p9Account.email}"`,
        FILTER_ERRORS.eitherAttribute,
      ],
      ['users-400-missing', 'No filter', null, FILTER_ERRORS.missing],
    ] as const
  ).map(([id, title, filter, error]): UsersScenario => ({
    id,
    title: `${title}: 400 "${error}"`,
    client: demoClient.clientId,
    scopes: RETRIEVE,
    filter,
    expected: refused(400, error),
    supplierGuidance: 'A defect in the GP system: fix the filter it builds; do not retry unchanged.',
  })),
  {
    id: 'users-403-provisioning-token',
    title: 'A provisioning token (no scope): 403',
    client: demoClient.clientId,
    scopes: null,
    filter: byNhs(p.p9Account.nhsNumber),
    expected: refused(403, 'No scope was present in the request'),
    supplierGuidance: 'Get a Users token with the JWT-bearer grant; keep it apart from the provisioning token.',
  },
  {
    id: 'users-403-no-retrieve',
    title: 'A token without Users.retrieve: 403',
    client: secondClient.clientId,
    scopes: ['profile'],
    filter: byNhs(p.p9Account.nhsNumber),
    expected: refused(403, `Scope "${BASE_URL_PLACEHOLDER}/Users.retrieve" required for access was not present in request`),
    supplierGuidance: 'Always request Users.retrieve.',
  },
  {
    id: 'users-403-approval-withdrawn',
    title: "The client's approval changed after the token was issued: 403",
    client: secondClient.clientId,
    scopes: PROFILE,
    arrange: { approvedScopes: ['email'] },
    filter: byNhs(p.p9Account.nhsNumber),
    expected: refused(403, 'Requested scopes: Users.retrieve profile did not match the clients approved scopes: email'),
    supplierGuidance: 'Your onboarding approval does not cover these scopes: contact NHS login onboarding.',
  },
];
