import { setTimeout as sleep } from 'node:timers/promises';
import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AccessTokenSettings } from '../auth/access-token';
import { provisioningTokenOnly, requireBearer } from '../auth/bearer';
import { answerJson } from '../http/answer-json';
import { readJsonObject } from '../http/json-body';
import { outcomeCodes, type OutcomeCodeId } from './outcome-codes';
import { coded, provisionResponse } from './provision-response';
import type { FaultInjector } from './faults';
import type { Provisioning } from './provisioning';
import { content, json, object, str, type PathItems } from '../http/openapi';
import type { PublishedCatalogue } from '../catalogue/published-catalogue';
import type { OdsCodeRule } from '../config/config';
import { provisionRequestSchema } from './request-schema';
import { FORCEABLE_CODES, preferredOutcome, unknownPreferenceMessage } from './forced-outcome';
import { outcomeExample } from './outcome-example';
import { refuseOtherMethods, refusedOperations } from '../http/method-not-allowed';

/** Where Provision Account is served. */
export const PROVISION_PATH = '/provision-account';
/**
 * And under `/provisioning` too: the specification's example places the API at
 * `https://api.login.nhs.uk/provisioning`, so a GP system configured with that base calls
 * `/provisioning/provision-account` (CID-IS-P, request example).
 */
export const PROVISION_PATHS = [PROVISION_PATH, `/provisioning${PROVISION_PATH}`];

// Module-level, not closures made per request: under tsx (npm start, the bench) each new closure's
// name is defined anew, about half a microsecond each (issue #31).
const reply = (c: Context, status: ContentfulStatusCode, response: Record<string, unknown>, headers: Record<string, string> = {}) =>
  answerJson(c, response, status, { 'Cache-Control': 'no-store', ...headers });
const internalError = (c: Context) => reply(c, 500, coded('11000', 'Internal server error (injected fault)'));

/**
 * HTTP adapter for POST /provision-account: bearer check, body reading, fault injection, then the
 * domain's outcome mapped to the spec's `{code, description}` shape with the table's status.
 */
export function provisioningRoutes(
  provisioning: Provisioning,
  deps: {
    tokens: AccessTokenSettings;
    faults: FaultInjector;
    bodyLimitBytes: number;
    unavailableRetryAfterSeconds: number;
    /** A forced 11011's Retry-After: the longest a practice's window can make it wait. */
    rateLimitWindowSeconds: number;
  },
) {
  const app = new Hono();
  app.on('POST', PROVISION_PATHS, requireBearer(deps.tokens, 'provision-account'), provisioningTokenOnly, async (c) => {
    const clientId = c.get('clientId');
    const preference = preferredOutcome(c.req.header('prefer'));
    if (preference.kind === 'unknown')
      return reply(c, 400, coded('11010', `${outcomeCodes['11010'].description}: ${unknownPreferenceMessage(preference.asked)}`));
    if (preference.kind === 'forced') {
      if (preference.code === '500') return internalError(c);
      const { status } = outcomeCodes[preference.code];
      const retryAfter = status === 429 ? deps.rateLimitWindowSeconds : status === 503 ? deps.unavailableRetryAfterSeconds : undefined;
      return reply(c, status, outcomeExample(preference.code), retryAfter ? { 'Retry-After': String(retryAfter) } : {});
    }

    const fault = deps.faults.next();
    if (fault?.kind === 'drop') {
      (c.env as { incoming?: { socket?: { destroy(): void } } } | undefined)?.incoming?.socket?.destroy();
      return new Response(null, { status: 500 });
    }
    if (fault?.kind === 'delay') await sleep(fault.delayMs ?? 0);
    if (fault?.kind === '11000')
      return reply(c, 503, coded('11000', 'Service not available (injected fault)'), {
        'Retry-After': String(deps.unavailableRetryAfterSeconds),
      });
    if (fault?.kind === '500') return internalError(c);

    const body = await readJsonObject(c, deps.bodyLimitBytes);
    if (!body.ok) return reply(c, body.status, coded('11010', `${outcomeCodes['11010'].description}: ${body.description}`));
    const outcome = await provisioning.provision(body.value, clientId);
    const mapped = provisionResponse(outcome);
    return reply(c, mapped.status, mapped.body, mapped.headers);
  });
  refuseOtherMethods(app, PROVISION_PATHS, 'POST', (c) =>
    coded('11010', `${outcomeCodes['11010'].description}: ${c.req.method} is not supported; Provision Account is POST ${c.req.path}`),
  );
  return app;
}

