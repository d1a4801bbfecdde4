"""POST /provision-account (CID-IS-P s3.3).

The order of checks is this implementation's own (the spec gives none; CHOICES.md C-P6):
  1. request body and fields ......................... 11010
  2. ODS code onboarded and served by this client ..... 11021
  3. requests per ODS code ............................ 11011
  4. PDS: available / found / not superseded ......... 11000 / 11001 / 11002
  5. PDS: not restricted, not deceased ................ 11009 / 11008
  6. PDS: date of birth, then mobile, match .......... 11006 / 11007
  7. the patient's own NHS login account .............. 11018 (disabled) / 11005 (P9) / 11019 (other email)
  8. email used by another person ..................... 11004
  9. pending request within 7 days ..................... 11003
 10. success: create (no account) or uplift (P0/P5 account with the same email)
"""
import json
import time
import uuid

from .validation import (date_of_birth_is_valid, email_is_valid, national_to_e164,
                         nhs_number_is_valid, ods_code_is_valid, phone_number_is_valid)

PENDING_WINDOW_SECONDS = 7 * 24 * 3600     # Table 11, 11003: "from within last 7 days"
RATE_LIMIT_REQUESTS = 300                  # per ODS code per window: own number (CHOICES.md C-P8)
RATE_LIMIT_WINDOW_SECONDS = 60
REFUSAL_HTTP_STATUS = 400                  # the only example (11004) is HTTP 400 (CHOICES.md C-P1)

REQUIRED_FIELDS = ("nhs_number", "email_address", "date_of_birth", "ods_code", "phone_number")

# Table 9 and Table 11 descriptions.
DESCRIPTIONS = {
    "create": "User able to create a new account",
    "uplift": "User able to uplift an existing account",
    "11000": "Service not available",
    "11010": "Data in request not valid",
    "11021": "Service not supported for ODS code provided",
    "11011": "Too many requests from ODS code",
    "11005": "User already has P9 account",
    "11004": "Unable to provision account for user email already in use",
    "11003": "User already has a pending provision account request from within last 7 days",
}
UNABLE = "Unable to provision account for user"   # 11001, 11002, 11006-11009, 11018, 11019


class Refusal(Exception):
    def __init__(self, code, detail):
        super().__init__(detail)
        self.code = code
        self.detail = detail


def refusal_response(code, detail):
    description = "%s: %s" % (DESCRIPTIONS.get(code, UNABLE), detail)
    return REFUSAL_HTTP_STATUS, {"code": code, "description": description}


def provision(platform, client_id, raw_body):
    """Returns (status, body, invitation) where invitation is None or a dict for the email."""
    try:
        with platform.lock:
            outcome, invitation = _decide(platform, client_id, raw_body)
    except Refusal as refusal:
        status, body = refusal_response(refusal.code, refusal.detail)
        return status, body, None
    # Table 8: code (mandatory) and description (optional); nothing else.
    return 200, {"code": outcome, "description": DESCRIPTIONS[outcome]}, invitation


