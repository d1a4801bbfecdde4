Feature: Provisioning request validation
  Every field is mandatory and has a format; invalid data is refused with code 11010 and a
  description naming the field.

  # CID-IS-P Table 7 (nhs_number: a verified NHS number, 10 digits with its check digit; date_of_birth
  # MUST be YYYY-MM-DD; ods_code "a letter followed by 6 numbers", its example a letter and 5;
  # phone_number MUST include the country code), Table 11 (11010 "Data in request not valid")
  @spec
  Scenario Outline: An invalid <field> is refused
    Given a patient registered at a practice that is onboarded for provisioning
    When the GP system provisions an NHS login for the patient with <field> set to "<value>"
    Then the answer has the code "11010"

    Examples:
      | field         | value        |
      | nhs_number    | 9990000019   |
      | nhs_number    | 999000001    |
      | email_address | not-an-email |
      | date_of_birth | 1993-17-12   |
      | date_of_birth | 14/03/1985   |
      | ods_code      | A2004        |
      | ods_code      | 200470       |
      | phone_number  | 07700900001  |

  # CID-IS-P Table 7 (every key Mand), Table 11 (11010)
  @spec
  Scenario: A missing field is refused
    Given a patient registered at a practice that is onboarded for provisioning
    When the GP system provisions an NHS login for the patient without "email_address"
    Then the answer has the code "11010"

  # The description naming the field, and refusing a date of birth in the future, are the sandbox's
  # (the specification's description is optional free text; it gives no rule for future dates)
  @sandbox @needs-catalogue-data
  Scenario Outline: The refusal of an invalid <field> names it
    Given a patient registered at a practice that is onboarded for provisioning
    When the GP system provisions an NHS login for the patient with <field> set to "<value>"
    Then the answer has the code "11010" with the status the outcome table gives it
    And the description names "<field>"

    Examples:
      | field         | value        |
      | nhs_number    | 9990000019   |
      | email_address | not-an-email |
      | date_of_birth | 1993-17-12   |
      | date_of_birth | 2999-01-01   |
      | ods_code      | A2004        |
      | phone_number  | 07700900001  |

  @sandbox @needs-catalogue-data
  Scenario: The refusal of a missing field names it
    Given a patient registered at a practice that is onboarded for provisioning
    When the GP system provisions an NHS login for the patient without "email_address"
    Then the answer has the code "11010" with the status the outcome table gives it
    And the description names "email_address"
