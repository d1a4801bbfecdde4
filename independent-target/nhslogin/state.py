"""In-memory platform state: registered clients, practices, the PDS-like register, NHS login
accounts, pending provision requests, issued access tokens and used assertion ids.
Everything starts fresh on every run (HARNESS.md "Start-up")."""
import json
import threading

from . import fixtures
from .validation import national_to_e164


class Platform:
    def __init__(self, clients, base_url, smtp=None):
        self.lock = threading.RLock()
        self.base_url = base_url          # e.g. http://127.0.0.1:8080
        self.smtp = smtp                  # (host, port) or None
        self.server_key = None            # RSA private key signing our access tokens (set by tokens.py)

        # client_id -> {"jwks": {...}, "ods_codes": [...], "approved_scopes": [...]}
        self.clients = {c["client_id"]: c for c in clients}

        # ODS code -> {"name", "served_by" (str or set of client ids), "rate_limit"?}
        self.practices = {code: dict(p) for code, p in fixtures.PRACTICES.items()}
        for client in clients:
            # HARNESS.md: a client's ods_codes are practices it serves, in addition to ours.
            for code in client.get("ods_codes", []):
                code = code.upper()
                practice = self.practices.setdefault(code, {"name": "Harness practice " + code, "served_by": set()})
                if practice["served_by"] == fixtures.ALL_HARNESS_CLIENTS:
                    continue  # already open to every harness client
                if not isinstance(practice["served_by"], set):
                    practice["served_by"] = {practice["served_by"]}
                practice["served_by"].add(client["client_id"])

        self.pds = {row[0]: fixtures.pds_record(row) for row in fixtures.PDS_PATIENTS}
        self.superseded = dict(fixtures.SUPERSEDED)
        self.pds_unavailable_for = set(fixtures.PDS_UNAVAILABLE_FOR)

        self.accounts = []
        for account_id, nhs, email, level, disabled in fixtures.ACCOUNTS:
            patient = self.pds.get(nhs, {})
            gp_user_id, gp_linkage_key = fixtures.GP_CREDENTIALS.get(nhs, (None, None))
            self.accounts.append({
                "id": account_id,
                "nhs_number": nhs,
                "email": email,
                "level": level,
                "disabled": disabled,
                "family": patient.get("family"),
                "given": patient.get("given"),
                "birthdate": patient.get("birthDate"),
                "mobile": national_to_e164(patient.get("mobile")),
                "landline": national_to_e164(patient.get("landline")),
                "gp_ods": patient.get("gpOdsCode"),
                "gp_user_id": gp_user_id,
                "gp_linkage_key": gp_linkage_key,
            })

        self.pending = {}          # nhs_number -> pending provision request (provisioning.py)
        self.rate_windows = {}     # ODS code -> list of request times (provisioning.py)
        self.used_jtis = set()     # (client_id, jti) of accepted assertions (tokens.py)
        self.access_tokens = {}    # access token string -> what it was issued for (tokens.py)

    # --- PDS-like look-up -------------------------------------------------------------------
    class PdsUnavailable(Exception):
        pass

    def pds_get(self, nhs_number):
        """Like a PDS FHIR read: None when not found; for a superseded number the surviving
        record (whose id differs from the number asked for); restricted records lose telecom
        and GP details. Raises PdsUnavailable to simulate an outage."""
        if nhs_number in self.pds_unavailable_for:
            raise Platform.PdsUnavailable()
        record = self.pds.get(self.superseded.get(nhs_number, nhs_number))
        if record is None:
            return None
        record = dict(record)
        if record["security"] in ("R", "V"):
            record.update(mobile=None, landline=None, gpOdsCode=None)
        return record

    def practice_served_by(self, ods_code, client_id):
        practice = self.practices[ods_code]
        served_by = practice["served_by"]
        if served_by == fixtures.ALL_HARNESS_CLIENTS:
            return client_id in self.clients
        if isinstance(served_by, set):
            return client_id in served_by
        return served_by == client_id


def load_clients(path):
    with open(path, encoding="utf-8") as handle:
        clients = json.load(handle)
    if not isinstance(clients, list):
        raise ValueError("clients file must hold a JSON list")
    for client in clients:
        if not isinstance(client.get("client_id"), str) or not isinstance(client.get("jwks"), dict):
            raise ValueError("each client needs client_id and jwks")
    return clients
