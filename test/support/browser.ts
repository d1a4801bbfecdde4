import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { testConfig, type ConfigOverrides } from '../../sandbox/config/config';
import { startSandbox, type StartedSandbox } from '../../sandbox/start';
import { isStopStatus, type JourneyDriver, type ServedPage } from './claim-driver';

/**
 * Browser tests drive Debian's Chromium through playwright-core (no browser download): its headless
 * shell (package chromium-headless-shell) where installed, else the full browser. Both are the same
 * Blink, but the shell, without the full browser's user interface, spends far less CPU: launching
 * 0.6 s against 1.4 s, each new context with its page 0.3 s against 1.2 s, and a browser test
 * file 52 to 61 % of what it costs the full browser (claim journey 76 s of Chromium CPU against
 * 142 s, console 61 s against 101 s, layouts 34 s against 64 s). CHROMIUM_PATH names another.
 * Outside CI a missing Chromium skips them with a loud notice; in CI (CI=true) it is a failure,
 * never a skip.
 */
const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? (existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : '/usr/bin/chromium');
export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../reports/screenshots');
mkdirSync(SCREENSHOT_DIR, { recursive: true });

export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI === 'true')
    throw new Error(`CI=true and no Chromium at ${CHROMIUM_PATH}: .ci/run must apt-get install -y chromium-headless-shell`);
  const line = '!'.repeat(78);
  console.warn(
    `\n${line}\n!! BROWSER TESTS NOT RUN: no Chromium at ${CHROMIUM_PATH}.\n!! Install it with: sudo apt-get install -y chromium-headless-shell   (or set CHROMIUM_PATH)\n${line}\n`,
  );
  return false;
}

/**
 * No switches of our own: Playwright's already turn off the sandbox (root in a container), first-run
 * pages, background networking and component updates. Those this file used to add (--disable-gpu,
 * --disable-quic, --disable-sync and four of Playwright's again) made no difference: the sign-in
 * loop cost the headless shell 17.4 s of CPU with them and 17.5 s without (three runs each), the
 * full browser 30 s and 31 s. --in-process-gpu made none either, --disable-gpu-compositing cost
 * a fifth more, --no-zygote half as much again, and --single-process broke the tests.
 */
const launchChromium = () => chromium.launch({ executablePath: CHROMIUM_PATH, headless: true });

let chromiumOfThisProcess: Promise<Browser> | undefined;

/**
 * The one Chromium of this test process, launched on first use and shared by every browser test
 * file the process runs (Vitest's workers keep their modules from file to file: isolate false);
 * Playwright ends it when the process exits. Each describe block has a page of its own, and a
 * test may open more (sandboxInBrowser, watchedPage).
 */
export function sharedChromium(): Promise<Browser> {
  chromiumOfThisProcess ??= launchChromium().then(
    (browser) => {
      browser.on('disconnected', () => (chromiumOfThisProcess = undefined));
      return browser;
    },
    (error: unknown) => {
      chromiumOfThisProcess = undefined;
      throw error;
    },
  );
  return chromiumOfThisProcess;
}

/** The contexts watchedPage opened that are still open. */
const openContexts = new Set<BrowserContext>();
const closeOpenContexts = () => Promise.all([...openContexts].map((context) => context.close()));

/** What a describe block of browser tests shares: see sandboxInBrowser. */
export interface SandboxInBrowser {
  running: StartedSandbox;
  browser: Browser;
  /** The block's page, blank and without cookies at the start of each test. */
  page: Page;
}

/**
 * For a describe block: a sandbox on real sockets, started once and stopped after, the shared
 * Chromium, and one page that the block's tests take in turn. A fresh context costs Chromium a
 * renderer process (its start, then Playwright's injected script and axe-core compiled anew in it):
 * about 0.4 s of CPU and 0.35 s of waiting each (10 contexts against one page: 13.9 s of CPU
 * against 9.8 s; the claim journey waited 10 s in newPage for 29 contexts, 1 s for 3). So after
 * each test the page is emptied instead of thrown away: the tabs it opened closed, taken to
 * about:blank (a console or inbox page would otherwise go on polling its sandbox every 2 s), the
 * test's listeners removed, its cookies cleared — the only state the pages keep (none uses web
 * storage) — and its unreported problems dropped, as closing it did. A test that needs settings
 * of its own (a viewport, scripts off, a fake clock) opens a fresh page with watchedPage; every
 * context that opened is closed after the test.
 */
export function sandboxInBrowser(overrides: ConfigOverrides = {}): SandboxInBrowser {
  const shared = {} as SandboxInBrowser;
  beforeAll(async () => {
    shared.running = await startSandbox(testConfig(overrides));
    shared.browser = await sharedChromium();
    shared.page = await pageInNewContext(shared.browser);
  });
  afterEach(async () => {
    await closeOpenContexts();
    shared.page = await emptied(shared.page);
  });
  afterAll(async () => {
    await shared.page?.context().close();
    await shared.running?.stop();
  });
  return shared;
}

