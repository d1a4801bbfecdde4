import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenarioPatients as p } from '../../fixtures/patients';
import { requestFor } from '../../scenarios/catalogue';
import { testConfig } from '../../sandbox/config/config';
import { OAUTH_ERROR_CODES, tokenRequestBody } from '../../sandbox/auth/token-request';
import { startSandbox, type StartedSandbox } from '../../sandbox/start';
import { tokenFor, validAssertion } from '../support/harness';
import { provisionCorpus, tokenCorpus, type BadInput } from './bad-input-corpus';
import { storedState } from './stored-state';

/**
 * The bad-input corpus over real sockets: every case answered 4xx in the spec's error shape,
 * never 5xx; the server healthy afterwards; nothing stored changed by any of it.
 */
let running: StartedSandbox;
let token: string;
let corpus: BadInput[];

beforeAll(async () => {
  running = await startSandbox(testConfig());
  token = await tokenFor(running.sandbox);
  const validForm = Object.fromEntries(tokenRequestBody(await validAssertion(running.sandbox)));
  corpus = [...provisionCorpus(requestFor(p.newPatient)), ...tokenCorpus(validForm)];
  console.log(
    `[hardening] bad-input corpus: ${corpus.length} cases ` +
      `(${corpus.filter((c) => c.endpoint === '/token').length} token, ${corpus.filter((c) => c.endpoint === '/provision-account').length} provision)`,
  );
});
afterAll(async () => running?.stop());

async function send(c: BadInput) {
  const response = await fetch(`${running.baseUrl}${c.endpoint}`, {
    method: 'POST',
    body: c.body,
    headers: {
      ...(c.contentType === null ? {} : { 'content-type': c.contentType }),
      ...(c.endpoint === '/provision-account' ? { authorization: `Bearer ${token}` } : {}),
    },
  });
  const text = await response.text();
  let body: Record<string, unknown> | null = null;
  try {
    body = JSON.parse(text);
  } catch {
    // judged below
  }
  return { status: response.status, text, body };
}

describe('bad-input corpus', () => {
  it('has hundreds of cases', () => {
    expect(corpus.length).toBeGreaterThan(300);
  });

  it('answers every case with a 4xx in the specification error shape and stores nothing', async () => {
    const before = storedState(running.sandbox);
    const wrong: string[] = [];
    for (const c of corpus) {
      const { status, text, body } = await send(c);
      const shaped =
        c.endpoint === '/token'
          ? body !== null &&
            (OAUTH_ERROR_CODES as readonly string[]).includes(String(body.error)) &&
            typeof body.error_description === 'string' &&
            /^[\x20-\x7e]*$/.test(String(body.error_description))
          : body !== null &&
            body.code === '11010' &&
            typeof body.description === 'string' &&
            /^[\x20-\x7e]*$/.test(String(body.description));
      if (status < 400 || status >= 500 || !shaped) wrong.push(`${c.name} -> ${status} ${text.slice(0, 160)}`);
    }
    expect(wrong).toEqual([]);
    expect(storedState(running.sandbox)).toEqual(before);
  });

  it('is still healthy and provisions normally afterwards', async () => {
    expect((await fetch(`${running.baseUrl}/_health`)).status).toBe(200);
    const answer = await fetch(`${running.baseUrl}/provision-account`, {
      method: 'POST',
      body: JSON.stringify(requestFor(p.newPatient)),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    });
    expect(((await answer.json()) as { code: string }).code).toBe('create');
    expect(Object.getPrototypeOf({}).polluted).toBeUndefined();
  });
});
