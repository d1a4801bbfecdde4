import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { demoClient } from '../../fixtures/clients';
import { arrangeRun, newRunId, type PublishedPlan } from '../../sandbox/cli/plan-runner';
import { SandboxAdmin } from '../../sandbox/cli/sandbox-admin';
import { testConfig } from '../../sandbox/config/config';
import { startSandbox, type StartedSandbox } from '../../sandbox/start';
import { shellCommandFor } from '../../test/support/suite-bundle';

/**
 * Where the supplier-side features run and against which GP system. SANDBOX_URL names a running
 * sandbox (ADMIN_TOKEN if it has one); without it an embedded sandbox starts on free ports.
 * SUPPLIER_DRIVER is the supplier's command for one plan step (step JSON on stdin, as for
 * `npm run conformance -- --driver`); CLIENT_ID their client id. Without them, the reference GP
 * client is the system under test (REFERENCE_CLIENT_DEVIATIONS breaks it on purpose), one process
 * per step: from the suite's bundle when Vitest runs cucumber, else through tsx.
 *
 * A client id the target does not know stops the run at once, naming it as unregistered (and,
 * for the embedded sandbox, saying that only the demo client is registered there). The run gets
 * patients of its own (POST /_sandbox/conformance-plan/runs), so it can be repeated on one sandbox.
 */
export interface SupplierTarget {
  admin: SandboxAdmin;
  /** The plan with this run's own patients. */
  plan: PublishedPlan;
  clientId: string;
  driver: string;
}

let embedded: StartedSandbox | null = null;

export async function resolveSupplierTarget(): Promise<SupplierTarget> {
  const env = process.env;
  let baseUrl = env.SANDBOX_URL?.replace(/\/$/, '');
  if (!baseUrl) {
    embedded = await startSandbox(testConfig({ unavailableRetryAfterSeconds: '1' }));
    baseUrl = embedded.baseUrl;
  }
  const admin = new SandboxAdmin(baseUrl).forRun(newRunId());
  const clientId = env.CLIENT_ID ?? demoClient.clientId;
  const known = await admin.request('GET', `/clients/${encodeURIComponent(clientId)}`);
  if (known.status === 404) {
    const { clients } = await admin.expect<{ clients: { client_id: string }[] }>('GET', '/clients');
    throw new Error(
      `the client ${JSON.stringify(clientId)} is not registered at ${baseUrl} (registered: ${clients.map((c) => c.client_id).join(', ')})` +
        (embedded
          ? '; without SANDBOX_URL the features start an embedded sandbox that knows only the demo client: set SANDBOX_URL to the sandbox your client is registered with'
          : '; register it there (POST /_sandbox/clients or CLIENTS_FILE)'),
    );
  }
  const stateFile = path.join(mkdtempSync(path.join(tmpdir(), 'supplier-')), 'reference-client-state.json');
  const referenceDriver = `REFERENCE_CLIENT_STATE="${stateFile}" CLIENT_KEY="${demoClient.privateKeyPath}" ${shellCommandFor('sandbox/gp-client/driver.ts')}`;
  return {
    admin,
    plan: await arrangeRun(admin),
    clientId,
    driver: env.SUPPLIER_DRIVER ?? referenceDriver,
  };
}

export async function stopSupplierTarget(): Promise<void> {
  await embedded?.stop();
  embedded = null;
}
