import { parseArgs } from 'node:util';
import path from 'node:path';
import * as z from 'zod';
import { PUBLISHED_STATIC_OTP, TEST_DATA_SETS } from '../test-data/environments';

/**
 * Sandbox configuration: one table of options, each readable from an environment variable or a
 * CLI flag (the flag wins). Everything is parsed with zod so a bad value stops start-up with one
 * readable line instead of a half-configured server.
 */
const port = z.coerce.number().int().min(0).max(65535);
/**
 * A whole number within a sane range (issue #28: 2^53−1 for CLAIM_LOCKOUT was accepted at start-up
 * and then broke a page). Every numeric option has one: out of range stops start-up with one line.
 */
const between = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
/** Generated patients at most: their NHS numbers stay in 999 100 000-999 999 999 (population.ts). */
export const MAX_POPULATION_SIZE = 500_000;
const DAY = 86_400;
const MiB = 1024 * 1024;
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

export const OdsCodeRule = z.enum(['letter+5', 'letter+6', 'letter+5or6']);
export type OdsCodeRule = z.infer<typeof OdsCodeRule>;

const options = {
  host: { env: 'HOST', flag: 'host', schema: z.string().min(1).default('127.0.0.1'), help: 'address to bind (loopback by default)' },
  port: { env: 'PORT', flag: 'port', schema: port.default(8080), help: 'HTTP(S) port of the API, dashboard and claim pages' },
  publicBaseUrl: {
    env: 'PUBLIC_BASE_URL',
    flag: 'public-base-url',
    schema: z.url().optional(),
    help: 'base URL used in links and as the token audience (default: derived from host and port)',
  },
  dataDir: {
    env: 'DATA_DIR',
    flag: 'data-dir',
    schema: z.string().min(1).default('.sandbox'),
    help: 'folder for the store, keys and captured mail',
  },
  testInterface: {
    env: 'TEST_INTERFACE',
    flag: 'test-interface',
    schema: z.enum(['on', 'off']).default('on'),
    help: 'on: the admin API (/_sandbox/*) and GET /_sandbox/test-interface; off: the sandbox answers only what the specifications define (and the console)',
  },
  log: {
    env: 'LOG',
    flag: 'log',
    schema: z.enum(['text', 'json', 'quiet']).default('text'),
    help: 'one line per request on standard output: text, json (one JSON object per line) or quiet',
  },
  storage: {
    env: 'STORAGE',
    flag: 'storage',
    schema: z.enum(['file', 'memory']).default('file'),
    help: 'file (durable) or memory (tests)',
  },
  seed: {
    env: 'SEED',
    flag: 'seed',
    schema: between(0, 2 ** 31 - 1).default(20240131),
    help: 'fixture seed: same seed, same population',
  },
  testData: {
    env: 'TEST_DATA',
    flag: 'test-data',
    schema: z.enum(TEST_DATA_SETS).default('sandbox'),
    help: "identities to hold: sandbox (its own scenario data), or also NHS login's published sandpit or integration test data (the sandbox then stands in for that environment)",
  },
  staticOtp: {
    env: 'STATIC_OTP',
    flag: 'static-otp',
    schema: z.union([z.enum(['on', 'off']), z.string().regex(/^[0-9]{6}$/, 'must be on, off or six digits')]).optional(),
    help: `one security code for every claim and sign-in: on (${PUBLISHED_STATIC_OTP}, as NHS login's sandpit and integration accept), off (random codes) or six digits; default: off with TEST_DATA=sandbox, on otherwise`,
  },
  populationSize: {
    env: 'POPULATION_SIZE',
    flag: 'population-size',
    schema: between(0, MAX_POPULATION_SIZE).default(500),
    help: `generated patients besides the scenario patients (up to ${String(MAX_POPULATION_SIZE).replace(/\B(?=(\d{3})+$)/g, ' ')}: a load test wants a fresh patient for every request)`,
  },
  tlsCert: { env: 'TLS_CERT', flag: 'tls-cert', schema: z.string().optional(), help: 'PEM certificate: serve HTTPS (TLS 1.2+)' },
  tlsKey: { env: 'TLS_KEY', flag: 'tls-key', schema: z.string().optional(), help: 'PEM private key for --tls-cert' },
  acceptRealAudience: {
    env: 'ACCEPT_REAL_AUDIENCE',
    flag: 'accept-real-audience',
    schema: bool.default(false),
    help: 'also accept aud=https://auth.login.nhs.uk/token',
  },
  assertionMaxLifetimeSeconds: {
    env: 'ASSERTION_MAX_LIFETIME',
    flag: 'assertion-max-lifetime',
    schema: between(1, 7 * 86_400).default(86_400),
    help: 'longest accepted exp - now of a client assertion: beyond it is "unreasonably far in the future" (RFC 7523 §3); 300 for the strict five minutes',
  },
  clockToleranceSeconds: {
    env: 'CLOCK_TOLERANCE',
    flag: 'clock-tolerance',
    schema: between(0, 300).default(5),
    help: 'leeway for exp/nbf/iat checks',
  },
  accessTokenTtlSeconds: {
    env: 'ACCESS_TOKEN_TTL',
    flag: 'access-token-ttl',
    schema: between(1, DAY).default(300),
    help: 'lifetime of issued access tokens',
  },
  odsCodeRule: {
    env: 'ODS_CODE_RULE',
    flag: 'ods-code-rule',
    schema: OdsCodeRule.default('letter+5or6'),
    help: 'accepted ods_code shape (spec text vs. its example: see docs/decisions.md)',
  },
  rateLimitPerOds: {
    env: 'RATE_LIMIT_PER_ODS',
    flag: 'rate-limit-per-ods',
    schema: between(1, 1_000_000_000).default(100),
    help: 'provision calls per ODS code per window',
  },
  rateLimitWindowSeconds: {
    env: 'RATE_LIMIT_WINDOW',
    flag: 'rate-limit-window',
    schema: between(1, DAY).default(60),
    help: 'sliding window for the per-ODS rate limit',
  },
  unavailableRetryAfterSeconds: {
    env: 'UNAVAILABLE_RETRY_AFTER',
    flag: 'unavailable-retry-after',
    schema: between(1, DAY).default(30),
    help: 'Retry-After (s) sent with every 11000 (service unavailable)',
  },
  invitationTtlDays: {
    env: 'INVITATION_TTL_DAYS',
    flag: 'invitation-ttl-days',
    schema: between(1, 365).default(7),
    help: 'how long an invitation link stays valid',
  },
  claimCodeTtlSeconds: {
    env: 'CLAIM_CODE_TTL',
    flag: 'claim-code-ttl',
    schema: between(10, DAY).default(300),
    help: 'how long a claiming security code is valid (s)',
  },
  claimMaxWrongCodes: {
    env: 'CLAIM_MAX_WRONG_CODES',
    flag: 'claim-max-wrong-codes',
    schema: between(1, 100).default(5),
    help: 'wrong security codes before the claim is locked',
  },
  claimMaxCodeSends: {
    env: 'CLAIM_MAX_CODE_SENDS',
    flag: 'claim-max-code-sends',
    schema: between(1, 100).default(5),
    help: 'security codes sent (first + resends) before the claim is locked',
  },
  claimMaxLinkOpens: {
    env: 'CLAIM_MAX_LINK_OPENS',
    flag: 'claim-max-link-opens',
    schema: between(1, 10_000).default(10),
    help: 'invitation link opens within the lockout window before it is locked',
  },
  claimMaxWrongPasswords: {
    env: 'CLAIM_MAX_WRONG_PASSWORDS',
    flag: 'claim-max-wrong-passwords',
    schema: between(1, 100).default(5),
    help: 'wrong passwords (uplift) before the claim is locked',
  },
  claimDobCheck: {
    env: 'CLAIM_DOB_CHECK',
    flag: 'claim-dob-check',
    schema: bool.default(false),
    help: "ask for the date of birth after the security code (the prototype's alternative branch, CID1134 lockout)",
  },
  claimMaxWrongDobs: {
    env: 'CLAIM_MAX_WRONG_DOBS',
    flag: 'claim-max-wrong-dobs',
    schema: between(1, 100).default(5),
    help: 'wrong dates of birth before the claim is locked (with CLAIM_DOB_CHECK)',
  },
  claimLockoutSeconds: {
    env: 'CLAIM_LOCKOUT',
    flag: 'claim-lockout',
    schema: between(1, 7 * DAY).default(900),
    help: 'how long a claim stays locked after a limit is hit (s)',
  },
  claimInactivitySeconds: {
    env: 'CLAIM_INACTIVITY',
    flag: 'claim-inactivity',
    schema: between(60, DAY).default(900),
    help: 'claiming session ends after this much inactivity (s)',
  },
  signInSessionTtlSeconds: {
    env: 'SIGN_IN_SESSION_TTL',
    flag: 'sign-in-session-ttl',
    schema: between(60, 30 * DAY).default(12 * 3600),
    help: 'how long a single sign-on session lasts after signing in (s, sandbox clock): later authorization requests skip the sign-in pages',
  },
  journalMaxEntries: {
    env: 'JOURNAL_MAX_ENTRIES',
    flag: 'journal-max-entries',
    schema: between(1, 1_000_000).default(20_000),
    help: 'requests kept in the conformance journal (oldest dropped first)',
  },
  journalMaxBytes: {
    env: 'JOURNAL_MAX_BYTES',
    flag: 'journal-max-bytes',
    schema: between(64 * 1024, 1024 * MiB).default(64 * 1024 * 1024),
    help: 'bytes of journal entries kept (oldest dropped first); the file holds at most twice this',
  },
  allowedHosts: {
    env: 'ALLOWED_HOSTS',
    flag: 'allowed-hosts',
    schema: z
      .string()
      .default('')
      .transform((list) =>
        list
          .split(',')
          .map((name) => name.trim().toLowerCase())
          .filter(Boolean),
      ),
    help: "host names the sandbox answers to besides loopback and PUBLIC_BASE_URL's (comma-separated): a guard against DNS rebinding",
  },
  headersTimeoutSeconds: {
    env: 'HEADERS_TIMEOUT',
    flag: 'headers-timeout',
    schema: between(1, 300).default(10),
    help: 'a connection that has not sent its request headers within this many seconds is closed',
  },
  sendEmail: {
    env: 'SEND_EMAIL',
    flag: 'send-email',
    schema: bool.default(true),
    help: 'send invitation and confirmation emails (false for load tests: invitations are still stored)',
  },
  mailCapture: {
    env: 'MAIL_CAPTURE',
    flag: 'mail-capture',
    schema: z.enum(['embedded', 'external']).default('embedded'),
    help: 'embedded Mailpit-compatible capture, or an external Mailpit',
  },
  smtpHost: {
    env: 'SMTP_HOST',
    flag: 'smtp-host',
    schema: z.string().min(1).default('127.0.0.1'),
    help: 'SMTP server outgoing mail goes to',
  },
  smtpPort: { env: 'SMTP_PORT', flag: 'smtp-port', schema: port.default(1025), help: 'SMTP port (embedded capture listens here)' },
  mailpitPort: {
    env: 'MAILPIT_PORT',
    flag: 'mailpit-port',
    schema: port.default(8025),
    help: "HTTP port of the embedded capture's Mailpit API",
  },
  mailpitUrl: {
    env: 'MAILPIT_URL',
    flag: 'mailpit-url',
    schema: z.url().optional(),
    help: 'Mailpit API base URL (external mode; default derived)',
  },
  mailMaxMessages: {
    env: 'MAIL_MAX_MESSAGES',
    flag: 'mail-max-messages',
    schema: between(1, 100_000).default(2000),
    help: 'captured messages kept before the oldest are dropped',
  },
  mailMaxBytes: {
    env: 'MAIL_MAX_BYTES',
    flag: 'mail-max-bytes',
    schema: between(MiB, 1024 * MiB).default(100 * 1024 * 1024),
    help: 'bytes of captured mail kept before the oldest messages are dropped (as Mailpit does)',
  },
  mailQueueMax: {
    env: 'MAIL_QUEUE_MAX',
    flag: 'mail-queue-max',
    schema: between(1, 1_000_000).default(10_000),
    help: 'emails waiting for delivery at most: when full, Provision Account answers 11000 with Retry-After instead of queueing more',
  },
  adminToken: {
    env: 'ADMIN_TOKEN',
    flag: 'admin-token',
    schema: z.string().min(16).optional(),
    help: 'required for /_sandbox/* when bound beyond loopback',
  },
  bodyLimitBytes: {
    env: 'BODY_LIMIT',
    flag: 'body-limit',
    schema: between(1024, 16 * MiB).default(64 * 1024),
    help: 'largest accepted request body',
  },
} as const;

