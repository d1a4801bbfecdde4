import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Hono } from 'hono';

/**
 * The NHS design system's styles, served from the installed nhsuk-frontend package so pages work
 * with no internet. Its stylesheet loads the Frutiger web font from the NHS CDN; those
 * @font-face rules are removed (pages fall back to Arial, as the design system's own font stack
 * says), so a browser never reaches out. Icons are served from the package's images.
 */
const require = createRequire(import.meta.url);
const packageDir = path.dirname(require.resolve('nhsuk-frontend/package.json'));
const distDir = path.join(packageDir, 'dist', 'nhsuk');

export const STYLESHEET_PATH = '/assets/nhsuk-frontend.min.css';

let stylesheet: string | null = null;
const offlineStylesheet = (): string =>
  (stylesheet ??= readFileSync(path.join(distDir, 'nhsuk-frontend.min.css'), 'utf8').replace(/@font-face\{[^}]*\}/g, ''));

const CACHE = { 'Cache-Control': 'public, max-age=3600' };

export function assetRoutes() {
  return new Hono()
    .get(STYLESHEET_PATH, (c) => c.body(offlineStylesheet(), 200, { 'Content-Type': 'text/css; charset=utf-8', ...CACHE }))
    .get('/favicon.ico', (c) =>
      c.body(new Uint8Array(readFileSync(path.join(distDir, 'assets', 'images', 'favicon.ico'))), 200, {
        'Content-Type': 'image/x-icon',
        ...CACHE,
      }),
    )
    .get('/assets/images/:name{[a-z0-9-]+\\.svg}', (c) => {
      let svg: Buffer;
      try {
        svg = readFileSync(path.join(distDir, 'assets', 'images', c.req.param('name')));
      } catch {
        return c.notFound();
      }
      return c.body(new Uint8Array(svg), 200, { 'Content-Type': 'image/svg+xml', ...CACHE });
    });
}