/**
 * Request examples for "Try it out", one per outcome the catalogue shows how to provoke (the first
 * scenario for each code): real test patients, so sending one gets the outcome its name says.
 * Scenarios that need a set-up step first say so in their summary.
 */
function provisionRequestExamples(catalogue: PublishedCatalogue) {
  const examples: Record<string, { summary: string; value: unknown }> = {};
  for (const scenario of catalogue.provisioning) {
    if (Object.values(examples).some((e) => e.summary.startsWith(`${scenario.expectedCode}:`))) continue;
    const first = scenario.arrange ? ` (first: ${scenario.arrange})` : '';
    examples[scenario.id] = { summary: `${scenario.expectedCode}: ${scenario.title}${first}`, value: scenario.request };
  }
  return examples;
}

/** The answer each outcome code gives, as the outcome table defines it. */
const outcomeExamples = (codes: OutcomeCodeId[]) =>
  Object.fromEntries(
    codes.map((code) => [`code-${code}`, { summary: `${code}: ${outcomeCodes[code].description}`, value: outcomeExample(code) }]),
  );

function provisionResponses() {
  const byStatus = new Map<number, OutcomeCodeId[]>();
  for (const [code, entry] of Object.entries(outcomeCodes))
    byStatus.set(entry.status, [...(byStatus.get(entry.status) ?? []), code as OutcomeCodeId]);
  const responses: Record<string, unknown> = {};
  for (const [status, codes] of byStatus) {
    responses[String(status)] = {
      description: codes
        .map((code) => `\`${code}\`: ${outcomeCodes[code].description} (${outcomeCodes[code].condition}; ${outcomeCodes[code].source})`)
        .join('\n\n'),
      ...(status === 429 || status === 503
        ? { headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'seconds to wait' } } }
        : {}),
      content: {
        'application/json': {
          schema: object(
            {
              code: { type: 'string', enum: codes },
              description: str,
              ...(status === 200 ? { provisioning_id: { type: 'string', format: 'uuid' } } : {}),
            },
            ['code'],
          ),
          examples: outcomeExamples(codes),
        },
      },
    };
  }
  responses['401'] = {
    description: 'missing, malformed or expired access token (RFC 6750)',
    ...content(object({ error: { const: 'invalid_token' }, error_description: str })),
  };
  responses['413'] = {
    description: '`11010`: the body is larger than the limit',
    ...content(object({ code: { const: '11010' }, description: str })),
  };
  responses['415'] = { description: '`11010`: the body is not JSON', ...content(object({ code: { const: '11010' }, description: str })) };
  return responses;
}

export function provisionPaths(odsCodeRule: OdsCodeRule, catalogue: PublishedCatalogue): PathItems {
  const provisionRequest = provisionRequestSchema({ odsCodeRule, today: () => new Date().toISOString().slice(0, 10) });
  const operation = {
    tags: ['specification'],
    summary: 'Provision (create or uplift) an NHS login for a patient',
    security: [{ bearer: [] }],
    parameters: [
      {
        name: 'Prefer',
        in: 'header',
        required: false,
        schema: { type: 'string', enum: FORCEABLE_CODES.map((code) => `code=${code}`) },
        description:
          "force this call's answer: any outcome code, with the outcome table's example body (and Retry-After for 11000 and 11011), or 500 for an internal error; the request is not read (sandbox convention)",
      },
    ],
    requestBody: {
      required: true,
      content: { 'application/json': { schema: json(provisionRequest), examples: provisionRequestExamples(catalogue) } },
    },
    responses: provisionResponses(),
  };
  const refused = refusedOperations('Not offered: Provision Account is POST only', {
    description: '`11010` with `Allow: POST`',
    ...content(object({ code: { const: '11010' }, description: str })),
  });
  return {
    [PROVISION_PATH]: { post: operation, ...refused },
    [PROVISION_PATHS[1]!]: {
      post: { ...operation, summary: `${operation.summary}, under the base path of the specification's example host` },
      ...refused,
    },
  };
}
