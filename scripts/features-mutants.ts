import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * `npm run features:mutants`: how many plausible deviations from the specification the Gherkin
 * features catch (the features alone, not the unit tests). Each mutant is one deliberate change
 * to the sandbox of the kind another implementation might make (an accepted algorithm, a check
 * left out, an order swapped, a field dropped); the features run against a copy of the committed
 * tree with that change (a git worktree), and a mutant is killed when the run fails. Prints the
 * score and each survivor; exits 1 under 90 %. Not part of `npm test`: about 2-3 minutes on two
 * cores. Written here rather than with Stryker: Stryker's cucumber runner mutates every
 * expression it finds, and the question asked is narrower, whether the features pin down the
 * specification's rules, which a hand-picked list of realistic deviations answers directly.
 */
interface Mutant {
  id: string;
  deviation: string;
  file: string;
  find: string;
  replace: string;
  /** Further changes in the same file, for a deviation that needs more than one. */
  also?: { find: string; replace: string }[];
}

const MUTANTS: Mutant[] = [
  {
    id: 'alg-rs256',
    deviation: 'accepts RS256 assertions (verified with SHA-256)',
    file: 'sandbox/auth/client-assertion.ts',
    find: "if (header.alg !== 'RS512') {",
    replace: "if (header.alg !== 'RS512' && header.alg !== 'RS256') {",
    also: [{ find: "verify('sha512', signingInput", replace: "verify(header.alg === 'RS256' ? 'sha256' : 'sha512', signingInput" }],
  },
  {
    id: 'aud-unchecked',
    deviation: 'does not check aud',
    file: 'sandbox/auth/client-assertion.ts',
    find: 'if (!audiences.some((aud) =>',
    replace: 'if (false && !audiences.some((aud) =>',
  },
  {
    id: 'replay-allowed',
    deviation: 'accepts a replayed jti',
    file: 'sandbox/auth/client-assertion.ts',
    find: 'if (!deps.replay.remember(',
    replace: 'if (false && !deps.replay.remember(',
  },
  // Accepting an assertion that lives longer than 5 minutes is no deviation: exp is a SHOULD with no
  // maximum (CID-IS-P Table 13), so that mutant was retired (issue #32).
  {
    id: 'exp-optional',
    deviation: 'accepts an assertion without exp',
    file: 'sandbox/auth/client-assertion.ts',
    find: "if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp)) {",
    replace: "if (claims.exp !== undefined && (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp))) {",
  },
  {
    id: 'jti-optional',
    deviation: 'accepts an assertion without jti',
    file: 'sandbox/auth/client-assertion.ts',
    find: "if (typeof claims.jti !== 'string' || claims.jti === '' || claims.jti.length > MAX_JTI_CHARS) {",
    replace: "if (typeof claims.jti === 'string' && claims.jti.length > MAX_JTI_CHARS) {",
  },
  {
    id: 'sub-unchecked',
    deviation: 'accepts sub different from iss',
    file: 'sandbox/auth/client-assertion.ts',
    find: 'if (claims.sub !== claims.iss) {',
    replace: 'if (false) {',
  },
  {
    id: 'bearer-lax',
    deviation: 'accepts any Authorization scheme',
    file: 'sandbox/auth/bearer.ts',
    find: 'export const BEARER_CREDENTIALS = /^Bearer +',
    replace: 'export const BEARER_CREDENTIALS = /^\\S+ +',
  },
  {
    id: 'token-ttl-3600',
    deviation: 'issues tokens for an hour',
    file: 'sandbox/sandbox.ts',
    find: 'ttlSeconds: config.accessTokenTtlSeconds,',
    replace: 'ttlSeconds: 3600,',
  },
  {
    id: 'token-cacheable',
    deviation: 'lets token answers be cached',
    file: 'sandbox/auth/public-routes.ts',
    find: "const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const;",
    replace: 'const NO_STORE = {} as const;',
  },
  {
    id: 'ods-unchecked',
    deviation: 'provisions for any ODS code',
    file: 'sandbox/provisioning/eligibility.ts',
    find: "if (!practice?.onboarded || !facts.clientOdsCodes.includes(request.ods_code)) return refuse('11021');",
    replace: '',
  },
  {
    id: 'dob-unchecked',
    deviation: 'does not compare the date of birth with PDS',
    file: 'sandbox/provisioning/pds-refusal.ts',
    find: "if (sent.dateOfBirth !== undefined && patient.birthDate !== sent.dateOfBirth) return refused('details-differ');",
    replace: '',
  },
  {
    id: 'mobile-unchecked',
    deviation: 'does not compare the mobile with PDS',
    file: 'sandbox/provisioning/pds-refusal.ts',
    find: "if (!patient.mobile || normalisePhone(patient.mobile) !== normalisePhone(sent.mobile)) return refused('details-differ');",
    replace: '',
  },
  {
    id: 'p9-not-refused',
    deviation: 'invites a patient who is already P9',
    file: 'sandbox/provisioning/pds-refusal.ts',
    find: "if (account?.identityLevel === 'P9') return refused('already-p9');",
    replace: '',
  },
  {
    id: 'deceased-after-p9',
    deviation: 'checks P9 before death (order swapped)',
    file: 'sandbox/provisioning/pds-refusal.ts',
    find: "if (patient.deceasedDate) return refused(account ? 'deceased-with-account' : 'deceased-no-account');",
    replace:
      "if (account?.identityLevel === 'P9') return refused('already-p9');\n  if (patient.deceasedDate) return refused(account ? 'deceased-with-account' : 'deceased-no-account');",
  },
  {
    id: 'email-p9-as-11009',
    deviation: "answers 11009 for another person's P9 email",
    file: 'sandbox/provisioning/eligibility.ts',
    find: "if (emailInUse) return refuse(emailInUse === 'email-taken-p9' ? '11004' : '11009');",
    replace: "if (emailInUse) return refuse('11009');",
  },
  {
    id: 'pending-6-days',
    deviation: 'measures the pending window as 6 days',
    file: 'sandbox/provisioning/eligibility.ts',
    find: 'export const PENDING_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;',
    replace: 'export const PENDING_WINDOW_MS = 6 * 24 * 60 * 60 * 1000;',
  },
  {
    id: 'pending-8-days',
    deviation: 'measures the pending window as 8 days',
    file: 'sandbox/provisioning/eligibility.ts',
    find: 'export const PENDING_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;',
    replace: 'export const PENDING_WINDOW_MS = 8 * 24 * 60 * 60 * 1000;',
  },
  {
    id: 'pending-ignored',
    deviation: 'invites again while a request is pending',
    file: 'sandbox/provisioning/eligibility.ts',
    find: "if (pending) return refuse('11003');",
    replace: "if (false) return refuse('11003');",
  },
  {
    id: 'no-provisioning-id',
    deviation: 'leaves provisioning_id out of the success answer',
    file: 'sandbox/provisioning/provision-response.ts',
    find: ', provisioning_id: outcome.record.id }',
    replace: ' }',
  },
  {
    id: 'no-retry-after',
    deviation: 'sends 11011 without Retry-After',
    file: 'sandbox/provisioning/provision-response.ts',
    find: "outcome.retryAfterSeconds ? { 'Retry-After': String(outcome.retryAfterSeconds) } : {}",
    replace: '{}',
  },
  {
    id: 'invitation-to-pds-email',
    deviation: "sends the invitation to PDS's email, not the requested one",
    file: 'sandbox/mail/mailers.ts',
    find: '          to: record.email,',
    replace: '          to: patient.email ?? record.email,',
  },
  {
    id: 'expired-code-accepted',
    deviation: 'accepts an expired security code',
    file: 'sandbox/claim/journey-machine.ts',
    find: "if (nowMs - state.code.sentAtMs > limits.codeTtlMs) return at({}, 'code-expired');",
    replace: '',
  },
  {
    id: 'no-code-lockout',
    deviation: 'never locks after wrong codes',
    file: 'sandbox/claim/journey-machine.ts',
    find: "if (wrongCodes >= limits.maxWrongCodes) return stopped('too-many-wrong-codes', true);",
    replace: '',
  },
  {
    id: 'no-confirmation-email',
    deviation: 'sends no confirmation email',
    file: 'sandbox/claim/claim-journeys.ts',
    find: 'this.deps.sendConfirmation(record);',
    replace: 'void record;',
  },
  {
    id: 'no-recheck-after-code',
    deviation: 'checks PDS again only at the end, not right after the security code (the seed: code, re-check, password)',
    file: 'sandbox/claim/claim-journeys.ts',
    find: "({ type: 'submit-code', code, recheck: this.#recheck(session.invitationId) })",
    replace: "({ type: 'submit-code', code, recheck: null })",
  },
  {
    id: 'no-recheck-at-finish',
    deviation: 'does not check PDS again when the patient finishes',
    file: 'sandbox/claim/claim-journeys.ts',
    find: 'recheck: this.#recheck(record.id),',
    replace: 'recheck: null,',
  },
  {
    id: 'no-email-recheck-at-claim',
    deviation: 'lets the patient claim an invitation whose email another account took meanwhile',
    file: 'sandbox/claim/invitation-recheck.ts',
    find: 'return decideEmailInUse(facts.accountsWithEmail, invitation.nhsNumber);',
    replace: 'return null;',
  },
  {
    id: 'not-mine-continues',
    deviation: 'lets "not my details" carry on',
    file: 'sandbox/claim/journey-machine.ts',
    find: "if (event.answer === 'no') return stopped('details-not-mine');",
    replace: "if (event.answer === 'no') return at({ step: 'password' });",
  },
  {
    id: 'users-and-as-or',
    deviation: 'evaluates and as or in Users filters',
    file: 'sandbox/users/filter.ts',
    find: "if (filter.kind === 'or') return",
    replace: 'if (true) return',
  },
  {
    id: 'users-no-profile-required',
    deviation: 'releases data scopes without profile',
    file: 'sandbox/users/scope-access.ts',
    find: "if (!scopes.has('profile')) for (const scope of PROFILE_DEPENDENT_SCOPES) scopes.delete(scope);",
    replace: '',
  },
  {
    id: 'users-retrieve-optional',
    deviation: 'answers lookups without Users.retrieve',
    file: 'sandbox/users/scope-access.ts',
    find: 'if (!scopes.has(USERS_RETRIEVE)) return required(USERS_RETRIEVE);',
    replace: '',
  },
  // Issue #32 item 7: deviations derived from the specifications' text (and the RFCs they cite).
  {
    id: 'bearer-case-sensitive',
    deviation: 'recognises the Bearer scheme only as "Bearer" (RFC 7235 §2.1: case-insensitive)',
    file: 'sandbox/auth/bearer.ts',
    find: 'export const BEARER_CREDENTIALS = /^Bearer +([A-Za-z0-9\\-._~+/]+=*)$/i;',
    replace: 'export const BEARER_CREDENTIALS = /^Bearer +([A-Za-z0-9\\-._~+/]+=*)$/;',
  },
  {
    id: 'token-exp-milliseconds',
    deviation: "writes the access token's exp in milliseconds (RFC 7519 NumericDate is seconds)",
    file: 'sandbox/auth/access-token.ts',
    find: 'exp: iat + s.ttlSeconds,',
    replace: 'exp: (iat + s.ttlSeconds) * 1000,',
  },
  {
    id: 'users-filter-case-sensitive',
    deviation: 'reads filter attribute names and operators case-sensitively (RFC 7644 §3.4.2.2)',
    file: 'sandbox/users/filter.ts',
    find: 'const name = attribute.toLowerCase();',
    replace: 'const name = attribute;',
    also: [{ find: "if (operator.toLowerCase() !== 'eq')", replace: "if (operator !== 'eq')" }],
  },
  {
    id: 'grant-type-ignored',
    deviation: 'ignores grant_type when an assertion is present (RFC 6749 §5.2 unsupported_grant_type)',
    file: 'sandbox/auth/token-request.ts',
    find: 'if (!Object.hasOwn(GRANT_FORMS, grant)) {',
    replace: "if (!params.has('assertion') && !Object.hasOwn(GRANT_FORMS, grant)) {",
    also: [
      {
        find: 'const grantType = grant as GrantType;',
        replace: "const grantType = (params.has('assertion') ? JWT_BEARER_GRANT : grant) as GrantType;",
      },
      {
        find: 'const single = Object.fromEntries([...params].map(([name, values]) => [name, values[0]]));',
        replace: 'const single = { ...Object.fromEntries([...params].map(([name, values]) => [name, values[0]])), grant_type: grantType };',
      },
    ],
  },
  {
    id: 'scope-defaulted',
    deviation: 'grants Users.retrieve when the Users token request has no scope (Users Endpoint V2 Table 1: scope is mandatory)',
    file: 'sandbox/auth/token-request.ts',
    find: "if (!values || values[0] === '') return { ok: false, error: 'invalid_request', description: `${name} is required` };",
    replace:
      "if ((!values || values[0] === '') && name !== 'scope') return { ok: false, error: 'invalid_request', description: `${name} is required` };",
    also: [
      {
        find: 'const single = Object.fromEntries([...params].map(([name, values]) => [name, values[0]]));',
        replace:
          "const single = { ...(grantType === JWT_BEARER_GRANT ? { scope: 'Users.retrieve' } : {}), ...Object.fromEntries([...params].map(([name, values]) => [name, values[0]])) };",
      },
    ],
  },
  {
    id: 'grant-errors-as-invalid-client',
    deviation: 'answers an invalid JWT-bearer grant with invalid_client (RFC 7523 §3.1: invalid_grant)',
    file: 'sandbox/auth/token-exchange.ts',
    find: "const error = read.grant === JWT_BEARER_GRANT ? 'invalid_grant' : 'invalid_client';",
    replace: "const error = 'invalid_client';",
  },
  {
    id: 'any-scope-granted',
    deviation: 'grants every scope asked for, unknown or unapproved (Users Endpoint V2 Table 2)',
    file: 'sandbox/auth/token-exchange.ts',
    find: 'const granted = requested.values.filter((value) => client.approvedScopes.includes(canonicalScope(value, sandboxBaseUrl)!));',
    replace: 'const granted = requested.values;',
    also: [
      {
        find: "if (unknown.length) return { ok: false, description: `unknown scope ${unknown.map((v) => JSON.stringify(v)).join(', ')}` };",
        replace: 'void unknown;',
      },
    ],
  },
  {
    id: 'retry-after-milliseconds',
    deviation: 'sends Retry-After in milliseconds (RFC 9110 §10.2.3: seconds)',
    file: 'sandbox/provisioning/provision-response.ts',
    find: "{ 'Retry-After': String(outcome.retryAfterSeconds) }",
    replace: "{ 'Retry-After': String(outcome.retryAfterSeconds * 1000) }",
  },
];

