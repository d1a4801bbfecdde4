import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../sandbox';
import { outcomeCodeIds } from '../provisioning/outcome-codes';
import { testSandbox } from '../../test/support/harness';

/** /openapi.json is valid OpenAPI 3.1 and documents every API route the server registers. */
let sandbox: Sandbox;
let doc: { openapi: string; paths: Record<string, Record<string, { responses: Record<string, { description: string }> }>> };

// Pages for people, not API: the claiming journey, the console, the docs themselves and static assets.
const NOT_API = [/^\/claim(\/|$)/, /^\/console(\/|$)/, /^\/assets\//, /^\/favicon\.ico$/, /^\/docs(\/|$)/, /^\/openapi\.json$/, /^\/$/];

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

  it('follows the request schema the route validates with', async () => {
    const other = await testSandbox({ odsCodeRule: 'letter+6' });
    const otherDoc = (await (await other.app.request('/openapi.json')).json()) as { paths: Record<string, any> };
    await other.close();
    const ods = (d: { paths: Record<string, any> }) =>
      d.paths['/provision-account'].post.requestBody.content['application/json'].schema.properties.ods_code.pattern;
    expect(ods(doc)).toBe('^[A-Z][0-9]{5}$');
    expect(ods(otherDoc)).toBe('^[A-Z][0-9]{6}$');
  });
});
