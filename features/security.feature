Feature: Security expectations
  The platform refuses replayed assertions and any access token it did not issue unchanged.

  @spec
  Scenario: A replayed assertion is refused
    Given the GP system has exchanged a client assertion for a token
    When the GP system sends the same assertion again
    Then the token request is refused as "invalid_client"
    And the refusal explains that the assertion was already used

  @spec
  Scenario: A tampered access token is refused
    Given the GP system holds an access token
    When the GP system provisions with the token's claims altered
    Then provisioning with that token is refused as unauthorised

  @spec
  Scenario: An access token sent under another scheme than Bearer is refused
    Given the GP system holds an access token
    When the GP system provisions with its token under another scheme than Bearer
    Then provisioning with that token is refused as unauthorised

  @spec
  Scenario: Provisioning without any access token is refused
    When the GP system provisions without an access token
    Then provisioning with that token is refused as unauthorised
