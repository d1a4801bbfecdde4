"""Invented test data: a PDS-like patient register, NHS login accounts and onboarded practices.

All NHS numbers carry valid Modulus 11 check digits and lie outside 999 000 0000-999 999 9999
(prefixes 9449123 and 9876124). Mobiles are in Ofcom's drama range 07700 900xxx, landlines in
01632 960xxx, emails on RFC 2606 domains. ../mapping.json names the request reaching each outcome.
"""

# Practices (ODS code -> settings). "served_by":
#   ALL_HARNESS_CLIENTS -> every client in the --clients file may provision for it (CHOICES.md C-P5);
#   any other string    -> the GP system named (not a harness client), so harness clients are refused.
# "rate_limit" overrides the default per-ODS allowance (requests per window, see provisioning.py).
ALL_HARNESS_CLIENTS = "*"

PRACTICES = {
    "B82617": {"name": "Riverside Surgery", "served_by": ALL_HARNESS_CLIENTS},
    "D834561": {"name": "Hillcrest Medical Centre", "served_by": ALL_HARNESS_CLIENTS},  # letter + 6 digits
    "H85003": {"name": "Quarry Lane Practice", "served_by": ALL_HARNESS_CLIENTS, "rate_limit": 0},
    "F81730": {"name": "Meadowbank Health Centre", "served_by": "other-gp-supplier"},
}
NOT_ONBOARDED_ODS = "X99990"   # well formed, known to nobody (documentation only)

# PDS register, keyed by NHS number. Phone numbers are held in national format, as PDS does.
# security: "U" unrestricted, "R" restricted (PDS removes telecom/address/GP from such records).
PDS_PATIENTS = [
    # nhs_number,  given,    family,      birth_date,  mobile,        landline,      security, deceased,     gp_ods
    ("9449123004", "Alice",  "Ashby",     "1985-03-14", "07700900101", None,          "U", None,         "B82617"),
    ("9449123012", "Ben",    "Bowen",     "1979-11-02", "07700900102", None,          "U", None,         "B82617"),
    ("9449123020", "Cara",   "Cole",      "1992-06-21", "07700900103", None,          "U", None,         "D834561"),
    ("9449123039", "Dev",    "Dutta",     "1968-01-30", "07700900104", "01632960104", "U", None,         "B82617"),
    ("9449123047", "Esme",   "Evans",     "2001-09-09", "07700900105", None,          "U", None,         "B82617"),
    ("9449123055", "Felix",  "Ford",      "1974-04-18", "07700900106", "01632960106", "U", None,         "D834561"),
    ("9449123063", "Gita",   "Gill",      "1988-12-12", "07700900107", None,          "U", None,         "B82617"),
    ("9449123071", "Harry",  "Hall",      "1995-02-27", "07700900108", None,          "U", None,         "B82617"),
    ("9449123098", "Isla",   "Irwin",     "1990-07-07", "07700900109", None,          "U", None,         "B82617"),
    ("9449123101", "Jack",   "Jones",     "1983-05-05", "07700900110", None,          "U", None,         "B82617"),
    ("9449123128", "Kiran",  "Kaur",      "1999-10-10", "07700900111", None,          "U", None,         "F81730"),
    ("9449123136", "Lena",   "Lund",      "1961-08-08", "07700900112", None,          "U", None,         "H85003"),
    ("9449123179", "Nora",   "North",     "1977-03-03", "07700900114", None,          "U", None,         "B82617"),
    ("9449123187", "Owen",   "Owusu",     "1986-06-16", "07700900115", None,          "U", None,         "B82617"),
    ("9449123195", "Pat",    "Price",     "1940-01-01", "07700900116", None,          "U", "2023-11-05", "B82617"),
    ("9449123209", "Quinn",  "Quayle",    "1950-02-02", "07700900117", None,          "U", "2024-02-10", "B82617"),
    ("9449123217", "Rosa",   "Reid",      "1970-12-24", "07700900118", None,          "U", None,         "B82617"),
    ("9449123225", "Sam",    "Shah",      "1993-04-04", "07700900119", None,          "R", None,         "B82617"),
    ("9449123233", "Tara",   "Tate",      "1981-09-19", "07700900120", None,          "U", None,         "B82617"),
    ("9449123241", "Umar",   "Usman",     "1997-01-15", "07700900121", None,          "U", None,         "B82617"),
    ("9449123268", "Vera",   "Vance",     "1989-05-23", "07700900122", None,          "U", None,         "B82617"),
    ("9449123276", "Will",   "Watts",     "1993-12-17", "07700900123", None,          "U", None,         "B82617"),
    ("9449123284", "Xena",   "Xu",        "1984-08-30", "07700900124", None,          "U", None,         "B82617"),
    ("9449123292", "Yusuf",  "Yates",     "1976-02-14", "07700900125", None,          "U", None,         "B82617"),
    ("9449123306", "Zara",   "Zaman",     "2000-10-01", "07700900126", None,          "U", None,         "B82617"),
    ("9449123314", "Amir",   "Abbott",    "1966-06-06", "07700900127", None,          "U", None,         "D834561"),
    ("9449123322", "Bella",  "Byrne",     "1991-03-29", "07700900128", None,          "U", None,         "D834561"),
    ("9449123330", "Caleb",  "Carter",    "1958-11-11", None,          "01632960129", "U", None,         "B82617"),  # no mobile on PDS
    ("9449123349", "Daisy",  "Doyle",     "1987-07-19", "07700900130", None,          "V", None,         "B82617"),  # very restricted
    ("9876124005", "Ella",   "Edwards",   "1982-04-02", "07700900131", "01632960131", "U", None,         "B82617"),
    ("9876124013", "Finn",   "Fletcher",  "1994-09-25", "07700900132", None,          "U", None,         "D834561"),
    ("9876124021", "Grace",  "Green",     "1972-01-08", "07700900133", None,          "U", None,         "B82617"),
    ("9876124048", "Hugo",   "Hughes",    "2003-05-17", "07700900134", None,          "U", None,         "D834561"),
    ("9876124056", "Ivy",    "Ingram",    "1963-10-30", "07700900135", "01632960135", "U", None,         "B82617"),
    ("9876124064", "Jonah",  "James",     "1998-12-03", "07700900136", None,          "U", None,         "B82617"),
]

