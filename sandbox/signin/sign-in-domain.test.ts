import { describe, expect, it } from 'vitest';
import type { NhsLoginAccount } from '../accounts/account';
import type { PatientRecord } from '../pds/patient';
import { digestCode } from '../claim/journey-machine';
import { readAuthorizationRequest, type RelyingParty } from './authorization-request';
import { redirectUriProblem, redirectUriRegistered } from './redirect-uri';
import { newGuard, newSignIn, transition, type SignInLimits, type SignInState } from './sign-in-machine';
import { grantSignInScopes } from './sign-in-scopes';
import { idTokenUserClaims, userInfoClaims } from './user-claims';
import { chooseVot, readVtr } from './vectors-of-trust';
import { GpLinkages } from '../users/gp-linkages';

const limits: SignInLimits = {
  codeTtlMs: 300_000,
  maxWrongCodes: 3,
  maxCodeSends: 2,
  maxWrongPasswords: 2,
  lockoutMs: 900_000,
  inactivityMs: 900_000,
};

describe('redirect URIs (CID-IS-F §3.4.1, §7.3; loopback per RFC 8252 §7.3 as the sandbox choice)', () => {
  it('refuses plain http off loopback, wildcards, query strings and fragments', () => {
    expect(redirectUriProblem('https://rp.example/cb')).toBeNull();
    expect(redirectUriProblem('http://127.0.0.1/cb')).toBeNull();
    expect(redirectUriProblem('http://rp.example/cb')).toMatch(/https/);
    expect(redirectUriProblem('https://*.rp.example/cb')).toMatch(/wildcard/);
    expect(redirectUriProblem('https://rp.example/cb?x=1')).toMatch(/query/);
    expect(redirectUriProblem('https://rp.example/cb#x')).toMatch(/fragment/);
  });

  it('matches exactly, except a loopback URI registered without a port, which matches any port', () => {
    const registered = ['https://rp.example/cb', 'http://127.0.0.1/callback', 'http://localhost:3000/cb'];
    expect(redirectUriRegistered('https://rp.example/cb', registered)).toBe(true);
    expect(redirectUriRegistered('https://rp.example/cb/', registered)).toBe(false);
    expect(redirectUriRegistered('https://RP.example/cb', registered)).toBe(false);
    expect(redirectUriRegistered('http://127.0.0.1:4000/callback', registered)).toBe(true);
    expect(redirectUriRegistered('http://127.0.0.1:4000/callback?x', registered)).toBe(false);
    expect(redirectUriRegistered('http://127.0.0.1:4000/other', registered)).toBe(false);
    expect(redirectUriRegistered('http://localhost:3001/cb', registered)).toBe(false);
    expect(redirectUriRegistered('http://localhost:3000/cb', registered)).toBe(true);
  });
});

describe('vectors of trust (§5.1)', () => {
  it('reads the default, refuses what is not a vector', () => {
    const read = readVtr(undefined);
    expect(read.ok && read.vectors.map((v) => v.text)).toEqual(['P9.Cp.Cd', 'P9.Cp.Ck', 'P9.Cm']);
    expect(readVtr('["P9.Cx"]').ok).toBe(false);
    expect(readVtr('"P9.Cp.Cd"').ok).toBe(false);
    expect(readVtr('[]').ok).toBe(false);
  });

  it('returns the first requested vector the sign-in meets; a higher account level meets a lower request', () => {
    const vectors = (readVtr('["P9.Cp.Ck","P9.Cp.Cd","P5.Cp.Cd"]') as { ok: true; vectors: never[] }).vectors;
    expect(chooseVot(vectors, 'P9', ['Cp', 'Cd'])?.text).toBe('P9.Cp.Cd');
    expect(chooseVot(vectors, 'P5', ['Cp', 'Cd'])?.text).toBe('P5.Cp.Cd');
    expect(chooseVot(vectors, 'P0', ['Cp', 'Cd'])).toBeNull();
  });
});

