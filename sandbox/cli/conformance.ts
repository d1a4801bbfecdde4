import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import type { ConformanceReport, RunRecord } from '../conformance/assess';
import { publicKeysFrom, verifyPack } from '../conformance/signed-pack';
import { Justifications } from '../conformance/justifications';
import { unknownClientMessage } from '../conformance/conformance-service';
import { renderHtml } from '../conformance/report-page';
import { renderJunit } from '../conformance/render-junit';
import { renderText } from '../conformance/render-text';
import { CANNOT_RUN_EXIT_CODE, VERDICTS } from '../conformance/verdict';
import { arrangeRun, DEFAULT_SETTLE_MS, newRunId, runPlan } from './plan-runner';
import { CannotRun, SandboxAdmin } from './sandbox-admin';
import { BASE_URL_HELP, sandboxBaseUrl } from './base-url';
import { commandWithOptions } from './command-names';
import { terminalSafe } from '../text/escape';

/**
 * `npm run conformance`: judges a GP system's traffic in a running sandbox and writes the
 * evidence pack (JSON, HTML, JUnit, text). With --guided it first walks a person through the
 * test plan; with --driver it runs the supplier's command for each step instead. The exit code
 * is the verdict's (sandbox/conformance/verdict.ts); 2 when it cannot run.
 */
const HELP = `Usage: ${commandWithOptions('conformance')} --client <id> [options]
       ${commandWithOptions('conformance')} --verify <evidence pack .json> --key <public JWK/JWKS/PEM file> | --jwks-url <url>

  --client <id>         the GP system's client id (required)
  ${BASE_URL_HELP.replace('URL    ', '<url>  ')}
  --since <ISO time>    judge only requests from then on (real time)
  --guided              walk through the test plan step by step in this terminal first
  --driver "<command>"  run this command for each plan step instead (step JSON on stdin)
  --step-timeout <s>    each step's deadline (default 300 guided, 60 driven): the driver's process group is
                        ended then, and nothing after it counts
  --settle <s>          how long to wait after the driver exits for late traffic (default ${DEFAULT_SETTLE_MS / 1000})
  --justify <file>      JSON {"justifications":[{"rule","justification"}]} for SHOULD deviations
  --allow-incomplete    exit 0 for INCOMPLETE as well as PASS
  --out <dir>           where the reports go (default reports/conformance)
  --verify <file>       check an evidence pack's signature over everything in it, with the sandbox's
                        public key: --key <file> (JWK, JWKS or PEM) or --jwks-url <url>
                        (e.g. <sandbox>/.well-known/jwks.json)
  --help                this text

Exit codes: ${Object.values(VERDICTS)
  .map((v) => `${v.exitCode} ${v.label}`)
  .join(', ')}, ${CANNOT_RUN_EXIT_CODE} cannot run. ADMIN_TOKEN is sent when set.`;

