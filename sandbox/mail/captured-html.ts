/**
 * How a captured email's HTML is answered wherever it is shown (the capture's `/view/{ID}.html`,
 * the console's outbox frames). Anyone who can reach SMTP can send the capture mail, so its HTML
 * may carry script: `CSP: sandbox` runs none of it and gives the page an opaque origin (no access
 * to the sandbox's API or cookies); only the email's own inline styles and inline images load, and
 * only a page of the same origin may frame it.
 */
export const CAPTURED_HTML_HEADERS = {
  'Content-Security-Policy': "sandbox; default-src 'none'; img-src data: cid:; style-src 'unsafe-inline'; frame-ancestors 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
} as const;