/** The page as a new test should find it (above); a new one if it closed, broke or did not reach the blank within 10 s (the hook has 30). */
async function emptied(page: Page): Promise<Page> {
  page.removeAllListeners();
  try {
    await Promise.all(
      page
        .context()
        .pages()
        .flatMap((other) => (other === page ? [] : [other.close()])),
    );
    // Left by the page itself: about:blank then inherits the page's site and keeps its renderer
    // process, where a blank opened from outside (page.goto) gets a new one each time.
    if (page.url() !== 'about:blank') {
      await page.evaluate(() => location.replace('about:blank'));
      await page.waitForURL('about:blank', { timeout: 10_000 });
    }
    await page.context().clearCookies();
    watch(page);
    return page;
  } catch {
    await page.context().close();
    return pageInNewContext(page.context().browser()!);
  }
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** What went wrong in a page since its last check: console errors (CSP refusals among them) and uncaught script errors. */
const pageProblems = new WeakMap<Page, string[]>();
/** Pages opened with scripts off: axe-core cannot run there (the same pages are checked with scripts on). */
const scriptless = new WeakSet<Page>();

/** A page in a fresh context of its own, closed after the test; its problems are recorded for checkPage(). */
export async function watchedPage(browser: Browser, options?: BrowserContextOptions): Promise<Page> {
  const page = await pageInNewContext(browser, options);
  openContexts.add(page.context());
  page.context().on('close', () => openContexts.delete(page.context()));
  return page;
}

async function pageInNewContext(browser: Browser, options?: BrowserContextOptions): Promise<Page> {
  const page = await (await browser.newContext(options)).newPage();
  if (options?.javaScriptEnabled === false) scriptless.add(page);
  watch(page);
  return page;
}

/** Records a page's problems from now on, starting from none. */
function watch(page: Page): void {
  const problems: string[] = [];
  pageProblems.set(page, problems);
  page.on('console', (message) => {
    // Chromium logs every 4xx/5xx answer as "Failed to load resource"; a stop page's own status is
    // meant (410, 429…), so answers are judged below: only a page's parts must not fail.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      problems.push(`console error: ${message.text()}`);
  });
  page.on('response', (response) => {
    const part = response.request().resourceType();
    if (response.status() >= 400 && (part === 'stylesheet' || part === 'script' || part === 'image' || part === 'font'))
      problems.push(`${response.status()} for ${part} ${response.url()}`);
  });
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
}

/** The problems recorded since the last check, cleared: for a test that expects one (a blocked script, say). */
export const takeProblems = (page: Page): string[] => pageProblems.get(page)?.splice(0) ?? [];

/**
 * axe-core is the costliest part of a browser test (about half a second of CPU a page), and the
 * journeys show the same page many times over, for different patients. Its rules judge a page's
 * structure (elements, roles, labels, ids, classes, styles, whether a text is empty), not which
 * name or code it shows: so a page whose structure, at the same viewport, was already checked in
 * this test process is not checked again. The fingerprint keeps every element, every attribute
 * that axe reads as it is, style sheets whole, and of each other text and attribute value only
 * whether it is empty.
 */
const checkedStructures = new Set<string>();
const STRUCTURAL_ATTRIBUTE =
  /^(class|id|role|for|type|lang|dir|style|tabindex|hidden|disabled|required|scope|headers|colspan|rowspan|aria-.*)$/;

/** A page's rendering mode, its structure (its fingerprint, as above) and its main heading, read in one round trip. */
async function lookOf(page: Page): Promise<{ mode: string; structure: string; heading: string }> {
  const { mode, structure, heading } = await page.evaluate((pattern) => {
    const keep = new RegExp(pattern);
    const parts: string[] = [`${window.innerWidth}x${window.innerHeight}`];
    const walk = (node: Node): void => {
      if (node.nodeType === Node.TEXT_NODE) {
        // A style sheet's text is structure (colours, sizes); any other text only counts as there or not.
        if (node.parentElement?.tagName === 'STYLE') parts.push(node.textContent ?? '');
        else if (node.textContent?.trim()) parts.push('#t');
        return;
      }
      if (!(node instanceof Element)) return;
      const attributes = [...node.attributes].map((a) => `${a.name}=${keep.test(a.name) ? a.value : a.value ? '+' : ''}`);
      parts.push(`<${node.tagName}${attributes.length ? ` ${attributes.join(' ')}` : ''}>`);
      for (const child of node.childNodes) walk(child);
      parts.push(`</${node.tagName}>`);
    };
    walk(document.documentElement);
    return { mode: document.compatMode, structure: parts.join(''), heading: document.querySelector('h1')?.textContent?.trim() ?? '' };
  }, STRUCTURAL_ATTRIBUTE.source);
  return { mode, structure: createHash('sha256').update(structure).digest('base64'), heading };
}

/**
 * A full-page screenshot costs Chromium a render and a PNG encoding and Node the file, and the
 * journeys show the same page over and over: so by default a page is photographed once per test
 * process for each structure (as above) and main heading — the same page for another patient is
 * not photographed again, another stop page is. BROWSER_SCREENSHOTS=every photographs every page
 * checked, under the name each test gives it.
 */
const EVERY_SCREENSHOT = process.env.BROWSER_SCREENSHOTS === 'every';
const photographed = new Set<string>();

interface AxeViolation {
  id: string;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * The checks every page a browser test looks at passes through, so none can slip: it renders in
 * standards mode (<!doctype html>), the browser console shows no error since the last check (a
 * Content-Security-Policy refusal is one), axe-core finds no violation, and a full-page screenshot
 * of each page not yet photographed (above) lands in reports/screenshots/. axe-core is evaluated
 * through the DevTools protocol, which the page's CSP does not govern, so the CSP under test stays
 * the one users get. Frames are left out: the only frames are captured emails, shown sandboxed
 * with scripts off.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  const { mode, structure, heading } = await lookOf(page);
  if (mode !== 'CSS1Compat') throw new Error(`${page.url()} renders in quirks mode (${mode}): it needs <!doctype html>`);
  const problems = pageProblems.get(page);
  if (problems?.length) throw new Error(`${page.url()}:\n${problems.splice(0).join('\n')}`);
  // A page with scripts off is not axe-checked, so it leaves its structure unchecked.
  if (!scriptless.has(page) && !checkedStructures.has(structure)) {
    checkedStructures.add(structure);
    const violations = await page.evaluate<AxeViolation[]>(
      `(async () => { ${axeSource}; return (await axe.run(document, { iframes: false, resultTypes: ['violations'] })).violations; })()`,
    );
    if (violations.length) {
      const lines = violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
      throw new Error(`axe-core, ${page.url()}:\n${lines.join('\n')}`);
    }
  }
  const look = `${structure} ${heading}`;
  if (photographed.has(look) && !EVERY_SCREENSHOT) return;
  photographed.add(look);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** The claiming journey driven by clicks and typing in a real browser; every page it is shown goes through checkPage. */
export class BrowserClaimDriver implements JourneyDriver {
  #shots = 0;
  /** The status of the last page (document) the browser was served. */
  #status = 0;
  readonly served: ServedPage[] = [];

  constructor(
    readonly page: Page,
    private readonly shotPrefix: string,
  ) {
    page.on('response', (response) => {
      if (response.request().resourceType() !== 'document' || response.request().frame() !== page.mainFrame()) return;
      if (response.status() >= 300 && response.status() < 400) return;
      this.#status = response.status();
    });
  }

  async #after(action: Promise<unknown>): Promise<void> {
    await action;
    await this.page.waitForLoadState('load');
    this.served.push({
      path: new URL(this.page.url()).pathname,
      heading: ((await this.page.locator('h1').first().textContent()) ?? '').trim(),
    });
    const last = new URL(this.page.url()).pathname.split('/').pop()!;
    const step = /^[a-z-]{1,20}$/.test(last) ? last : 'invitation-link';
    await checkPage(this.page, `${this.shotPrefix}-${String(++this.#shots).padStart(2, '0')}-${step}`);
  }

  #click(name: string) {
    return this.#after(this.page.getByRole('button', { name, exact: true }).click());
  }

  open(link: string) {
    return this.#after(this.page.goto(link));
  }
  reload() {
    return this.#after(this.page.reload());
  }
  continueFromStart() {
    return this.#click('Continue');
  }
  async enterCode(code: string) {
    await this.page.getByLabel('Security code').fill(code);
    return this.#click('Continue');
  }
  /** The resend button sits in "Not received your security code?", as in the prototype: open it first. */
  async resendCode() {
    await this.page.getByText('Not received your security code?', { exact: true }).click();
    return this.#click('Send the security code again');
  }
  async answerDetails(answer: 'yes' | 'no' | 'some-wrong') {
    const labels = {
      yes: 'Yes, these are my details',
      no: 'No, these are not my details',
      'some-wrong': 'These are my details, but some are wrong',
    };
    await this.page.getByLabel(labels[answer]).check();
    return this.#click('Continue');
  }
  async enterDateOfBirth(dob: string) {
    const [year = '', month = '', day = ''] = dob.split('-');
    await this.page.getByLabel('Day').fill(day);
    await this.page.getByLabel('Month').fill(month);
    await this.page.getByLabel('Year').fill(year);
    return this.#click('Continue');
  }
  continueAfterAdvice() {
    return this.#click('Continue');
  }
  changeAnswer() {
    return this.#click('Go back and change your answer');
  }
  async createPassword(password: string) {
    await this.page.getByLabel('Create a password').fill(password);
    await this.page.getByLabel('Type your password again').fill(password);
    await this.page.getByLabel('I agree to the NHS login terms of use').check();
    return this.#click('Continue');
  }
  async enterPassword(password: string) {
    await this.page.getByLabel('Password', { exact: true }).fill(password);
    return this.#click('Continue');
  }
  async where() {
    const heading = ((await this.page.locator('h1').first().textContent()) ?? '').trim();
    const reference = this.page.locator('[data-reference]');
    return { heading, reference: (await reference.count()) ? ((await reference.textContent()) ?? '').trim() : null };
  }
  async stopped() {
    return isStopStatus(this.#status);
  }
}
