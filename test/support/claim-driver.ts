/**
 * Drives the claiming journey the way a browser without JavaScript would: GET pages, follow
 * redirects, keep the session cookie, send forms with the page's CSRF token. Used by the tests
 * (through `app.request`) and the Gherkin steps (through fetch against any target), so the
 * journey is exercised without a browser too.
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
  /** The page's main heading and, on a stop page, its CID reference. */
  where(): Promise<{ heading: string; reference: string | null }>;
}

export type RequestFn = (path: string, init?: RequestInit) => Response | Promise<Response>;

export interface ClaimPage {
  status: number;
  path: string;
  html: string;
  headers: Headers;
}

const decodeEntities = (text: string): string =>
  text
    .replace(/<[^>]+>/g, '')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();

export class ClaimDriver implements JourneyDriver {
  cookie: string | null = null;
  page: ClaimPage | null = null;
  /** Every Set-Cookie header the journey sent, for cookie-attribute checks. */
  readonly setCookies: string[] = [];

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

  /** Sends a form from the current page, adding its CSRF token unless `csrf` says otherwise. */
  submit(path: string, fields: Record<string, string> = {}, csrf: string | null = this.csrf): Promise<ClaimPage> {
    const body = new URLSearchParams({ ...(csrf === null ? {} : { csrf }), ...fields });
    return this.#send(path, { method: 'POST', body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  continueFromStart = () => this.submit('/claim/start');
  enterCode = (code: string) => this.submit('/claim/security-code', { code });
  resendCode = () => this.submit('/claim/security-code/resend');
  answerDetails = (answer: 'yes' | 'no' | 'some-wrong') => this.submit('/claim/confirm-details', { answer });
  continueAfterAdvice = () => this.submit('/claim/details-advice');
  /** With CLAIM_DOB_CHECK: the date of birth, YYYY-MM-DD, typed into the day, month and year boxes. */
  enterDateOfBirth = (dob: string) => {
    const [year = '', month = '', day = ''] = dob.split('-');
    return this.submit('/claim/date-of-birth', { 'dob-day': day, 'dob-month': month, 'dob-year': year });
  };
  changeAnswer = () => this.submit('/claim/confirm-details/change');
  createPassword = (password: string, confirm = password, terms = true) =>
    this.submit('/claim/password', { password, confirm_password: confirm, ...(terms ? { terms: 'agreed' } : {}) });
  enterPassword = (password: string) => this.submit('/claim/password', { password });

  get csrf(): string | null {
    return this.page?.html.match(/name="csrf" value="([^"]*)"/)?.[1] ?? null;
  }

  get heading(): string {
    return decodeEntities(this.page?.html.match(/<h1[^>]*>([\s\S]*?)<\/h1>/)?.[1] ?? '');
  }

  /** The CID reference an error page shows, if any. */
  get reference(): string | null {
    return this.page?.html.match(/data-reference[^>]*>(CID\d+)</)?.[1] ?? null;
  }

  /** The messages in the page's error summary. */
  get errors(): string[] {
    const summary = this.page?.html.match(/nhsuk-error-summary__list">([\s\S]*?)<\/ul>/)?.[1] ?? '';
    return [...summary.matchAll(/<a [^>]*>([\s\S]*?)<\/a>/g)].map((m) => decodeEntities(m[1]!));
  }

  get text(): string {
    return decodeEntities((this.page?.html ?? '').replace(/<(script|style|head)[\s\S]*?<\/\1>/g, '').replace(/<[^>]+>/g, ' ')).replace(
      /\s+/g,
      ' ',
    );
  }

  async #send(path: string, init: RequestInit): Promise<ClaimPage> {
    let response = await this.#fetch(path, init);
    let current = path;
    for (let hops = 0; response.status >= 300 && response.status < 400 && hops < 5; hops++) {
      current = response.headers.get('location')!.replace(/^https?:\/\/[^/]+/, '');
      response = await this.#fetch(current, { method: 'GET' });
    }
    this.page = { status: response.status, path: current, html: await response.text(), headers: response.headers };
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
