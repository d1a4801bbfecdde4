import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The guide (the Markdown pages in `docs/`, shipped in the package beside `dist/`) as the console
 * offers it: each console section links the page that explains its job, and the pages are served
 * as they are written, as plain text, so the help is there offline and matches the repository's.
 * The folder is found through the package's own name, the same from the source tree and from an
 * installed package.
 */
const require = createRequire(import.meta.url);
const guideDir = () => path.join(path.dirname(require.resolve('nhs-login-provisioning-sandbox/package.json')), 'docs');

/** Where the console serves the guide. */
export const GUIDE_PATH = '/console/guide';

/** A guide page's file name: lower-case words and hyphens, `.md` (nothing else is ever read). */
export const GUIDE_PAGE_NAME = /^[a-z][a-z-]*\.md$/;

export interface GuidePage {
  file: string;
  title: string;
}

/** Every page of the guide with its title (its first heading), in file-name order. */
export function guidePages(): GuidePage[] {
  let files: string[];
  try {
    files = readdirSync(guideDir()).filter((name) => GUIDE_PAGE_NAME.test(name));
  } catch {
    return [];
  }
  return files.sort().flatMap((file) => guidePage(file) ?? []);
}

/** One page of the guide with its title (its first heading), or undefined when there is no such page. */
export function guidePage(file: string): GuidePage | undefined {
  const text = guideText(file);
  return text === undefined ? undefined : { file, title: /^# (.+)$/m.exec(text)?.[1] ?? file };
}

/** A guide page's Markdown, or undefined when there is no such page. */
export function guideText(file: string): string | undefined {
  if (!GUIDE_PAGE_NAME.test(file)) return undefined;
  try {
    return readFileSync(path.join(guideDir(), file), 'utf8');
  } catch {
    return undefined;
  }
}

/** The guide page that explains each console section's job (keyed by the section's link). */
export const GUIDE_FOR_SECTION: Readonly<Record<string, string>> = {
  '/': 'integrating.md',
  '/console/patients': 'test-interface.md',
  '/console/outbox': 'patient-journey.md',
  '/console/requests': 'conformance.md',
  '/console/clock': 'test-interface.md',
  '/console/signing-in': 'signing-in.md',
  '/console/conformance': 'conformance.md',
};