const root = path.resolve(import.meta.dirname, '..');
const run = promisify(execFile);

async function featuresFail(mutant: Mutant | null): Promise<boolean> {
  const tree = mkdtempSync(path.join(tmpdir(), `mutant-${mutant?.id ?? 'none'}-`));
  rmSync(tree, { recursive: true });
  await run('git', ['worktree', 'add', '--detach', tree, 'HEAD'], { cwd: root });
  try {
    symlinkSync(path.join(root, 'node_modules'), path.join(tree, 'node_modules'));
    if (mutant) {
      const file = path.join(tree, mutant.file);
      let text = readFileSync(file, 'utf8');
      for (const change of [{ find: mutant.find, replace: mutant.replace }, ...(mutant.also ?? [])]) {
        if (text.split(change.find).length !== 2)
          throw new Error(`mutant ${mutant.id}: "${change.find}" is not in ${mutant.file} exactly once`);
        text = text.replace(change.find, change.replace);
      }
      writeFileSync(file, text);
    }
    await run(path.join(tree, 'node_modules/.bin/cucumber-js'), ['--format', 'summary'], {
      cwd: tree,
      env: { ...process.env, NODE_OPTIONS: '--import tsx', SANDBOX_URL: '' },
      timeout: 300_000,
    });
    return false;
  } catch (error) {
    if ((error as Error).message.startsWith('mutant ')) throw error;
    return true;
  } finally {
    await run('git', ['worktree', 'remove', '--force', tree], { cwd: root });
  }
}

