/**
 * The test data the sandbox can hold (TEST_DATA), and the NHS login environment each one makes the
 * sandbox stand in for. `sandbox` is the sandbox's own scenario data and stands in for no
 * environment in particular; `sandpit` and `integration` add the identities NHS login publishes
 * for its sandpit and integration environments (fixtures/test-data/README.md).
 */
export const TEST_DATA_SETS = ['sandbox', 'sandpit', 'integration'] as const;
export type TestDataSet = (typeof TEST_DATA_SETS)[number];

/** The security code NHS login's published test accounts use in its sandpit and integration environments. */
export const PUBLISHED_STATIC_OTP = '190696';

export interface StoodInEnvironment {
  /** What the banner and the console say the sandbox stands in for. */
  name: string;
  /** The environment's own host, as its scopes and issuer spell it; null for the sandbox's own data. */
  authHost: string | null;
}

export const ENVIRONMENTS: Record<TestDataSet, StoodInEnvironment> = {
  sandbox: { name: "no NHS login environment in particular (the sandbox's own scenario data)", authHost: null },
  sandpit: { name: 'NHS login sandpit', authHost: 'auth.sandpit.signin.nhs.uk' },
  integration: { name: 'NHS login integration', authHost: 'auth.aos.signin.nhs.uk' },
};

/** One line for the banner and the console: the environment, and whether the security code is static. */
export function standsInFor(config: { testData: TestDataSet; staticOtp: string | null }): string {
  const environment = ENVIRONMENTS[config.testData];
  return [
    environment.authHost ? `${environment.name} (${environment.authHost}), with its published test data` : environment.name,
    // NHS login's own static code is public; one chosen with STATIC_OTP is a credential, never printed.
    config.staticOtp === null
      ? 'random security codes'
      : config.staticOtp === PUBLISHED_STATIC_OTP
        ? `security code always ${PUBLISHED_STATIC_OTP}`
        : 'security code always the one STATIC_OTP sets',
  ].join('; ');
}
