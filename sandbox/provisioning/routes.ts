import { setTimeout as sleep } from 'node:timers/promises';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AccessTokenSettings } from '../auth/access-token';
import { provisioningTokenOnly, requireBearer } from '../auth/bearer';
import { answerJson } from '../http/answer-json';
import { readJsonObject } from '../http/json-body';
import { outcomeCodes, type OutcomeCodeId } from './outcome-codes';
import type { ProvisionOutcome, Provisioning } from './provisioning';

/**
 * HTTP adapter for POST /provision-account: bearer check, body reading, fault injection, then the
 * domain's outcome mapped to the spec's `{code, description}` shape with the table's status.
 */
export function provisioningRoutes(
  provisioning: Provisioning,
  deps: { tokens: AccessTokenSettings; bodyLimitBytes: number; unavailableRetryAfterSeconds: number },
) {
  const app = new Hono();
  app.post('/provision-account', requireBearer(deps.tokens, 'provision-account'), provisioningTokenOnly, async (c) => {
    const clientId = c.get('clientId');
    const reply = (status: ContentfulStatusCode, response: Record<string, unknown>, headers: Record<string, string> = {}) =>
      answerJson(c, response, status, { 'Cache-Control': 'no-store', ...headers });

    const fault = provisioning.injectedFault(c.req.header('prefer'));
    if (fault?.kind === 'drop') {
      (c.env as { incoming?: { socket?: { destroy(): void } } } | undefined)?.incoming?.socket?.destroy();
      return new Response(null, { status: 500 });
    }
    if (fault?.kind === 'delay') await sleep(fault.delayMs ?? 0);
    if (fault?.kind === '11000')
      return reply(503, coded('11000', 'Service not available (injected fault)'), {
        'Retry-After': String(deps.unavailableRetryAfterSeconds),
      });
    if (fault?.kind === '500') return reply(500, coded('11000', 'Internal server error (injected fault)'));

    const body = await readJsonObject(c, deps.bodyLimitBytes);
    if (!body.ok) return reply(body.status, coded('11010', `${outcomeCodes['11010'].description}: ${body.description}`));
    const outcome = await provisioning.provision(body.value, clientId);
    // Evidence for the conformance checker: until when re-sending this patient is pointless.
    if (outcome.kind === 'refused' && outcome.pendingUntilMs !== undefined) c.set('pendingUntilSandboxMs', outcome.pendingUntilMs);
    const mapped = toResponse(outcome);
    return reply(mapped.status, mapped.body, mapped.headers);
  });
  return app;
}

const coded = (code: OutcomeCodeId, description: string) => ({ code, description });

function toResponse(outcome: ProvisionOutcome): {
  status: ContentfulStatusCode;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
} {
  switch (outcome.kind) {
    case 'invalid':
      return { status: 400, body: coded('11010', `${outcomeCodes['11010'].description}: ${outcome.problems.join('; ')}`) };
    case 'refused': {
      const entry = outcomeCodes[outcome.code];
      const headers: Record<string, string> = outcome.retryAfterSeconds ? { 'Retry-After': String(outcome.retryAfterSeconds) } : {};
      return { status: entry.status, body: coded(outcome.code, entry.description), headers };
    }
    case 'accepted': {
      const entry = outcomeCodes[outcome.record.outcome];
      // provisioning_id: promised by the overview page, absent from the spec's table (README).
      return { status: 200, body: { ...coded(outcome.record.outcome, entry.description), provisioning_id: outcome.record.id } };
    }
  }
}
