@needs-users-endpoint
Feature: A GP system checks whether a patient already has an NHS login
  Users Endpoint V2 (v1.1) tells a GP system, for an NHS number or an email address, which NHS
  login accounts exist and at which identity level, before it provisions or after the patient has
  claimed. The GP system gets a token with the JWT-bearer grant for the scopes it is approved for;
  each scope releases more of the account. Every lookup below is an entry of the scenario catalogue
  (docs/scenarios.md, "Users Endpoint V2 lookups"), which also says what the answer must be.

  # Users Endpoint V2 §3.2.3 Table 2 (Cache-Control, Pragma; token_type Bearer, expires_in 300, scope =
  # the requested scopes the client is approved for); RFC 6749 §3.3 (scope: space-delimited, any order)
  @spec
  Scenario: The GP system is granted the scopes it asks for and is approved for
    When the GP system asks for a Users token with the scopes "Users.retrieve profile email"
    Then it receives a bearer access token valid for 300 seconds
    And the token grants the scopes "Users.retrieve profile email"
    And the answer must not be cached

  # Users Endpoint V2 Table 1 (grant_type MUST be urn:ietf:params:oauth:grant-type:jwt-bearer); RFC 6749 §5.2
  @spec
  Scenario: A Users token asked for with another grant type is refused
    When the GP system asks for a Users token with the grant type "password"
    Then the token request is refused as "unsupported_grant_type"

  # Users Endpoint V2 Table 1 (scope: Mand); RFC 6749 §5.2 (invalid_request: a missing required
  # parameter), §3.3 (or invalid_scope)
  @spec
  Scenario: A Users token asked for without any scope is refused
    When the GP system asks for a Users token without a scope
    Then the token request is refused as "invalid_request" or "invalid_scope"

  # RFC 7523 §3 (aud MUST identify the authorization server), §3.1 (an invalid JWT grant: invalid_grant);
  # Users Endpoint V2 Table 12 (aud: the NHS login platform token URL)
  @spec
  Scenario: A Users token asked for with an assertion for another audience is refused
    When the GP system asks for a Users token with an assertion naming another audience
    Then the token request is refused as "invalid_grant"

  # Users Endpoint V2 Table 12 (jti protects against replay); RFC 7523 §3.1 (invalid_grant)
  @spec
  Scenario: A Users token asked for with a replayed assertion is refused
    Given the GP system holds a Users token with the scopes "Users.retrieve"
    When the GP system asks for a Users token again with the same assertion
    Then the token request is refused as "invalid_grant"

  # Users Endpoint V2 Table 2 ("the returned scopes will be subjected to the requested scopes and approved
  # scopes"); RFC 6749 §5.2 (invalid_scope: unknown) and §3.3 (a server may grant less than asked)
  @spec
  Scenario: A scope the specification does not define is never granted
    When the GP system asks for a Users token with the scopes "Users.retrieve profile admin"
    Then the token, if issued, does not grant the scope "admin"

  # Users Endpoint V2 Table 1 (Users.retrieve is the scope "for the Users endpoint"), Table 10 (403 "Scope
  # … required"), Table 14 ("If this scope is not requested, then invalid request"): refused either when
  # the token is asked for or when it is used
  @spec
  Scenario: A GP system that did not ask for Users.retrieve cannot look anyone up
    When the GP system asks for a Users token with the scopes "profile"
    And it looks up users with that token, if it was given one
    Then no account is released

  # A provisioning token refused with 403 insufficient_scope is the sandbox's choice (the Provision
  # Account specification defines no scopes)
  @sandbox @needs-catalogue-data
  Scenario: A Users token cannot be used to provision
    Given the GP system holds a Users token with the scopes "Users.retrieve profile"
    When the GP system provisions a patient with its Users token
    Then the call is refused as "insufficient_scope" with the status 403

  # The claiming journey is the sandbox's (see claim-journey.feature)
  @sandbox @needs-state-setup @needs-mail-reading @needs-sms-reading
  Scenario: A patient who has just set up their NHS login is found at P9
    Given the GP practice has invited a patient who has no NHS login
    And the patient has followed the invitation and completed every step
    And the GP system holds a Users token with the scopes "Users.retrieve"
    When it looks up the patient's NHS number
    Then one NHS login is found, at identity level P9

  # RFC 7644 §3.4.2.2 ("Attribute names and attribute operators used in filters are case insensitive"),
  # which Users Endpoint V2 §2.2 follows for filtering and attribute names; its own Table 8 writes AND, OR
  @spec @needs-catalogue-data
  Scenario Outline: Attribute names and operators in a filter are read whatever their case (<filter>)
    Given the GP system holds a Users token with the scopes "Users.retrieve"
    When it looks up users with the filter: <filter>
    Then the answer is what the specification requires for Users lookup "<same as>"

    Examples:
      | filter                                                           | same as             |
      | NHSNumber EQ "9990000042"                                        | users-by-nhs-number |
      | nhsNumber eq "9990000026" AND Email Eq "bilal.upton@example.com" | users-by-both       |
      | nhsnumber eq "9990000042" OR email eq "farah.dupont@example.com" | users-several       |

  # RFC 6750 §2.1 and RFC 7235 §2.1: the scheme is case-insensitive
  @spec @needs-catalogue-data
  Scenario: A Users lookup with the scheme written "bearer" is answered
    Given the GP system holds a Users token with the scopes "Users.retrieve"
    When it looks up users with the filter nhsnumber eq "9990000042", the scheme written "bearer"
    Then the answer is what the specification requires for Users lookup "users-by-nhs-number"

  # Users Endpoint V2 §3.3.1 (filter rules; eq, and, or; and before or), §3.3.2 and Table 15 (200, the
  # ListResponse schema, totalResults, Resources, id, active, IdentityProofing), Table 14 (what each scope releases)
  @spec @needs-catalogue-data
  Scenario Outline: Users lookup <lookup>
    Given the GP system holds the token Users lookup "<lookup>" calls for
    When it looks up users with the filter: <filter>
    Then the answer is what the specification requires for Users lookup "<lookup>"

    Examples: who is found
      | lookup              | filter                                                           |
      | users-no-match      | nhsnumber eq "9990000158"                                        |
      | users-by-nhs-number | nhsnumber eq "9990000042"                                        |
      | users-by-email      | email eq "bilal.upton@example.com"                               |
      | users-by-both       | nhsnumber eq "9990000026" and email eq "bilal.upton@example.com" |
      | users-both-different-people | nhsnumber eq "9990000042" and email eq "bilal.upton@example.com" |
      | users-several       | nhsnumber eq "9990000042" or email eq "farah.dupont@example.com" |
      | users-disabled      | nhsnumber eq "9990000107"                                        |

    Examples: what each set of scopes releases
      | lookup                    | filter                    |
      | users-scope-retrieve-only | nhsnumber eq "9990000042" |
      | users-scope-profile       | nhsnumber eq "9990000042" |
      | users-scope-all           | nhsnumber eq "9990000042" |
      | users-scope-data-without-profile | nhsnumber eq "9990000042" |

  # Users Endpoint V2 Tables 6-7 (nhsnumber, email "a@b.c"; eq, and, or), §3.3.1.3 (at most 5 expressions,
  # values in double quotes), Table 10 (400 and its descriptions; an attribute that is neither nhsnumber
  # nor email fits both "Invalid attribute" and "Either one of …", so either is accepted)
  @spec
  Scenario Outline: Users lookup <lookup>
    Given the GP system holds the token Users lookup "<lookup>" calls for
    When it looks up users with the filter: <filter>
    Then the answer is what the specification requires for Users lookup "<lookup>"

    Examples: filters the specification does not allow
      | lookup               | filter                                                                                                                                                                     |
      | users-400-syntax     | nhsnumber eq "9990000042                                                                                                                                                   |
      | users-400-attribute  | surname eq "Verity"                                                                                                                                                        |
      | users-400-operator   | nhsnumber sw "999"                                                                                                                                                         |
      | users-400-too-many   | nhsnumber eq "9990000042" or nhsnumber eq "9990000042" or nhsnumber eq "9990000042" or nhsnumber eq "9990000042" or nhsnumber eq "9990000042" or nhsnumber eq "9990000042" |
      | users-400-nhs-number | nhsnumber eq "9990000043"                                                                                                                                                  |
      | users-400-email      | email eq "dylan.verity@"                                                                                                                                                   |
      | users-400-either     | userName eq "dylan.verity@example.com"                                                                                                                                     |
      | users-400-missing    | (none)                                                                                                                                                                     |

  # Which refusal a provisioning token gets, whether a token without Users.retrieve is issued at all, the
  # Users.retrieve spelling in a description, profile's role (Table 10 and Table 14 disagree) and the exact
  # descriptions are the sandbox's
  @sandbox
  Scenario Outline: Users lookup <lookup>
    Given the GP system holds the token Users lookup "<lookup>" calls for
    When it looks up users with the filter: <filter>
    Then the answer is what the catalogue expects for Users lookup "<lookup>"

    Examples: tokens that do not allow the lookup
      | lookup                       | filter                    |
      | users-403-provisioning-token | nhsnumber eq "9990000042" |
      | users-403-no-retrieve        | nhsnumber eq "9990000042" |

    @needs-state-setup
    Examples: approval withdrawn after the token was issued
      | lookup                       | filter                    |
      | users-403-approval-withdrawn | nhsnumber eq "9990000042" |

  # The sandbox's exact descriptions for the two refusals Table 10 leaves ambiguous
  @sandbox
  Scenario: An attribute that is not nhsnumber or email is refused as the sandbox words it
    Given the GP system holds a Users token with the scopes "Users.retrieve"
    When it looks up users with the filter: surname eq "Verity"
    Then the answer is what the catalogue expects for Users lookup "users-400-attribute"
