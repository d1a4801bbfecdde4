@needs-users-endpoint
Feature: A GP system checks whether a patient already has an NHS login
  Users Endpoint V2 (v1.1) tells a GP system, for an NHS number or an email address, which NHS
  login accounts exist and at which identity level, before it provisions or after the patient has
  claimed. The GP system gets a token with the JWT-bearer grant for the scopes it is approved for;
  each scope releases more of the account. Every lookup below is an entry of the scenario catalogue
  (docs/scenarios.md, "Users Endpoint V2 lookups"), which also says what the answer must be.

  Scenario: The GP system is granted the scopes it asks for and is approved for
    When the GP system asks for a Users token with the scopes "Users.retrieve profile email"
    Then it receives a bearer access token valid for 300 seconds
    And the token grants the scopes "Users.retrieve profile email"
    And the answer must not be cached

  Scenario: A Users token cannot be used to provision
    Given the GP system holds a Users token with the scopes "Users.retrieve profile"
    When the GP system provisions a patient with its Users token
    Then the call is refused as "insufficient_scope" with the status 403

  @needs-state-setup @needs-mail-reading @needs-sms-reading
  Scenario: A patient who has just set up their NHS login is found at P9
    Given the GP practice has invited a patient who has no NHS login
    And the patient has followed the invitation and completed every step
    And the GP system holds a Users token with the scopes "Users.retrieve"
    When it looks up the patient's NHS number
    Then one NHS login is found, at identity level P9

  Scenario Outline: Users lookup <lookup>
    Given the GP system holds the token Users lookup "<lookup>" calls for
    When it looks up users with the filter: <filter>
    Then the answer is what the catalogue expects for Users lookup "<lookup>"

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

    Examples: tokens that do not allow the lookup
      | lookup                       | filter                    |
      | users-403-provisioning-token | nhsnumber eq "9990000042" |
      | users-403-no-retrieve        | nhsnumber eq "9990000042" |

    @needs-state-setup
    Examples: approval withdrawn after the token was issued
      | lookup                       | filter                    |
      | users-403-approval-withdrawn | nhsnumber eq "9990000042" |
