import { addressText as addresses, type MessageMeta } from './captured-message';

/**
 * Mailpit's search syntax, the part testers use: `to:`, `from:`, `cc:`, `subject:`,
 * `message-id:`, `is:read` / `is:unread`, quoted phrases, bare words, and `-`/`!` to negate.
 * Every term must match (AND), case-insensitively. Bare words search the subject, the addresses
 * and the first 8 KiB of the text (MessageMeta.SearchText); a query has at most MAX_TERMS terms,
 * so no search costs more than terms × messages × a bounded text.
 */
const MAX_TERMS = 20;
type Term = { field: string | null; value: string; negate: boolean };

function parseSearch(query: string): Term[] {
  const terms: Term[] = [];
  const pattern = /([-!]?)(?:([a-z-]+):)?(?:"([^"]*)"|(\S+))/gi;
  for (const match of query.matchAll(pattern)) {
    const [, negation, field, quoted, bare] = match;
    const value = (quoted ?? bare ?? '').toLowerCase();
    if (value === '' && !field) continue;
    terms.push({ field: field?.toLowerCase() ?? null, value, negate: negation !== '' });
  }
  return terms;
}

const addressText = (list: { Name: string; Address: string }[]) => addresses(list).toLowerCase();

function matchesTerm(m: MessageMeta, term: Term): boolean {
  switch (term.field) {
    case 'to':
      return addressText(m.To).includes(term.value);
    case 'from':
      return addressText([m.From]).includes(term.value);
    case 'cc':
      return addressText(m.Cc).includes(term.value);
    case 'bcc':
      return addressText(m.Bcc).includes(term.value);
    case 'subject':
      return m.Subject.toLowerCase().includes(term.value);
    case 'message-id':
      return m.MessageID.toLowerCase() === term.value;
    case 'is':
      return term.value === 'read' ? m.Read : term.value === 'unread' ? !m.Read : false;
    case null:
      return m.SearchText.includes(term.value);
    default:
      // An unknown prefix is treated as plain words, as Mailpit does.
      return matchesTerm(m, { field: null, value: `${term.field}:${term.value}`, negate: false });
  }
}

const matchesSearch = (m: MessageMeta, terms: Term[]): boolean => terms.every((t) => matchesTerm(m, t) !== t.negate);

export const TOO_MANY_TERMS = `a search may have at most ${MAX_TERMS} terms`;

/** The messages a query matches, or null for a query too costly to run (more than MAX_TERMS terms). */
export function searchMessages(messages: readonly MessageMeta[], query: string): MessageMeta[] | null {
  const terms = parseSearch(query);
  return terms.length > MAX_TERMS ? null : messages.filter((m) => matchesSearch(m, terms));
}
