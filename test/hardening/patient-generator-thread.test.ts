import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { demoClient } from '../../fixtures/clients';
import { requestFor } from '../../scenarios/catalogue';
import { loadConfig } from '../../sandbox/config/config';
import { readPrivateKey, requestAccessToken } from '../../sandbox/gp-client/client-assertion-signer';
import { toFhirPatient } from '../../sandbox/pds/fhir';
import { Population } from '../../sandbox/pds/population';
import { defaultSeed } from '../../sandbox/seed';
import { startProcess, startSandboxChild, type ChildServer } from '../support/child-process';
import { threadsOfListener } from '../support/process-threads';

/**
 * The patients provisioning requests name are generated on a thread of their own in the sandbox's
 * own process (sandbox/pds/patient-generator-thread.ts, issue #31), bundled (as the package and the
 * suite run it) and from source through tsx (as `npm start` does, where the thread loads its module
 * another way): the thread is counted in /proc when the first requests arrive, and every patient it
 * made is the patient PDS gives for that number anywhere else, byte for byte.
 */
let server: ChildServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

const POPULATION = 500;
const FLAGS = { 'population-size': POPULATION };

const STARTS: Record<string, (dataDir: string) => Promise<ChildServer>> = {
  bundled: (dataDir) => startSandboxChild(dataDir, { flags: FLAGS }),
  'from source through tsx': (dataDir) =>
    startProcess(
      process.execPath,
      (port) => [
        ...['--require', './sandbox/thread-pool.cjs', '--import', 'tsx', 'sandbox/main.ts', '--port', String(port), '--data-dir', dataDir],
        ...['--smtp-port', '0', '--mailpit-port', '0', '--log', 'quiet', '--population-size', String(POPULATION)],
      ],
      '/_health',
    ),
};

describe.skipIf(process.platform !== 'linux')('patients generated on their own thread (Linux: threads counted in /proc)', () => {
  it.each(Object.keys(STARTS))(
    '%s: starts at the first provisioning requests and makes the patients the main thread makes',
    { timeout: 60_000 },
    async (how) => {
      server = await STARTS[how]!(mkdtempSync(path.join(tmpdir(), 'generator-')));
      const base = server.baseUrl;
      const threadsBefore = threadsOfListener(server.port);

      const population = new Population(loadConfig({}).seed, POPULATION, {
        patients: defaultSeed.patients,
        practiceCodes: defaultSeed.populationPracticeCodes,
      });
      const patients = [...population.generatedNhsNumbers()].slice(-40).map((nhs) => population.get(nhs)!);
      const { access_token: accessToken } = await requestAccessToken({
        clientId: demoClient.clientId,
        privateKey: readPrivateKey(demoClient.privateKeyPath),
        tokenUrl: `${base}/token`,
      });
      const provision = (patient: (typeof patients)[number]) =>
        fetch(`${base}/provision-account`, {
          method: 'POST',
          headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
          body: JSON.stringify(requestFor(patient)),
        }).then((answer) => answer.status);
      const generatorThread = async () =>
        ((await (await fetch(`${base}/_health`)).json()) as { patientGeneratorThread: { state: string; patientsMade: number } })
          .patientGeneratorThread;

      expect(await generatorThread()).toEqual({ state: 'not started', patientsMade: 0 });
      // The first request starts the thread, and is not held up while it loads.
      expect(await provision(patients[0]!)).toBe(200);
      await vi.waitFor(async () => expect((await generatorThread()).state).toBe('ready'), { timeout: 20_000, interval: 100 });
      // One more, or two from source when tsx's cache is cold: compiling the thread's modules then starts esbuild's own thread.
      expect(threadsOfListener(server.port) - threadsBefore).toBeGreaterThanOrEqual(1);
      // The rest at once, so that several arrive in the same turn of the sandbox's event loop and go to the thread together.
      expect(await Promise.all(patients.slice(1).map(provision))).toEqual(patients.slice(1).map(() => 200));
      // Every one of them made by the thread, none on the main thread.
      expect(await generatorThread()).toEqual({ state: 'ready', patientsMade: patients.length - 1 });

      for (const patient of patients) {
        const answer = await fetch(`${base}/pds/Patient/${patient.nhsNumber}`);
        expect(await answer.json()).toEqual(toFhirPatient(patient));
      }
    },
  );
});
