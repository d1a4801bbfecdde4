import { ConfigError, configHelp, loadConfig } from './config/config';
import { loadOrCreateSigningKey } from './auth/signing-key';
import { commandWithOptions } from './cli/command-names';
import { flushCompileCache } from './compile-cache';
import { readStoreSnapshot } from './store/store';
import { readJournal } from './journal/journal-file';

/** `npm start` (through main.ts): parse configuration, start everything embedded, print the banner, stop cleanly. */
if (process.argv.includes('--help')) {
  console.log(
    `Usage: ${commandWithOptions('start')} [options]\n\nEach option may also be given as the environment variable shown.\n\n${configHelp()}`,
  );
  process.exit(0);
}

let config;
try {
  config = loadConfig(process.env, process.argv.slice(2));
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`Configuration error: ${error.message}`);
    process.exit(2);
  }
  throw error;
}

// Begun before the rest of the sandbox is loaded: on a first start the RSA key (a few tenths of a
// second) is generated on the thread pool while this thread loads and runs the modules (issue #31).
const signingKey = loadOrCreateSigningKey(config.storage === 'file' ? config.dataDir : null);
// Its failure is reported where createSandbox awaits it; should start-up fail before that, this
// keeps the key's own failure from being reported a second time as an unhandled rejection.
signingKey.catch(() => undefined);
// So is the read of the store's snapshot, for the same reason: with 100 000 stored records it is
// 41 MB, about 0.12 s of reading (issue #31). Its failure too is reported where the store awaits it.
const storeSnapshot = config.storage === 'file' ? readStoreSnapshot(config.dataDir) : undefined;
storeSnapshot?.catch(() => undefined);
// And the journal's read and chain check, on a worker thread of its own in the built package: a
// day's journal (31 000 lines, 39 MB) was about 0.35 s of this thread's CPU before the sandbox
// answered (issue #31). Its failure too is reported where the journal awaits it.
const journalRead = config.storage === 'file' ? readJournal(config.dataDir) : undefined;
journalRead?.catch(() => undefined);
const { describeStartupFailure, startSandbox } = await import('./start');

let running;
try {
  running = await startSandbox(config, { signingKey, storeSnapshot, journalRead, patientGeneratorThread: true });
} catch (error) {
  console.error(`Cannot start the sandbox: ${describeStartupFailure(error, config)}`);
  // A busy port is a configuration problem (exit 2, like a bad option); anything else exit 1.
  process.exit((error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? 2 : 1);
}
console.log(running.banner);
flushCompileCache();

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: finishing in-flight work and closing listeners...`);
  await running.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
