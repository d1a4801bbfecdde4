import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Hono } from 'hono';
import type { PublishedCatalogue } from '../catalogue/published-catalogue';
import type { Config } from '../config/config';
import { openApiDocument } from './openapi';

/**
 * GET /openapi.json and the interactive docs at /docs: Swagger UI served from the installed
 * swagger-ui-dist package (no CDN), pointed at the sandbox's own document, with a button that
 * authorises "Try it out" with the demo client's token (sandbox/auth/demo-token.ts).
 */
const require = createRequire(import.meta.url);
const uiDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
const UI_FILES = { 'swagger-ui.css': 'text/css', 'swagger-ui-bundle.js': 'text/javascript' } as const;

/**
 * Swagger UI as shipped fails axe-core on six counts; each is worked around here rather than by
 * patching the bundle, so upgrading swagger-ui-dist stays a version bump. init.js adds the missing
 * attributes as the UI renders (a MutationObserver: Swagger UI has no hook for its markup):
 * - `region`: the API description and the servers block sit outside Swagger UI's own <main>; they
 *   become named regions;
 * - `heading-order`: tag headings are <h3> under the <h1> title, operation parts <h4>/<h5>; they are
 *   given the levels their nesting means (2, 3, 4);
 * - `select-name`, `label`: the servers, example, media-type and parameter controls have no label;
 *   each gets one (a parameter's is its name);
 * - `nested-interactive`: deep links put an <a> inside each operation's toggle <button>; they are off;
 * - `scrollable-region-focusable`: a curl command with a bearer token scrolls; it wraps instead, and
 *   is focusable should it still scroll;
 * - `color-contrast`: white text on the method colours and the grey version badge is below 4.5:1;
 *   accessible.css moves them to NHS palette colours (all at least 4.5:1 against white).
 */
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>API documentation – NHS login provisioning sandbox</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"><link rel="stylesheet" href="/docs/assets/accessible.css"></head>
<body><section class="demo-token" aria-label="Authorise">
<button type="button" id="demo-token">Authorise with a demo token</button>
<p id="demo-token-status" role="status">"Try it out" on the API sends no token until you authorise: this gets a provisioning token for the demo client, whose key is public test data.</p>
</section><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/init.js"></script></body></html>`;
const INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: false, validatorUrl: null });
const MISSING_ATTRIBUTES = [
  ['.information-container', { role: 'region', 'aria-label': 'About this API' }],
  ['.schemes-server-container', { role: 'region', 'aria-label': 'Server and authorisation' }],
  ['h3.opblock-tag', { 'aria-level': '2' }],
  ['section.models h4', { 'aria-level': '2' }],
  ['.opblock h4', { 'aria-level': '3' }],
  ['.opblock h5', { 'aria-level': '4' }],
  ['#servers', { 'aria-label': 'Server' }],
  ['.examples-select-element', { 'aria-label': 'Example' }],
  ['.content-type', { 'aria-label': 'Media type' }],
  ['textarea.body-param__text', { 'aria-label': 'Request body' }],
  ['.curl-command .curl', { tabindex: '0' }],
];
/** A control Swagger UI leaves unnamed: named after its parameter, e.g. "Prefer". */
const parameterName = (control) => control.closest('tr')?.querySelector('.parameter__name')?.firstChild?.textContent?.trim();
new MutationObserver(() => {
  for (const [selector, attributes] of MISSING_ATTRIBUTES)
    for (const element of document.querySelectorAll(selector))
      for (const [name, value] of Object.entries(attributes)) if (!element.hasAttribute(name)) element.setAttribute(name, value);
  for (const control of document.querySelectorAll('.parameters select:not([aria-label]), .parameters input:not([aria-label]), .parameters textarea:not([aria-label])'))
    if (parameterName(control)) control.setAttribute('aria-label', parameterName(control));
}).observe(document.getElementById('swagger-ui'), { childList: true, subtree: true });
/**
 * The demo token, fetched same-origin through the console's door to the admin API (so a console
 * session serves when the sandbox has an admin token) and handed to Swagger UI's bearer scheme:
 * the token stays in the page, never in a URL.
 */
