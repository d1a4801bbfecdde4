import { execFileSync, spawn } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { compactVerify, SignJWT } from 'jose';
import { demoClient } from '../fixtures/clients';
import { requestFor } from '../scenarios/catalogue';
import { loadConfig, MAX_POPULATION_SIZE } from '../sandbox/config/config';
import { readPrivateKey, requestAccessToken } from '../sandbox/gp-client/client-assertion-signer';
import { Population } from '../sandbox/pds/population';
import { defaultSeed } from '../sandbox/seed';
import { CollectionRecords } from '../sandbox/store/collection-records';
import { writeSnapshot } from '../sandbox/store/snapshot-file';
import { SCHEMA_VERSION } from '../sandbox/store/store';
import { startChild, startProcess, startSandboxChild as startChildSandbox, type ChildServer } from '../test/support/child-process';
import { signedTokenBodies } from './token-bodies';
import { load, WARM_UP_SECONDS, type LoadResult } from './load';
import { cpuSample, othersShare } from './machine-load';
import { passwordFloodRun } from './password-flood';
import { loadPeer, peerRuns, startPeer, WIREMOCK_PACKAGE } from './peers';
import { fmt, markdownTable, row, textTable, type Judged, type Row } from './report';
import { sustainedMailRun } from './sustained-mail';

/**
 * `npm run bench`: throughput, latency, store scaling, start-up, memory and suite speed on this
 * machine, each as a ratio to the baseline it cannot beat, the issues' targets met or not, and
 * other mock servers (peers) beside the sandbox; loopback only, every run bounded in time. Prints
 * a table and writes reports/bench/bench-<time>.json and .md (the table for the guide).
 *
 * BENCH_ONLY=token,peers runs those sections (and what their ratios are taken against) only.
 * A run refuses to start while other processes take more than BUSY_SHARE of the machine, unless
 * BENCH_ALLOW_BUSY=1, and marks its report BUSY when they did so during any section.
 */
const SECTIONS = ['signing', 'baseline', 'startup', 'pds', 'token', 'flood', 'provision', 'sustained', 'peers', 'gherkin'] as const;
type Section = (typeof SECTIONS)[number];
/** What a section's ratios are taken against, run first even when BENCH_ONLY leaves it out. */
const NEEDS: Partial<Record<Section, Section[]>> = {
  pds: ['baseline'],
  provision: ['baseline'],
  sustained: ['baseline'],
  peers: ['baseline'],
};
/** Other processes' share of all CPU time above which figures are not comparable with a quiet run's. */
const BUSY_SHARE = 0.1;

const root = path.resolve(import.meta.dirname, '..');
const log = (line: string) => process.stderr.write(`${line}\n`);

const asked = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',').map((s) => s.trim()) : [...SECTIONS];
const unknown = asked.filter((name) => !(SECTIONS as readonly string[]).includes(name));
if (unknown.length) {
  log(`BENCH_ONLY: no section ${unknown.join(', ')}; the sections are ${SECTIONS.join(', ')}`);
  process.exit(2);
}
const selected = new Set<Section>(asked.flatMap((name) => [...(NEEDS[name as Section] ?? []), name as Section]));

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
/** Its offered rate as a share of bare Hono (the faster of the run's first figure and the one just before it): half again the 6 % target (the section says why). */
const OFFERED_SHARE = 0.09;
/** The sustained run with email on (issue #31): at least a minute, at a fixed offered rate. */
const sustainedSeconds = Math.max(60, Number(process.env.BENCH_SUSTAINED_SECONDS ?? 60));
const allowBusy = process.env.BENCH_ALLOW_BUSY === '1';
const loads = (averages: number[]) => averages.map((n) => n.toFixed(2)).join(' / ');
const percent = (share: number | null) => (share === null ? 'unknown' : `${fmt(share * 100, 0)} %`);

