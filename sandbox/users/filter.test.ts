import { describe, expect, it } from 'vitest';
import { evaluateFilter, FILTER_ERRORS, parseFilter, type Filter } from './filter';

const NHS_A = '9434765919';
const NHS_B = '9990000026';

describe('the Users Endpoint V2 filter subset', () => {
  it.each([
    [`nhsnumber eq "${NHS_A}"`, { kind: 'eq', attribute: 'nhsnumber', value: NHS_A }],
    ['email eq "a@example.com"', { kind: 'eq', attribute: 'email', value: 'a@example.com' }],
    [`NhsNumber EQ "${NHS_A}"`, { kind: 'eq', attribute: 'nhsnumber', value: NHS_A }],
    [
      `email eq "a@example.com" and nhsnumber eq "${NHS_A}"`,
      {
        kind: 'and',
        operands: [
          { kind: 'eq', attribute: 'email', value: 'a@example.com' },
          { kind: 'eq', attribute: 'nhsnumber', value: NHS_A },
        ],
      },
    ],
    [
      `email eq "a@example.com" OR nhsnumber eq "${NHS_A}"`,
      {
        kind: 'or',
        operands: [
          { kind: 'eq', attribute: 'email', value: 'a@example.com' },
          { kind: 'eq', attribute: 'nhsnumber', value: NHS_A },
        ],
      },
    ],
    [`  nhsnumber   eq   "${NHS_A}"  `, { kind: 'eq', attribute: 'nhsnumber', value: NHS_A }],
    ['email eq "a\\u0040b.co"', { kind: 'eq', attribute: 'email', value: 'a@b.co' }],
  ])('reads %s', (text, expected) => {
    expect(parseFilter(text)).toEqual({ ok: true, filter: expected });
  });

  it('binds and tighter than or, as SCIM does', () => {
    const read = parseFilter(`email eq "a@x.uk" or nhsnumber eq "${NHS_A}" and email eq "b@x.uk" or nhsnumber eq "${NHS_B}"`);
    expect(read).toEqual({
      ok: true,
      filter: {
        kind: 'or',
        operands: [
          { kind: 'eq', attribute: 'email', value: 'a@x.uk' },
          {
            kind: 'and',
            operands: [
              { kind: 'eq', attribute: 'nhsnumber', value: NHS_A },
              { kind: 'eq', attribute: 'email', value: 'b@x.uk' },
            ],
          },
          { kind: 'eq', attribute: 'nhsnumber', value: NHS_B },
        ],
      },
    });
  });

  it('takes five comparisons and refuses a sixth', () => {
    const five = Array.from({ length: 5 }, () => `nhsnumber eq "${NHS_A}"`).join(' or ');
    expect(parseFilter(five).ok).toBe(true);
    expect(parseFilter(`${five} or email eq "a@b.co"`)).toEqual({ ok: false, error: 'tooMany' });
  });

  it.each([
    [undefined, 'missing'],
    ['', 'syntax'],
    [`nhsnumber eq "${NHS_A}`, 'syntax'],
    [`nhsnumber eq ${NHS_A}`, 'syntax'],
    [`nhsnumber eq '${NHS_A}'`, 'syntax'],
    [`nhsnumber "${NHS_A}"`, 'syntax'],
    [`nhsnumber eq "${NHS_A}" and`, 'syntax'],
    [`(nhsnumber eq "${NHS_A}")`, 'syntax'],
    [`not nhsnumber eq "${NHS_A}"`, 'syntax'],
    [`emails[type eq "home"]`, 'syntax'],
    [`nhsnumber eq "${NHS_A}" "x"`, 'syntax'],
    ['nhsnumber eq "943\u00014765919"', 'syntax'],
    ['nhsnumber eq "9434765919\\"', 'syntax'],
    [`nhsnumber eq "${NHS_A}"; DROP TABLE users`, 'syntax'],
    [`surname eq "Smith"`, 'attribute'],
    [`userName eq "a@b.co"`, 'eitherAttribute'],
    [`name.familyName eq "Smith"`, 'eitherAttribute'],
    [`nhsnumber ne "${NHS_A}"`, 'operator'],
    [`nhsnumber co "943"`, 'operator'],
    [`nhsnumber eq "${NHS_A}" xor email eq "a@b.co"`, 'operator'],
    ['nhsnumber eq "9434765918"', 'nhsNumber'],
    ['nhsnumber eq "943476591"', 'nhsNumber'],
    [`nhsnumber eq "${'9'.repeat(10_000)}"`, 'nhsNumber'],
    ["nhsnumber eq \"1' OR '1'='1\"", 'nhsNumber'],
    ['email eq "not-an-email"', 'email'],
    [`email eq "${'a'.repeat(10_000)}@example.com"`, 'email'],
  ] as const)('refuses %j as %s', (text, error) => {
    expect(parseFilter(text)).toEqual({ ok: false, error });
    expect(FILTER_ERRORS[error]).toBeTypeOf('string');
  });

  it('evaluates and as intersection and or as union, each account once', () => {
    const people = { a: { id: 'a' }, b: { id: 'b' }, c: { id: 'c' } };
    const lookup = (attribute: string, value: string) =>
      attribute === 'email' ? (value === 'shared@x.uk' ? [people.a, people.b] : []) : value === NHS_A ? [people.a] : [people.c];
    const read = (text: string) => evaluateFilter((parseFilter(text) as { filter: Filter }).filter, lookup);
    expect(read(`email eq "shared@x.uk" and nhsnumber eq "${NHS_A}"`)).toEqual([people.a]);
    expect(read(`email eq "shared@x.uk" or nhsnumber eq "${NHS_A}"`)).toEqual([people.a, people.b]);
    expect(read(`email eq "shared@x.uk" or nhsnumber eq "${NHS_B}"`)).toEqual([people.a, people.b, people.c]);
    expect(read(`email eq "none@x.uk" and nhsnumber eq "${NHS_A}"`)).toEqual([]);
  });
});
