@supplier
Feature: A GP system provisions NHS logins the way the specification expects
  These scenarios describe the GP system, not the platform: each one puts the platform in a
  situation from the conformance test plan, asks the GP system to act through its driver, and
  then judges what the GP system sent. An assurance team runs them against a supplier's system
  with `npm run features:supplier` and the supplier's driver command.

  Scenario: A new patient is invited to create an NHS login
    Given a patient who has no NHS login
    When the GP system provisions that patient
    Then the platform answers "create"
    And the GP system authenticated with a client assertion as the specification asks
    And the GP system sent the provision request as the specification asks

  Scenario: A patient with a lower-level NHS login is invited to uplift it
    Given a patient whose NHS login is below P9
    When the GP system provisions that patient
    Then the platform answers "uplift"
    And the GP system reused its access token rather than fetching one per call

  Scenario: A patient who was invited in the last 7 days
    Given a patient who was invited in the last 7 days
    When the GP system provisions that patient
    Then the platform answers "11003"
    And the GP system does not send that patient again while the invitation is pending

  Scenario: A patient who already has a P9 NHS login
    Given a patient who already has a P9 NHS login
    When the GP system provisions that patient
    Then the platform answers "11005"
    And the GP system does not send that patient again

  Scenario: The service is unavailable
    Given a patient whose practice finds the service unavailable
    When the GP system provisions that patient
    Then the platform answers "11000"
    And the GP system waits for the Retry-After delay before sending again

  Scenario: The practice has sent too many requests
    Given a patient whose practice has used up its rate limit
    When the GP system provisions that patient
    Then the platform answers "11011"
    And the GP system waits for the Retry-After delay before sending for that practice again

  Scenario: The practice is not onboarded for provisioning
    Given a patient registered at a practice not onboarded for provisioning
    When the GP system provisions that patient
    Then the platform answers "11021"
    And the GP system does not send the refused request again unchanged

  Scenario: PDS does not confirm the patient's details
    Given a patient whose mobile number differs from PDS
    When the GP system provisions that patient
    Then the platform answers "11008"
    And the GP system does not send the refused request again unchanged

  Scenario: The email address belongs to another person's NHS login
    Given a patient whose email address belongs to another person's NHS login
    When the GP system provisions that patient
    Then the platform answers "11004"
    And the GP system does not send the refused request again unchanged

  Scenario: The access token the GP system holds has expired
    Given a patient who has a P0 NHS login
    And the platform has expired the access token the GP system holds
    When the GP system provisions that patient
    Then the GP system fetched a new access token and used it
    And the GP system never used an access token after its announced lifetime