// Other work on the machine lowers every figure: measured before anything runs, and refused.
const loadAverageAtStart = os.loadavg();
const before = cpuSample();
await new Promise((r) => setTimeout(r, 3000));
const othersAtStart = othersShare(before, cpuSample());
const busyAtStart = othersAtStart === null ? loadAverageAtStart[0]! > os.cpus().length / 2 : othersAtStart > BUSY_SHARE;
log(
  `load average ${loads(loadAverageAtStart)} on ${os.cpus().length} CPUs; other processes took ${percent(othersAtStart)} of the CPU in the last 3 s`,
);
if (busyAtStart && !allowBusy) {
  log(
    `Refused: the machine is busy (other processes above ${percent(BUSY_SHARE)} of the CPU), so every figure would be lower than it is. ` +
      'Wait for a quiet machine, or set BENCH_ALLOW_BUSY=1 to measure anyway (the report is then marked BUSY).',
  );
  process.exit(2);
}

const defaults = loadConfig({}, []);
const demoKey = readPrivateKey(demoClient.privateKeyPath);
const rows: Row[] = [];
const record = (measure: string, value: string, judged?: Judged) => rows.push(row(measure, value, judged));
const results: Record<string, unknown> = { sections: [...selected], seconds };
const tempDir = (name: string) => mkdtempSync(path.join(tmpdir(), `bench-${name}-`));
const describeLoad = (r: LoadResult) =>
  `${fmt(r.rps)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms${r.non2xx || r.errors ? ` (${r.non2xx} non-2xx, ${r.errors} errors)` : ''}`;

/** A sandbox as the measurements need it: no rate limit in the way, email only where measured. */
const sandboxFlags = (options: { population?: number }) => ({
  log: 'quiet',
  'population-size': options.population ?? 500,
  'rate-limit-per-ods': 100_000_000,
  'send-email': false,
});
/** Through tsx, as `npm start` runs it: tsx's own start-up (about 1.4 s here) is in every start-up it times. */
const startSandboxChild = (dataDir: string, options: { population?: number } = {}) =>
  startChildSandbox(dataDir, { flags: sandboxFlags(options) });

let built = false;
/**
 * The built package (node dist/main.cjs), what npx and the container run, with the same flags and
 * mail capture on free ports; built once per bench run. The start-up targets are judged on it.
 */
function startBuiltSandbox(dataDir: string, options: { population?: number } = {}): Promise<ChildServer> {
  if (!built) {
    log('building the package (npm run build)…');
    execFileSync('npm', ['run', 'build'], { stdio: 'ignore' });
    built = true;
  }
  const flags = { 'smtp-port': 0, 'mailpit-port': 0, ...sandboxFlags(options) };
  return startProcess(
    process.execPath,
    (port) => [
      'dist/main.cjs',
      '--port',
      String(port),
      '--data-dir',
      dataDir,
      ...Object.entries(flags).flatMap(([name, value]) => [`--${name}`, String(value)]),
    ],
    '/pds/Patient/9990000018',
  );
}

/** The middle value (the upper of the two middle ones for an even count). */
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Operations per second of `op`, run for about `ms` milliseconds. */
async function perSecond(op: () => Promise<unknown>, ms = 1500): Promise<number> {
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < ms) {
    await op();
    n++;
  }
  return (n * 1000) / (performance.now() - start);
}

/** The 2048-bit RSA key the signing measurements use. */
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingInput = Buffer.from('eyJhbGciOiJSUzUxMiJ9.eyJzdWIiOiJ4In0');
/** RS512 signatures per second with node:crypto (what the token endpoint signs with), one at a time on one core. */
const oneCoreSignRate = () => perSecond(async () => sign('sha512', signingInput, rsa.privateKey));

/** Bare Hono "ok" on @hono/node-server, its own process: the ceiling for this stack here. */
async function bareHono(): Promise<LoadResult> {
  const server = await startChild('bench/baseline-server.ts', (port) => [String(port)], '/_health');
  try {
    return await load({ url: `${server.baseUrl}/`, connections: 50, durationSeconds: seconds });
  } finally {
    await server.stop();
  }
}

/**
 * Bare Hono measured just before and just after `run`, for the targets taken as a share of it, as
 * `/token` is judged by the signing rate around it: bare Hono measured 13,168-45,221 req/s in quiet
 * runs, and 45,221 at one run's start against 29,983 minutes later, around the provisioning it judged
 * (issue #31). The ratio is then one of two figures measured on the same machine at the same time.
 */
async function withBareHonoAround<T>(run: (before: LoadResult) => Promise<T>): Promise<{ result: T; honoRps: number }> {
  const before = await bareHono();
  const result = await run(before);
  const after = await bareHono();
  return { result, honoRps: (before.rps + after.rps) / 2 };
}