// MUTANTS_CHECK=1: only checks that every mutant still applies to this tree (after files move).
if (process.env.MUTANTS_CHECK) {
  const stale = MUTANTS.flatMap((m) =>
    [{ find: m.find }, ...(m.also ?? [])].flatMap(({ find }) => {
      let text: string;
      try {
        text = readFileSync(path.join(root, m.file), 'utf8');
      } catch {
        return [`${m.id}: no file ${m.file}`];
      }
      return text.split(find).length === 2 ? [] : [`${m.id}: "${find}" is not in ${m.file} exactly once`];
    }),
  );
  for (const line of stale) console.error(line);
  console.error(`${MUTANTS.length - new Set(stale.map((l) => l.split(':')[0])).size} of ${MUTANTS.length} mutants apply`);
  process.exit(stale.length ? 1 : 0);
}

const started = performance.now();
if (await featuresFail(null)) {
  console.error('The features fail on the unchanged tree: fix that first (the score would mean nothing).');
  process.exit(2);
}
const results: { mutant: Mutant; killed: boolean }[] = [];
// MUTANTS=id,id runs only those (to look at one survivor).
const only = process.env.MUTANTS?.split(',');
const queue = MUTANTS.filter((m) => !only || only.includes(m.id));
await Promise.all(
  Array.from({ length: 2 }, async () => {
    for (let mutant = queue.shift(); mutant; mutant = queue.shift()) {
      const killed = await featuresFail(mutant);
      results.push({ mutant, killed });
      console.error(`${killed ? 'killed  ' : 'SURVIVED'} ${mutant.id}: ${mutant.deviation}`);
    }
  }),
);
const killed = results.filter((r) => r.killed).length;
const score = (killed / results.length) * 100;
console.log(
  `\nFeature mutation score: ${killed}/${results.length} deliberate deviations caught = ${score.toFixed(0)} % (target 90 %), ${((performance.now() - started) / 1000).toFixed(0)} s`,
);
for (const r of results.filter((x) => !x.killed)) console.log(`  survived: ${r.mutant.id} (${r.mutant.deviation}) in ${r.mutant.file}`);
process.exit(score >= 90 ? 0 : 1);