const demoStatus = document.getElementById('demo-token-status');
document.getElementById('demo-token').addEventListener('click', async () => {
  demoStatus.textContent = 'Getting a token…';
  const response = await fetch('/console/admin/demo-token', { method: 'POST' }).catch(() => null);
  const answer = response ? await response.json().catch(() => null) : null;
  if (!response || !response.ok || !answer || !answer.access_token) {
    demoStatus.textContent = response && response.status === 401
      ? 'This sandbox has an admin token: sign in to the console (/console/sign-in) in this browser, then press the button again.'
      : 'No token: ' + ((answer && answer.description) || (response ? 'HTTP ' + response.status : 'the sandbox did not answer'));
    return;
  }
  window.ui.preauthorizeApiKey('bearer', answer.access_token);
  demoStatus.textContent = 'Authorised as ' + answer.client_id + ' for ' + answer.expires_in + ' s: "Try it out" now sends this token. Press again for a fresh one.';
});`;
const ACCESSIBLE_CSS = `
.demo-token { max-width: 1460px; margin: 16px auto 0; padding: 0 20px; font-family: sans-serif; display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
.demo-token button { background: #007f3b; color: #fff; border: 0; border-radius: 4px; padding: 10px 16px; font-size: 16px; font-weight: 700; cursor: pointer; }
.demo-token button:focus { outline: 3px solid #ffeb3b; outline-offset: 2px; }
.demo-token p { margin: 0; color: #212b32; flex: 1 1 20em; }
.swagger-ui .curl-command .curl { white-space: pre-wrap !important; overflow-wrap: anywhere; }
.swagger-ui .opblock.opblock-get .opblock-summary-method { background: #005eb8; }
.swagger-ui .opblock.opblock-post .opblock-summary-method { background: #007f3b; }
.swagger-ui .opblock.opblock-put .opblock-summary-method { background: #7c2855; }
.swagger-ui .opblock.opblock-patch .opblock-summary-method { background: #330072; }
.swagger-ui .opblock.opblock-delete .opblock-summary-method { background: #d5281b; }
.swagger-ui .opblock .opblock-summary-method { background: #4c6272; }
.swagger-ui .info .title small { background: #4c6272; }
.swagger-ui .info .title small.version-stamp { background: #007f3b; }
.swagger-ui .info .title small pre { color: #fff; }
.swagger-ui .info a.url, .swagger-ui .info .url { color: #005eb8; }
.swagger-ui .btn.authorize span, .swagger-ui .btn span { color: #212b32; }
.swagger-ui .btn.authorize { border-color: #007f3b; }
.swagger-ui .btn.execute { background: #005eb8; border-color: #005eb8; }
.swagger-ui .btn.execute span, .swagger-ui .btn.execute { color: #fff; }
.swagger-ui .try-out__btn { color: #212b32; border-color: #4c6272; }
.swagger-ui .try-out__btn.cancel { color: #d5281b; border-color: #d5281b; }
.swagger-ui .download-contents { background: #4c6272; color: #fff; }
.swagger-ui .parameter__in, .swagger-ui .parameter__type, .swagger-ui .prop-format { color: #4c6272; }
`;

export function docsRoutes(config: Config, catalogue: PublishedCatalogue) {
  const cache: Partial<Record<keyof typeof UI_FILES, string>> = {};
  return new Hono()
    .get('/openapi.json', (c) => c.json(openApiDocument(config, catalogue)))
    .get('/docs', (c) => c.html(PAGE))
    .get('/docs/assets/init.js', (c) => c.body(INIT, 200, { 'content-type': 'text/javascript; charset=utf-8' }))
    .get('/docs/assets/accessible.css', (c) => c.body(ACCESSIBLE_CSS, 200, { 'content-type': 'text/css; charset=utf-8' }))
    .get('/docs/assets/:file', (c) => {
      const file = c.req.param('file');
      if (!Object.hasOwn(UI_FILES, file)) return c.notFound();
      const name = file as keyof typeof UI_FILES;
      cache[name] ??= readFileSync(path.join(uiDir, name), 'utf8');
      return c.body(cache[name], 200, { 'content-type': `${UI_FILES[name]}; charset=utf-8`, 'cache-control': 'public, max-age=3600' });
    });
}
