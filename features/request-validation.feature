Feature: Provisioning request validation
  Every field is mandatory and has a format; invalid data is refused with code 11010 and a
  description naming the field.

  @spec
  Scenario Outline: An invalid <field> is refused
    Given a patient registered at a practice that is onboarded for provisioning
    When the GP system provisions an NHS login for the patient with <field> set to "<value>"
    Then the answer has the code "11010" with the status the outcome table gives it
    And the description names "<field>"

    Examples:
      | field         | value                |
      | nhs_number    | 9990000019           |
      | nhs_number    | 999000001            |
      | email_address | not-an-email         |
      | date_of_birth | 1993-17-12           |
      | date_of_birth | 2999-01-01           |
      | ods_code      | A000002              |
      | phone_number  | 07700900001          |

  @spec
  Scenario: A missing field is refused
    Given a patient registered at a practice that is onboarded for provisioning
    When the GP system provisions an NHS login for the patient without "email_address"
    Then the answer has the code "11010" with the status the outcome table gives it
    And the description names "email_address"
