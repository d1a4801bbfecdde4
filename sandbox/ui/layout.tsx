import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { STYLESHEET_PATH } from './assets';

/**
 * The page shell for patient-facing pages: NHS design-system markup, local styles only, an error
 * summary that takes focus by itself (autofocus: no JavaScript needed) and a visible reminder that
 * everything here is test data. Hono's JSX escapes every interpolated value.
 */
export interface ErrorLink {
  field: string;
  message: string;
}

export function PatientPage(props: { title: string; errors?: ErrorLink[]; children: Child }) {
  const errors = props.errors ?? [];
  // <!doctype html> first, or browsers render the page in quirks mode.
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${errors.length ? 'Error: ' : ''}${props.title} – NHS login (sandbox)`}</title>
          <link rel="stylesheet" href={STYLESHEET_PATH} />
        </head>
        <body>
          <a class="nhsuk-skip-link" href="#maincontent">
            Skip to main content
          </a>
          <header class="nhsuk-header" role="banner">
            <div class="nhsuk-header__container nhsuk-width-container">
              <span class="nhsuk-header__service-name" style="color:#fff;font-weight:600;padding:16px 0;display:inline-block">
                NHS login
              </span>
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
        </body>
      </html>
    </>
  );
}
