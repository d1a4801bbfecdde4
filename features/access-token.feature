Feature: Obtaining an access token
  A GP system authenticates with a signed client assertion (RS512, RFC 7523) and receives an
  access token it may reuse for several provisioning calls while it lives (300 seconds).

  @spec @smoke
  Scenario: A correctly signed assertion is exchanged for an access token
    When the GP system requests an access token with a valid client assertion
    Then it receives a bearer access token valid for 300 seconds
    And the answer must not be cached

  @spec
  Scenario Outline: An assertion that breaks a rule is refused
    When the GP system requests an access token with an assertion that <fault>
    Then the token request is refused as "invalid_client"

    Examples:
      | fault                            |
      | is signed with HS512             |
      | is signed with RS256             |
      | is signed with PS512             |
      | is not signed at all             |
      | names another audience           |
      | has expired                      |
      | lives longer than five minutes   |
      | has a subject other than issuer  |
      | comes from an unknown client     |
      | is signed with an unregistered key |

  @spec
  Scenario: The same token serves several provisioning calls
    Given the GP system holds an access token
    When the GP system provisions NHS logins for two different patients with that token
    Then neither call is refused for authentication

  @spec @needs-time-travel
  Scenario: An access token stops working after 300 seconds
    Given the GP system holds an access token
    And 301 seconds have passed
    When the GP system provisions with that token
    Then provisioning with that token is refused as unauthorised
