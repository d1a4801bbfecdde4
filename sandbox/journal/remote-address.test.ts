import { afterEach, describe, expect, it } from 'vitest';
import { testConfig } from '../config/config';
import { startSandbox, type StartedSandbox } from '../start';

/** The journal names where each request came from, as the conformance report quotes it. */
describe("the journal's remote address", () => {
  let running: StartedSandbox | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  const lastTokenEntry = (started: StartedSandbox) => started.sandbox.journal.query({ unattributed: true }).at(-1)!;

  it('is the socket peer for a request over HTTP, and null for one made in-process', async () => {
    running = await startSandbox(testConfig());
    const form = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=nothing' };

    expect((await fetch(`${running.baseUrl}/token`, form)).status).toBe(400);
    expect(lastTokenEntry(running).remoteAddress).toBe('127.0.0.1');

    expect((await running.sandbox.app.request('/token', form)).status).toBe(400);
    expect(lastTokenEntry(running).remoteAddress).toBeNull();
  });
});
