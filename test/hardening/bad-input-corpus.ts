import { PROVISION_FIELDS } from '../../sandbox/provisioning/request-schema';

/**
 * The bad-input corpus: hostile and broken requests for /token, /provision-account and /v2/Users, generated
 * from small tables (each kind of damage applied to each field or parameter), never hand-copied.
 * Every case must get a 4xx in the specification's error shape and change nothing stored.
 */
export interface BadInput {
  name: string;
  endpoint: '/token' | '/provision-account' | '/v2/Users';
  body: string;
  contentType: string | null;
  /** For /v2/Users: the query string after `?` (a GET; `body`, when not empty, is sent with it). */
  query?: string;
}

const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';

/** A valid provision body for the patient the corpus is built around. */
export type ValidProvision = Record<(typeof PROVISION_FIELDS)[number], string>;

const WRONG_TYPES: [string, unknown][] = [
  ['a number', 9990000018],
  ['null', null],
  ['true', true],
  ['an array', ['x']],
  ['an object', { value: 'x' }],
  ['an empty array', []],
  ['a float', 1.5],
  ['a nested array', [['9990000018']]],
];

/** Values that are strings but must not be accepted: each gets its own case per field. */
const DAMAGED_STRINGS: [string, (valid: string) => string][] = [
  ['empty', () => ''],
  ['only spaces', () => '   '],
  ['padded with spaces', (v) => ` ${v} `],
  ['padded with a tab', (v) => `${v}\t`],
  ['with a NUL byte', (v) => `${v}\u0000`],
  ['with an escape character', (v) => `\u001b[31m${v}`],
  ['with a newline', (v) => `${v}\nX-Injected: 1`],
  ['with a zero-width space', (v) => `${v.slice(0, 2)}\u200b${v.slice(2)}`],
  ['very long (10 000 characters)', (v) => v + 'x'.repeat(10_000)],
  ['in fullwidth digits and letters', (v) => v.replace(/[0-9A-Za-z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0))],
  [
    'with Cyrillic look-alikes',
    (v) =>
      v
        .replace(
          /[AaEeOoCcPpXx]/g,
          (ch) => ({ A: 'А', a: 'а', E: 'Е', e: 'е', O: 'О', o: 'о', C: 'С', c: 'с', P: 'Р', p: 'р', X: 'Х', x: 'х' })[ch]!,
        )
        .replace(/[0-9]/, '٣'),
  ],
  ['with a right-to-left override', (v) => `\u202e${v}`],
  ['with a byte-order mark', (v) => `\ufeff${v}`],
  ['with HTML markup', (v) => `<script>alert(1)</script>${v}`],
  ['with SQL', (v) => `${v}' OR '1'='1`],
  ['percent-encoded', (v) => encodeURIComponent(v).replace(/[0-9A-Za-z]/g, (ch) => `%${ch.charCodeAt(0).toString(16)}`)],
  ['with an emoji', (v) => `${v}\u{1F600}`],
];

const BROKEN_JSON = [
  '{',
  '}',
  '{"nhs_number":}',
  '{"nhs_number": "9990000018",}',
  "{'nhs_number': '9990000018'}",
  'nul',
  '{"a":1}}',
  '\u0000',
  '{"nhs_number":"\\u12"}',
  '{"nhs_number":"\\q"}',
];
const NOT_OBJECTS = ['[]', '[{}]', '1', '-0', '"a string"', 'null', 'true', '""'];
const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype'];
const WRONG_CONTENT_TYPES = [
  null,
  'text/plain',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/jsonx',
  'application/json-patch',
  '*/*',
];

export function provisionCorpus(valid: ValidProvision): BadInput[] {
  const cases: BadInput[] = [];
  const add = (name: string, body: string, contentType: string | null = JSON_TYPE) =>
    cases.push({ name: `provision: ${name}`, endpoint: '/provision-account', body, contentType });
  const text = JSON.stringify(valid);

  for (let cut = 1; cut < text.length; cut += Math.ceil(text.length / 40)) add(`truncated at byte ${cut}`, text.slice(0, cut));
  for (const broken of BROKEN_JSON) add(`malformed JSON ${JSON.stringify(broken)}`, broken);
  for (const value of NOT_OBJECTS) add(`a JSON ${value} instead of an object`, value);
  for (const field of PROVISION_FIELDS) {
    const { [field]: _omitted, ...rest } = valid;
    add(`${field} missing`, JSON.stringify(rest));
    for (const [kind, value] of WRONG_TYPES) add(`${field} as ${kind}`, JSON.stringify({ ...valid, [field]: value }));
    for (const [kind, damage] of DAMAGED_STRINGS) add(`${field} ${kind}`, JSON.stringify({ ...valid, [field]: damage(valid[field]) }));
  }
  for (const key of POLLUTION_KEYS) {
    add(`a top-level "${key}" key`, `{"${key}":{"polluted":true},${text.slice(1)}`);
    add(`a nested "${key}" key`, JSON.stringify({ ...valid, extra: JSON.parse(`{"${key}":{"polluted":true}}`) }));
  }
  for (const type of WRONG_CONTENT_TYPES) add(`Content-Type ${type ?? '(none)'}`, text, type);
  add('a form body', new URLSearchParams(valid).toString(), FORM_TYPE);
  add('a body over the size limit (70 KB)', JSON.stringify({ ...valid, padding: 'x'.repeat(70_000) }));
  add('a body of 1 MB', 'x'.repeat(1_000_000));
  add('invalid UTF-8', `{"nhs_number":"\udc00"}`);
  add('an empty body', '');
  return cases;
}