// What later sections take their ratios against, set by the sections that measure them.
let baseline: LoadResult | null = null;

// Provisioning bodies, one per generated patient (a patient provisioned twice is refused as pending),
// built before any run so the load generator spends its core sending, not generating: 40 000 for the
// email-off and peer runs, as many as the sustained run offers (from a population that large).
const POPULATION = 100_000;
/** Generated patients' NHS numbers start at 999 100 000 (sandbox/pds/population.ts); the catalogue's are below. */
const GENERATED = /^999[1-9]/;
const builtBodies = new Map<number, string[]>();
function provisionBodies(count: number): string[] {
  const built = builtBodies.get(count);
  if (built) return built;
  log(`building ${fmt(count)} provision bodies…`);
  // A larger population's first 100 000 generated patients are the same patients (population.ts).
  const patients = new Population(defaults.seed, Math.max(POPULATION, count), {
    patients: defaultSeed.patients,
    practiceCodes: defaultSeed.populationPracticeCodes,
  });
  const bodies = [...patients.keys()]
    .filter((nhs) => GENERATED.test(nhs))
    .slice(0, count)
    .map((nhs) => JSON.stringify(requestFor(patients.get(nhs)!)));
  builtBodies.set(count, bodies);
  return bodies;
}
const bodySupply = (count = 40_000) => {
  const all = provisionBodies(count);
  let next = 0;
  return () => all[next++ % all.length]!;
};

