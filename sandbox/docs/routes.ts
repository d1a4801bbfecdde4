import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Hono } from 'hono';
import type { Config } from '../config/config';
import { openApiDocument } from './openapi';

/**
 * GET /openapi.json and the interactive docs at /docs: Swagger UI served from the installed
 * swagger-ui-dist package (no CDN), pointed at the sandbox's own document.
 */
const require = createRequire(import.meta.url);
const uiDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
const UI_FILES = { 'swagger-ui.css': 'text/css', 'swagger-ui-bundle.js': 'text/javascript' } as const;

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>API documentation – NHS login provisioning sandbox</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/init.js"></script></body></html>`;
const INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, validatorUrl: null });`;

export function docsRoutes(config: Config) {
  const cache: Partial<Record<keyof typeof UI_FILES, string>> = {};
  return new Hono()
    .get('/openapi.json', (c) => c.json(openApiDocument(config)))
    .get('/docs', (c) => c.html(PAGE))
    .get('/docs/assets/init.js', (c) => c.body(INIT, 200, { 'content-type': 'text/javascript; charset=utf-8' }))
    .get('/docs/assets/:file', (c) => {
      const file = c.req.param('file');
      if (!Object.hasOwn(UI_FILES, file)) return c.notFound();
      const name = file as keyof typeof UI_FILES;
      cache[name] ??= readFileSync(path.join(uiDir, name), 'utf8');
      return c.body(cache[name], 200, { 'content-type': `${UI_FILES[name]}; charset=utf-8`, 'cache-control': 'public, max-age=3600' });
    });
}