/**
 * Token-request damage for a valid form of either grant. `extras` are parameters a client might
 * add that must be refused (client_id is optional in the client-credentials grant, so it is only
 * damage where the form has none).
 */
export function tokenCorpus(validForm: Record<string, string>, extras: readonly string[] = ['client_id', 'client_secret']): BadInput[] {
  const cases: BadInput[] = [];
  const add = (name: string, body: string, contentType: string | null = FORM_TYPE) =>
    cases.push({ name: `token: ${name}`, endpoint: '/token', body, contentType });
  const form = (params: [string, string][]) => params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const entries = Object.entries(validForm);

  for (const [name] of entries) {
    add(`${name} missing`, form(entries.filter(([n]) => n !== name)));
    add(`${name} empty`, form(entries.map(([n, v]) => [n, n === name ? '' : v])));
    add(`${name} repeated`, form([...entries, [name, validForm[name]!]]));
    for (const [kind, damage] of DAMAGED_STRINGS) add(`${name} ${kind}`, form(entries.map(([n, v]) => [n, n === name ? damage(v) : v])));
  }
  for (const extra of extras) add(`${extra} sent as well`, form([...entries, [extra, 'x']]));
  for (const key of POLLUTION_KEYS) add(`a "${key}" parameter`, form([[key, 'x'], ...entries]));
  const whole = form(entries);
  for (let cut = 1; cut < whole.length; cut += Math.ceil(whole.length / 40)) add(`truncated at byte ${cut}`, whole.slice(0, cut));
  for (const escape of ['%', '%z', '%zz', '%E0%A4%A', '%FF%FE', '%C0%AF'])
    add(`invalid percent-encoding ${escape}`, `${whole}&x=${escape}`);
  for (const type of WRONG_CONTENT_TYPES) add(`Content-Type ${type ?? '(none)'}`, whole, type);
  add('a JSON body', JSON.stringify(validForm), JSON_TYPE);
  add('a body over the size limit (70 KB)', `${whole}&padding=${'x'.repeat(70_000)}`);
  add('an empty body', '');
  return cases;
}

/** GET /v2/Users with broken filters: each must get the spec's 400 `{"Errors": [...]}`. */
export function usersCorpus(validNhsNumber: string, validEmail: string): BadInput[] {
  const cases: BadInput[] = [];
  const add = (name: string, query: string, body = '') =>
    cases.push({ name: `users: ${name}`, endpoint: '/v2/Users', body, contentType: body ? FORM_TYPE : null, query });
  const filter = (text: string) => `filter=${encodeURIComponent(text)}`;
  const valid = `nhsnumber eq "${validNhsNumber}"`;

  for (let cut = 1; cut < valid.length; cut += 2) add(`filter truncated at ${cut}`, filter(valid.slice(0, cut)));
  for (const [kind, damage] of DAMAGED_STRINGS) {
    add(`NHS number ${kind}`, filter(`nhsnumber eq ${JSON.stringify(damage(validNhsNumber))}`));
    add(`email ${kind}`, filter(`email eq ${JSON.stringify(damage(validEmail))}`));
  }
  const broken: [string, string][] = [
    ['an unbalanced quote', `nhsnumber eq "${validNhsNumber}`],
    ['single quotes', `nhsnumber eq '${validNhsNumber}'`],
    ['an unquoted value', `nhsnumber eq ${validNhsNumber}`],
    ['an unknown attribute', `surname eq "Smith"`],
    ['an attribute that cannot be filtered on', `userName eq "${validEmail}"`],
    ['an unknown operator', `nhsnumber like "${validNhsNumber}"`],
    ['a SCIM operator other than eq', `nhsnumber pr`],
    ['six expressions', Array.from({ length: 6 }, () => valid).join(' or ')],
    ['a hundred expressions', Array.from({ length: 100 }, () => valid).join(' and ')],
    ['a dangling and', `${valid} and`],
    ['grouping parentheses', `(${valid})`],
    ['not', `not ${valid}`],
    ['a value path', `emails[value eq "${validEmail}"]`],
    ['SQL after the value', `${valid}; DROP TABLE users; --`],
    ['SQL in an unquoted value', `nhsnumber eq 1 OR 1=1`],
    ['a control character between words', `nhsnumber\u0001eq "${validNhsNumber}"`],
    ['a raw NUL inside the value', `nhsnumber eq "999\u0000"`],
    ['a lone backslash escape', `nhsnumber eq "${validNhsNumber}\\"`],
    ['an empty filter', ''],
    ['only spaces', '    '],
  ];
  for (const [name, text] of broken) add(name, filter(text));
  add('a 10 000-character value', filter(`nhsnumber eq "${'9'.repeat(10_000)}"`));
  add('filter repeated', `${filter(valid)}&${filter(valid)}`);
  add('no filter at all', '');
  add('the filter in the body of a GET', '', filter(valid));
  add('a differently spelt parameter', `Filter=${encodeURIComponent(valid)}`);
  add('invalid percent-encoding', 'filter=%zz');
  return cases;
}
