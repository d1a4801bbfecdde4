import { expectedUsersError, type UsersScenario } from '../../scenarios/users-lookups';

/**
 * Acts out a Users Endpoint V2 catalogue scenario on any stage (an in-process sandbox, a remote
 * target through the Gherkin world) and says where the answer differs from what the catalogue
 * expects. The stage supplies tokens, the approval change and the lookup.
 */
export interface UsersAnswer {
  status: number;
  body: Record<string, any>;
}

export interface UsersStage {
  baseUrl: string;
  /** A Users token for these scopes from this client; null scopes: a provisioning token. */
  token(client: string, scopes: readonly string[] | null): Promise<string>;
  approve(client: string, scopes: readonly string[]): Promise<void>;
  lookUp(token: string, filter: string | null): Promise<UsersAnswer>;
}

export async function playUsersScenario(scenario: UsersScenario, stage: UsersStage): Promise<UsersAnswer> {
  const token = await stage.token(scenario.client, scenario.scopes);
  if (scenario.arrange) await stage.approve(scenario.client, scenario.arrange.approvedScopes);
  return stage.lookUp(token, scenario.filter);
}

const EXTENSION = 'uk:nhs:login:auth:1.0:User';

/** Every attribute name a SCIM user carries, the extension's flattened in, sorted. */
export const releasedAttributes = (user: Record<string, any>): string[] =>
  [...Object.keys(user).filter((k) => k !== EXTENSION), ...Object.keys(user[EXTENSION] ?? {})].sort();

export function usersAnswerMismatches(scenario: UsersScenario, answer: UsersAnswer, baseUrl: string): string[] {
  const expected = scenario.expected;
  const wrong: string[] = [];
  const check = (what: string, actual: unknown, wanted: unknown) => {
    if (JSON.stringify(actual) !== JSON.stringify(wanted))
      wrong.push(`${what}: expected ${JSON.stringify(wanted)}, got ${JSON.stringify(actual)}`);
  };
  check('status', answer.status, expected.status);
  if (expected.status !== 200) {
    check('errors', answer.body.Errors, [{ description: expectedUsersError(expected.error, baseUrl), code: String(expected.status) }]);
    return wrong;
  }
  const resources = (answer.body.Resources ?? []) as Record<string, any>[];
  check('schemas', answer.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:ListResponse']);
  check('totalResults', answer.body.totalResults, expected.accountIds.length);
  check(
    'account ids',
    resources.map((r) => r.id),
    expected.accountIds,
  );
  if (expected.identityLevel) check('identity level', resources[0]?.[EXTENSION]?.vectorsOfTrust?.IdentityProofing, expected.identityLevel);
  if (expected.active !== undefined) check('active', resources[0]?.active, expected.active);
  if (expected.attributes) check('attributes released', releasedAttributes(resources[0] ?? {}), expected.attributes);
  return wrong;
}