const run: Record<Section, () => Promise<void>> = {
  // The RS512 signature alone, in this process, one at a time on one core: node:crypto (what
  // the token endpoint signs with) and jose's WebCrypto (what verifies assertions).
  async signing() {
    const signRate = await oneCoreSignRate();
    const sample = await new SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'RS512' }).sign(rsa.privateKey);
    const joseSignRate = await perSecond(() =>
      new SignJWT({ sub: 'x', jti: String(Math.random()) }).setProtectedHeader({ alg: 'RS512' }).sign(rsa.privateKey),
    );
    const verifyRate = await perSecond(() => compactVerify(sample, rsa.publicKey));
    results.rs512 = { signPerSecond: signRate, joseSignPerSecond: joseSignRate, joseVerifyPerSecond: verifyRate };
    record('RS512 sign (node:crypto, 2048-bit, one core)', `${fmt(signRate)} /s`);
    record('RS512 sign / verify (jose WebCrypto)', `${fmt(joseSignRate)} /s / ${fmt(verifyRate)} /s`);
  },

  async baseline() {
    baseline = await bareHono();
    results.baseline = baseline;
    record('baseline: bare Hono GET "ok"', describeLoad(baseline), { ratio: 1 });
  },

  // Spawn to first answer with the default 500 patients, from the built package (node dist/main.cjs,
  // what npx and the container run) and through tsx (npm start): the median of five starts each,
  // so one slow start does not decide. A single start judged the tsx target before: 1.32-1.62 s in
  // three quiet runs, against medians of 1.25-1.42 s in the same runs (issue #31).
  async startup() {
    log('start-up: built package vs tsx…');
    const startupsOf = async (start: (dataDir: string) => Promise<ChildServer>) => {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const server = await start(tempDir(`startup-${i}`));
        times.push(server.startupMs);
        await server.stop();
      }
      return median(times);
    };
    const builtStartupMs = await startupsOf((dataDir) => startBuiltSandbox(dataDir));
    const tsxStartupMs = await startupsOf((dataDir) => startSandboxChild(dataDir));
    results.startup = { builtPackageMs: builtStartupMs, tsxMs: tsxStartupMs };
    record(
      `start-up to first request (${defaults.populationSize} patients), built package (node dist/main.cjs, median of 5)`,
      `${fmt(builtStartupMs)} ms`,
      {
        ratio: builtStartupMs / 1000,
        target: 0.5,
        higherIsBetter: false,
        unit: 's',
      },
    );
    record(
      `start-up to first request (${defaults.populationSize} patients), through tsx (npm start, median of 5)`,
      `${fmt(tsxStartupMs)} ms`,
      {
        ratio: tsxStartupMs / 1000,
        target: 1.5,
        higherIsBetter: false,
        unit: 's',
      },
    );
  },

  async pds() {
    const server = await startSandboxChild(tempDir('pds'));
    const pds = await load({ url: `${server.baseUrl}/pds/Patient/9990000018`, connections: 50, durationSeconds: seconds });
    await server.stop();
    results.pds = pds;
    record('GET /pds/Patient/{nhs}', describeLoad(pds), { ratio: pds.rps / baseline!.rps });
  },

  // The ratio is taken against one core's signing rate measured just before and just after the
  // run, not the signing section's: this machine's speed drifts by a quarter within minutes
  // (1,708-2,411 signatures/s in three runs of one minute), and the token run is judged by the
  // machine it ran on.
  async token() {
    const signedBefore = await oneCoreSignRate();
    const server = await startSandboxChild(tempDir('token'));
    // Two cores could answer up to twice one core's signing rate: never an assertion used twice.
    const assertionCount = Math.ceil(signedBefore * (WARM_UP_SECONDS + seconds) * 2);
    log(`signing ${assertionCount} assertions for the token run…`);
    const assertions = await signedTokenBodies(assertionCount, `${server.baseUrl}/token`, demoKey);
    let next = 0;
    const token = await load({
      url: `${server.baseUrl}/token`,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: () => assertions[next++ % assertions.length]!,
      connections: 32,
      durationSeconds: seconds,
    });
    await server.stop();
    const signRate = (signedBefore + (await oneCoreSignRate())) / 2;
    results.token = { ...token, oneCoreSignRate: signRate };
    record('POST /token (fresh jti each)', `${describeLoad(token)}; one core signs ${fmt(signRate)} /s around it`, {
      ratio: token.rps / signRate,
      target: 0.8,
    });
  },

  // Issue #28: /token while claim sessions flood the password step (500 simultaneous POSTs a burst).
  async flood() {
    const flood = await passwordFloodRun(seconds);
    results.tokenUnderPasswordFlood = flood;
    record('POST /token, 8 connections, quiet', describeLoad(flood.quiet));
    record(`… while ${fmt(flood.passwordPosts)} password POSTs flood ${flood.bursts} claim sessions`, describeLoad(flood.flooded), {
      ratio: flood.flooded.p99 / Math.max(1, flood.quiet.p99),
      unit: '× quiet p99',
    });
  },

  // Provisioning with 100 000 patients, email off: empty store, then 10 000 and 100 000 stored records.
  async provision() {
    const body = bodySupply();
    const scaling: Record<
      string,
      {
        throughput: LoadResult;
        /** Bare Hono around the empty store's run (withBareHonoAround), which its target is a share of; null for the others. */
        bareHonoAround: number | null;
        moderate: LoadResult;
        startupMs: number;
        firstProvisionMs: number;
      }
    > = {};
    // The 100 000-record start-ups the targets judge are the built package's (what npx and the
    // container run); those through tsx are kept beside them as information. The built package
    // starts first each time, so it is the one that creates the data folder's keys.
    const stored100k = { builtMs: 0, tsxMs: 0, builtRestartMs: 0, tsxRestartMs: 0 };
    for (const stored of [0, 10_000, 100_000]) {
      log(`provisioning with ${stored} stored records…`);
      const dataDir = stored ? await prefilledDataDir(stored) : tempDir('empty');
      if (stored === 100_000) {
        const builtServer = await startBuiltSandbox(dataDir, { population: POPULATION });
        stored100k.builtMs = builtServer.startupMs;
        await builtServer.stop();
      }
      const server = await startSandboxChild(dataDir, { population: POPULATION });
      // The first provisioning request, timed apart and unmeasured by the load: it parses the
      // stored provisionings (the snapshot keeps each collection unparsed until its first use), so
      // the load that follows measures the steady state, as the peers' warm-up does for theirs.
      const firstProvisionMs = await timedProvision(server, body());
      // The empty store's run is judged against bare Hono (and the larger stores' against it).
      const { result: throughput, honoRps } =
        stored === 0
          ? await withBareHonoAround(() => provisionRun(server, body, 50, seconds))
          : { result: await provisionRun(server, body, 50, seconds), honoRps: null };
      // On the server the throughput run has just warmed.
      const moderate = await provisionRun(server, body, 10, Math.max(2, Math.round(seconds / 2)), 0);
      scaling[stored] = { throughput, bareHonoAround: honoRps, moderate, startupMs: server.startupMs, firstProvisionMs };
      if (stored === 0) {
        results.startup100kPatientsMs = server.startupMs;
        await fetch(`${server.baseUrl}/_sandbox/pds/patients?q=no-such-name&limit=1`); // touches every one of the 100 000 records
        results.rss100kPatientsMiB = server.rssMiB();
      }
      await server.stop();
      // A restart over what the runs left (the records and their changes' log), as after a day's use.
      if (stored === 100_000) {
        stored100k.tsxMs = server.startupMs;
        const builtAgain = await startBuiltSandbox(dataDir, { population: POPULATION });
        stored100k.builtRestartMs = builtAgain.startupMs;
        await builtAgain.stop();
        const again = await startSandboxChild(dataDir, { population: POPULATION });
        stored100k.tsxRestartMs = again.startupMs;
        await again.stop();
      }
    }
    results.provision = scaling;
    results.startup100kStored = stored100k;
    const emptyProvision = scaling[0]!.throughput;
    const full = scaling[100_000]!;
    const emptyProvisionHonoRps = scaling[0]!.bareHonoAround!;
    record(
      'POST /provision-account, email off (fresh patients, token reused, empty store)',
      `${describeLoad(emptyProvision)}; bare Hono ${fmt(emptyProvisionHonoRps)} req/s around it`,
      {
        ratio: emptyProvision.rps / emptyProvisionHonoRps,
        target: 0.15,
      },
    );
    record('  … with 10 000 stored records', describeLoad(scaling[10_000]!.throughput), {
      ratio: scaling[10_000]!.throughput.rps / emptyProvision.rps,
    });
    record('  … with 100 000 stored records', describeLoad(full.throughput), {
      ratio: full.throughput.rps / emptyProvision.rps,
      target: 0.8,
    });
    record('  … 100 000 stored, moderate load (10 connections): p99', `${full.moderate.p99} ms (${fmt(full.moderate.rps)} req/s)`, {
      ratio: full.moderate.p99 / 1000,
      target: 0.05,
      higherIsBetter: false,
      strictly: true,
      unit: 's',
    });
    record(`  … start-up to first request with 100 000 stored records, built package`, `${fmt(stored100k.builtMs)} ms`, {
      ratio: stored100k.builtMs / 1000,
      target: 1,
      higherIsBetter: false,
      strictly: true,
      unit: 's',
    });
    record(`  … the same through tsx (npm start; information, tsx's own start-up included)`, `${fmt(stored100k.tsxMs)} ms`);
    record(`  … then its first provisioning request (parses the stored provisionings; information)`, `${fmt(full.firstProvisionMs)} ms`);
    record(`  … restart after those runs (their changes in the log), built package`, `${fmt(stored100k.builtRestartMs)} ms`, {
      ratio: stored100k.builtRestartMs / 1000,
      target: 1,
      higherIsBetter: false,
      strictly: true,
      unit: 's',
    });
    record(`  … the same restart through tsx (information)`, `${fmt(stored100k.tsxRestartMs)} ms`);
    record(`start-up to first request (${fmt(POPULATION)} patients)`, `${fmt(scaling[0]!.startupMs)} ms`, {
      ratio: scaling[0]!.startupMs / 1000,
      target: 4,
      higherIsBetter: false,
      unit: 's',
    });
    record(`resident memory (${fmt(POPULATION)} patients, after a full scan)`, `${fmt(results.rss100kPatientsMiB as number)} MiB`);
  },

  // Issue #31: what a supplier's load test meets. Provisioning at a fixed offered rate for at
  // least a minute with invitation emails on; afterwards every acknowledged invitation must be in
  // the capture. The rate offered is half again the target of 6 % of bare Hono (OFFERED_SHARE)
  // unless BENCH_RATE says, so that the sandbox, not the offer,
  // sets what is acknowledged: offered exactly at the target, the load generator's own shortfall
  // (920 acknowledged of 930 offered a second, nothing refused) decided the row; offered a tenth
  // above it, a machine that sped up during the run did (987 offered from bare Hono's 14,950 just
  // before, 980 acknowledged, judged against the 17,288 measured around it: 5.7 %).
  async sustained() {
    // A fresh patient for every request offered (a quarter over, for the rate's overshoot): a
    // supply that ran out would turn the rest of the run into 11003 refusals, not acknowledgements.
    // The bodies are built before bare Hono is measured, the rate being known only then: for twice
    // the rate the section-start baseline gives, and the sandbox's population as large. Half again
    // was not always enough: bare Hono measured 14,935 req/s at one run's start and about 22,900 just
    // before its sustained run (issue #31).
    const expectedRate = Number(process.env.BENCH_RATE ?? Math.ceil(OFFERED_SHARE * baseline!.rps * 2));
    const patients = Math.min(MAX_POPULATION_SIZE, Math.max(POPULATION, Math.ceil(expectedRate * sustainedSeconds * 1.25)));
    const supply = provisionBodies(patients).length;
    let offeredRate = 0;
    const { result: sustained, honoRps } = await withBareHonoAround((hono) => {
      // Of the faster of the two bare Hono figures measured before it: the one just before came out
      // at 8,533 req/s in a run whose other figures were 13,882 (its start) and 15,367 (just after).
      offeredRate = Number(process.env.BENCH_RATE ?? Math.ceil(OFFERED_SHARE * Math.max(hono.rps, baseline!.rps)));
      const patientsNeeded = Math.ceil(offeredRate * sustainedSeconds * 1.25);
      if (supply < patientsNeeded)
        log(`NOTE: ${fmt(supply)} fresh patients for ${fmt(patientsNeeded)} requests: the rest are repeats, refused as pending (11003)`);
      log(`sustained provisioning with email on: ${offeredRate} req/s offered for ${sustainedSeconds} s…`);
      return sustainedMailRun({
        dataDir: tempDir('sustained'),
        population: patients,
        offeredRate,
        seconds: sustainedSeconds,
        body: bodySupply(patients),
      });
    });
    results.sustainedWithEmail = { ...sustained, bareHonoAround: honoRps };
    const { run } = sustained;
    // Over the run's measured duration (rps is requests over it), not the nominal one.
    const acknowledgedPerSecond = run.requests ? (run.rps * run.ok) / run.requests : 0;
    const nothingLost = sustained.captured >= run.ok;
    record(
      `POST /provision-account, email on, ${fmt(offeredRate)} req/s offered for ${sustainedSeconds} s: invitations acknowledged per second`,
      `${fmt(acknowledgedPerSecond)} /s, p99 ${run.p99} ms (${fmt(run.ok)} acknowledged, ${fmt(run.non2xx)} other, ${fmt(run.errors)} errors; ${fmt(supply)} fresh patients); bare Hono ${fmt(honoRps)} req/s around it`,
      { ratio: acknowledgedPerSecond / honoRps, target: 0.06, alsoRequired: nothingLost },
    );
    record(
      '  … invitations captured ÷ provisions acknowledged',
      `${fmt(sustained.captured)} / ${fmt(run.ok)} (inbox holds the newest ${fmt(sustained.held)}); queue empty ${sustained.drainSeconds === null ? 'NOT within 3 min' : `${fmt(sustained.drainSeconds, 1)} s after the load`}`,
      { ratio: run.ok ? sustained.captured / run.ok : 0, target: 1 },
    );
    record(
      '  … mail queue during the run (sampled each second)',
      `deepest ${fmt(sustained.maxQueued)}, oldest waited ${fmt(sustained.maxOldestQueuedMs)} ms; RSS ${fmt(sustained.rssMiB)} MiB`,
    );
  },

  // Peers serving one static answer, loaded as the sandbox's email-off provisioning is.
  async peers() {
    const peers = await peerRuns(seconds, bodySupply(), log);
    results.peers = peers;
    for (const peer of peers) {
      if ('result' in peer)
        record(`peer: ${peer.name}`, `${describeLoad(peer.result)}; after ${peer.result.warmedUpSeconds} s of warm-up`, {
          ratio: peer.result.rps / baseline!.rps,
        });
      else record(`peer: ${peer.name}`, 'absent' in peer ? `not measured: ${peer.absent}` : `failed: ${peer.failed}`);
    }
    // Issue #31: the email-off target is also to be ahead of WireMock serving a static stub. One
    // run of each, one after the other, judged it before, and the machine's speed moves by a
    // quarter minutes apart: the two came out at 46-134 % of each other in the quiet runs of
    // 2026-12-07 and 08, and the sandbox alone at 2,091-3,579 req/s within one run. So both are
    // started side by side, WireMock given its long first warm-up (peers.ts), and measured three
    // times each, alternated A B B A A B so that neither always runs first or after the other; the
    // row compares their medians. A fresh sandbox, as the empty-store run's, with a patient for
    // every request of its runs (a repeated patient is answered 11003, a cheaper path that would
    // flatter it).
    const wiremock = peers.find((peer) => peer.package === WIREMOCK_PACKAGE)!;
    const measure = 'POST /provision-account, email off ÷ WireMock static stub, medians of 3 runs each, alternated';
    if (!('result' in wiremock)) {
      record(measure, `WireMock ${'absent' in wiremock ? 'not measured' : 'failed'}`, { target: 1 });
      return;
    }
    log('email off beside WireMock: three runs each, alternated…');
    const server = await startSandboxChild(tempDir('beside-wiremock'), { population: POPULATION });
    const { server: stub, warmUpSeconds: stubWarmUpSeconds } = await startPeer(WIREMOCK_PACKAGE);
    const runs: { sandbox: LoadResult[]; wiremock: LoadResult[] } = { sandbox: [], wiremock: [] };
    try {
      const body = bodySupply(POPULATION);
      await timedProvision(server, body());
      const stubBody = bodySupply();
      // WireMock's JVM gets its long first warm-up (peers.ts), the sandbox the 2 s its runs settle in.
      for (const who of ['sandbox', 'wiremock', 'wiremock', 'sandbox', 'sandbox', 'wiremock'] as const)
        runs[who].push(
          who === 'sandbox'
            ? await provisionRun(server, body, 50, seconds)
            : await loadPeer(stub, seconds, stubBody, runs.wiremock.length === 0 ? stubWarmUpSeconds : WARM_UP_SECONDS),
        );
    } finally {
      await server.stop();
      await stub.stop();
    }
    results.besideWireMock = runs;
    const medianRps = (of: LoadResult[]) => median(of.map((r) => r.rps));
    const listed = (of: LoadResult[]) => of.map((r) => fmt(r.rps)).join(', ');
    // A refused or failed request is a cheaper path than a provisioning: the row cannot be met with any.
    const notProvisioned = runs.sandbox.reduce((sum, r) => sum + r.non2xx + r.errors, 0);
    record(
      measure,
      `${fmt(medianRps(runs.sandbox))} req/s (${listed(runs.sandbox)}${notProvisioned ? `; ${fmt(notProvisioned)} answers not 2xx or errors` : ''}) ÷ ` +
        `${fmt(medianRps(runs.wiremock))} req/s (${listed(runs.wiremock)})`,
      { ratio: medianRps(runs.sandbox) / medianRps(runs.wiremock), target: 1, alsoRequired: notProvisioned === 0 },
    );
  },

  // The whole Gherkin suite against the embedded sandbox.
  async gherkin() {
    const gherkinStart = performance.now();
    const exitCode = await new Promise<number>((resolve) => {
      const suite = spawn('npx', ['cucumber-js', '--format', 'summary'], {
        cwd: root,
        stdio: 'ignore',
        env: { ...process.env, NODE_OPTIONS: '--import tsx' },
      });
      suite.on('exit', (code) => resolve(code ?? 1));
    });
    const gherkinSeconds = (performance.now() - gherkinStart) / 1000;
    results.gherkin = { seconds: gherkinSeconds, exitCode };
    record(`Gherkin suite wall time${exitCode ? ' (FAILED)' : ''}`, `${fmt(gherkinSeconds, 1)} s`, {
      ratio: gherkinSeconds,
      target: 20,
      higherIsBetter: false,
      unit: 's',
    });
  },
};

