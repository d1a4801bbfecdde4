import { createContext, useContext, type Child } from 'hono/jsx';
import { HtmlDocument } from '../ui/html-document';
import { CONSOLE_ADMIN_PREFIX } from './claim-link';
import { GUIDE_FOR_SECTION, GUIDE_PATH, guidePage } from './guide';

/** Whether the console has a sign-in (ADMIN_TOKEN): its pages then offer to sign out. */
export const SignedIn = createContext(false);
/** What the sandbox stands in for (TEST_DATA, STATIC_OTP), said under every heading; null for its own data with random codes. */
export const StandsInFor = createContext<string | null>(null);

/** The console's page shell: NHS design-system styles served locally, a navigation bar, escaping by default. */
export const CONSOLE_SECTIONS = [
  ['/', 'Scenarios'],
  ['/console/patients', 'Patients'],
  ['/console/outbox', 'Outbox'],
  ['/console/requests', 'Requests'],
  ['/console/clock', 'Clock and faults'],
  ['/console/signing-in', 'Signing in'],
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
        {useContext(SignedIn) && (
          <form class="sign-out" method="post" action="/console/sign-out">
            <button type="submit">Sign out</button>
          </form>
        )}
      </nav>
      <main class="console-main" id="maincontent">
        <h1>{props.title}</h1>
        <GuideLink section={props.current} />
        {useContext(StandsInFor) && <p class="nhsuk-body-s">Stands in for {useContext(StandsInFor)}.</p>}
        {props.children}
        <p id="copy-status" class="nhsuk-u-visually-hidden" role="status"></p>
      </main>
    </HtmlDocument>
  );
}

/** Under a section's heading: the guide page that explains its job, and the whole guide. */
function GuideLink(props: { section: string }) {
  const file = GUIDE_FOR_SECTION[props.section];
  const page = file === undefined ? undefined : guidePage(file);
  if (!page) return null;
  return (
    <p class="console-guide">
      The guide: <a href={`${GUIDE_PATH}/${page.file}`}>{page.title}</a> (<a href={`${GUIDE_PATH}/`}>every page</a>)
    </p>
  );
}

/** A label above its input, side by side with the form's other fields and its button. */
export function Field(props: { id: string; label: string; children: Child }) {
  return (
    <div class="field">
      <label class="nhsuk-label" for={props.id}>
        {props.label}
      </label>
      {props.children}
    </div>
  );
}

/**
 * A form the console script sends to the admin API as JSON (method in data-admin), through the
 * console's own `/console/admin/*` (the console session never works at `/_sandbox`: issue #28). On success the
 * page reloads to show the change, or with `showAnswer` the answer is shown in place (a scenario
 * run); `confirm` asks first. Errors appear beside the button, announced.
 */
export function AdminForm(props: {
  action: string;
  method: 'POST' | 'PATCH' | 'DELETE';
  json?: unknown;
  label: string;
  children?: Child;
  secondary?: boolean;
  confirm?: string;
  showAnswer?: boolean;
}) {
  return (
    <form
      class="inline-form"
      action={props.action.replace(/^\/_sandbox\//, `${CONSOLE_ADMIN_PREFIX}/`)}
      method="post"
      data-admin={props.method}
      data-json={props.json === undefined ? undefined : JSON.stringify(props.json)}
      data-confirm={props.confirm}
      data-show-answer={props.showAnswer ? '' : undefined}
    >
      {props.children}
      <button class={`nhsuk-button${props.secondary ? ' nhsuk-button--secondary' : ''}`} type="submit">
        {props.label}
      </button>
      <span class="error" data-error role="alert"></span>
      {props.showAnswer && <output class="answer" data-answer aria-live="polite"></output>}
    </form>
  );
}
