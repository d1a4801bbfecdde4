/**
 * @module
 * The conformance rules: what the specifications (CID-IS-P v1.0, Users Endpoint V2, and for a
 * relying party CID-IS-F v2.1), the RFCs they build on, and the sandbox's documented expectations
 * ask of a client's own traffic. One table, in this order: the checker, the reports, the docs and
 * the tests (one sloppy-client test per rule) all read it. Each rule looks at one client's verified
 * requests (and the authorization requests that name it: conformance-service.ts), oldest first, and
 * names every request that breaks it. The rules live by surface in `rules/` (assertion, token,
 * provisioning, users, relying-party), written with the kit in `rules/kit.ts`.
 *
 * Levels: MUST where the specification or an RFC it cites says so; SHOULD where it says "should"
 * or says nothing and the rule is the sandbox's expectation of a well-behaved client. Every rule
 * says which (`basis`), and a SHOULD deviation can be justified (justifications.ts).
 *
 * Clocks (clock.ts): what the client could know is judged by real time (its assertion's exp, its
 * token's remaining life as `expires_in` told it). How long a client waited before sending again
 * counts on either clock, whichever moved more: the sandbox clock moves only by time travel,
 * which a GP system cannot do, and moves the state that caused the refusal on with it. A request
 * that arrived before an answer was delivered was in flight, and is never blamed for ignoring it.
 */
import { assertionRules } from './rules/assertion';
import type { ConformanceRule } from './rules/kit';
import { provisioningRules } from './rules/provisioning';
import { relyingPartyRules } from './rules/relying-party';
import { tokenRules } from './rules/token';
import { usersRules } from './rules/users';

export const RULES_VERSION = '5';

/** A GP system's rules: not applicable to a relying party that only signs people in. */
const asProvisioning = (rules: readonly ConformanceRule[]) => rules.map((rule) => ({ appliesTo: 'provisioning' as const, ...rule }));

export const conformanceRules: readonly ConformanceRule[] = [
  ...asProvisioning([...assertionRules, ...tokenRules, ...provisioningRules]),
  ...usersRules,
  ...relyingPartyRules,
];

/** The rule ids, for checking a justification file against the table. */
export const ruleById: ReadonlyMap<string, ConformanceRule> = new Map(conformanceRules.map((rule) => [rule.id, rule]));
