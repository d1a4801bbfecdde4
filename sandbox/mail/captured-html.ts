/**
 * How a captured email's HTML is answered wherever it is shown (the capture's `/view/{ID}.html`,
 * the console's outbox frames). Anyone who can reach SMTP can send the capture mail, so its HTML
 * may carry script: `CSP: sandbox` runs none of it and gives the page an opaque origin (no access
 * to the sandbox's API or cookies); only the email's own inline styles and inline images load, and
 * only a page of the same origin may frame it.
 *
 * Its links open in a new tab, as in Mailpit and in a real mail client: followed inside the frame,
 * the claim link would load a page whose own policy (`frame-ancestors 'none'`) forbids framing,
 * leaving a grey box. So the HTML gets `<base target="_blank">` and the sandbox allows popups that
 * escape it (`allow-popups allow-popups-to-escape-sandbox`, in the header and on every frame): the
 * new tab is an ordinary page, while the email itself still runs no script and submits no form.
 */
export const CAPTURED_HTML_SANDBOX = 'allow-popups allow-popups-to-escape-sandbox';

export const CAPTURED_HTML_HEADERS = {
  'Content-Security-Policy': `sandbox ${CAPTURED_HTML_SANDBOX}; default-src 'none'; img-src data: cid:; style-src 'unsafe-inline'; frame-ancestors 'self'`,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
} as const;

const NEW_TAB_BASE = '<base target="_blank">';

/**
 * The email's HTML with links opening in a new tab: the base element goes first in <head> (the
 * first base with a target wins, so the email's own cannot override it), or after <html> or the
 * doctype when there is no <head>, never before a doctype (that would put the frame in quirks mode).
 */
export function linksOpenInNewTab(html: string): string {
  for (const opening of [/<head\b[^>]*>/i, /<html\b[^>]*>/i, /<!doctype\b[^>]*>/i]) {
    const found = opening.exec(html);
    if (found) return `${html.slice(0, found.index + found[0].length)}${NEW_TAB_BASE}${html.slice(found.index + found[0].length)}`;
  }
  return `${NEW_TAB_BASE}${html}`;
}
