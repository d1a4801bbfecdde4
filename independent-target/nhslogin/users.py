"""GET /v2/Users (Users Endpoint V2 v1.1, s3.3 and s5): SCIM 2.0 filtered retrieval."""
import json
import re
from urllib.parse import parse_qsl

from .tokens import USERS_RETRIEVE, USERS_RETRIEVE_TEMPLATE, canonical_scope
from .validation import email_is_valid, nhs_number_is_valid

MAX_EXPRESSIONS = 5   # s3.3.1.3 (v1.1)

# Table 14: scopes other than Users.retrieve, each needing "profile" too.
DATA_SCOPES = ("profile_extended", "email", "phone", "landline",
               "gp_registration_details", "gp_integration_credentials")

LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
NHS_EXTENSION = "uk:nhs:login:auth:1.0:User"

# Table 15 attributes of the User resource that exist but cannot be filtered on: using one gives
# 'Either one of "nhsnumber" or "email" ...'; any other name gives "Invalid attribute" (CHOICES.md C-U4).
KNOWN_UNFILTERABLE = {
    "schemas", "id", "active", "username", "emails", "emails.value", "emails.type", "emails.primary",
    "name", "name.familyname", "name.givenname", "phonenumbers", "phonenumbers.value",
    "phonenumbers.type", "gpuserid", "gplinkagekey", "gpodscode", "birthdate", "vectorsoftrust",
    "vectorsoftrust.identityproofing", "identityproofing",
}
SCIM_OPERATORS = {"ne", "co", "sw", "ew", "pr", "gt", "ge", "lt", "le", "not"}


class UsersError(Exception):
    def __init__(self, status, description):
        super().__init__(description)
        self.status = status
        self.description = description

    def response(self):
        # Table 10's form: {"Errors": [{"description": ..., "code": "<status>"}]}
        return self.status, {"Errors": [{"description": self.description, "code": str(self.status)}]}


def users_get(platform, token, query_string):
    try:
        return 200, _users_get(platform, token, query_string)
    except UsersError as error:
        return error.response()


def _users_get(platform, token, query_string):
    granted = token["scopes"]
    # Table 10, 403 rows, checked before the query is looked at.
    if not token["requested"]:
        raise UsersError(403, "No scope was present in the request")
    if not granted:
        approved = platform.clients[token["client_id"]].get("approved_scopes") or []
        raise UsersError(403, "Requested scopes: %s did not match the clients approved scopes: %s"
                         % (", ".join(token["requested"]), ", ".join(approved)))
    canonical = {canonical_scope(scope) for scope in granted}
    if USERS_RETRIEVE not in canonical:
        approved = platform.clients[token["client_id"]].get("approved_scopes") or []
        name = next((s for s in approved if canonical_scope(s) == USERS_RETRIEVE), USERS_RETRIEVE_TEMPLATE)
        raise UsersError(403, 'Scope "%s" required for access was not present in request' % name)
    if "profile" not in canonical and any(scope in canonical for scope in DATA_SCOPES):
        raise UsersError(403, 'Scope "profile" required for access was not present in request')

    filters = [value for name, value in parse_qsl(query_string, keep_blank_values=True) if name == "filter"]
    if not filters or all(not value.strip() for value in filters):
        raise UsersError(400, 'Query string "filter" not present')
    if len(filters) > 1:
        raise UsersError(400, "Invalid syntax")
    groups = parse_filter(filters[0])

    matches = [account for account in platform.accounts
               if any(all(_matches(account, attribute, value) for attribute, value in group)
                      for group in groups)]
    response = {"schemas": [LIST_RESPONSE], "totalResults": len(matches), "Resources": []}
    response["Resources"] = [user_resource(account, canonical) for account in matches]
    return response


def _matches(account, attribute, value):
    if attribute == "nhsnumber":
        return account["nhs_number"] == value
    # emails.value is caseExact=false in SCIM (RFC 7643 s4.1.2), so eq ignores case (CHOICES.md C-U6).
    return account["email"].lower() == value.lower()


# --- filter grammar (s3.3.1.3) ------------------------------------------------------------------
#   filter     = expression *( ("and" / "or") expression )       ; "and" binds tighter than "or"
#   expression = attribute SP "eq" SP DQUOTE value DQUOTE
# Attribute names and operators are case-insensitive (RFC 7644 s3.4.2.2). No parentheses, no "not".
_TOKEN = re.compile(r'\s*(?:(?P<string>"(?:[^"\\]|\\.)*")|(?P<word>[^\s"()\[\]]+)|(?P<other>\S))')