type Options = typeof options;
type ParsedOptions = { [K in keyof Options]: z.output<Options[K]['schema']> };

export type Config = Omit<ParsedOptions, 'staticOtp'> & {
  /** The one security code every claim and sign-in texts, or null for random codes. */
  staticOtp: string | null;
  publicBaseUrl: string;
  tokenUrl: string;
  mailpitUrl: string;
  secure: boolean;
};

export const REAL_TOKEN_URL = 'https://auth.login.nhs.uk/token';

export class ConfigError extends Error {}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
const isLoopback = (host: string): boolean => LOOPBACK.has(host) || host.startsWith('127.');

/** Parses configuration from environment variables and CLI flags; throws ConfigError. */
export function loadConfig(env: Record<string, string | undefined> = process.env, argv: string[] = []): Config {
  let flags: Record<string, string | boolean | undefined>;
  try {
    flags = parseArgs({
      args: argv,
      options: Object.fromEntries(Object.values(options).map((o) => [o.flag, { type: 'string' as const }])),
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  const raw: Record<string, unknown> = {};
  for (const [key, option] of Object.entries(options)) {
    const value = flags[option.flag] ?? env[option.env];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const shape = Object.fromEntries(Object.entries(options).map(([k, o]) => [k, o.schema]));
  const result = z.object(shape).safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const option = options[issue.path[0] as keyof Options];
    // A secret is never repeated back (it would land in a terminal or a CI log).
    const given = option.env === 'ADMIN_TOKEN' ? '[redacted]' : JSON.stringify(raw[issue.path[0] as string]);
    throw new ConfigError(`${option.env} (--${option.flag}) ${issue.message.toLowerCase()} (got ${given}): ${option.help}`);
  }
  const parsed = result.data as ParsedOptions;
  if (Boolean(parsed.tlsCert) !== Boolean(parsed.tlsKey)) {
    throw new ConfigError('TLS_CERT (--tls-cert) and TLS_KEY (--tls-key) must be given together');
  }
  if (!isLoopback(parsed.host) && !parsed.adminToken) {
    throw new ConfigError(
      `HOST (--host) ${parsed.host} is not loopback: set ADMIN_TOKEN (--admin-token, 16+ characters) to protect /_sandbox/*`,
    );
  }
  const secure = Boolean(parsed.tlsCert);
  const hostForUrl = parsed.host.includes(':') ? `[${parsed.host}]` : parsed.host;
  const publicBaseUrl = (parsed.publicBaseUrl ?? `${secure ? 'https' : 'http'}://${hostForUrl}:${parsed.port}`).replace(/\/$/, '');
  return {
    ...parsed,
    staticOtp: staticOtpOf(parsed),
    dataDir: path.resolve(parsed.dataDir),
    publicBaseUrl,
    tokenUrl: `${publicBaseUrl}/token`,
    mailpitUrl: (parsed.mailpitUrl ?? `http://${hostForUrl}:${parsed.mailpitPort}`).replace(/\/$/, ''),
    secure,
  };
}

/** STATIC_OTP resolved: published test data get NHS login's static code unless told otherwise. */
function staticOtpOf({ staticOtp, testData }: ParsedOptions): string | null {
  const setting = staticOtp ?? (testData === 'sandbox' ? 'off' : 'on');
  if (setting === 'off') return null;
  return setting === 'on' ? PUBLISHED_STATIC_OTP : setting;
}

/** Configuration overrides as the environment would give them (`{ populationSize: '1000', log: 'json' }`). */
export type ConfigOverrides = Partial<Record<keyof Options, string>>;

/** For tests and embedding: defaults plus overrides, no environment involved. */
export function testConfig(overrides: ConfigOverrides = {}): Config {
  const env: Record<string, string> = {
    STORAGE: 'memory',
    PORT: '0',
    SMTP_PORT: '0',
    MAILPIT_PORT: '0',
    POPULATION_SIZE: '50',
    LOG: 'quiet',
  };
  for (const [key, value] of Object.entries(overrides)) env[options[key as keyof Options].env] = value!;
  return loadConfig(env, []);
}

/** Every option with its flag, variable, meaning and default (read from the schema, so it cannot drift): `--help` and docs/configuration.md. */
export const configOptions = (): { flag: string; env: string; help: string; default: string | undefined }[] =>
  Object.values(options).map((o) => {
    const fallback = (o.schema as z.ZodType).safeParse(undefined);
    const shown = fallback.success && fallback.data !== undefined ? JSON.stringify(fallback.data).replace(/^"|"$/g, '') : undefined;
    return { flag: o.flag, env: o.env, help: o.help, default: shown };
  });

/** `--help`: every option, one line each. */
export const configHelp = (): string =>
  configOptions()
    .map((o) => `  --${o.flag.padEnd(24)} ${o.env.padEnd(24)} ${o.help}${o.default === undefined ? '' : ` (default: ${o.default})`}`)
    .join('\n');
