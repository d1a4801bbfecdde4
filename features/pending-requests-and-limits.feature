Feature: Pending requests, rate limits and availability

  # CID-IS-P Table 11 (11003: "a pending provision account request from within last 7 days")
  @spec @needs-state-setup @needs-time-travel
  Scenario: A patient with a pending request from the last 7 days cannot be provisioned again
    Given a patient registered at a practice that is onboarded for provisioning
    And the GP system provisioned an NHS login for the patient
    When 6 days pass
    And the GP system provisions an NHS login for the patient
    Then the answer has the code "11003"

  # CID-IS-P Table 11 (11003 covers the last 7 days only), Table 9 (create)
  @spec @needs-state-setup @needs-time-travel
  Scenario: Just after 7 days the patient can be invited again
    Given a patient registered at a practice that is onboarded for provisioning
    And the GP system provisioned an NHS login for the patient
    When 169 hours pass
    And the GP system provisions an NHS login for the patient
    Then the patient is invited to create a new account

  # The practice's limit, the 429 status and Retry-After are the sandbox's (the specification names only
  # 11011); Retry-After's value is delay-seconds (RFC 9110 §10.2.3), within the sandbox's rate-limit window
  @sandbox @needs-state-setup
  Scenario: A practice that exceeds its rate limit is told to slow down, and when to retry
    Given the GP system holds an access token
    When the GP system provisions for the low-rate-limit practice 3 times
    Then the answer has the code "11011" with the status the outcome table gives it
    And the answer says when to retry, in seconds

  # Prefer: code=… is the sandbox's test interface
  @sandbox @needs-state-setup @needs-forced-outcomes
  Scenario: The GP system can force "service unavailable" for one call
    Given a patient registered at a practice that is onboarded for provisioning
    When the GP system provisions an NHS login for the patient asking for outcome 11000
    Then the answer has the code "11000" with the status the outcome table gives it
