// What a conformance report is judged against and says it is about: the rule context (token URLs,
// limits, the catalogue's codes) and the "about" block (versions, the configuration that shaped the
// answers, the sandbox clock), both read afresh for every report.
import type { AssertionPolicy } from '../auth/client-assertion';
import type { SandboxClock } from '../clock/clock';
import type { Config } from '../config/config';
import { describeSpecifications } from '../specifications';
import type { ConformanceServiceDeps } from './conformance-service';

export interface ReportAboutDeps {
  config: Config;
  clock: SandboxClock;
  assertionPolicy: AssertionPolicy;
  /** The outcome codes the scenario catalogue shows how to provoke. */
  catalogueCodes: readonly string[];
  toolVersion: string;
}

export function reportAbout(deps: ReportAboutDeps): Pick<ConformanceServiceDeps, 'ruleContext' | 'about'> {
  const { config, clock, assertionPolicy } = deps;
  return {
    ruleContext: () => ({
      tokenUrls: assertionPolicy.audiences,
      clockToleranceSeconds: config.clockToleranceSeconds,
      nowMs: clock.real.nowMs(),
      catalogueCodes: deps.catalogueCodes,
    }),
    about: () => ({
      toolVersion: deps.toolVersion,
      specifications: describeSpecifications(),
      sandboxNowMs: clock.nowMs(),
      configuration: {
        token_urls: assertionPolicy.audiences,
        assertion_max_lifetime_s: config.assertionMaxLifetimeSeconds,
        clock_tolerance_s: config.clockToleranceSeconds,
        access_token_ttl_s: config.accessTokenTtlSeconds,
        ods_code_rule: config.odsCodeRule,
        rate_limit: `${config.rateLimitPerOds} per ${config.rateLimitWindowSeconds} s per ODS code`,
        unavailable_retry_after_s: config.unavailableRetryAfterSeconds,
        invitation_ttl_days: config.invitationTtlDays,
        sandbox_clock_offset_s: clock.offsetMs / 1000,
        // Which identities the GP system was judged on; whether codes were static (never the code itself).
        test_data: config.testData,
        static_security_code: config.staticOtp !== null,
      },
    }),
  };
}
