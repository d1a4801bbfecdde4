"""Field validation shared by the Provision Account and Users Endpoint V2 handlers."""
import datetime
import re


def nhs_number_is_valid(value):
    """10 digits whose last digit is the Modulus 11 check digit (NHS Data Dictionary rule,
    spec/pds-and-test-data-facts.md "NHS numbers"). A computed check value of 10 is never issued."""
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{10}", value):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(value[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(value[9])


# "a@b.c" shape (Users Endpoint V2 Table 6); used for the provisioning email too (CHOICES.md C-P4).
_EMAIL_RE = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")


def email_is_valid(value):
    return isinstance(value, str) and len(value) <= 254 and bool(_EMAIL_RE.fullmatch(value))


def date_of_birth_is_valid(value, today=None):
    """CID-IS-P Table 7: MUST be YYYY-MM-DD. Must also be a real calendar date, not in the future."""
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return False
    try:
        parsed = datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return parsed <= (today or datetime.date.today())


def ods_code_is_valid(value):
    """CID-IS-P Table 7 says "a letter followed by 6 numbers" but its own example is A00002
    (a letter and 5 digits): both shapes are accepted (CHOICES.md C-P3)."""
    return isinstance(value, str) and bool(re.fullmatch(r"[A-Za-z][0-9]{5,6}", value))


def phone_number_is_valid(value):
    """CID-IS-P Table 7: MUST include the country code, e.g. +447825428822. Checked as E.164."""
    return isinstance(value, str) and bool(re.fullmatch(r"\+[1-9][0-9]{6,14}", value))


def national_to_e164(number):
    """PDS stores UK numbers in national format (07700900123); compare in E.164 (+447700900123)."""
    if number is None:
        return None
    digits = re.sub(r"[\s()-]", "", number)
    if digits.startswith("+"):
        return digits
    if digits.startswith("0"):
        return "+44" + digits[1:]
    return digits
