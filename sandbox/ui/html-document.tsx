import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { STYLESHEET_PATH } from './assets';

/**
 * Every page the sandbox serves starts here: `<!doctype html>` first (without it browsers render in
 * quirks mode), UTF-8, a mobile viewport, the NHS design system's stylesheet served locally, then
 * the page's own stylesheets and deferred scripts — all from the same origin, so a `default-src
 * 'self'` CSP allows them and nothing inline needs an exception.
 */
export function HtmlDocument(props: { title: string; stylesheets?: string[]; scripts?: string[]; children: Child }) {
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{props.title}</title>
          <link rel="stylesheet" href={STYLESHEET_PATH} />
          {(props.stylesheets ?? []).map((href) => (
            <link rel="stylesheet" href={href} />
          ))}
        </head>
        <body>
          {props.children}
          {(props.scripts ?? []).map((src) => (
            <script src={src} defer></script>
          ))}
        </body>
      </html>
    </>
  );
}
