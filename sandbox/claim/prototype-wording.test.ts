import { MailpitClient } from 'mailpit-api';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURE_ACCOUNT_PASSWORD } from '../../fixtures/accounts';
import { scenarioPatients as p } from '../../fixtures/patients';
import { claimScenarioById } from '../../scenarios/claim-scenarios';
import { playClaimScenario } from '../../test/support/claim-scenario-player';
import { httpClaimStage, invitationLink, latestSecurityCode, testSandbox } from '../../test/support/harness';
import type { Sandbox } from '../sandbox';

/**
 * The claiming journey's pages against the public design prototype (NHSDigital/nhslogin-
 * provisioning-2023, app/views/discovery-2023/), item by item (issue #34). The expected headings,
 * references and lines below are copied from the prototype's pages, not read from the sandbox's
 * tables, and the pages are driven over HTTP as a patient would reach them.
 */
let sandbox: Sandbox;
afterEach(async () => sandbox?.close());

/** Every line appears in the text, verbatim. */
const expectLines = (text: string, lines: readonly string[]) => expect(lines.filter((line) => !text.includes(line))).toEqual([]);

interface PrototypePage {
  /** The prototype page the row is copied from. */
  page: string;
  heading: string;
  /** The reference the prototype shows; null where it shows none (or has it commented out). */
  reference: string | null;
  /** A line of the page's body, verbatim (the sandbox's configured durations are the defaults: 15 minutes, 7 days). */
  line: string;
}

const PROTOTYPE_ENDINGS: Record<string, PrototypePage> = {
  'claim-create': {
    page: 'create-account/steps-completed',
    heading: 'You have set up an NHS login',
    reference: null,
    line: 'You have passed our checks and can access the NHS App.',
  },
  'claim-uplift': {
    page: 'existing-uplift/steps-completed',
    heading: 'You have set up an NHS login',
    reference: null,
    line: "Make sure you download the NHS App if you haven't already.",
  },
  'claim-expired': {
    page: 'error/expired',
    heading: 'Your invitation to set up an NHS login has expired',
    reference: 'CID11013',
    line: 'If you want to set up an NHS login, you will need to ask your GP to send a new invitation.',
  },
  'claim-link-already-used': {
    page: 'error/expired',
    heading: 'Your invitation to set up an NHS login has expired',
    reference: 'CID11013',
    line: 'If you have already set up an NHS login, you can use it to access the NHS App.',
  },
  'claim-link-opened-too-often': {
    page: 'error/email-link-lockout',
    heading: 'You cannot continue',
    reference: null,
    line: 'You have used the link in the email too many times.',
  },
  'claim-wrong-code-lockout': {
    page: 'error/wrongotp',
    heading: 'You cannot continue',
    reference: null,
    line: 'You have entered a wrong security code too many times.',
  },
  'claim-too-many-codes': {
    page: 'error/lockoutotp',
    heading: 'You cannot continue',
    reference: null,
    line: 'You must wait 15 minutes before you can try again by using the link in the email.',
  },
  'claim-session-timeout': {
    page: 'error/timeout',
    heading: 'Your session has ended',
    reference: null,
    line: 'This is to keep your information secure, because you have been inactive on NHS login for 15 minutes.',
  },
  'claim-details-not-mine': {
    page: 'error/wrong-details',
    heading: 'This NHS record does not match your details',
    reference: 'CID11023',
    line: 'If you chose this option by mistake, go back and change your answer.',
  },
  'claim-wrong-password-lockout': {
    page: 'error/wrong-password',
    heading: 'You cannot continue',
    reference: null,
    line: 'You must wait up to 15 minutes before you can try again by using the link in the email.',
  },
  'claim-mobile-changed': {
    page: 'error/pds-mobile-change',
    heading: 'We cannot set up your NHS login right now',
    reference: 'CID11008',
    line: 'Your NHS login details do not match the details on your NHS record.',
  },
  'claim-deceased-before-claiming': {
    page: 'error/account-disabled-dead-no-account',
    heading: 'There is a problem',
    reference: 'CID11018',
    line: 'We were unable to set up an NHS login account for you.',
  },
  'claim-deceased-with-account': {
    page: 'error/account-disabled-dead-with-account',
    heading: 'There is a problem',
    reference: 'CID11001',
    line: 'Your NHS login may have been disabled.',
  },
  'claim-superseded-before-claiming': {
    page: 'error/pds-no-match',
    heading: 'We cannot find an NHS record that matches your details',
    reference: 'CID11007',
    line: 'You will need to contact your GP surgery and ask them to check the details on your NHS record.',
  },
  'claim-email-taken-by-p9': {
    page: 'error/already-account-email-p9',
    heading: 'There is already an NHS login account with this email',
    reference: 'CID11004',
    line: 'This is because each person can only have one NHS login account.',
  },
  'claim-email-taken-by-p5': {
    page: 'error/already-account-email-p5',
    heading: 'There is already an NHS login account with this email',
    reference: 'CID11009',
    line: 'You will need to contact your GP surgery about sending another request to a different email.',
  },
  'claim-nhs-number-account-meanwhile': {
    page: 'error/already-account-p5',
    heading: 'There is already an NHS login account linked to this NHS number',
    reference: 'CID11006',
    line: 'An account was set up using this NHS number, with a different email address.',
  },
  'claim-proofing-in-progress': {
    page: 'error/already-pyi-in-progress',
    heading: 'You have already sent us proof of who you are',
    reference: 'CID1100X',
    line: 'We will email you to let you know if they pass our checks. It may take up to 24 hours for us to email you.',
  },
};