const Args = z
  .object({
    client: z.string().min(1).optional(),
    'base-url': z.url({ error: '--base-url must be a URL' }).optional(),
    since: z.iso.datetime({ offset: true, error: '--since must be an ISO 8601 time, e.g. 2026-01-31T09:00:00Z' }).optional(),
    guided: z.boolean().default(false),
    driver: z.string().min(1).optional(),
    'step-timeout': z.coerce.number({ error: '--step-timeout must be a number of seconds' }).positive().max(3600).optional(),
    settle: z.coerce.number({ error: '--settle must be a number of seconds' }).min(0).max(60).optional(),
    key: z.string().min(1).optional(),
    'jwks-url': z.url({ error: '--jwks-url must be a URL' }).optional(),
    justify: z.string().optional(),
    'allow-incomplete': z.boolean().default(false),
    out: z.string().default('reports/conformance'),
    verify: z.string().optional(),
    help: z.boolean().default(false),
  })
  .refine((a) => a.help || a.verify || a.client, { error: '--client <client id> is required' })
  .refine((a) => !(a.guided && a.driver), { error: 'choose --guided or --driver, not both' })
  .refine((a) => !a.verify || a.key || a['jwks-url'], {
    error: "--verify needs the sandbox's public key: --key <file> or --jwks-url <url> (a pack proves nothing checked against itself)",
  })
  .refine((a) => !(a.key && a['jwks-url']), { error: 'choose --key or --jwks-url, not both' });

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      client: { type: 'string' },
      'base-url': { type: 'string' },
      since: { type: 'string' },
      guided: { type: 'boolean' },
      driver: { type: 'string' },
      'step-timeout': { type: 'string' },
      settle: { type: 'string' },
      key: { type: 'string' },
      'jwks-url': { type: 'string' },
      justify: { type: 'string' },
      'allow-incomplete': { type: 'boolean' },
      out: { type: 'string' },
      verify: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  const parsed = Args.safeParse(values);
  if (!parsed.success) throw new CannotRun(parsed.error.issues.map((i) => i.message).join('; '));
  const args = parsed.data;
  if (args.help) {
    console.log(HELP);
    return 0;
  }
  if (args.verify) return verify(args.verify, args);

  const clientId = args.client!;
  const justifications = args.justify ? readJustifications(args.justify) : [];
  const admin = new SandboxAdmin(sandboxBaseUrl(args['base-url']));
  const known = await admin.request<{ error?: string }>('GET', `/clients/${encodeURIComponent(clientId)}`);
  if (known.status === 404) {
    const { clients } = await admin.expect<{ clients: { client_id: string }[] }>('GET', '/clients');
    throw new CannotRun(
      unknownClientMessage(
        clientId,
        clients.map((c) => c.client_id),
        ` at ${admin.baseUrl}`,
      ),
    );
  }

  let since = args.since;
  let run: RunRecord | undefined;
  if (args.guided || args.driver) {
    since ??= new Date().toISOString();
    // The run's own calls carry its id; the driver never learns it (plan-runner.ts).
    const runAdmin = admin.forRun(newRunId());
    const plan = await arrangeRun(runAdmin);
    ({ record: run } = await runPlan({
      admin: runAdmin,
      clientId,
      plan,
      mode: args.driver ? { kind: 'driver', command: args.driver } : { kind: 'guided' },
      stepTimeoutMs: (args['step-timeout'] ?? (args.driver ? 60 : 300)) * 1000,
      settleMs: Math.round((args.settle ?? DEFAULT_SETTLE_MS / 1000) * 1000),
      say: (line) => console.log(line),
    }));
  }

  const report = await admin.expect<ConformanceReport>('POST', `/conformance/${encodeURIComponent(clientId)}`, {
    ...(since ? { since } : {}),
    justifications,
    format: 'json',
    ...(run ? { run } : {}),
  });
  mkdirSync(args.out, { recursive: true });
  const base = path.join(args.out, `conformance-${clientId.replace(/[^A-Za-z0-9._-]/g, '_')}`);
  writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(`${base}.junit.xml`, renderJunit(report));
  writeFileSync(`${base}.html`, renderHtml(report));
  writeFileSync(`${base}.txt`, `${renderText(report)}\n`);
  console.log(renderText(report));
  console.log(`\nEvidence pack: ${base}.json (also .html, .junit.xml, .txt)`);
  return report.verdict === 'incomplete' && args['allow-incomplete'] ? 0 : report.exitCode;
}

function readJustifications(file: string): Justifications['justifications'] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CannotRun(`cannot read --justify ${file}: ${(error as Error).message}`);
  }
  const parsed = Justifications.safeParse(json);
  if (!parsed.success)
    throw new CannotRun(`--justify ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data.justifications;
}

async function verify(file: string, args: { key?: string | undefined; 'jwks-url'?: string | undefined }): Promise<number> {
  const startedMs = performance.now();
  let pack: ConformanceReport;
  try {
    pack = JSON.parse(readFileSync(file, 'utf8')) as ConformanceReport;
  } catch (error) {
    throw new CannotRun(`cannot read ${file}: ${(error as Error).message}`);
  }
  if (!Array.isArray(pack.evidence?.entries) || typeof pack.evidence.chainHead !== 'string')
    throw new CannotRun(`${file} is not a conformance evidence pack`);
  const keys = await verificationKeys(args);
  const check = await verifyPack(pack, keys);
  const ms = (performance.now() - startedMs).toFixed(0);
  if (check.ok) {
    console.log(
      `evidence intact and signed: ${check.verdict.toUpperCase()} for ${terminalSafe(pack.clientId)}, ${check.entries} requests, chain head ${check.chainHead}, key ${check.keyThumbprint} (checked in ${ms} ms)`,
    );
    return 0;
  }
  console.log(`evidence DOES NOT MATCH: ${check.why} (${file})`);
  return 1;
}

/** The public keys to check a pack with: a file (JWK, JWKS or PEM) or a JWKS URL. */
async function verificationKeys(args: { key?: string | undefined; 'jwks-url'?: string | undefined }) {
  try {
    if (args.key) return publicKeysFrom(readFileSync(args.key, 'utf8'));
    const response = await fetch(args['jwks-url']!);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return publicKeysFrom(await response.text());
  } catch (error) {
    throw new CannotRun(`cannot read the public key from ${args.key ?? args['jwks-url']}: ${(error as Error).message}`);
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  const message = error instanceof CannotRun ? error.message : (error as Error).message;
  console.error(`conformance: ${message}`);
  process.exitCode = CANNOT_RUN_EXIT_CODE;
}