async function prefilledDataDir(records: number): Promise<string> {
  const dir = tempDir(`store-${records}`);
  const provisionings: Record<string, unknown> = {};
  const createdAtMs = Date.now() - 30 * 86_400_000;
  for (let i = 0; i < records; i++) {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    provisionings[id] = {
      id,
      clientId: demoClient.clientId,
      odsCode: 'A20047',
      nhsNumber: `stored-${i}`,
      email: `stored.${i}@example.com`,
      phone: '+447700900000',
      outcome: 'create',
      createdAtMs,
      expiresAtMs: createdAtMs + 7 * 86_400_000,
      status: 'pending',
      claimTokenHash: id.replaceAll('-', '').padEnd(64, '0'),
      pdsVersion: 1,
    };
  }
  // Written as the sandbox writes its snapshot, so the start-ups measure a sandbox's own data folder.
  await writeSnapshot(path.join(dir, 'store.json'), SCHEMA_VERSION, new Map([['provisionings', CollectionRecords.of(provisionings)]]));
  return dir;
}

/** One provisioning request on a fresh token, in ms from sending it to its answer (a 200 expected). */
async function timedProvision(server: ChildServer, body: string): Promise<number> {
  const { access_token } = await requestAccessToken({
    clientId: demoClient.clientId,
    privateKey: demoKey,
    tokenUrl: `${server.baseUrl}/token`,
  });
  const started = performance.now();
  const answer = await fetch(`${server.baseUrl}/provision-account`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${access_token}` },
    body,
  });
  await answer.arrayBuffer();
  if (answer.status !== 200) throw new Error(`the first provisioning request was answered ${answer.status}, not 200`);
  return performance.now() - started;
}

async function provisionRun(
  server: ChildServer,
  body: () => string,
  connections: number,
  durationSeconds: number,
  warmUpSeconds = WARM_UP_SECONDS,
): Promise<LoadResult> {
  const { access_token } = await requestAccessToken({
    clientId: demoClient.clientId,
    privateKey: demoKey,
    tokenUrl: `${server.baseUrl}/token`,
  });
  return load({
    url: `${server.baseUrl}/provision-account`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${access_token}` },
    body,
    connections,
    durationSeconds,
    warmUpSeconds,
  });
}

