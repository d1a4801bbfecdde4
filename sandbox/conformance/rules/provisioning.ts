// Rules on Provision Account calls: the body, and what the client sends after each kind of answer.
import type { JournalEntry } from '../../journal/journal-entry';
import { mediaType } from '../../http/form';
import { PENDING_WINDOW_MS } from '../../provisioning/eligibility';
import { FINAL_REFUSAL_CODES } from '../../provisioning/outcome-codes';
import { PROVISION_FIELDS, provisionRequestSchema, SPECIFIED_ODS_SHAPES, unknownProvisionFields } from '../../provisioning/request-schema';
import {
  afterAnswer,
  afterOutcome,
  bearerCalls,
  eachRequest,
  outsideClockMoves,
  provisionRequests,
  seconds,
  SPEC,
  type ConformanceRule,
  type Offence,
} from './kit';

/** The least back-off after 11000 when the answer names no Retry-After. */
export const MIN_RETRY_BACKOFF_MS = 1_000;
/** More requests than this for one patient within POLLING_WINDOW_MS is polling. */
const POLLING_LIMIT = 3;
const POLLING_WINDOW_MS = 60_000;
/** What a request said: its parsed JSON content when it had one (however serialised), else its bytes. */
const contentOf = (e: JournalEntry) => e.request.contentDigest ?? e.request.bodyDigest;
/** Query parameters whose values looked like personal data; the Users filter is where the specification puts them. */
const PERSONAL_SHAPES = new Set(['nhs-number', 'date', 'email', 'phone']);
const PERSONAL_NAMES = /nhs|date_?of_?birth|dob|birth|email|phone|mobile|name|postcode|address/i;
const personalInUrl = (e: JournalEntry): string[] =>
  (e.request.urlQuery?.params ?? [])
    .filter((p) => !(e.endpoint === 'users' && p.name === 'filter'))
    .filter((p) => PERSONAL_SHAPES.has(p.shape) || (p.shape !== 'empty' && PERSONAL_NAMES.test(p.name)))
    .map((p) => `?${p.name}=<${p.shape}>`);
const jsonObjectBody = (e: JournalEntry): Record<string, unknown> | null =>
  typeof e.request.body === 'object' && e.request.body !== null && !Array.isArray(e.request.body)
    ? (e.request.body as Record<string, unknown>)
    : null;

