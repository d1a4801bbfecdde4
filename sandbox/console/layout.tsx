import type { Child } from 'hono/jsx';
import { HtmlDocument } from '../ui/html-document';

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
  return (
    <HtmlDocument
      title={`${props.title} – sandbox console`}
      stylesheets={['/console/assets/console.css']}
      scripts={['/console/assets/console.js']}
    >
      <nav class="console-nav" aria-label="Console sections">
        <span class="brand">NHS login provisioning sandbox</span>
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
    </HtmlDocument>
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
      <button class={`nhsuk-button${props.secondary ? ' nhsuk-button--secondary' : ''}`} type="submit">
        {props.label}
      </button>
      <span class="error" data-error role="alert"></span>
    </form>
  );
}