def _parse_request(raw_body):
    """Table 7: every key is mandatory; values are strings in the stated formats."""
    try:
        request = json.loads(raw_body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Refusal("11010", "the body must be a JSON object")
    if not isinstance(request, dict):
        raise Refusal("11010", "the body must be a JSON object")
    missing = [name for name in REQUIRED_FIELDS if request.get(name) in (None, "")]
    if missing:
        raise Refusal("11010", "missing mandatory field(s): " + ", ".join(missing))
    not_text = [name for name in REQUIRED_FIELDS if not isinstance(request[name], str)]
    if not_text:
        raise Refusal("11010", "field(s) must be strings: " + ", ".join(not_text))
    checks = [
        ("nhs_number", nhs_number_is_valid, "nhs_number must be 10 digits with a valid check digit"),
        ("email_address", email_is_valid, "email_address is not a valid email address"),
        ("date_of_birth", date_of_birth_is_valid, "date_of_birth must be a real past date in YYYY-MM-DD format"),
        ("ods_code", ods_code_is_valid, "ods_code must be a letter followed by 5 or 6 digits"),
        ("phone_number", phone_number_is_valid, "phone_number must be in international format with the country code, e.g. +447700900123"),
    ]
    problems = [message for name, check, message in checks if not check(request[name])]
    if problems:
        raise Refusal("11010", "; ".join(problems))
    return {name: request[name] for name in REQUIRED_FIELDS}


def _decide(platform, client_id, raw_body):
    request = _parse_request(raw_body)
    nhs_number = request["nhs_number"]
    email = request["email_address"]
    ods_code = request["ods_code"].upper()
    now = time.time()

    # Overview: the practice needs a registered, authorised ODS code and a GP system that supports
    # provisioning; a client may only provision for practices it serves (11021 for both).
    if ods_code not in platform.practices:
        raise Refusal("11021", "ODS code %s is not onboarded for provisioning" % ods_code)
    if not platform.practice_served_by(ods_code, client_id):
        raise Refusal("11021", "ODS code %s is not served by this GP system" % ods_code)

    # 11011: too many requests from one ODS code (sliding window).
    limit = platform.practices[ods_code].get("rate_limit", RATE_LIMIT_REQUESTS)
    window = [t for t in platform.rate_windows.get(ods_code, []) if now - t < RATE_LIMIT_WINDOW_SECONDS]
    if len(window) >= limit:
        platform.rate_windows[ods_code] = window
        raise Refusal("11011", "more than %d requests in %d seconds from ODS code %s"
                      % (limit, RATE_LIMIT_WINDOW_SECONDS, ods_code))
    window.append(now)
    platform.rate_windows[ods_code] = window

    # Overview: the patient must have an active PDS record.
    try:
        patient = platform.pds_get(nhs_number)
    except platform.PdsUnavailable:
        raise Refusal("11000", "the Personal Demographics Service could not be reached")
    if patient is None:
        raise Refusal("11001", "no PDS record for this NHS number")
    if patient["id"] != nhs_number:
        raise Refusal("11002", "this NHS number has been superseded in PDS")
    if patient["security"] != "U":
        raise Refusal("11009", "the PDS record is restricted")
    if patient["deceasedDateTime"]:
        raise Refusal("11008", "PDS records the patient as deceased")

    # Overview: details must match PDS ("a mobile number that matches PDS").
    if patient["birthDate"] != request["date_of_birth"]:
        raise Refusal("11006", "date_of_birth does not match PDS")
    if national_to_e164(patient["mobile"]) != request["phone_number"]:
        raise Refusal("11007", "phone_number does not match the mobile number held in PDS")

    # The patient's own NHS login account, if any.
    account = next((a for a in platform.accounts if a["nhs_number"] == nhs_number), None)
    if account is not None:
        if account["disabled"]:
            raise Refusal("11018", "the patient's NHS login account is disabled")
        if account["level"] == "P9":
            raise Refusal("11005", "the patient already has a P9 NHS login")
        if account["email"].lower() != email.lower():
            raise Refusal("11019", "the patient's existing NHS login uses a different email address")

    # 11004: the email belongs to someone else's account (any level) or pending request.
    email_key = email.lower()
    for other in platform.accounts:
        if other["email"].lower() == email_key and other["nhs_number"] != nhs_number:
            raise Refusal("11004", "the email address belongs to another NHS login account")
    for other_nhs, pending in platform.pending.items():
        if (other_nhs != nhs_number and pending["email"].lower() == email_key
                and now - pending["created"] < PENDING_WINDOW_SECONDS):
            raise Refusal("11004", "the email address is in another patient's pending request")

    # 11003: a provision request for this patient is already pending from the last 7 days.
    pending = platform.pending.get(nhs_number)
    if pending is not None and now - pending["created"] < PENDING_WINDOW_SECONDS:
        raise Refusal("11003", "a provision request for this patient is already pending")

    outcome = "uplift" if account is not None else "create"
    provisioning_id = str(uuid.uuid4())
    platform.pending[nhs_number] = {
        "provisioning_id": provisioning_id, "email": email, "ods_code": ods_code,
        "client_id": client_id, "created": now, "outcome": outcome,
    }
    invitation = {
        "to": email, "outcome": outcome, "provisioning_id": provisioning_id,
        "given_name": patient["given"], "practice": platform.practices[ods_code]["name"],
        "link": "%s/claim/%s" % (platform.base_url, provisioning_id),
    }
    return outcome, invitation
