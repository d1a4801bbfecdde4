@needs-state-setup @needs-mail-reading @needs-sms-reading
Feature: A patient signs in to a service with the NHS login they claimed
  Once a patient has claimed the NHS login their GP practice set up, a service that uses NHS login
  (a relying party) sends them to NHS login; they enter their email address, their password and
  the security code texted to their mobile, and the service receives who they are, verified to P9.

  Background:
    Given the GP practice has invited a patient who has no NHS login
    And the patient has followed the invitation and completed every step

  # CID-IS-F v2.1 §3.4, §3.5, §4.2, §5.1
  @spec
  Scenario: The service receives the patient's fully verified identity
    When the patient signs in to the service with their email address, password and texted security code
    Then the service receives an ID token for the patient with the nonce it sent
    And the ID token says the patient is verified to P9 with their NHS number

  # CID-IS-F v2.1 §3.4.4, §4.4: a code is used once
  @spec
  Scenario: A code cannot be used twice
    Given the patient has signed in to the service
    When the service uses the same code again
    Then the token endpoint refuses it with "invalid_grant"

  # CID-IS-F v2.1 §3.4.1 (prompt), §3.4.5 (sso_login_required)
  @spec
  Scenario: A service asking to sign in silently, without a session, is told so
    When the service asks NHS login to sign the patient in without showing any page
    Then the service is told "sso_login_required"

  # CID-IS-F v2.1 §3.4.1, §7.3: redirect URIs are exact matches of registered ones
  @spec
  Scenario: NHS login never sends a patient to an address the service did not register
    When a link to NHS login names a return address the service did not register
    Then the patient sees an error page and is not sent anywhere

  # Sandbox choice: the claiming journey's lockout, per account (docs/decisions.md, "Signing in")
  @sandbox
  Scenario: Too many wrong passwords lock the NHS login for a while
    When the patient enters a wrong password 5 times
    Then the patient signing in is told "You cannot continue" with no reference

  # CID-IS-F v2.1 §3.6 (PATCH of client_user_metadata → 204) and Table 2 (the client_metadata scope releases it)
  @spec
  Scenario: The service keeps its own note about the patient with NHS login and reads it back
    Given the patient has signed in to a service that asked to keep a note about them
    When the service keeps the note "prefers-large-print" with NHS login
    Then NHS login accepts the note without answering anything else
    And the patient's details the service reads next carry the note "prefers-large-print"

  # CID-IS-F v2.1 §3.6: "" clears the note
  @spec
  Scenario: The service clears its note
    Given the patient has signed in to a service that asked to keep a note about them
    And the service keeps the note "prefers-large-print" with NHS login
    When the service keeps the note "" with NHS login
    Then the patient's details the service reads next carry no note

  # Sandbox choice: the conformance verdict for relying parties (docs/conformance-plan.md); the rules cite RFC 6749 §4.1.2 and CID-IS-F v2.1 §3.4.1
  @sandbox
  Scenario: A service that signs the patient in as the specification asks holds the relying-party rules
    Given the patient has signed in to the service
    Then the service's conformance report holds every relying-party rule it exercised

  @sandbox
  Scenario: A service that uses a code twice fails its conformance verdict on that rule
    Given the patient has signed in to the service
    When the service uses the same code again
    Then the service's conformance report fails the rule "rp-code-used-once"

  @sandbox
  Scenario: A service that sends no nonce is turned back and fails its conformance verdict on that rule
    When the service sends the patient to NHS login without a nonce
    Then the service is told "invalid_request"
    And the service's conformance report fails the rule "rp-state-and-nonce"
