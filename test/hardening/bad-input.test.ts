import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenarioPatients as p } from '../../fixtures/patients';
import { requestFor } from '../../scenarios/catalogue';
import { testConfig } from '../../sandbox/config/config';
import { jwtBearerGrantBody, OAUTH_ERROR_CODES, tokenRequestBody } from '../../sandbox/auth/token-request';
import { FILTER_ERRORS } from '../../sandbox/users/filter';
import { startSandbox, type StartedSandbox } from '../../sandbox/start';
import { tokenFor, usersTokenFor, validAssertion } from '../support/harness';
import { provisionCorpus, tokenCorpus, usersCorpus, type BadInput } from './bad-input-corpus';
import { storedState } from './stored-state';

/**
 * The bad-input corpus over real sockets: every case answered 4xx in the spec's error shape,
 * never 5xx; the server healthy afterwards; nothing stored changed by any of it.
 */
let running: StartedSandbox;
let token: string;
let usersToken: string;
let corpus: BadInput[];

beforeAll(async () => {
  running = await startSandbox(testConfig());
  token = await tokenFor(running.sandbox);
  usersToken = await usersTokenFor(running.sandbox, ['Users.retrieve', 'profile']);
  const validForm = Object.fromEntries(tokenRequestBody(await validAssertion(running.sandbox)));
  const validGrant = Object.fromEntries(jwtBearerGrantBody(await validAssertion(running.sandbox), ['Users.retrieve', 'profile']));
  corpus = [
    ...provisionCorpus(requestFor(p.newPatient)),
    ...tokenCorpus(validForm),
    ...tokenCorpus(validGrant, ['client_secret']).map((c) => ({ ...c, name: c.name.replace('token:', 'token (JWT-bearer grant):') })),
    ...usersCorpus(p.p9Account.nhsNumber, p.p9Account.email!),
  ];
  const count = (endpoint: BadInput['endpoint']) => corpus.filter((c) => c.endpoint === endpoint).length;
  console.log(
    `[hardening] bad-input corpus: ${corpus.length} cases ` +
      `(${count('/token')} token, ${count('/provision-account')} provision, ${count('/v2/Users')} users)`,
  );
});
afterAll(async () => running?.stop());

async function send(c: BadInput) {
  const text = c.endpoint === '/v2/Users' ? await sendGet(c) : await sendPost(c);
  return { ...text, ...parsed(text.text) };
}

async function sendPost(c: BadInput) {
  const response = await fetch(`${running.baseUrl}${c.endpoint}`, {
    method: 'POST',
    body: c.body,
    headers: {
      ...(c.contentType === null ? {} : { 'content-type': c.contentType }),
      ...(c.endpoint === '/provision-account' ? { authorization: `Bearer ${token}` } : {}),
    },
  });
  return { status: response.status, text: await response.text() };
}

/** fetch() refuses a GET with a body, so GETs go through node:http, over the same socket kind. */
function sendGet(c: BadInput): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `${running.baseUrl}${c.endpoint}${c.query ? `?${c.query}` : ''}`,
      {
        method: 'GET',
        headers: {
          authorization: `Bearer ${usersToken}`,
          ...(c.body ? { 'content-type': c.contentType ?? 'text/plain', 'content-length': Buffer.byteLength(c.body) } : {}),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      },
    );
    request.on('error', reject);
    request.end(c.body || undefined);
  });
}

function parsed(text: string) {
  let body: Record<string, unknown> | null = null;
  try {
    body = JSON.parse(text);
  } catch {
    // judged below
  }
  return { body };
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
      const usersErrors = (body?.Errors ?? []) as { description?: unknown; code?: unknown }[];
      const shaped =
        c.endpoint === '/v2/Users'
          ? status === 400 &&
            usersErrors.length === 1 &&
            (Object.values(FILTER_ERRORS) as unknown[]).includes(usersErrors[0]!.description) &&
            usersErrors[0]!.code === '400'
          : c.endpoint === '/token'
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
