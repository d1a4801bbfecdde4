import { parseHTML } from 'linkedom';
import { normalise, pressedForm } from './html-form';
/**
 * Drives the claiming journey the way a browser without JavaScript would: GET pages, follow
 * redirects, keep the session cookie, and send forms as a person uses them — the page is parsed
 * as HTML (linkedom), a button is found by its accessible name, fields by their labels, and the
 * button's own form is sent with its hidden fields. Nothing depends on this sandbox's markup
 * beyond what a person sees, so the Gherkin steps can drive another implementation's pages.
 * Used by the tests (through `app.request`) and the steps (through fetch against any target).
 */
/** What a scenario needs of a driver: the HTTP one below, or a real browser (browser.ts). */
export interface JourneyDriver {
  open(link: string): Promise<unknown>;
  reload(): Promise<unknown>;
  continueFromStart(): Promise<unknown>;
  enterCode(code: string): Promise<unknown>;
  resendCode(): Promise<unknown>;
  answerDetails(answer: 'yes' | 'no' | 'some-wrong'): Promise<unknown>;
  /** "Continue" on the advice after "some of my details are wrong". */
  continueAfterAdvice(): Promise<unknown>;
  /** "Go back and change your answer" on the not-my-details page. */
  changeAnswer(): Promise<unknown>;
  createPassword(password: string): Promise<unknown>;
  enterPassword(password: string): Promise<unknown>;
  /** The page's main heading and, on a stop page, its reference (null where the page shows none). */
  where(): Promise<{ heading: string; reference: string | null }>;
  /**
   * Whether the page says the journey stopped: an error answer (4xx/5xx), with or without a
   * reference — but not 400, the same page again with a field's error (the patient can go on).
   */
  stopped(): Promise<boolean>;
  /** Every page shown so far, in order (after redirects): its path and main heading. */
  readonly served: readonly ServedPage[];
}

export interface ServedPage {
  path: string;
  heading: string;
}

/** See JourneyDriver.stopped. */
export const isStopStatus = (status: number) => status > 400;

export type RequestFn = (path: string, init?: RequestInit) => Response | Promise<Response>;

export interface ClaimPage {
  status: number;
  path: string;
  html: string;
  headers: Headers;
}

/** A button's accessible name: aria-label if given, else its text (or an input's value). */

/** The labels of the three answers to "Are these your details?", as the page shows them. */
const DETAILS_ANSWERS = {
  yes: 'Yes, these are my details',
  no: 'No, these are not my details',
  'some-wrong': 'These are my details, but some are wrong',
} as const;

export class ClaimDriver implements JourneyDriver {
  cookie: string | null = null;
  page: ClaimPage | null = null;
  /** Every Set-Cookie header the journey sent, for cookie-attribute checks. */
  readonly setCookies: string[] = [];
  readonly served: ServedPage[] = [];

  constructor(private readonly request: RequestFn) {}

  /** Opens the invitation link (absolute or path) and follows it to a page. */
  open(link: string): Promise<ClaimPage> {
    return this.go(link.replace(/^https?:\/\/[^/]+/, ''));
  }

  go(path: string): Promise<ClaimPage> {
    return this.#send(path, { method: 'GET' });
  }

  reload(): Promise<ClaimPage> {
    return this.go(this.page?.path ?? '/claim/start');
  }

  async where() {
    return { heading: this.heading, reference: this.reference };
  }

  async stopped() {
    return isStopStatus(this.page?.status ?? 0);
  }

  /** Sends a form from the current page, adding its CSRF token unless `csrf` says otherwise. */
  submit(path: string, fields: Record<string, string> = {}, csrf: string | null = this.csrf): Promise<ClaimPage> {
    const body = new URLSearchParams({ ...(csrf === null ? {} : { csrf }), ...fields });
    return this.#send(path, { method: 'POST', body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  /**
   * Fills the fields named by their labels (true ticks a box or picks a radio), then presses the
   * button with this accessible name: its form is sent with its hidden fields, to its action.
   */
  press(buttonName: string, fields: Record<string, string | true> = {}): Promise<ClaimPage> {
    const sent = pressedForm(this.page?.html ?? '', buttonName, fields, this.page?.path ?? 'no page');
    return this.#send(sent.action ?? this.page!.path, {
      method: 'POST',
      body: sent.body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  }

  continueFromStart = () => this.press('Continue');
  enterCode = (code: string) => this.press('Continue', { 'Security code': code });
  resendCode = () => this.press('Send the security code again');
  answerDetails = (answer: 'yes' | 'no' | 'some-wrong') => this.press('Continue', { [DETAILS_ANSWERS[answer]]: true });
  continueAfterAdvice = () => this.press('Continue');
  /** With CLAIM_DOB_CHECK: the date of birth, YYYY-MM-DD, typed into the day, month and year boxes. */
  enterDateOfBirth = (dob: string) => {
    const [year = '', month = '', day = ''] = dob.split('-');
    return this.press('Continue', { Day: day, Month: month, Year: year });
  };
  changeAnswer = () => this.press('Go back and change your answer');
  createPassword = (password: string, confirm = password, terms = true) =>
    this.press('Continue', {
      'Create a password': password,
      'Type your password again': confirm,
      ...(terms ? { 'I agree to the NHS login terms of use': true as const } : {}),
    });
  enterPassword = (password: string) => this.press('Continue', { Password: password });

  get csrf(): string | null {
    return this.#document().querySelector('input[name="csrf"]')?.getAttribute('value') ?? null;
  }

  get heading(): string {
    return normalise(this.#document().querySelector('h1')?.textContent);
  }

  /**
   * The reference of a page that stops the journey: a "Reference: …" shown on an error answer
   * (4xx/5xx) — NHS login's CID numbers (the prototype's CID1100X among them) or the sandbox's own
   * SANDBOX- ones. Pages that show a reference but let the patient go on (advice) answer 200 and
   * are not stops.
   */
  get reference(): string | null {
    if (!this.page || this.page.status < 400) return null;
    return /Reference:\s*(CID\d+X?|SANDBOX-\d+)/.exec(this.text)?.[1] ?? null;
  }

  #document() {
    return parseHTML(this.page?.html ?? '').document;
  }

  /** The messages in the page's error summary (the NHS design system's markup, as the real service uses). */
  get errors(): string[] {
    return [...this.#document().querySelectorAll('.nhsuk-error-summary__list a')].map((link) => normalise(link.textContent));
  }

  /** What the page says, as a reader sees it: the body's text, scripts and styles left out, spaces collapsed. */
  get text(): string {
    const body = this.#document().body;
    if (!body) return '';
    for (const hidden of body.querySelectorAll('script, style, template')) hidden.remove();
    return normalise(body.textContent);
  }

  async #send(path: string, init: RequestInit): Promise<ClaimPage> {
    let response = await this.#fetch(path, init);
    let current = path;
    for (let hops = 0; response.status >= 300 && response.status < 400 && hops < 5; hops++) {
      current = response.headers.get('location')!.replace(/^https?:\/\/[^/]+/, '');
      response = await this.#fetch(current, { method: 'GET' });
    }
    this.page = { status: response.status, path: current, html: await response.text(), headers: response.headers };
    this.served.push({ path: current, heading: this.heading });
    return this.page;
  }

  async #fetch(path: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookie) headers.set('cookie', this.cookie);
    const response = await this.request(path, { ...init, headers, redirect: 'manual' });
    for (const setCookie of response.headers.getSetCookie()) {
      this.setCookies.push(setCookie);
      this.cookie = setCookie.split(';')[0]!;
    }
    return response;
  }
}
