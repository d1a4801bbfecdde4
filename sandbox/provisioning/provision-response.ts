import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { outcomeCodes, type OutcomeCodeId } from './outcome-codes';
import type { ProvisionOutcome } from './provisioning';

/**
 * The domain's provisioning outcome as the specification's answer: `{code, description}` with the
 * outcome table's status (and Retry-After). One mapper for POST /provision-account and for the
 * test interface's scenario runs, so both answer alike.
 */
export const coded = (code: OutcomeCodeId, description: string) => ({ code, description });

export function provisionResponse(outcome: ProvisionOutcome): {
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
      // provisioning_id: promised by the overview page, absent from the spec's table (docs/decisions.md).
      return { status: 200, body: { ...coded(outcome.record.outcome, entry.description), provisioning_id: outcome.record.id } };
    }
  }
}
