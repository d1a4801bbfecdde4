import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoClient } from '../../fixtures/clients';
import { scenarioPatients as p } from '../../fixtures/patients';
import { requestFor } from '../../scenarios/catalogue';
import { testConfig } from '../config/config';
import { demoTokenOverHttp } from '../../test/support/gp-system-over-http';
import { nodeArgsFor } from '../../test/support/suite-bundle';
import { startSandbox, type StartedSandbox } from '../start';

/**
 * `npm run conformance -- --guided` as a tester runs it, a real child process: when the request the
 * step waits for arrives with another answer (11005 because it named a patient who already has a
 * P9 login, as a request kept from the quick start does), the runner says at once what arrived,
 * why it is not what the step waits for, and what to do, instead of waiting out the step silently.
 */
const root = path.resolve(import.meta.dirname, '../..');
let running: StartedSandbox;
let guided: ChildProcess;
let output = '';
let token: string;

const waitFor = async (text: string | RegExp, fromIndex = 0) => {
  const started = Date.now();
  const found = () => (typeof text === 'string' ? output.indexOf(text, fromIndex) >= 0 : text.test(output.slice(fromIndex)));
  while (!found()) {
    if (Date.now() - started > 30_000) throw new Error(`not said within 30 s: ${String(text)}\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};
const provision = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${running.baseUrl}/provision-account`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
  });

beforeAll(async () => {
  running = await startSandbox(testConfig());
  token = await demoTokenOverHttp(running.baseUrl);
  const args = [...nodeArgsFor('sandbox/cli/conformance.ts'), '--client', demoClient.clientId, '--base-url', running.baseUrl];
  args.push('--guided', '--step-timeout', '120', '--out', mkdtempSync(path.join(tmpdir(), 'guided-')));
  guided = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ADMIN_TOKEN: '' } });
  guided.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  guided.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
});
afterAll(async () => {
  guided?.kill('SIGTERM');
  await running?.stop();
});

describe('--guided, when the awaited request arrives with the wrong outcome', () => {
  it(
    'says what arrived, why it is not what the step waits for, and what to do, at once and in the same step',
    { timeout: 90_000 },
    async () => {
      await waitFor("Waiting for your system's request");
      const stepRequest = JSON.parse(/ {2}Request: (\{.*\})\n/.exec(output)![1]!) as Record<string, string>;
      expect(output).toMatch(/Expected: 200 create/);

      // The quick start's patient, already P9: a request kept from elsewhere.
      const before = output.length;
      expect((await provision(requestFor(p.p9Account))).status).toBe(400);
      await waitFor('Do: ', before);
      const said = output.slice(before);
      expect(said).toMatch(
        new RegExp(
          `Arrived: #\\d+ POST /provision-account for NHS number ${p.p9Account.nhsNumber}, answered 400 11005; this step waits for create`,
        ),
      );
      expect(said).toContain(`Why: it names NHS number ${p.p9Account.nhsNumber}, not this step's patient ${stepRequest.nhs_number}`);
      expect(said).toMatch(/Do: send the step's request exactly as shown above.*; this step keeps waiting until \d\d:\d\d:\d\d UTC/);
      expect(said).not.toMatch(/Step 2 of/);

      // The step's own patient, with a field that differs: named, with the value to send.
      const again = output.length;
      expect((await provision({ ...stepRequest, date_of_birth: '1900-01-01' })).status).toBe(400);
      await waitFor('Do: ', again);
      expect(output.slice(again)).toMatch(
        /Why: 11008 means the date of birth or mobile number does not match PDS; it differs from the step's request in date_of_birth/,
      );
      expect(output.slice(again)).toContain(`(date_of_birth ${stepRequest.date_of_birth})`);

      // Done right, the step is seen and the run goes on.
      expect((await provision(stepRequest)).status).toBe(200);
      await waitFor(/Seen: #\d+ create/, again);
      await waitFor('Step 2 of', again);
    },
  );
});