describe('where each journey ends: the prototype page, heading, reference and wording', () => {
  it.each(Object.entries(PROTOTYPE_ENDINGS))('%s', async (id, expected) => {
    sandbox = await testSandbox();
    const stage = httpClaimStage(sandbox);
    const end = await playClaimScenario(claimScenarioById.get(id)!, stage);
    expect({ ...end, line: stage.driver.text.includes(expected.line) }).toEqual({
      heading: expected.heading,
      reference: expected.reference,
      line: true,
    });
    if (expected.reference === null) expect(stage.driver.text).not.toContain('Reference:');
  });

  it("marks the sandbox's own reference (restricted record, no public evidence) as the sandbox's", async () => {
    sandbox = await testSandbox();
    const stage = httpClaimStage(sandbox);
    const end = await playClaimScenario(claimScenarioById.get('claim-restricted-before-claiming')!, stage);
    expect(end.reference).toMatch(/^SANDBOX-/);
  });

  it('never shows a reference the prototypes use for something else (CID1121, CID1131) or hide (CID1122, CID1124)', async () => {
    sandbox = await testSandbox({ claimMaxWrongCodes: '2', claimMaxLinkOpens: '2' });
    const seen: string[] = [];
    for (const id of ['claim-wrong-code-lockout', 'claim-link-opened-too-often', 'claim-session-timeout', 'claim-too-many-codes']) {
      await sandbox.reset();
      const stage = httpClaimStage(sandbox);
      await playClaimScenario(claimScenarioById.get(id)!, stage);
      seen.push(stage.driver.text);
    }
    for (const reference of ['CID1121', 'CID1122', 'CID1124', 'CID1125', 'CID1131']) expect(seen.join('\n')).not.toContain(reference);
  });
});

/** Lines of the prototype's pages on the way, verbatim, one a line. */
const PAGE_LINES = Object.fromEntries(
  Object.entries({
    'check-user/steps-who': `Your GP has confirmed your identity
      Next step
      Get a security code
      We need to confirm it's you.
      We will send a 6 digit security code to the mobile phone number you used to register with your GP.
      Last step
      Finish setting up your NHS login
      Confirm the details we have for you are correct and enter a password to finish setting up.`,
    'check-user/otp': `This is the phone number that is registered with your GP surgery.
      Not received your security code?
      Send the security code again
      I do not recognise this number
      If you do not recognise this phone number or do not have access to your phone, you will need to update your records with your GP.
      The code is 6 digits`,
  }).map(([page, lines]) => [page, lines.split('\n').map((line) => line.trim())]),
) as Record<'check-user/steps-who' | 'check-user/otp', string[]>;

