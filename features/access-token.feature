Feature: Obtaining an access token
  A GP system authenticates with a signed client assertion (RS512, RFC 7523) and receives an
  access token it may reuse for several provisioning calls while it lives (300 seconds).

  # CID-IS-P §3.1 (TTL 300 seconds), Table 2 (Cache-Control, Pragma), Table 3 (token_type, expires_in)
  @spec @smoke
  Scenario: A correctly signed assertion is exchanged for an access token
    When the GP system requests an access token with a valid client assertion
    Then it receives a bearer access token valid for 300 seconds
    And the answer must not be cached

  # CID-IS-P Table 3 (expires_in is in seconds; the expiry is in the token's exp claim), Table 14
  # (iss, sub, aud, iat, exp), §4.3 (every JWT is RS512); RFC 7519 §2 (NumericDate: seconds since the epoch)
  @spec
  Scenario: The access token says, in seconds, when it expires, and is signed with RS512 for the GP system
    When the GP system requests an access token with a valid client assertion
    Then the access token is an RS512-signed JWT issued to the GP system
    And the token's expiry is expires_in seconds after it was issued, both counted in seconds

  # CID-IS-P Table 12 (alg RS512), Table 13 (iss, sub, aud, exp, jti: all mandatory), §4.3;
  # RFC 7523 §3 (aud, exp, signature), RFC 7521 §4.2.1 and Table 5 (invalid_client)
  @spec
  Scenario Outline: An assertion that breaks a rule is refused
    When the GP system requests an access token with an assertion that <fault>
    Then the token request is refused as "invalid_client"

    Examples:
      | fault                              |
      | is signed with HS512               |
      | is signed with RS256               |
      | is signed with PS512               |
      | is not signed at all               |
      | names another audience             |
      | has expired                        |
      | has no expiry                      |
      | has no unique identifier           |
      | has a subject other than issuer    |
      | comes from an unknown client       |
      | is signed with an unregistered key |

  # CID-IS-P Table 13 (exp: the client SHOULD choose it, no maximum); RFC 7523 §3 (refuse only "unreasonably far in the future")
  @spec
  Scenario: An assertion that lives for an hour is accepted
    When the GP system requests an access token with an assertion that lives for an hour
    Then it receives a bearer access token valid for 300 seconds

  # CID-IS-P §3.1 ("can use the Access Token multiple times while TTL (300 seconds) is valid")
  @spec @needs-catalogue-data
  Scenario: The same token serves several provisioning calls
    Given the GP system holds an access token
    When the GP system provisions NHS logins for two different patients with that token
    Then neither call is refused for authentication

  # CID-IS-P §3.1 (TTL 300 seconds), Table 14 (exp); RFC 6750 §3, §3.1 (invalid_token: 401 and a Bearer challenge)
  @spec @needs-time-travel
  Scenario: An access token stops working after 300 seconds
    Given the GP system holds an access token
    And 301 seconds have passed
    When the GP system provisions with that token
    Then provisioning with that token is refused as unauthorised
