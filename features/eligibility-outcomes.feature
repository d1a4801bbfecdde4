Feature: Eligibility outcomes
  For every outcome in the scenario catalogue, the platform answers the catalogue's request with
  the expected code. Adding an outcome to the catalogue means adding one row here (a check fails
  the build when a catalogue entry has no row).

  @spec @needs-state-setup
  Scenario: A deceased patient who already has a P9 NHS login is refused as deceased, not as already P9
    Given a patient who already has a P9 NHS login
    And the patient's NHS record shows them as deceased
    When the GP system provisions an NHS login for the patient
    Then the answer has the code "11001" with the status the outcome table gives it

  @patient-mapped
  Scenario Outline: <scenario> is answered with <code>
    Given the GP system holds an access token
    And the situation of catalogue scenario "<scenario>" is in place
    When the GP system provisions the catalogue scenario "<scenario>"
    Then the answer has the code "<code>" with the status the outcome table gives it

    @spec
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

    @sandbox
    Examples: codes whose condition is the prototype's evidence or the sandbox's own choice
      | scenario                 | code  |
      | email-in-use-p9          | 11004 |
      | email-in-use-lower-level | 11009 |
      | no-pds-record            | 11007 |
      | nhs-number-superseded    | 11007 |
      | account-under-other-email | 11006 |
      | deceased-no-account      | 11018 |
      | deceased-with-account    | 11001 |
      | account-disabled         | 11002 |
      | restricted-record        | 11019 |
      | mobile-does-not-match    | 11008 |
      | dob-does-not-match       | 11008 |
