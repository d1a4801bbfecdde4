Feature: The invitation email
  After a successful provisioning call the patient receives an email with a link to claim their
  NHS login. It greets them but carries none of their sensitive details.

  # CID-IS-P Table 9 (create); overview pages: the patient is sent an invitation email and claims the
  # account by selecting its link
  @spec @needs-state-setup @needs-mail-reading @smoke
  Scenario: A new patient is invited by email to create an account
    Given a patient registered at a practice that is onboarded for provisioning
    When the GP system provisions an NHS login for the patient
    Then the patient is invited to create a new account
    And the patient is sent an email with a link to claim the account

  # The provisioning id (promised by the overview page, absent from the specification's tables), the
  # prototype's subject line, the claim link's shape and what the email leaves out are the sandbox's
  @sandbox @needs-state-setup @needs-mail-reading
  Scenario: The invitation to a new patient, as the sandbox words it
    Given a patient registered at a practice that is onboarded for provisioning
    When the GP system provisions an NHS login for the patient
    Then the answer carries a provisioning id
    And the patient receives the email "Invite to set up your NHS login"
    And the email contains a link to claim the account
    And the email does not contain the patient's NHS number, date of birth or mobile number

  # CID-IS-P Table 9 (uplift); overview pages (invitation email, claim link)
  @spec @needs-state-setup @needs-mail-reading
  Scenario: A patient with a lower-level account is invited by email to uplift it
    Given a patient who already has a P5 NHS login
    When the GP system provisions an NHS login for the patient
    Then the patient is invited to uplift their existing account
    And the patient is sent an email with a link to claim the account

  # The prototype's subject line for an uplift
  @sandbox @needs-state-setup @needs-mail-reading
  Scenario: The invitation to uplift, as the sandbox words it
    Given a patient who already has a P5 NHS login
    When the GP system provisions an NHS login for the patient
    Then the patient receives the email "Finish setting up your NHS login"
    And the email contains a link to claim the account

  # CID-IS-P Table 7 (email_address: "the email address for the citizen", sent by the GP system);
  # overview pages (the invitation email goes to the patient)
  @spec @needs-state-setup @needs-mail-reading
  Scenario: The invitation goes to the email address the GP system sent
    Given a patient registered at a practice that is onboarded for provisioning
    When the GP system provisions an NHS login for the patient with an email address other than the one on their NHS record
    Then the patient is invited to create a new account
    And the invitation arrives at the address the GP system sent

  # That nothing at all goes to the address PDS holds is the sandbox's reading
  @sandbox @needs-state-setup @needs-mail-reading
  Scenario: Nothing is sent to the email address on the NHS record
    Given a patient registered at a practice that is onboarded for provisioning
    When the GP system provisions an NHS login for the patient with an email address other than the one on their NHS record
    Then the invitation arrives at the address the GP system sent
    And nothing is sent to the address on the NHS record

  # 11006 for an account under another address, and the reminder email, are the prototype's evidence
  @sandbox @needs-catalogue-data @needs-mail-reading
  Scenario: A patient who already has an NHS login under another email address is reminded of it
    Given a patient who already has a P5 NHS login
    When the GP system provisions an NHS login for the patient with another email address
    Then the answer has the code "11006" with the status the outcome table gives it
    And the patient receives the email "Account details reminder from NHS login"
    And the email names the address of the patient's existing NHS login
    And nothing is sent to the other email address
