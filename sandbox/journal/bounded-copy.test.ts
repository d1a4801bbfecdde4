import { describe, expect, it } from 'vitest';
import { boundedCopy, canonicalJson, JOURNAL_COPY_LIMITS } from './bounded-copy';

describe('bounded copies of untrusted input', () => {
  it('keeps an ordinary provision body unchanged', () => {
    const body = {
      nhs_number: '9990000018',
      email_address: 'a@example.com',
      date_of_birth: '1985-03-14',
      ods_code: 'A20047',
      phone_number: '+447700900001',
    };
    expect(boundedCopy(body)).toEqual(body);
  });

  it('cuts deep nesting, long strings, wide objects and the whole to the limits', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const copied = JSON.stringify(
      boundedCopy({
        deep,
        long: '\u0001'.repeat(65_536),
        wide: Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, 'v'.repeat(500)])),
      }),
    );
    expect(copied.length).toBeLessThan(JOURNAL_COPY_LIMITS.totalChars * 7);
    expect(copied).toContain('nested deeper than');
    expect(copied).toContain('more characters');
    expect(copied).toContain('more members');
  });

  it('keeps prototype-pollution keys as plain data', () => {
    const copied = boundedCopy(JSON.parse('{"__proto__":{"polluted":true}}')) as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(copied)).toEqual(['__proto__']);
  });

  it('gives the same canonical JSON whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 4, e: 5 }] } })).toBe(canonicalJson({ a: { c: [3, { e: 5, f: 4 }], d: 2 }, b: 1 }));
  });

  it('reads back as what it hashed: a line re-serialised at start-up gives the same text, whatever keys a body used', () => {
    const hostile = JSON.parse('{"10":1,"9":[{"b":2,"a":null}],"z":{"__proto__":{"polluted":true},"constructor":"x"},"":0,"é":1,"e":2}');
    const text = canonicalJson({ request: { body: hostile }, at: 'now' });
    expect(canonicalJson(JSON.parse(text))).toBe(text);
    expect(Object.keys(JSON.parse(text).request.body)).toEqual(['9', '10', '', 'e', 'z', 'é']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