# Superseded (merged) NHS numbers: PDS answers a read of the old number with the surviving record,
# whose id differs from the number asked for (spec/pds-and-test-data-facts.md).
SUPERSEDED = {
    "9449123160": "9449123179",
}

# NHS numbers for which the simulated PDS call fails (so 11000 is reachable with one request).
PDS_UNAVAILABLE_FOR = {"9449123144"}

# NHS login accounts. level: identity-proofing level P0/P5/P9; a disabled account is "active": false.
ACCOUNTS = [
    # id,                                     nhs_number,   email,                         level, disabled
    ("6f1c2b8e-0a1d-4b7a-9a51-000000000012", "9449123012", "ben.bowen@example.com",       "P5", False),
    ("6f1c2b8e-0a1d-4b7a-9a51-000000000020", "9449123020", "cara.cole@example.org",       "P0", False),
    ("6f1c2b8e-0a1d-4b7a-9a51-000000000039", "9449123039", "dev.dutta@example.com",       "P9", False),
    ("6f1c2b8e-0a1d-4b7a-9a51-000000000055", "9449123055", "felix.ford@example.com",      "P9", False),
    ("6f1c2b8e-0a1d-4b7a-9a51-000000000071", "9449123071", "harry.hall@example.org",      "P5", False),
    ("6f1c2b8e-0a1d-4b7a-9a51-000000000187", "9449123187", "owen.owusu@example.com",      "P5", False),
    ("6f1c2b8e-0a1d-4b7a-9a51-000000000209", "9449123209", "quinn.quayle@example.net",    "P5", False),
    ("6f1c2b8e-0a1d-4b7a-9a51-000000000217", "9449123217", "rosa.reid@example.com",       "P5", True),
    ("6f1c2b8e-0a1d-4b7a-9a51-000000004005", "9876124005", "ella.edwards@example.com",    "P9", False),
    ("6f1c2b8e-0a1d-4b7a-9a51-000000004013", "9876124013", "finn.fletcher@example.org",   "P9", False),
    ("6f1c2b8e-0a1d-4b7a-9a51-000000004021", "9876124021", "grace.green@example.net",     "P5", False),
    ("6f1c2b8e-0a1d-4b7a-9a51-000000004056", "9876124056", "shared.inbox@example.com",    "P9", False),
    ("6f1c2b8e-0a1d-4b7a-9a51-000000004064", "9876124064", "jonah.james@example.com",     "P0", False),
]

# GP online-services credentials held for some accounts (Users Endpoint V2 gp_integration_credentials).
GP_CREDENTIALS = {
    "9449123039": ("4410293817", "Xq7PmZ2kLr9Tb"),
    "9876124005": ("4410293845", "Hn3WcV8yJd4Qs"),
}


def pds_record(row):
    """Build a PDS-like record (subset of the FHIR Patient the checks read) from a fixture row."""
    nhs, given, family, birth, mobile, landline, security, deceased, gp = row
    return {
        "id": nhs,
        "given": given,
        "family": family,
        "birthDate": birth,
        "mobile": mobile,
        "landline": landline,
        "security": security,
        "deceasedDateTime": deceased,
        "gpOdsCode": gp,
    }
