import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../sandbox';
import { outcomeCodeIds } from '../provisioning/outcome-codes';
import { testSandbox } from '../../test/support/harness';
import { scenarioById } from '../../scenarios/catalogue';
import { catalogueOutcomeCodes } from '../catalogue/published-catalogue';
import { defaultSeed } from '../seed';

const catalogue = defaultSeed.catalogue;

/** /openapi.json is valid OpenAPI 3.1 and documents every API route the server registers. */
let sandbox: Sandbox;
let doc: { openapi: string; paths: Record<string, Record<string, { responses: Record<string, { description: string }> }>> };

// Pages for people, not API: the claiming journey, the console, the docs themselves and static assets.
const NOT_API = [
  /^\/claim(\/|$)/,
  /^\/signin(\/|$)/,
  /^\/console(\/|$)/,
  /^\/assets\//,
  /^\/favicon\.ico$/,
  /^\/docs(\/|$)/,
  /^\/openapi\.json$/,
  /^\/$/,
];

beforeAll(async () => {
  sandbox = await testSandbox();
  doc = (await (await sandbox.app.request('/openapi.json')).json()) as typeof doc;
});
afterAll(async () => sandbox?.close());

describe('OpenAPI document', () => {
  it('is valid OpenAPI 3.1', async () => {
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('documents every route the server registers', () => {
    const registered = sandbox.app.routes
      .filter((r) => r.method !== 'ALL' && !NOT_API.some((pattern) => pattern.test(r.path)))
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)(\{[^}]*\}+)?/g, '{$1}')}`);
    const documented = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method} ${path}`),
    );
    expect([...new Set(registered)].filter((route) => !documented.includes(route))).toEqual([]);
    expect(documented.filter((route) => !registered.includes(route))).toEqual([]);
  });

  it('documents every outcome code of /provision-account', () => {
    const responses = JSON.stringify(doc.paths['/provision-account']!.post!.responses);
    for (const code of outcomeCodeIds) expect(responses).toContain(`\`${code}\``);
  });

  it('offers one example request per outcome the catalogue provokes, each a catalogue request, and an example answer per code', () => {
    const operation = doc.paths['/provision-account']!.post as unknown as {
      requestBody: { content: { 'application/json': { examples: Record<string, { summary: string; value: unknown }> } } };
      responses: Record<string, { content?: { 'application/json': { examples?: Record<string, { value: { code: string } }> } } }>;
    };
    const examples = operation.requestBody.content['application/json'].examples;
    const codes = Object.values(examples).map((e) => e.summary.split(':')[0]);
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort()).toEqual(catalogueOutcomeCodes(catalogue).sort());
    for (const [id, example] of Object.entries(examples)) expect(example.value).toEqual(scenarioById.get(id)!.request);
    const answered = Object.values(operation.responses).flatMap((r) =>
      Object.values(r.content?.['application/json'].examples ?? {}).map((e) => e.value.code),
    );
    expect([...answered].sort()).toEqual([...outcomeCodeIds].sort());
  });

  it('follows the request schema the route validates with', async () => {
    const other = await testSandbox({ odsCodeRule: 'letter+5' });
    const otherDoc = (await (await other.app.request('/openapi.json')).json()) as { paths: Record<string, any> };
    await other.close();
    const ods = (d: { paths: Record<string, any> }) =>
      d.paths['/provision-account'].post.requestBody.content['application/json'].schema.properties.ods_code.pattern;
    expect(ods(doc)).toBe('^[A-Z][0-9]{5,6}$');
    expect(ods(otherDoc)).toBe('^[A-Z][0-9]{5}$');
  });
});
