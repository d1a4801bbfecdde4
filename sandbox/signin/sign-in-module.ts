import type { Accounts } from '../accounts/accounts';
import type { AccessTokenSettings } from '../auth/access-token';
import type { ClientRegistry } from '../auth/client-registry';
import type { Clock } from '../clock/clock';
import type { Config } from '../config/config';
import type { Pds } from '../pds/pds';
import type { SmsOutbox } from '../sms/sms-outbox';
import type { Store } from '../store/store';
import { openIdConfiguration } from './discovery';
import { RefreshTokens } from './refresh-tokens';
import { relyingParty } from './relying-parties';
import type { RelyingParty } from './authorization-request';
import { SignIn } from './sign-in';
import type { SignInLimits } from './sign-in-machine';
import { SignInGrants } from './token-grants';
import { SignInFaults } from './sign-in-faults';
import { securityCodeSource } from '../test-data/security-code';
import { ClientUserMetadata } from './userinfo-metadata';

/**
 * Signing in, assembled for the composition root (sandbox.ts): the use case, the token endpoint's
 * sign-in grants and the discovery document, from services the sandbox already has (its routes:
 * public-routes.tsx).
 * The limits are the claiming journey's (wrong codes, code sends, wrong passwords, lockout,
 * inactivity, code lifetime): one set of numbers for every security code and password a person types.
 */
export interface SignInModule {
  signIn: SignIn;
  grants: SignInGrants;
  refreshTokens: RefreshTokens;
  faults: SignInFaults;
  /** What relying parties keep about people with PATCH /userinfo. */
  clientUserMetadata: ClientUserMetadata;
  metadata: (issuer: string) => Record<string, unknown>;
  /** The relying party a client id names, when it may sign people in. */
  relyingParty: (clientId: string) => RelyingParty | undefined;
}

export const signInLimits = (config: Config): SignInLimits => ({
  codeTtlMs: config.claimCodeTtlSeconds * 1000,
  maxWrongCodes: config.claimMaxWrongCodes,
  maxCodeSends: config.claimMaxCodeSends,
  maxWrongPasswords: config.claimMaxWrongPasswords,
  lockoutMs: config.claimLockoutSeconds * 1000,
  inactivityMs: config.claimInactivitySeconds * 1000,
});

export function signInModule(deps: {
  config: Config;
  store: Store;
  clock: Clock;
  clients: ClientRegistry;
  accounts: Accounts;
  pds: Pds;
  sms: SmsOutbox;
  tokens: AccessTokenSettings;
}): SignInModule {
  const { config } = deps;
  const faults = new SignInFaults();
  const lookUp = (clientId: string) => {
    const client = deps.clients.get(clientId);
    return client && relyingParty(client);
  };
  const signIn = new SignIn({
    store: deps.store,
    clock: deps.clock,
    accounts: deps.accounts,
    sms: deps.sms,
    relyingParty: lookUp,
    limits: signInLimits(config),
    sessionTtlMs: config.signInSessionTtlSeconds * 1000,
    newSecurityCode: securityCodeSource(config.staticOtp),
  });
  const refreshTokens = new RefreshTokens(deps.store);
  const grants = new SignInGrants({
    store: deps.store,
    clock: deps.clock,
    accounts: deps.accounts,
    pds: deps.pds,
    codes: signIn.codes,
    refreshTokens,
    tokens: { tokens: deps.tokens },
    nextIdTokenFault: () => faults.nextIdTokenFault(),
    slowDown: async () => {
      const delay = faults.take('token', ['delay']);
      if (delay?.delay_ms) await new Promise((resolve) => setTimeout(resolve, delay.delay_ms));
    },
  });
  const clientUserMetadata = new ClientUserMetadata(deps.store);
  return { signIn, grants, refreshTokens, faults, clientUserMetadata, metadata: openIdConfiguration, relyingParty: lookUp };
}
