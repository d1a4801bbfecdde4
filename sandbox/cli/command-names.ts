import packageJson from '../../package.json' with { type: 'json' };

/**
 * The commands a person can type, as the way they started this one says: from a clone they are
 * npm scripts (`npm start`, `npm run token`), from the installed package the package's own command
 * (`npx nhs-login-sandbox start`), since the npm scripts do not exist there. bin.ts, the installed
 * entry, switches to the package's names before it runs a command; banners, usage lines and errors
 * ask here, so none tells a user to run what they do not have.
 */
export type CommandName = 'start' | 'token' | 'conformance';

const PACKAGE_COMMAND = Object.keys(packageJson.bin)[0]!;
let installed = false;

/** Called by the package's bin before it runs a command. */
export function usePackageCommandNames(): void {
  installed = true;
}

/** How to run this command here, e.g. `npm run token` or `npx nhs-login-sandbox token`. */
export const commandFor = (name: CommandName): string =>
  installed ? `npx ${PACKAGE_COMMAND} ${name}` : name === 'start' ? 'npm start' : `npm run ${name}`;

/** The same, ready for options: npm needs `--` before a script's own options. */
export const commandWithOptions = (name: CommandName): string => (installed ? commandFor(name) : `${commandFor(name)} --`);
