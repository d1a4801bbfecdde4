#!/usr/bin/env node
import packageJson from '../../package.json' with { type: 'json' };
import { specificationVersions } from '../specifications';
import { usePackageCommandNames } from './command-names';

/**
 * `nhs-login-sandbox <command> [options]`, the installed package's one command: `start` runs the
 * sandbox (as `npm start`), `token` prints an access token (as `npm run token`), `conformance`
 * judges a GP system (as `npm run conformance`). Each command's own `--help` lists its options
 * and defaults. The command word is taken off argv so each runs exactly as it does from npm.
 */
const COMMANDS = {
  start: { run: () => import('../main'), summary: 'run the sandbox (API, console, claim pages, mail capture)' },
  token: { run: () => import('./token'), summary: 'sign an assertion with a client key and print the token response' },
  conformance: { run: () => import('./conformance'), summary: "judge a GP system's traffic and write the evidence pack" },
} as const;
type Command = keyof typeof COMMANDS;

const HELP = `Usage: nhs-login-sandbox <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, command]) => `  ${name.padEnd(12)} ${command.summary}`)
  .join('\n')}

  nhs-login-sandbox <command> --help   the command's options and their defaults
  nhs-login-sandbox --version          this package's version and the specifications it emulates`;

const [word] = process.argv.splice(2, 1);
if (word === undefined || word === '--help' || word === '-h' || word === 'help') {
  console.log(HELP);
  process.exit(word === undefined ? 2 : 0);
} else if (word === '--version' || word === '-v') {
  console.log(`${packageJson.version} (${specificationVersions()})`);
} else if (Object.hasOwn(COMMANDS, word)) {
  usePackageCommandNames();
  await COMMANDS[word as Command].run();
} else {
  console.error(`Unknown command "${word}". Commands: ${Object.keys(COMMANDS).join(', ')} (nhs-login-sandbox --help).`);
  process.exit(2);
}
