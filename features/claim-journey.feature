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
    Then the patient is told the security code has expired, with the reference "CID1122" and a way to send a new one

  Scenario Outline: <scenario> stops the journey with reference <reference>
    When the patient acts out claim scenario "<scenario>"
    Then the patient is told why with the reference "<reference>"

    Examples: the invitation
      | scenario                    | reference |
      | claim-expired               | CID11013  |
      | claim-link-already-used     | CID11013  |
      | claim-link-opened-too-often | CID1121   |

    Examples: the patient's own actions
      | scenario                     | reference |
      | claim-wrong-code-lockout     | CID1124   |
      | claim-too-many-codes         | CID1125   |
      | claim-session-timeout        | CID1131   |
      | claim-details-not-mine       | CID11023  |
      | claim-wrong-password-lockout | CID1104   |

    Examples: the NHS record changes before the patient finishes
      | scenario                         | reference |
      | claim-mobile-changed             | CID11008  |
      | claim-deceased-before-claiming   | CID11018  |
      | claim-deceased-with-account      | CID11001  |
      | claim-restricted-before-claiming | CID11019  |
      | claim-superseded-before-claiming | CID11007  |

  Scenario Outline: <scenario>: the patient can still finish
    When the patient acts out claim scenario "<scenario>"
    Then the patient has a fully verified NHS login with the invited email address

    Examples:
      | scenario                          |
      | claim-details-partly-wrong        |
      | claim-details-not-mine-by-mistake |