describe('scopes (Table 2)', () => {
  it('needs openid, keeps profile and basic_demographics apart, gives gp_integration_credentials only to IM1 clients, ignores the rest', () => {
    expect(grantSignInScopes(['profile'], { im1Approved: true }).ok).toBe(false);
    expect(grantSignInScopes(['openid', 'profile', 'basic_demographics'], { im1Approved: true }).ok).toBe(false);
    expect(grantSignInScopes(['openid', 'gp_integration_credentials', 'made_up'], { im1Approved: false })).toEqual({
      ok: true,
      granted: ['openid'],
    });
    expect(grantSignInScopes(['openid', 'gp_integration_credentials'], { im1Approved: true })).toEqual({
      ok: true,
      granted: ['openid', 'gp_integration_credentials'],
    });
  });
});

describe('claims by scope', () => {
  const account: NhsLoginAccount = {
    id: 'acc-1',
    nhsNumber: '9990000018',
    email: 'a@example.com',
    mobile: '+447700900001',
    identityLevel: 'P9',
    status: 'active',
    passwordHash: 'x',
    createdAt: '2024-01-01T00:00:00Z',
    updatedAt: '2024-01-01T00:00:00Z',
  };
  const patient = {
    nhsNumber: '9990000018',
    givenNames: ['Amelia'],
    familyName: 'Newcombe',
    birthDate: '1985-03-14',
    mobile: '+447700900001',
    gpOdsCode: 'A20047',
  } as PatientRecord;
  const cp_cd = ['Cp', 'Cd'] as const;
  const gpLinkages = new GpLinkages(Buffer.alloc(32, 7));

  it('profile releases nhs_number; basic_demographics does not; both into the ID token', () => {
    const profile = { account, patient, scopes: ['openid', 'profile'] as const, level: 'P9' as const, credentials: cp_cd, gpLinkages };
    expect(idTokenUserClaims({ ...profile, scopes: [...profile.scopes], credentials: [...cp_cd] })).toEqual({
      nhs_number: '9990000018',
      family_name: 'Newcombe',
      birthdate: '1985-03-14',
      identity_proofing_level: 'P9',
    });
    expect(
      userInfoClaims({ account, patient, scopes: ['openid', 'basic_demographics'], level: 'P9', credentials: [...cp_cd], gpLinkages }),
    ).toEqual({
      sub: 'acc-1',
      family_name: 'Newcombe',
      birthdate: '1985-03-14',
      identity_proofing_level: 'P9',
    });
  });

  it('releases nothing a level does not allow, and omits what it does not hold (never null)', () => {
    const p0 = userInfoClaims({
      account,
      patient,
      scopes: ['openid', 'profile', 'email', 'landline'],
      level: 'P0',
      credentials: ['Cp'],
      gpLinkages,
    });
    expect(p0).toEqual({ sub: 'acc-1', email: 'a@example.com', email_verified: true });
    const noPatient = userInfoClaims({
      account,
      patient: undefined,
      scopes: ['openid', 'profile', 'gp_registration_details'],
      level: 'P9',
      credentials: [...cp_cd],
      gpLinkages,
    });
    expect(noPatient).toEqual({ sub: 'acc-1', nhs_number: '9990000018', identity_proofing_level: 'P9' });
  });

  it('gp_integration_credentials at P9 with a second factor, with the Users Endpoint linkage', () => {
    const claims = userInfoClaims({
      account,
      patient,
      scopes: ['openid', 'gp_integration_credentials'],
      level: 'P9',
      credentials: [...cp_cd],
      gpLinkages,
    });
    expect(claims.gp_integration_credentials).toMatchObject({ gp_ods_code: 'A20047', gp_user_id: expect.stringMatching(/^\d{10}$/) });
    expect(
      userInfoClaims({ account, patient, scopes: ['openid', 'gp_integration_credentials'], level: 'P9', credentials: ['Cp'], gpLinkages }),
    ).toEqual({ sub: 'acc-1' });
  });
});

