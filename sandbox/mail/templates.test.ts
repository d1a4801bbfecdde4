import { describe, expect, it } from 'vitest';
import { invitationEmail, renderInvitation } from './templates';

/**
 * The invitation is filled in from pieces rendered once (issue #31): each invitation must be the
 * one rendering it would write, whatever its arguments hold.
 */
const base = {
  name: 'Amelia Newcombe',
  to: 'amelia@example.com',
  link: 'http://127.0.0.1:8080/claim/abc',
  validFor: '7 days',
  practiceName: 'Market Street Surgery',
  provisioningId: 'prov-1',
};
const variants: [string, Partial<typeof base>][] = [
  ['plain arguments', {}],
  [
    'characters HTML escapes',
    { name: `O'Neil "Pat" <b>&amp;`, practiceName: "St Mary's & All Saints <Surgery>", link: 'http://x/claim/a?b=1&c="2"' },
  ],
  ['non-ASCII text and digits', { name: 'Zoë Ó Siadhail 0 1', practiceName: 'Ysgol — Meddygfa €', validFor: '1 day' }],
  ['empty arguments', { name: '', practiceName: '', link: '', validFor: '', to: '', provisioningId: '' }],
  ['the marker itself', { name: 'a\u00000\u0000b', practiceName: '\u0000' }],
];

describe('the invitation', () => {
  for (const outcome of ['create', 'uplift'] as const) {
    it.each(variants)(`(${outcome}) filled in with %s is the invitation rendered`, (_, variant) => {
      const args = { ...base, ...variant, outcome };
      expect(invitationEmail(args)).toEqual(renderInvitation(args));
    });
  }
});
