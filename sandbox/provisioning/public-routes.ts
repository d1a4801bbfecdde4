import { setTimeout as sleep } from 'node:timers/promises';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AccessTokenSettings } from '../auth/access-token';
import { provisioningTokenOnly, requireBearer } from '../auth/bearer';
import { answerJson } from '../http/answer-json';
import { readJsonObject } from '../http/json-body';
import { outcomeCodes } from './outcome-codes';
import { coded, provisionResponse } from './provision-response';
import type { FaultInjector } from './faults';
import type { Provisioning } from './provisioning';

/** Where Provision Account is served. */
export const PROVISION_PATH = '/provision-account';

/**
 * HTTP adapter for POST /provision-account: bearer check, body reading, fault injection, then the
 * domain's outcome mapped to the spec's `{code, description}` shape with the table's status.
 */
export function provisioningRoutes(
  provisioning: Provisioning,
  deps: { tokens: AccessTokenSettings; faults: FaultInjector; bodyLimitBytes: number; unavailableRetryAfterSeconds: number },
) {
  const app = new Hono();
  app.post(PROVISION_PATH, requireBearer(deps.tokens, 'provision-account'), provisioningTokenOnly, async (c) => {
    const clientId = c.get('clientId');
    const reply = (status: ContentfulStatusCode, response: Record<string, unknown>, headers: Record<string, string> = {}) =>
      answerJson(c, response, status, { 'Cache-Control': 'no-store', ...headers });

    const fault = deps.faults.next(c.req.header('prefer'));
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
    const mapped = provisionResponse(outcome);
    return reply(mapped.status, mapped.body, mapped.headers);
  });
  return app;
}