def _tokenize(text):
    tokens, position = [], 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            break
        position = match.end()
        kind = match.lastgroup
        tokens.append((kind, match.group(kind)))
    return tokens


def parse_filter(text):
    """Returns a list of OR'ed groups, each a list of AND'ed (attribute, value) pairs."""
    tokens = _tokenize(text)
    expressions, joins = [], []
    i = 0
    while True:
        # attribute
        if i >= len(tokens) or tokens[i][0] != "word":
            raise UsersError(400, "Invalid syntax")
        attribute = tokens[i][1]
        if attribute.lower() == "not":
            raise UsersError(400, "Invalid operator")
        if attribute.lower() in ("and", "or"):
            raise UsersError(400, "Invalid syntax")
        # operator
        if i + 1 >= len(tokens) or tokens[i + 1][0] != "word":
            raise UsersError(400, "Invalid syntax")
        if tokens[i + 1][1].lower() != "eq":
            raise UsersError(400, "Invalid operator")
        # value: a JSON string in double quotes
        if i + 2 >= len(tokens) or tokens[i + 2][0] != "string":
            raise UsersError(400, "Invalid syntax")
        try:
            value = json.loads(tokens[i + 2][1])
        except ValueError:
            raise UsersError(400, "Invalid syntax")
        expressions.append((attribute, value))
        i += 3
        if i == len(tokens):
            break
        # logical operator
        kind, word = tokens[i]
        if kind != "word":
            raise UsersError(400, "Invalid syntax")
        if word.lower() not in ("and", "or"):
            raise UsersError(400, "Invalid operator")
        joins.append(word.lower())
        i += 1

    if len(expressions) > MAX_EXPRESSIONS:
        raise UsersError(400, "More than 5 expressions provided")

    checked = []
    for attribute, value in expressions:
        name = attribute.lower()
        if name not in ("nhsnumber", "email"):
            short = name.rsplit(":", 1)[-1] if ":" in name else name
            if short in KNOWN_UNFILTERABLE or short == "nhsnumber":
                raise UsersError(400, 'Either one of "nhsnumber" or "email" must be used for each query')
            raise UsersError(400, "Invalid attribute")
        # Table 6: nhsnumber numeric, 10 digits (plus NHS number validation); email "a@b.c".
        if name == "nhsnumber" and not nhs_number_is_valid(value):
            raise UsersError(400, "Invalid NHS number")
        if name == "email" and not email_is_valid(value):
            raise UsersError(400, "Invalid email")
        checked.append((name, value))

    groups = [[checked[0]]]
    for join, expression in zip(joins, checked[1:]):
        if join == "and":
            groups[-1].append(expression)
        else:
            groups.append([expression])
    return groups


# --- the User resource (s3.3.2, s5.1 Table 14, s5.2 Table 15) -----------------------------------
def user_resource(account, scopes):
    resource = {
        "schemas": [USER_SCHEMA, NHS_EXTENSION],
        "id": account["id"],
        "active": not account["disabled"],
    }
    extension = {"vectorsOfTrust": {"IdentityProofing": account["level"]}}
    resource[NHS_EXTENSION] = extension
    if "profile" not in scopes:
        return resource   # Table 14: without profile no other data is returned

    if account["nhs_number"]:
        extension["nhsNumber"] = account["nhs_number"]
    if account["birthdate"]:
        extension["birthdate"] = account["birthdate"]
    if "gp_registration_details" in scopes and account["gp_ods"]:
        extension["gpOdsCode"] = account["gp_ods"]
    if "gp_integration_credentials" in scopes and account["gp_user_id"]:
        extension["gpUserId"] = account["gp_user_id"]
        extension["gpLinkageKey"] = account["gp_linkage_key"]

    name = {}
    if account["family"]:
        name["familyName"] = account["family"]
    if "profile_extended" in scopes and account["given"]:
        name["givenName"] = account["given"]
    if name:
        resource["name"] = name

    if "email" in scopes:
        resource["userName"] = account["email"]
        resource["emails"] = [{"value": account["email"], "type": "home", "primary": True}]

    phones = []
    if "phone" in scopes and account["mobile"]:
        phones.append({"type": "mobile", "value": account["mobile"]})
    if "landline" in scopes and account["landline"]:
        phones.append({"type": "landline", "value": account["landline"]})
    if phones:
        resource["phoneNumbers"] = phones
    return resource
