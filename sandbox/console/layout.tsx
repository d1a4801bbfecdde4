import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { STYLESHEET_PATH } from '../ui/assets';

/** The console's page shell: NHS design-system styles served locally, a navigation bar, escaping by default. */
export const CONSOLE_SECTIONS = [
  ['/', 'Scenarios'],
  ['/console/patients', 'Patients'],
  ['/console/outbox', 'Outbox'],
  ['/console/requests', 'Requests'],
  ['/console/clock', 'Clock and faults'],
  ['/console/conformance', 'Conformance'],
  ['/docs', 'API docs'],
] as const;

export function ConsolePage(props: { title: string; current: string; children: Child }) {
  // <!doctype html> first, or browsers render the page in quirks mode.
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${props.title} – sandbox console`}</title>
          <link rel="stylesheet" href={STYLESHEET_PATH} />
          <link rel="stylesheet" href="/console/assets/console.css" />
        </head>
        <body>
          <nav class="console-nav" aria-label="Console sections">
            <span class="brand" style="color:#fff;font-weight:700">
              NHS login provisioning sandbox
            </span>
            {CONSOLE_SECTIONS.map(([href, label]) => (
              <a href={href} aria-current={href === props.current ? 'page' : undefined}>
                {label}
              </a>
            ))}
          </nav>
          <main class="console-main" id="maincontent">
            <h1>{props.title}</h1>
            {props.children}
          </main>
          <script src="/console/assets/console.js" defer></script>
        </body>
      </html>
    </>
  );
}

/** A form the console script sends to the admin API as JSON (method in data-admin). */
export function AdminForm(props: {
  action: string;
  method: 'POST' | 'PATCH' | 'DELETE';
  json?: unknown;
  label: string;
  children?: Child;
  secondary?: boolean;
}) {
  return (
    <form
      class="inline-form"
      action={props.action}
      method="post"
      data-admin={props.method}
      data-json={props.json === undefined ? undefined : JSON.stringify(props.json)}
    >
      {props.children}
      <button class={`nhsuk-button${props.secondary ? ' nhsuk-button--secondary' : ''}`} type="submit" style="margin-bottom:0">
        {props.label}
      </button>
      <span class="error" data-error role="alert"></span>
    </form>
  );
}