describe('the authorization request (§3.4.1, §3.4.5)', () => {
  const rp: RelyingParty = { clientId: 'rp', name: 'RP', redirectUris: ['https://rp.example/cb'], im1Approved: false };
  const read = (params: Record<string, string>) =>
    readAuthorizationRequest(new Map(Object.entries(params).map(([k, v]) => [k, [v]])), (id) => (id === 'rp' ? rp : undefined));
  const good = { client_id: 'rp', redirect_uri: 'https://rp.example/cb', response_type: 'code', scope: 'openid', state: 's', nonce: 'n' };

  it('refuses (never redirects) before client and redirect URI belong together', () => {
    expect(read({ ...good, client_id: 'other' }).kind).toBe('refused');
    expect(read({ ...good, redirect_uri: 'https://evil.example/cb' }).kind).toBe('refused');
    const repeated = readAuthorizationRequest(
      new Map([
        ['client_id', ['rp']],
        ['redirect_uri', ['https://rp.example/cb', 'https://evil.example/cb']],
      ]),
      () => rp,
    );
    expect(repeated.kind).toBe('refused');
  });

  it('reads a good request with the default vtr and allow_registration', () => {
    const reading = read({ ...good, allow_registration: 'false' });
    expect(reading.kind === 'valid' && reading.request).toMatchObject({ scopes: ['openid'], allowRegistration: false, prompt: null });
  });
});

describe('the sign-in machine', () => {
  const at = (state: SignInState, step: SignInState['step']) => ({ ...state, step });
  it('email → password → code → authenticated', () => {
    let s = transition(newSignIn(0), newGuard(), { type: 'submit-email', email: 'a@example.com', accountId: 'acc-1' }, 1, limits);
    expect(s.state.step).toBe('password');
    s = transition(s.state, s.guard, { type: 'submit-password', accepted: true, account: { active: true, hasMobile: true } }, 2, limits);
    expect(s.state.step).toBe('security-code');
    s = transition(s.state, s.guard, { type: 'send-code', digest: digestCode('123456') }, 3, limits);
    expect(s.notice).toBe('code-sent');
    s = transition(s.state, s.guard, { type: 'submit-code', code: '123456' }, 4, limits);
    expect(s.state.step).toBe('authenticated');
  });

  it('locks the account after the wrong passwords, and the lock holds for a new sign-in until it runs out', () => {
    const start = at({ ...newSignIn(0), accountId: 'acc-1' }, 'password');
    const wrong = { type: 'submit-password' as const, accepted: false, account: { active: true, hasMobile: true } };
    let s = transition(start, newGuard(), wrong, 1, limits);
    expect(s.notice).toBe('wrong-password');
    s = transition(s.state, s.guard, wrong, 2, limits);
    expect(s.state).toMatchObject({ step: 'stopped', stop: 'too-many-wrong-passwords', lockedUntilMs: 900_002 });
    const again = transition(start, s.guard, { ...wrong, accepted: true }, 3, limits);
    expect(again.state.stop).toBe('too-many-wrong-passwords');
    const later = transition({ ...start, lastActivityMs: 900_000 }, s.guard, { ...wrong, accepted: true }, 900_003, limits);
    expect(later.state.step).toBe('security-code');
  });

  it('expired codes are neither right nor wrong; too many sends lock', () => {
    const start = { ...at(newSignIn(0), 'security-code'), accountId: 'acc-1', code: { digest: digestCode('111111'), sentAtMs: 0 } };
    expect(transition(start, newGuard(), { type: 'submit-code', code: '111111' }, 300_001, limits).notice).toBe('code-expired');
    let s = transition(start, newGuard(), { type: 'send-code', digest: 'a' }, 1, limits);
    s = transition(s.state, s.guard, { type: 'send-code', digest: 'b' }, 2, limits);
    s = transition(s.state, s.guard, { type: 'send-code', digest: 'c' }, 3, limits);
    expect(s.state.stop).toBe('too-many-codes-requested');
  });
});