// Each section with the share of the CPU other processes took while it ran.
const othersDuring: Partial<Record<Section, number | null>> = {};
const runStart = cpuSample();
for (const section of SECTIONS.filter((s) => selected.has(s))) {
  log(`${section}…`);
  const from = cpuSample();
  await run[section]();
  othersDuring[section] = othersShare(from, cpuSample());
}
const othersDuringRun = othersShare(runStart, cpuSample());
const loadAverageAtEnd = os.loadavg();
const busySections = Object.entries(othersDuring).filter(([, share]) => share !== null && share > BUSY_SHARE);
const busy = busyAtStart || busySections.length > 0;
results.machine = {
  cpus: os.cpus().length,
  node: process.version,
  loadAverageAtStart,
  loadAverageAtEnd,
  othersCpuShareAtStart: othersAtStart,
  othersCpuShareDuringRun: othersDuringRun,
  othersCpuShareBySection: othersDuring,
  busy,
};

const machineLine =
  `Node ${process.version}, ${os.cpus().length} CPUs; load average (1 / 5 / 15 min) at start ${loads(loadAverageAtStart)}, ` +
  `at end ${loads(loadAverageAtEnd)}; other processes took ${percent(othersAtStart)} of the CPU before the run and ${percent(othersDuringRun)} during it` +
  (selected.size < SECTIONS.length ? `; sections run: ${[...selected].join(', ')}` : '');
const busyWarning = busy
  ? `BUSY MACHINE: other processes took more than ${percent(BUSY_SHARE)} of the CPU ` +
    (busySections.length
      ? `during ${busySections.map(([name, share]) => `${name} (${percent(share)})`).join(', ')}`
      : `before the run (${percent(othersAtStart)})`) +
    '. These figures are lower than this machine gives; they do not judge the targets.'
  : null;

const stamp = new Date().toISOString();
const file = path.join(root, 'reports/bench', `bench-${stamp.replace(/[:.]/g, '-')}`);
mkdirSync(path.dirname(file), { recursive: true });
writeFileSync(`${file}.json`, `${JSON.stringify({ ...results, table: rows }, null, 2)}\n`);
writeFileSync(
  `${file}.md`,
  [`# npm run bench, ${stamp}`, '', machineLine, ...(busyWarning ? ['', `**${busyWarning}**`] : []), '', markdownTable(rows), ''].join(
    '\n',
  ),
);
if (busyWarning) console.log(`${busyWarning}\n`);
console.log(textTable(rows));
console.log(`\n${machineLine}`);
if (busyWarning) console.log(`\n${busyWarning}`);
console.log(`written ${path.relative(root, file)}.json and .md`);
