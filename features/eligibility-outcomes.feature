Feature: Eligibility outcomes
  For every outcome in the scenario catalogue, the platform answers the catalogue's request with
  the expected code. Adding an outcome to the catalogue means adding one row here (a check fails
  the build when a catalogue entry has no row).

  # Which code a deceased patient with an account gets (11001), and that death is checked before P9, is
  # the prototype's evidence: CID-IS-P Table 11 only says 11001 means "Unable to provision account for user".
  @sandbox @needs-state-setup
  Scenario: A deceased patient who already has a P9 NHS login is refused as deceased, not as already P9
    Given a patient who already has a P9 NHS login
    And the patient's NHS record shows them as deceased
    When the GP system provisions an NHS login for the patient
    Then the answer has the code "11001" with the status the outcome table gives it

  # CID-IS-P Table 9 (create, uplift), Table 11 (11005, 11003, 11021, 11011, 11000, 11010), Table 7 (every
  # field mandatory; date YYYY-MM-DD; phone with country code; a verified NHS number). The code only: the
  # specification names no HTTP status for a refusal (its one example, 400, is non-normative).
  @spec @patient-mapped
  Scenario Outline: <scenario> is answered with <code>
    Given the GP system holds an access token
    And the situation of catalogue scenario "<scenario>" is in place
    When the GP system provisions the catalogue scenario "<scenario>"
    Then the answer has the code "<code>"

    Examples: outcomes the specification defines
      | scenario                   | code    |
      | create                     | create  |
      | uplift-from-p5             | uplift  |
      | uplift-from-p0             | uplift  |
      | already-p9                 | 11005   |
      | pending-request            | 11003   |
      | ods-not-onboarded          | 11021   |
      | ods-not-allowed-for-client | 11021   |
      | rate-limited               | 11011   |
      | service-unavailable        | 11000   |
      | invalid-nhs-number         | 11010   |
      | invalid-email              | 11010   |
      | invalid-date-of-birth      | 11010   |
      | invalid-ods-code           | 11010   |
      | invalid-phone-number       | 11010   |
      | missing-field              | 11010   |

  # CID-IS-P Table 11 gives 11001, 11002, 11006, 11007, 11008, 11009, 11018 and 11019 one meaning, "Unable
  # to provision account for user", and 11004 "email already in use": which condition gets which code is
  # the implementation's. The sandbox's answer is the catalogue's (prototype evidence, or its own choice);
  # another target's is the "expected" code its MAPPING_FILE declares, which is what it is held to.
  @sandbox @declared-by-target @patient-mapped
  Scenario Outline: <scenario> is answered with the code the target declares (<code> here)
    Given the GP system holds an access token
    And the situation of catalogue scenario "<scenario>" is in place
    When the GP system provisions the catalogue scenario "<scenario>"
    Then the answer has the code the target declares for catalogue scenario "<scenario>"

    Examples: codes whose condition is the implementation's (here: the prototype's evidence or the sandbox's choice)
      | scenario                  | code  |
      | email-in-use-p9           | 11004 |
      | email-in-use-lower-level  | 11009 |
      | no-pds-record             | 11007 |
      | nhs-number-superseded     | 11007 |
      | account-under-other-email | 11006 |
      | deceased-no-account       | 11018 |
      | deceased-with-account     | 11001 |
      | account-disabled          | 11002 |
      | restricted-record         | 11019 |
      | mobile-does-not-match     | 11008 |
      | dob-does-not-match        | 11008 |

  # The HTTP status of each answer is the sandbox's (docs/integrating.md, "Outcome codes and HTTP statuses"): 200 for
  # success, 400 for a refusal, 429 and 503 with Retry-After where waiting helps.
  @sandbox @needs-state-setup
  Scenario Outline: <scenario> is answered with the HTTP status <status>
    Given the GP system holds an access token
    And the situation of catalogue scenario "<scenario>" is in place
    When the GP system provisions the catalogue scenario "<scenario>"
    Then the answer has the code "<code>" with the status the outcome table gives it
    And the HTTP status is <status>

    Examples:
      | scenario            | code   | status |
      | create              | create | 200    |
      | already-p9          | 11005  | 400    |
      | invalid-email       | 11010  | 400    |
      | rate-limited        | 11011  | 429    |
      | service-unavailable | 11000  | 503    |
