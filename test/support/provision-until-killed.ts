import type { PatientRecord } from '../../sandbox/pds/patient';
import type { ChildServer } from './child-process';
import { gpSystemOverHttp } from './gp-system-over-http';

/**
 * Provisioning load on a sandbox child until it is killed: `workers` GP calls at a time, each for
 * the next patient of `supply` (its cursor carries over between rounds), and SIGKILL after
 * `killAfterMs`. `acknowledged` hears of every 200 with a provisioning id: what must survive.
 */
export async function provisionUntilKilled(
  child: ChildServer,
  supply: { patients: PatientRecord[]; next: number },
  options: { workers: number; killAfterMs: number; acknowledged: (patient: PatientRecord, provisioningId: string) => void },
): Promise<void> {
  const provision = await gpSystemOverHttp(child.baseUrl);
  let alive = true;
  const worker = async () => {
    while (alive && supply.next < supply.patients.length) {
      const patient = supply.patients[supply.next++]!;
      const response = await provision(patient).catch(() => null);
      if (!response) return;
      const body = (await response.json().catch(() => ({}))) as { provisioning_id?: string };
      if (response.status === 200 && body.provisioning_id) options.acknowledged(patient, body.provisioning_id);
    }
  };
  const load = Promise.all(Array.from({ length: options.workers }, worker));
  await new Promise((r) => setTimeout(r, options.killAfterMs));
  await child.stop();
  alive = false;
  await load;
}
