import { describe, expect, it } from 'vitest';
import { conformanceRules } from './rules';

/**
 * The checker never fails a client for what only the sandbox expects (issue #32): a rule whose
 * basis is the sandbox's own choice is a SHOULD at most, and every MUST names the specification,
 * or an RFC it cites, as its source.
 */
describe('the conformance rules', () => {
  it("hold a client to the sandbox's own expectations as SHOULD at most", () => {
    const mustByChoice = conformanceRules.filter((rule) => rule.basis === 'sandbox-expectation' && rule.level === 'MUST');
    expect(mustByChoice.map((rule) => rule.id)).toEqual([]);
  });

  it('cite the specification or an RFC for every MUST', () => {
    const uncited = conformanceRules.filter(
      (rule) => rule.level === 'MUST' && !/CID-IS-P|CID-IS-F|Users Endpoint V2|RFC \d{4}/.test(rule.section),
    );
    expect(uncited.map((rule) => rule.id)).toEqual([]);
  });
});
