import { isValidNhsNumber } from '../pds/nhs-number';
import { isEmailAddress } from '../provisioning/request-schema';

/**
 * The SCIM filter subset Users Endpoint V2 v1.1 allows (RFC 7644 §3.4.2.2, narrowed by the spec's
 * "Request" section): `nhsnumber` or `email`, the operator `eq`, quoted values, joined by `and` /
 * `or`, at most five comparisons. `and` binds tighter than `or`, as SCIM defines. Attribute names
 * and operators are case-insensitive (RFC 7644 §3.4.2.2). Grouping with parentheses, `not`, and
 * value paths (`emails[type eq "work"]`) are SCIM but not in the spec's subset: Invalid syntax.
 *
 * Written here rather than taken from a SCIM library: the libraries on npm (scim2-parse-filter,
 * scim-query-filter-parser) parse the whole grammar and report one generic error, while the spec
 * needs the subset and a different error for each kind of mistake.
 */
export const FILTER_ERRORS = {
  missing: 'Query string "filter" not present',
  syntax: 'Invalid syntax',
  attribute: 'Invalid attribute',
  operator: 'Invalid operator',
  tooMany: 'More than 5 expressions provided',
  nhsNumber: 'Invalid NHS number',
  email: 'Invalid email',
  eitherAttribute: 'Either one of "nhsnumber" or "email" must be used for each query',
} as const;
export type FilterError = keyof typeof FILTER_ERRORS;

export const MAX_FILTER_EXPRESSIONS = 5;

export type FilterAttribute = 'nhsnumber' | 'email';
export type Filter = { kind: 'eq'; attribute: FilterAttribute; value: string } | { kind: 'and' | 'or'; operands: Filter[] };

export type FilterReading = { ok: true; filter: Filter } | { ok: false; error: FilterError };

/**
 * Attributes of the SCIM core User (RFC 7643 §4.1) and the NHS login extension that the endpoint
 * returns but cannot be filtered on: naming one is "Either one of …"; any other name is "Invalid attribute".
 */
const RETURNED_ATTRIBUTES = new Set(
  [
    'id',
    'externalId',
    'userName',
    'active',
    'name',
    'name.familyName',
    'name.givenName',
    'emails',
    'emails.value',
    'phoneNumbers',
    'phoneNumbers.value',
    'nhsNumber',
    'birthdate',
    'gpOdsCode',
    'gpUserId',
    'gpLinkageKey',
    'vectorsOfTrust',
    'meta.created',
    'meta.lastModified',
  ].map((name) => name.toLowerCase()),
);
/** A Map, never an object: `constructor`, `__proto__`, `toString`… must be unknown names like any other (issue #28). */
const FILTERABLE: ReadonlyMap<string, FilterAttribute> = new Map([
  ['nhsnumber', 'nhsnumber'],
  ['email', 'email'],
]);

type Token = { kind: 'word'; text: string } | { kind: 'string'; value: string };

/** Words (attribute paths, operators) and JSON strings, separated by spaces; anything else is a syntax error. */
function tokenize(filter: string): Token[] | null {
  const tokens: Token[] = [];
  let i = 0;
  while (i < filter.length) {
    if (filter[i] === ' ') {
      i++;
      continue;
    }
    if (filter[i] === '"') {
      // RFC 7644 §3.4.2.2: values are JSON strings (RFC 8259 §7); a raw control character or an
      // unfinished escape leaves the string unbalanced.
      // eslint-disable-next-line no-control-regex -- the control characters are what it must refuse
      const match = /^"(?:[^"\\\u0000-\u001f]|\\["\\/bfnrt]|\\u[0-9A-Fa-f]{4})*"/.exec(filter.slice(i));
      if (!match) return null;
      tokens.push({ kind: 'string', value: JSON.parse(match[0]) as string });
      i += match[0].length;
      continue;
    }
    const word = /^[A-Za-z][A-Za-z0-9_.:$-]*/.exec(filter.slice(i));
    if (!word) return null;
    tokens.push({ kind: 'word', text: word[0] });
    i += word[0].length;
    if (i < filter.length && filter[i] !== ' ') return null;
  }
  return tokens;
}

interface RawComparison {
  attribute: string;
  operator: string;
  value: string;
}

export function parseFilter(filter: string | undefined): FilterReading {
  if (filter === undefined) return { ok: false, error: 'missing' };
  const tokens = tokenize(filter);
  if (!tokens || tokens.length === 0) return { ok: false, error: 'syntax' };

  // filter := term (OR term)*; term := comparison (AND comparison)*; comparison := word word string
  const comparisons: RawComparison[] = [];
  const groups: RawComparison[][] = [[]];
  let at = 0;
  let badLogicalOperator = false;
  for (;;) {
    const [attribute, operator, value] = [tokens[at], tokens[at + 1], tokens[at + 2]];
    if (attribute?.kind !== 'word' || operator?.kind !== 'word' || value?.kind !== 'string') return { ok: false, error: 'syntax' };
    const comparison = { attribute: attribute.text, operator: operator.text, value: value.value };
    comparisons.push(comparison);
    groups.at(-1)!.push(comparison);
    at += 3;
    const joiner = tokens[at];
    if (joiner === undefined) break;
    if (joiner.kind !== 'word') return { ok: false, error: 'syntax' };
    const logical = joiner.text.toLowerCase();
    if (logical === 'or') groups.push([]);
    else if (logical !== 'and') badLogicalOperator = true;
    at += 1;
  }
  if (comparisons.length > MAX_FILTER_EXPRESSIONS) return { ok: false, error: 'tooMany' };
  if (badLogicalOperator) return { ok: false, error: 'operator' };

  const checked: Filter[][] = [];
  for (const group of groups) {
    const operands: Filter[] = [];
    for (const comparison of group) {
      const read = checkComparison(comparison);
      if (!read.ok) return read;
      operands.push(read.filter);
    }
    checked.push(operands);
  }
  const terms = checked.map((operands): Filter => (operands.length === 1 ? operands[0]! : { kind: 'and', operands }));
  return { ok: true, filter: terms.length === 1 ? terms[0]! : { kind: 'or', operands: terms } };
}

function checkComparison({ attribute, operator, value }: RawComparison): FilterReading {
  const name = attribute.toLowerCase();
  const filterable = FILTERABLE.get(name);
  if (!filterable) {
    const known = RETURNED_ATTRIBUTES.has(name) || RETURNED_ATTRIBUTES.has(name.replace(/^uk:nhs:login:auth:1\.0:user:/, ''));
    return { ok: false, error: known ? 'eitherAttribute' : 'attribute' };
  }
  if (operator.toLowerCase() !== 'eq') return { ok: false, error: 'operator' };
  if (filterable === 'nhsnumber' && !isValidNhsNumber(value)) return { ok: false, error: 'nhsNumber' };
  if (filterable === 'email' && !isEmailAddress(value)) return { ok: false, error: 'email' };
  return { ok: true, filter: { kind: 'eq', attribute: filterable, value } };
}

/** Evaluates a filter over a lookup of accounts by attribute; results keep first-found order, each once. */
export function evaluateFilter<T extends { id: string }>(filter: Filter, lookup: (attribute: FilterAttribute, value: string) => T[]): T[] {
  if (filter.kind === 'eq') return lookup(filter.attribute, filter.value);
  const results = filter.operands.map((operand) => evaluateFilter(operand, lookup));
  if (filter.kind === 'or') return [...new Map(results.flat().map((item) => [item.id, item])).values()];
  const [first, ...rest] = results;
  return first!.filter((item) => rest.every((other) => other.some((o) => o.id === item.id)));
}