describe('the pages on the way, as the prototype words them', () => {
  it('start page (check-user/steps-who), security code (check-user/otp), details (check-user/confirm-my-details), partial match (error/partial-details-match)', async () => {
    sandbox = await testSandbox();
    const { driver } = httpClaimStage(sandbox);
    await driver.open(await invitationLink(sandbox, p.newPatient));
    expectLines(driver.text, PAGE_LINES['check-user/steps-who']);

    await driver.continueFromStart();
    expect(driver.heading).toBe('Enter the 6 digit security code');
    expectLines(driver.text, [`We have sent a text to ${'•'.repeat(8)}001.`, ...PAGE_LINES['check-user/otp']]);
    await driver.resendCode();
    expect(driver.text).toContain('You have been sent a new security code.');

    await driver.enterCode(await latestSecurityCode(sandbox, p.newPatient.mobile!));
    expect(driver.heading).toBe('Confirm your details');
    expect(driver.text).toContain('We found this NHS record using the information your GP surgery gave us.');
    expect(driver.text).toContain('Are these your details?');

    await driver.answerDetails('some-wrong');
    expect(driver.heading).toBe('These are my details, but some are wrong');
    expectLines(driver.text, [
      `Name${p.newPatient.givenNames.join(' ')} ${p.newPatient.familyName}`,
      `NHS number••• ••• ${p.newPatient.nhsNumber.slice(-4)}`,
      'If your name is wrong, you should contact your GP surgery to update your details.',
      'Reference: CID11023',
      'You can select Continue and finish setting up your account.',
    ]);
  });

  it('the uplift: start page, "Enter your password" (existing-uplift/login-enter-password) and its reset-password advice', async () => {
    sandbox = await testSandbox();
    const { driver } = httpClaimStage(sandbox);
    await driver.open(await invitationLink(sandbox, p.uplifter));
    expect(driver.text).toContain('enter the password you set up with your NHS login account');
    await driver.continueFromStart();
    await driver.enterCode(await latestSecurityCode(sandbox, p.uplifter.mobile!));
    await driver.answerDetails('yes');
    expect(driver.heading).toBe('Enter your password');
    expect(driver.text).toContain('This is the password you set up with your NHS login account.');
    expect(driver.text).toContain('You can reset your password if you cannot remember it.');
    const href = /<a href="([^"]+)">reset your password<\/a>/.exec(driver.page!.html)?.[1];
    const reset = await driver.go(href ?? 'no link');
    expect(reset.status).toBe(200);
    expect(driver.heading).toBe('Reset your password');
    expect(driver.text).toContain('If you have forgotten your password you need to visit NHS login settings.');
    expect(driver.text).toContain('Back to: Enter your password');
    await driver.go('/claim/password');
    await driver.enterPassword(FIXTURE_ACCOUNT_PASSWORD);
    expect(driver.heading).toBe('You have set up an NHS login');
    expectLines(driver.text, [
      'You entered a security code',
      'You finished setting up your NHS login',
      'Continue to NHS App',
      'Help with NHS login',
    ]);
  });
});

describe('the invitation emails, as the prototype words them (email/invite-new-account, email/existing-account-uplift)', () => {
  const BOTH = [
    'has recommended that you use the NHS App. To access it you will need an NHS login account.',
    'This means you can do things like:',
    'view your GP health record',
    'manage appointments',
    'order repeat prescriptions',
    'To finish setting up your account',
    'We need to send a 6 digit security code to the mobile phone number you used to register with your GP.',
    'This invitation will expire in 7 days.',
    'Finish setting up your NHS login',
    'Please do not reply to this email - this is an automated message',
  ];
  it.each([
    [
      'create',
      p.newPatient,
      [...BOTH, 'You will also need to create a password and then confirm the details we have for you are correct.'],
      ['Help with NHS login'],
    ],
    [
      'uplift',
      p.uplifter,
      [
        ...BOTH,
        'You will need to enter the password you set up with your NHS login account and then confirm the details we have for you are correct.',
        'Help with NHS login',
        'If you have technical issues, visit the NHS login help centre: https://help.login.nhs.uk/',
      ],
      [],
    ],
  ] as const)('%s', async (_kind, patient, present, absent) => {
    sandbox = await testSandbox();
    await invitationLink(sandbox, patient);
    const email = await new MailpitClient(sandbox.mailpitUrl).waitForMessage(
      { query: `to:${patient.email}` },
      { timeout: 10_000, interval: 25 },
    );
    for (const line of present) {
      expect(email.Text).toContain(line);
      expect(email.HTML).toContain(line.replaceAll("'", '&#39;'));
    }
    for (const line of absent) expect(email.Text).not.toContain(line);
  });
});
