import type { Child } from 'hono/jsx';
import { HtmlDocument } from './html-document';

/** An error summary entry: the message, linked to the field it is about. */
export interface ErrorLink {
  field: string;
  message: string;
}

/**
 * The NHS logo as the design system's header renders it (nhsuk-frontend's header template,
 * "unlinked logo" example): inline SVG, so no request and nothing for the page's CSP to allow.
 */
const NHS_LOGO_PATH =
  'M200 0v80H0V0h200Zm-27.5 5.5c-14.5 0-29 5-29 22 0 10.2 7.7 13.5 14.7 16.3l.7.3c5.4 2 10.1 3.9 10.1 8.4 0 6.5-8.5 7.5-14 7.5s-12.5-1.5-16-3.5L135 70c5.5 2 13.5 3.5 20 3.5 15.5 0 32-4.5 32-22.5 0-19.5-25.5-16.5-25.5-25.5 0-5.5 5.5-6.5 12.5-6.5a35 35 0 0 1 14.5 3l4-13.5c-4.5-2-12-3-20-3Zm-131 2h-22l-14 65H22l9-45h.5l13.5 45h21.5l14-65H64l-9 45h-.5l-13-45Zm63 0h-18l-13 65h17l6-28H117l-5.5 28H129l13.5-65H125L119.5 32h-20l5-24.5Z';

const NhsLogo = () => (
  <svg
    class="nhsuk-header__logo"
    xmlns="http://www.w3.org/2000/svg"
    viewBox="0 0 200 80"
    height="40"
    width="100"
    focusable="false"
    role="img"
    aria-label="NHS"
  >
    <title>NHS</title>
    <path fill="currentcolor" d={NHS_LOGO_PATH} />
  </svg>
);

/** The design system's tick icon (nhsuk-frontend's icon set), for tick lists. */
export const TickIcon = () => (
  <svg
    class="nhsuk-icon nhsuk-icon--tick"
    xmlns="http://www.w3.org/2000/svg"
    viewBox="0 0 24 24"
    width="16"
    height="16"
    focusable="false"
    aria-hidden="true"
  >
    <path d="M11.4 17.5a2 2 0 0 1-2.7.1h-.1L4 12.8a1.5 1.5 0 0 1 2.1-2L10 14.7l8.1-8.1a1.5 1.5 0 1 1 2.2 2l-8.9 9Z" />
  </svg>
);

/**
 * The page shell for patient-facing pages: NHS design-system markup, local styles only, an error
 * summary that takes focus by itself (autofocus: no JavaScript needed) and a visible reminder that
 * everything here is test data. Hono's JSX escapes every interpolated value.
 */
export function PatientPage(props: { title: string; errors?: ErrorLink[]; children: Child }) {
  const errors = props.errors ?? [];
  return (
    <HtmlDocument title={`${errors.length ? 'Error: ' : ''}${props.title} – NHS login (sandbox)`}>
      <a class="nhsuk-skip-link" href="#maincontent">
        Skip to main content
      </a>
      <header class="nhsuk-header" role="banner">
        <div class="nhsuk-header__container nhsuk-width-container">
          <div class="nhsuk-header__service">
            <NhsLogo />
            <span class="nhsuk-header__service-name">NHS login</span>
          </div>
        </div>
      </header>
      <div class="nhsuk-width-container">
        <main class="nhsuk-main-wrapper" id="maincontent" role="main">
          <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
              {errors.length > 0 && (
                <div class="nhsuk-error-summary" aria-labelledby="error-summary-title" role="alert" tabindex={-1} autofocus>
                  <h2 class="nhsuk-error-summary__title" id="error-summary-title">
                    There is a problem
                  </h2>
                  <div class="nhsuk-error-summary__body">
                    <ul class="nhsuk-list nhsuk-error-summary__list">
                      {errors.map((e) => (
                        <li>
                          <a href={`#${e.field}`}>{e.message}</a>
                        </li>
                      ))}
                    </ul>
                  </div>
                </div>
              )}
              {props.children}
            </div>
          </div>
        </main>
      </div>
      <footer role="contentinfo" class="nhsuk-footer">
        <div class="nhsuk-width-container">
          <p class="nhsuk-body-s">NHS login provisioning sandbox: every page, person and message here is test data.</p>
        </div>
      </footer>
    </HtmlDocument>
  );
}
