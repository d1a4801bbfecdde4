import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { demoClient } from '../../fixtures/clients';
import type { PublishedPlan } from '../../sandbox/cli/plan-runner';
import { SandboxAdmin } from '../../sandbox/cli/sandbox-admin';
import { testConfig } from '../../sandbox/config/config';
import { startSandbox, type StartedSandbox } from '../../sandbox/start';

/**
 * Where the supplier-side features run and against which GP system. SANDBOX_URL names a running
 * sandbox (ADMIN_TOKEN if it has one); without it an embedded sandbox starts on free ports.
 * SUPPLIER_DRIVER is the supplier's command for one plan step (step JSON on stdin, as for
 * `npm run conformance -- --driver`); CLIENT_ID their client id. Without them, the reference GP
 * client is the system under test (REFERENCE_CLIENT_DEVIATIONS breaks it on purpose).
 */
export interface SupplierTarget {
  admin: SandboxAdmin;
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
  const admin = new SandboxAdmin(baseUrl);
  const stateFile = path.join(mkdtempSync(path.join(tmpdir(), 'supplier-')), 'reference-client-state.json');
  const referenceDriver = `REFERENCE_CLIENT_STATE="${stateFile}" CLIENT_KEY="${demoClient.privateKeyPath}" "${process.execPath}" --import tsx sandbox/gp-client/driver.ts`;
  return {
    admin,
    plan: await admin.expect<PublishedPlan>('GET', '/conformance-plan'),
    clientId: env.CLIENT_ID ?? demoClient.clientId,
    driver: env.SUPPLIER_DRIVER ?? referenceDriver,
  };
}

export async function stopSupplierTarget(): Promise<void> {
  await embedded?.stop();
  embedded = null;
}
