Feature: Security expectations
  The platform refuses replayed assertions and any access token it did not issue unchanged, and
  reads the Authorization header as RFC 6750 and RFC 7235 define it.

  # CID-IS-P Table 13 (jti: "NHS login will utilise the value in this claim to protect against replay
  # attacks"); RFC 7521 §4.2.1 and CID-IS-P Table 5 (invalid_client)
  @spec
  Scenario: A replayed assertion is refused
    Given the GP system has exchanged a client assertion for a token
    When the GP system sends the same assertion again
    Then the token request is refused as "invalid_client"

  # The error_description's wording is the sandbox's (optional free text, CID-IS-P Table 4)
  @sandbox
  Scenario: The refusal of a replayed assertion says it was already used
    Given the GP system has exchanged a client assertion for a token
    When the GP system sends the same assertion again
    Then the token request is refused as "invalid_client"
    And the refusal explains that the assertion was already used

  # CID-IS-P §4.3 (every JWT RS512-signed), §3.3; RFC 6750 §3.1 (invalid_token)
  @spec
  Scenario: A tampered access token is refused
    Given the GP system holds an access token
    When the GP system provisions with the token's claims altered
    Then provisioning with that token is refused as unauthorised

  # CID-IS-P §3.3 ("MUST be sent as a Bearer Token using the Authorization header field"); RFC 6750 §2.1, §3
  @spec
  Scenario: An access token sent under another scheme than Bearer is refused
    Given the GP system holds an access token
    When the GP system provisions with its token under another scheme than Bearer
    Then provisioning with that token is refused as unauthorised

  # RFC 6750 §2.1 (the credentials' grammar is RFC 7235's) and RFC 7235 §2.1 ("a case-insensitive token
  # to identify the authentication scheme"): "bearer" and "BEARER" are the Bearer scheme
  @spec
  Scenario Outline: The Bearer scheme is recognised whatever its case (<scheme>)
    Given the GP system holds an access token
    When the GP system provisions with its token under the scheme written "<scheme>"
    Then the call is not refused for authentication

    Examples:
      | scheme |
      | bearer |
      | BEARER |

  # CID-IS-P §3.3; RFC 6750 §3 (a request without a token gets the Bearer challenge), §3.1
  @spec
  Scenario: Provisioning without any access token is refused
    When the GP system provisions without an access token
    Then provisioning with that token is refused as unauthorised

  # CID-IS-P Table 5 (invalid_client: a client that authenticated through the Authorization header MUST
  # get 401 and a WWW-Authenticate header); RFC 6749 §5.2
  @spec
  Scenario: A GP system that authenticates to the token endpoint with HTTP Basic is refused with a challenge
    When the GP system requests an access token authenticating with an Authorization header
    Then the token request is refused as "invalid_client" with the status 401 and a challenge
