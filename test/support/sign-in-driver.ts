import { parseHTML } from 'linkedom';
import { normalise, pressedForm } from './html-form';

/**
 * A person signing in with NHS login, the way a browser without JavaScript does it: follow the
 * relying party's authorization URL, keep cookies, read each page as HTML, find buttons by their
 * accessible name and fields by their labels, and stop as soon as a redirect leaves NHS login
 * (that URL, with its code or error, is what the relying party receives). Works against any
 * implementation's pages: nothing here knows this sandbox's markup beyond what a person sees.
 */
export type Fetcher = (url: string, init: RequestInit) => Response | Promise<Response>;

export interface SignInPage {
  status: number;
  url: string;
  html: string;
  headers: Headers;
}

export class SignInDriver {
  readonly cookies = new Map<string, string>();
  readonly setCookies: string[] = [];
  page: SignInPage | null = null;
  /** Where NHS login sent the browser back to, once it did. */
  leftTo: URL | null = null;

  /** `origin`: where NHS login lives; a redirect anywhere else ends the walk. */
  constructor(
    private readonly fetcher: Fetcher,
    readonly origin: string,
  ) {}

  /** Opens a URL (the relying party's authorization URL) and follows NHS login's redirects. */
  open(url: string): Promise<SignInPage | URL> {
    return this.#send(new URL(url, this.origin).href, { method: 'GET' });
  }

  /** Fills fields by label, presses the button with this accessible name, sends its form. */
  press(buttonName: string, fields: Record<string, string> = {}): Promise<SignInPage | URL> {
    const where = `${this.page?.url ?? 'no page'}: ${this.text.slice(0, 300)}`;
    const sent = pressedForm(this.page?.html ?? '', buttonName, fields, where);
    const action = new URL(sent.action ?? this.page!.url, this.page!.url).href;
    return this.#send(action, { method: 'POST', body: sent.body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  /** Email, password, then the code `codeFor` reads from the SMS outbox: the whole sign-in. */
  async signIn(email: string, password: string, codeFor: () => Promise<string>): Promise<URL> {
    await this.press('Continue', { 'Email address': email });
    await this.press('Continue', { Password: password });
    const left = await this.press('Continue', { 'Security code': await codeFor() });
    if (!(left instanceof URL)) throw new Error(`still on NHS login after the code: ${this.heading} ${this.errors.join('; ')}`);
    return left;
  }

  get heading(): string {
    return normalise(parseHTML(this.page?.html ?? '').document.querySelector('h1')?.textContent);
  }

  get errors(): string[] {
    return [...parseHTML(this.page?.html ?? '').document.querySelectorAll('.nhsuk-error-summary__list a')].map((a) =>
      normalise(a.textContent),
    );
  }

  get text(): string {
    const body = parseHTML(this.page?.html ?? '').document.body;
    return body ? normalise(body.textContent) : '';
  }

  get reference(): string | null {
    return /Reference:\s*(CID\d+X?|SANDBOX-\d+)/.exec(this.text)?.[1] ?? null;
  }

  async #send(url: string, init: RequestInit): Promise<SignInPage | URL> {
    let response = await this.#fetch(url, init);
    let current = url;
    for (let hops = 0; response.status >= 300 && response.status < 400; hops++) {
      if (hops > 10) throw new Error(`redirect loop at ${current}`);
      const next = new URL(response.headers.get('location')!, current);
      if (next.origin !== new URL(this.origin).origin) {
        this.leftTo = next;
        return next;
      }
      current = next.href;
      response = await this.#fetch(current, { method: 'GET' });
    }
    this.page = { status: response.status, url: current, html: await response.text(), headers: response.headers };
    return this.page;
  }

  async #fetch(url: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await this.fetcher(url, { ...init, headers, redirect: 'manual' });
    for (const setCookie of response.headers.getSetCookie()) {
      this.setCookies.push(setCookie);
      const [pair = ''] = setCookie.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (value === '' || /max-age=0/i.test(setCookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }
}
