import { outcomeCodes, type OutcomeCodeId } from './outcome-codes';

/**
 * The answer the outcome table gives for a code, as one example body: the OpenAPI document shows
 * it for each code, and `Prefer: code=<code>` answers with it, so what the docs promise is what a
 * forced call gets. A success carries a fixed, recognisable provisioning id (no request is stored).
 */
export const EXAMPLE_PROVISIONING_ID = '3f1c2a8e-5b7d-4c1e-9a6f-0d2b4e8c7a15';

export const outcomeExample = (code: OutcomeCodeId) => ({
  code,
  description: outcomeCodes[code].description,
  ...(outcomeCodes[code].status === 200 ? { provisioning_id: EXAMPLE_PROVISIONING_ID } : {}),
});
