# The claiming journey's pages, references, limits and emails are the sandbox's reading of NHS login's
# prototype (docs/decisions.md): neither interface specification describes them.
@sandbox @needs-state-setup @needs-mail-reading @needs-sms-reading @needs-time-travel
Feature: A patient claims the NHS login their GP practice set up
  The patient follows the link in the invitation email, enters the security code texted to the
  mobile number on their NHS record, confirms their details, then creates a password (new
  account) or enters the password of their existing NHS login (uplift). They end with a fully
  verified (P9) NHS login, or are told why not with a reference they can quote.

  Scenario: A new patient sets up a fully verified NHS login
    Given the GP practice has invited a patient who has no NHS login
    When the patient follows the invitation and completes every step
    Then the patient has a fully verified NHS login with the invited email address
    And the patient receives an email saying "You have set up an NHS login"
    And the invitation cannot be used again
    And another invitation for the patient is refused with the code "11005"

  Scenario: A patient with a lower-level NHS login raises it to P9
    Given the GP practice has invited a patient who has a P5 NHS login
    When the patient follows the invitation and completes every step
    Then the patient has a fully verified NHS login with the invited email address
    And the patient receives an email saying "You have set up an NHS login"

  Scenario: The security code goes to the mobile number on the NHS record
    Given the GP practice has invited a patient who has no NHS login
    When the patient follows the invitation and asks for a security code
    Then a 6-digit security code is texted to the mobile number on the patient's NHS record

  Scenario: A security code entered after it expired is not accepted, and a new one can be sent
    Given the GP practice has invited a patient who has no NHS login
    And the patient has followed the invitation and asked for a security code
    And 6 minutes have passed
    When the patient enters the security code they were sent
    Then the patient is told the security code has expired, with a way to send a new one

  Scenario Outline: <scenario> stops the journey with reference <reference>
    When the patient acts out claim scenario "<scenario>"
    Then the patient is told "<heading>" with the reference "<reference>"

    Examples: the invitation
      | scenario                | heading                                            | reference |
      | claim-expired           | Your invitation to set up an NHS login has expired | CID11013  |
      | claim-link-already-used | Your invitation to set up an NHS login has expired | CID11013  |

    Examples: the patient's own actions
      | scenario               | heading                                     | reference |
      | claim-details-not-mine | This NHS record does not match your details | CID11023  |

    Examples: what the patient changes elsewhere while on the security-code page
      | scenario                           | heading                                                         | reference |
      | claim-email-taken-by-p9            | There is already an NHS login account with this email           | CID11004  |
      | claim-email-taken-by-p5            | There is already an NHS login account with this email           | CID11009  |
      | claim-proofing-in-progress         | You have already sent us proof of who you are                   | CID1100X  |
      | claim-nhs-number-account-meanwhile | There is already an NHS login account linked to this NHS number | CID11006  |

    Examples: the NHS record changes while the patient finishes
      | scenario                        | heading            | reference |
      | claim-deceased-on-password-page | There is a problem | CID11018  |

  Scenario Outline: <scenario> stops the journey with no reference shown
    When the patient acts out claim scenario "<scenario>"
    Then the patient is told "<heading>" with no reference

    Examples:
      | scenario                     | heading                |
      | claim-link-opened-too-often  | You cannot continue    |
      | claim-wrong-code-lockout     | You cannot continue    |
      | claim-too-many-codes         | You cannot continue    |
      | claim-session-timeout        | Your session has ended |
      | claim-wrong-password-lockout | You cannot continue    |

  Scenario Outline: <scenario>: the patient is stopped right after the security code, before any password page
    When the patient acts out claim scenario "<scenario>"
    Then the patient is told "<heading>" with the reference "<reference>"
    And no page asked the patient for a password

    Examples:
      | scenario                         | heading                                                | reference     |
      | claim-mobile-changed             | We cannot set up your NHS login right now              | CID11008      |
      | claim-deceased-before-claiming   | There is a problem                                     | CID11018      |
      | claim-deceased-with-account      | There is a problem                                     | CID11001      |
      | claim-restricted-before-claiming | You cannot set up an NHS login this way                | SANDBOX-11019 |
      | claim-superseded-before-claiming | We cannot find an NHS record that matches your details | CID11007      |

  Scenario Outline: <scenario>: the patient can still finish
    When the patient acts out claim scenario "<scenario>"
    Then the patient has a fully verified NHS login with the invited email address

    Examples:
      | scenario                          |
      | claim-details-partly-wrong        |
      | claim-details-not-mine-by-mistake |
