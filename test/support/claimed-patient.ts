import type { PatientRecord } from '../../sandbox/pds/patient';
import type { StartedSandbox } from '../../sandbox/start';
import { ClaimDriver } from './claim-driver';
import { invitationLink, latestSecurityCode } from './harness';

/** The password every patient claimed by the tests creates. */
export const CLAIMED_PASSWORD = 'Correct-Horse-Battery-9';

/**
 * The loop's first half, over real HTTP: a GP system provisions the patient, the patient follows
 * the invitation, enters the texted code, confirms their details and creates a password. The
 * patient now holds a P9 NHS login to sign in with.
 */
export async function claimedPatient(running: StartedSandbox, patient: PatientRecord): Promise<{ email: string; password: string }> {
  const driver = new ClaimDriver((path, init) => fetch(`${running.baseUrl}${path}`, init));
  await driver.open(await invitationLink(running.sandbox, patient));
  await driver.continueFromStart();
  await driver.enterCode(await latestSecurityCode(running.sandbox, patient.mobile!));
  await driver.answerDetails('yes');
  await driver.createPassword(CLAIMED_PASSWORD);
  if (!/set up an NHS login/.test(driver.heading)) throw new Error(`claiming ${patient.nhsNumber} ended on "${driver.heading}"`);
  return { email: patient.email!, password: CLAIMED_PASSWORD };
}