export const provisioningRules: readonly ConformanceRule[] = [
  {
    id: 'provision-json',
    level: 'MUST',
    basis: 'specification',
    section: `${SPEC}, Provision Account, request body (JSON)`,
    title: 'Provision requests are a JSON object with Content-Type application/json',
    fix: 'Send the body as a JSON object with Content-Type: application/json.',
    check: eachRequest(provisionRequests, (e) => {
      if (mediaType(e.request.contentType ?? undefined) !== 'application/json')
        return `Content-Type is ${JSON.stringify(e.request.contentType)}`;
      return jsonObjectBody(e) ? null : 'the body is not a JSON object';
    }),
  },
  {
    id: 'provision-mandatory-fields',
    level: 'MUST',
    basis: 'specification',
    section: `${SPEC}, Provision Account, request body: every key mandatory`,
    title: 'Every mandatory field is sent',
    fix: `Always send ${PROVISION_FIELDS.join(', ')}.`,
    // Judged on JSON bodies only: a body that is not JSON breaks provision-json, once.
    check: eachRequest(
      (entries) => provisionRequests(entries).filter((e) => jsonObjectBody(e)),
      (e) => {
        const missing = PROVISION_FIELDS.filter((f) => jsonObjectBody(e)![f] === undefined);
        return missing.length ? `missing ${missing.join(', ')}` : null;
      },
    ),
  },
  {
    id: 'provision-field-formats',
    level: 'MUST',
    basis: 'specification',
    section: `${SPEC}, Provision Account, request body field rules (ods_code: the text's letter + 6 digits and the example's letter + 5 both pass, whatever ODS_CODE_RULE the sandbox accepts)`,
    title: 'Each field has its specified format',
    fix: 'Validate before sending: NHS number check digit, YYYY-MM-DD real date, E.164 mobile with country code, ODS code shape, valid email.',
    check: eachRequest(
      (entries) => provisionRequests(entries).filter((e) => jsonObjectBody(e)),
      (e) => {
        const body = jsonObjectBody(e)!;
        const present = Object.fromEntries(PROVISION_FIELDS.filter((f) => body[f] !== undefined).map((f) => [f, body[f]]));
        const today = new Date(e.sandboxAtMs).toISOString().slice(0, 10);
        const parsed = provisionRequestSchema({ odsCodeRule: SPECIFIED_ODS_SHAPES, today: () => today }).safeParse(present);
        const problems = parsed.success
          ? []
          : parsed.error.issues.filter((i) => present[String(i.path[0])] !== undefined).map((i) => i.message);
        return problems.length ? problems.join('; ') : null;
      },
    ),
  },
  {
    id: 'provision-no-unknown-fields',
    level: 'SHOULD',
    basis: 'sandbox-expectation',
    section: `${SPEC}, Provision Account, request body (five keys; extras are not defined)`,
    title: 'No fields beyond the specified ones',
    fix: `Send only ${PROVISION_FIELDS.join(', ')}.`,
    check: eachRequest(
      (entries) => provisionRequests(entries).filter((e) => jsonObjectBody(e)),
      (e) => {
        const unknown = unknownProvisionFields(jsonObjectBody(e)!);
        return unknown.length ? `unknown field(s) ${unknown.join(', ')}` : null;
      },
    ),
  },
  {
    id: 'no-personal-data-in-url',
    level: 'SHOULD',
    basis: 'standard',
    section:
      'RFC 9110 §17.9 "Disclosure of Sensitive Information in URIs": sensitive data ought not to be placed in the request target (URIs are logged and shared); ' +
      `${SPEC} puts the patient's details in the JSON body; OWASP ASVS 4.0 V8.3.1 (sensitive data in the body or headers, never in URL parameters)`,
    title: 'No personal data (NHS number, date of birth, email, phone) in the URL of a provision or Users call',
    fix: 'Send the patient only in the JSON body (provisioning) or the filter (Users Endpoint V2); never add them to the query string.',
    check: eachRequest(bearerCalls, (e) => {
      const found = personalInUrl(e);
      return found.length ? `personal data in the URL: ${found.join(', ')}` : null;
    }),
  },
  {
    id: 'backoff-after-11011',
    level: 'SHOULD',
    basis: 'sandbox-expectation',
    section: `${SPEC}, error 11011 "too many requests from the ODS code" (no wait stated); RFC 9110 §10.2.3 Retry-After, sent with it`,
    title: 'After 11011 the ODS code waits out Retry-After before sending again',
    fix: 'On 11011, stop sending for that ODS code until Retry-After seconds have passed.',
    check: afterOutcome('11011', (answer, later, afterMs) => {
      const waitMs = (answer.response.retryAfterSeconds ?? 1) * 1000;
      return later.odsCode === answer.odsCode && afterMs < waitMs
        ? `sent for ${later.odsCode} ${seconds(afterMs)} after 11011 (Retry-After ${waitMs / 1000} s)`
        : null;
    }),
  },
  {
    id: 'backoff-after-11000',
    level: 'SHOULD',
    basis: 'sandbox-expectation',
    section: `${SPEC}, error 11000 "service not available" (no wait stated); RFC 9110 §10.2.3 Retry-After, sent with it`,
    title: 'After 11000 the client waits Retry-After (at least a second) before sending again',
    fix: 'Retry after the Retry-After delay (at least a second, growing with each failure), not immediately.',
    check: afterOutcome('11000', (answer, _later, afterMs) => {
      const waitMs = Math.max((answer.response.retryAfterSeconds ?? 0) * 1000, MIN_RETRY_BACKOFF_MS);
      return afterMs < waitMs ? `sent ${seconds(afterMs)} after 11000 (wait at least ${waitMs / 1000} s)` : null;
    }),
  },
  {
    id: 'no-resubmit-while-pending',
    level: 'SHOULD',
    basis: 'sandbox-expectation',
    section: `${SPEC}, error 11003 "user already has a pending provision account request from within last 7 days"`,
    title: 'After 11003 the patient is not sent again while the invitation that caused it is live',
    fix: 'Tell the user an invitation is already pending; send the patient again only after it has lapsed (7 days from the first request).',
    check: afterOutcome('11003', (answer, later, _afterMs, context) =>
      later.nhsNumber === answer.nhsNumber &&
      later.sandboxAtMs - outsideClockMoves(context, answer, later).ms <
        (answer.pendingUntilSandboxMs ?? answer.sandboxAtMs + PENDING_WINDOW_MS)
        ? `sent ${later.nhsNumber} again while the invitation behind 11003 (request #${answer.seq}) was still pending`
        : null,
    ),
  },
  {
    id: 'no-resubmit-after-11005',
    level: 'SHOULD',
    basis: 'sandbox-expectation',
    section: `${SPEC}, error 11005 "user already has a P9 account"`,
    title: 'A patient answered 11005 is not sent again',
    fix: 'Tell the user the patient already has a fully verified NHS login; do not send the patient again.',
    check: afterOutcome('11005', (answer, later) =>
      later.nhsNumber === answer.nhsNumber ? `sent ${later.nhsNumber} again after 11005 (request #${answer.seq})` : null,
    ),
  },
  {
    id: 'no-unchanged-resend-after-refusal',
    level: 'SHOULD',
    basis: 'sandbox-expectation',
    section: `${SPEC}, errors 11010, 11021 and "unable to provision" codes: the same request gets the same answer`,
    title: 'A refused request is not sent again unchanged',
    fix: 'Show the user why the request was refused and let them correct it; never resend the same request.',
    check: afterAnswer(
      (e) => FINAL_REFUSAL_CODES.has(e.outcome),
      (answer, later) =>
        contentOf(later) === contentOf(answer)
          ? `the request refused with ${answer.outcome} (#${answer.seq}) was sent again unchanged`
          : null,
    ),
  },
  {
    id: 'no-polling-one-patient',
    level: 'SHOULD',
    basis: 'sandbox-expectation',
    section: `${SPEC}, Actors and overall flow: one provision call per patient, its answer final`,
    title: `No more than ${POLLING_LIMIT} provision calls for one patient within ${POLLING_WINDOW_MS / 1000} s`,
    fix: 'Send a patient once and act on the answer; do not poll the endpoint for a change.',
    check: (entries) => {
      const byPatient = new Map<string, JournalEntry[]>();
      for (const e of provisionRequests(entries)) if (e.nhsNumber) byPatient.set(e.nhsNumber, [...(byPatient.get(e.nhsNumber) ?? []), e]);
      const offences: Offence[] = [];
      for (const [nhsNumber, calls] of byPatient) {
        calls.forEach((call, i) => {
          const earlier = calls[i - POLLING_LIMIT];
          const spanMs = earlier && Math.max(call.atMs - earlier.atMs, call.sandboxAtMs - earlier.sandboxAtMs);
          if (spanMs !== undefined && spanMs < POLLING_WINDOW_MS) {
            offences.push({ entry: call, why: `call ${POLLING_LIMIT + 1} for ${nhsNumber} within ${seconds(spanMs)}` });
          }
        });
      }
      return { evidence: byPatient.size, offences: offences.sort((a, b) => a.entry.seq - b.entry.seq) };
    },
  },
];
