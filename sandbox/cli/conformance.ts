import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ADMIN_TOKEN_HEADER } from '../admin/guard';
import type { ConformanceReport } from '../conformance/assess';
import { renderHtml } from '../conformance/report-page';
import { renderJunit } from '../conformance/render-junit';
import { renderText } from '../conformance/render-text';

/**
 * `npm run conformance -- --client <id> [--since <ISO time>] [--base-url <sandbox>] [--out <dir>]`
 * Asks a running sandbox to judge the client's journalled traffic, prints the table and writes
 * JSON, JUnit XML and a self-contained HTML report. Exit code: 0 no MUST rule failed (the verdict
 * says PASS, or INCOMPLETE while some MUST rule has not been exercised), 1 a MUST rule failed,
 * 2 the command could not run (bad arguments, sandbox unreachable).
 */
const Args = z.object({
  client: z.string({ error: '--client <client id> is required' }).min(1, '--client <client id> is required'),
  since: z.iso.datetime({ offset: true, error: '--since must be an ISO 8601 time, e.g. 2026-01-31T09:00:00Z' }).optional(),
  'base-url': z.url().default(process.env.SANDBOX_URL ?? 'http://127.0.0.1:8080'),
  out: z.string().default('reports/conformance'),
});

function fail(message: string): never {
  console.error(`conformance: ${message}`);
  process.exit(2);
}

let args: z.infer<typeof Args>;
try {
  const { values } = parseArgs({
    options: { client: { type: 'string' }, since: { type: 'string' }, 'base-url': { type: 'string' }, out: { type: 'string' } },
    strict: true,
  });
  const parsed = Args.safeParse(values);
  if (!parsed.success) fail(parsed.error.issues.map((i) => i.message).join('; '));
  args = parsed.data;
} catch (error) {
  fail((error as Error).message);
}

const url = new URL(`${args['base-url'].replace(/\/$/, '')}/_sandbox/conformance/${encodeURIComponent(args.client)}`);
url.searchParams.set('format', 'json');
if (args.since) url.searchParams.set('since', args.since);
const response = await fetch(url, { headers: process.env.ADMIN_TOKEN ? { [ADMIN_TOKEN_HEADER]: process.env.ADMIN_TOKEN } : {} }).catch(
  (error: Error) => fail(`cannot reach the sandbox at ${args['base-url']} (${error.message}); start it with npm start or pass --base-url`),
);
if (!response.ok) fail(`the sandbox answered ${response.status}: ${await response.text()}`);
const report = (await response.json()) as ConformanceReport;

mkdirSync(args.out, { recursive: true });
const base = path.join(args.out, `conformance-${args.client.replace(/[^A-Za-z0-9._-]/g, '_')}`);
writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(`${base}.junit.xml`, renderJunit(report));
writeFileSync(`${base}.html`, renderHtml(report));
console.log(renderText(report));
console.log(`\nReports: ${base}.json, ${base}.junit.xml, ${base}.html`);
process.exit(report.verdict === 'fail' ? 1 : 0);
