import type { AddedAccount, ClaimScenario } from '../../scenarios/claim-scenarios';
import type { PatientChange } from '../../sandbox/pds/admin-changes';
import type { PatientRecord } from '../../sandbox/pds/patient';
import type { JourneyDriver } from './claim-driver';

/**
 * Acts out a claim scenario from the catalogue with any driver (HTTP forms or a browser) against
 * any target. Limits are not assumed: "up to the limit" means "until the journey stops", bounded,
 * so the same play works whatever limits the target is configured with.
 */
export interface ClaimStage {
  driver: JourneyDriver;
  /** Provisions the patient and returns the claim link from the invitation email. */
  invitationLink: (patient: PatientRecord) => Promise<string>;
  /** The newest security code texted to this mobile. */
  securityCode: (mobile: string) => Promise<string>;
  travel: (seconds: number) => Promise<void>;
  changePatient: (nhsNumber: string, change: PatientChange) => Promise<void>;
  /** Adds an NHS login account with this email (`POST /_sandbox/accounts`). */
  addAccount: (email: string, account: Omit<AddedAccount, 'email'>) => Promise<void>;
}

const MAX_TRIES = 50;
/** The password of an account a scenario adds: nobody signs in with it. */
export const ADDED_ACCOUNT_PASSWORD = 'Added-Account-Passw0rd';

export async function playClaimScenario(
  scenario: ClaimScenario,
  stage: ClaimStage,
): Promise<{ heading: string; reference: string | null }> {
  const { driver, travel } = stage;
  const { twist, patient } = scenario;
  const stopped = () => driver.stopped();
  const repeatUntilStopped = async (action: () => Promise<unknown>) => {
    for (let tries = 0; tries < MAX_TRIES && !(await stopped()); tries++) await action();
  };

  const link = await stage.invitationLink(patient);
  if (twist.kind === 'link-opened-late') await travel(twist.days * 86_400);
  await driver.open(link);
  if (twist.kind === 'link-opened-too-often') await repeatUntilStopped(() => driver.open(link));
  if (await stopped()) return driver.where();

  await driver.continueFromStart();
  const code = await stage.securityCode(patient.mobile!);
  if (twist.kind === 'codes-resent-up-to-limit') await repeatUntilStopped(() => driver.resendCode());
  if (twist.kind === 'wrong-codes-up-to-limit')
    await repeatUntilStopped(() => driver.enterCode(String((Number(code) + 1) % 1_000_000).padStart(6, '0')));
  if (twist.kind === 'pds-changes-on-code-page') await stage.changePatient(patient.nhsNumber, twist.change);
  if (twist.kind === 'account-added-on-code-page') {
    const { email, ...account } = twist.account;
    await stage.addAccount(email === 'another' ? `another.${patient.email!}` : patient.email!, account);
  }
  if (twist.kind === 'idle') {
    await travel(twist.minutes * 60);
    await driver.reload();
  }
  if (await stopped()) return driver.where();

  await driver.enterCode(code);
  // The invitation is re-checked right after the code: a refusal stops the journey here.
  if (await stopped()) return driver.where();
  await driver.answerDetails(twist.kind === 'details-answer' ? twist.answer : twist.kind === 'details-answer-changed' ? 'no' : 'yes');
  if (twist.kind === 'details-answer-changed') {
    await driver.changeAnswer();
    await driver.answerDetails('yes');
  }
  if (twist.kind === 'details-answer' && twist.answer === 'some-wrong') await driver.continueAfterAdvice();
  if (await stopped()) return driver.where();

  if (twist.kind === 'wrong-passwords-up-to-limit') await repeatUntilStopped(() => driver.enterPassword('Not-the-password-1'));
  if (twist.kind === 'pds-changes-before-completion') await stage.changePatient(patient.nhsNumber, twist.change);
  if (await stopped()) return driver.where();

  await (scenario.invitation === 'create' ? driver.createPassword(scenario.password) : driver.enterPassword(scenario.password));
  if (twist.kind === 'link-reused') await driver.open(link);
  return driver.where();
}
