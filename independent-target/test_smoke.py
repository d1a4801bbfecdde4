#!/usr/bin/python3
"""Smoke test: starts server.py on port 0 with a temporary clients file holding a key generated
here, then exercises the token endpoint, Provision Account (every scenario in mapping.json) and
Users Endpoint V2 over HTTP with urllib. Run: /usr/bin/python3 test_smoke.py"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request
import uuid

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from nhslogin import fixtures                       # noqa: E402
from nhslogin.validation import nhs_number_is_valid  # noqa: E402

CLIENT_ID = "smoke-gp-system"
OTHER_CLIENT_ID = "smoke-other-gp-system"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_jwk(key, kid):
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    jwk.update(kid=kid, alg="RS512", use="sig")
    return jwk


class SmokeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        clients = [
            {"client_id": CLIENT_ID, "jwks": {"keys": [public_jwk(KEY, "k1")]}, "ods_codes": ["C83615"],
             "approved_scopes": ["Users.retrieve", "profile", "profile_extended", "email", "phone"]},
            {"client_id": OTHER_CLIENT_ID, "jwks": {"keys": [public_jwk(OTHER_KEY, "k2")]},
             "ods_codes": ["A00002"], "approved_scopes": ["profile"]},
        ]
        cls.tmp = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
        json.dump(clients, cls.tmp)
        cls.tmp.close()
        cls.proc = subprocess.Popen([sys.executable, os.path.join(HERE, "server.py"), "--port", "0",
                                     "--clients", cls.tmp.name],
                                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = cls.proc.stdout.readline().strip()
        assert line.startswith("listening on http://127.0.0.1:"), line
        cls.base = line[len("listening on "):]

    @classmethod
    def tearDownClass(cls):
        cls.proc.send_signal(signal.SIGTERM)
        assert cls.proc.wait(timeout=10) == 0
        os.unlink(cls.tmp.name)

    # --- helpers -------------------------------------------------------------------------------
    def http(self, method, path, body=None, headers=None):
        request = urllib.request.Request(self.base + path, data=body, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, dict(response.headers), json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), json.loads(error.read() or b"null")

    def assertion(self, key=KEY, client_id=CLIENT_ID, **overrides):
        claims = {"iss": client_id, "sub": client_id, "aud": self.base + "/token",
                  "exp": int(time.time()) + 60, "jti": str(uuid.uuid4())}
        claims.update(overrides)
        claims = {k: v for k, v in claims.items() if v is not None}
        return jwt.encode(claims, key, algorithm="RS512", headers={"typ": "JWT"})

    def token_request(self, params, headers=None):
        body = urllib.parse.urlencode(params).encode()
        hdrs = {"Content-Type": "application/x-www-form-urlencoded"}
        hdrs.update(headers or {})
        return self.http("POST", "/token", body, hdrs)

    def provisioning_token(self, **assertion_overrides):
        status, headers, body = self.token_request({
            "grant_type": "client_credentials",
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": self.assertion(**assertion_overrides)})
        self.assertEqual(status, 200, body)
        return body["access_token"]

    def users_token(self, scope, key=KEY, client_id=CLIENT_ID):
        status, _, body = self.token_request({
            "grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
            "assertion": self.assertion(key=key, client_id=client_id), "scope": scope})
        self.assertEqual(status, 200, body)
        return body

    def provision(self, request, token=None):
        token = token or self.provisioning_token()
        return self.http("POST", "/provision-account", json.dumps(request).encode(),
                         {"Content-Type": "application/json", "Authorization": "Bearer " + token})

    def users(self, filter_expression, token):
        query = "" if filter_expression is None else "?" + urllib.parse.urlencode({"filter": filter_expression})
        return self.http("GET", "/v2/Users" + query, headers={"Authorization": "Bearer " + token})

    # --- fixtures ------------------------------------------------------------------------------
    def test_fixture_nhs_numbers_are_valid_and_outside_999(self):
        numbers = [row[0] for row in fixtures.PDS_PATIENTS] + list(fixtures.SUPERSEDED) + list(fixtures.PDS_UNAVAILABLE_FOR)
        self.assertGreaterEqual(len(fixtures.PDS_PATIENTS), 30)
        for number in numbers:
            self.assertTrue(nhs_number_is_valid(number), number)
            self.assertFalse(number.startswith("999"), number)
        self.assertTrue(nhs_number_is_valid("9434765919"))
        self.assertFalse(nhs_number_is_valid("9876544321"))

    # --- token endpoint ------------------------------------------------------------------------
    def test_token_success(self):
        status, headers, body = self.token_request({
            "grant_type": "client_credentials",
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": self.assertion()})
        self.assertEqual(status, 200)
        self.assertEqual(headers.get("Cache-Control"), "no-store")
        self.assertEqual(headers.get("Pragma"), "no-cache")
        self.assertEqual(body["token_type"], "Bearer")
        self.assertEqual(body["expires_in"], 300)
        self.assertEqual(jwt.get_unverified_header(body["access_token"])["alg"], "RS512")

    def test_token_errors(self):
        cat = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
        cases = [
            ({"grant_type": "password"}, "unsupported_grant_type"),
            ({"client_assertion_type": cat, "client_assertion": self.assertion()}, "invalid_request"),
            ({"grant_type": "client_credentials", "client_assertion_type": cat}, "invalid_request"),
            ({"grant_type": "client_credentials", "client_assertion_type": cat,
              "client_assertion": self.assertion(aud="https://auth.login.nhs.uk/token")}, "invalid_client"),
            ({"grant_type": "client_credentials", "client_assertion_type": cat,
              "client_assertion": self.assertion(exp=int(time.time()) - 5)}, "invalid_client"),
            ({"grant_type": "client_credentials", "client_assertion_type": cat,
              "client_assertion": self.assertion(sub="someone-else")}, "invalid_client"),
            ({"grant_type": "client_credentials", "client_assertion_type": cat,
              "client_assertion": self.assertion(key=OTHER_KEY)}, "invalid_client"),
            ({"grant_type": "client_credentials", "client_assertion_type": cat,
              "client_assertion": self.assertion(jti=None)}, "invalid_client"),
        ]
        for params, error in cases:
            status, headers, body = self.token_request(params)
            self.assertEqual((status, body["error"]), (400, error), params)
            self.assertEqual(headers.get("Cache-Control"), "no-store")
        # RS256 instead of RS512
        rs256 = jwt.encode({"iss": CLIENT_ID, "sub": CLIENT_ID, "aud": self.base + "/token",
                            "exp": int(time.time()) + 60, "jti": "x"}, KEY, algorithm="RS256")
        status, _, body = self.token_request({"grant_type": "client_credentials",
                                              "client_assertion_type": cat, "client_assertion": rs256})
        self.assertEqual((status, body["error"]), (400, "invalid_client"))
        # jti replay
        assertion = self.assertion()
        params = {"grant_type": "client_credentials", "client_assertion_type": cat, "client_assertion": assertion}
        self.assertEqual(self.token_request(params)[0], 200)
        status, _, body = self.token_request(params)
        self.assertEqual((status, body["error"]), (400, "invalid_client"))
        # Authorization header -> 401 + WWW-Authenticate
        status, headers, body = self.token_request({"grant_type": "client_credentials"},
                                                   {"Authorization": "Basic Zm9vOmJhcg=="})
        self.assertEqual((status, body["error"]), (401, "invalid_client"))
        self.assertTrue(headers.get("WWW-Authenticate", "").startswith("Basic"))

    # --- Provision Account ----------------------------------------------------------------------
    def test_create_then_pending(self):
        request = {"nhs_number": "9449123314", "email_address": "amir.abbott@example.com",
                   "date_of_birth": "1966-06-06", "ods_code": "B82617", "phone_number": "+447700900127"}
        token = self.provisioning_token()
        status, _, body = self.provision(request, token)
        self.assertEqual((status, body), (200, {"code": "create", "description": "User able to create a new account"}))
        status, _, body = self.provision(request, token)   # token reused within its TTL
        self.assertEqual((status, body["code"]), (400, "11003"))
        self.assertEqual(set(body), {"code", "description"})

    def test_mapping_scenarios(self):
        with open(os.path.join(HERE, "mapping.json")) as handle:
            mapping = json.load(handle)
        for scenario_id, scenario in mapping["scenarios"].items():
            with self.subTest(scenario_id):
                if scenario_id == "pending-request":
                    self.provision(scenario["request"])
                status, _, body = self.provision(scenario["request"])
                self.assertEqual(body["code"], scenario["expected"], body)
                self.assertEqual(status, 200 if scenario["expected"] in ("create", "uplift") else 400)

    def test_provision_auth_and_ods(self):
        request = {"nhs_number": "9449123322", "email_address": "bella.byrne@example.com",
                   "date_of_birth": "1991-03-29", "ods_code": "A00002", "phone_number": "+447700900128"}
        status, headers, _ = self.http("POST", "/provision-account", json.dumps(request).encode(),
                                       {"Content-Type": "application/json"})
        self.assertEqual(status, 401)
        self.assertIn("Bearer", headers.get("WWW-Authenticate", ""))
        status, _, _ = self.provision(request, token="not-a-token")
        self.assertEqual(status, 401)
        # A00002 belongs to the other client
        status, _, body = self.provision(request)
        self.assertEqual(body["code"], "11021")
        # ... but the other client may use it
        other = self.token_request({
            "grant_type": "client_credentials",
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": self.assertion(key=OTHER_KEY, client_id=OTHER_CLIENT_ID)})[2]["access_token"]
        status, _, body = self.provision(request, token=other)
        self.assertEqual((status, body["code"]), (200, "create"))
        # Users Endpoint V2 token is not accepted for provisioning
        users_token = self.users_token("Users.retrieve profile")["access_token"]
        self.assertEqual(self.provision(request, token=users_token)[0], 401)

    # --- Users Endpoint V2 ----------------------------------------------------------------------
    def test_users_endpoint(self):
        grant = self.users_token("Users.retrieve profile email landline")
        self.assertEqual(grant["scope"], "Users.retrieve profile email")
        token = grant["access_token"]
        status, _, body = self.users('nhsnumber eq "9876124005"', token)
        self.assertEqual(status, 200)
        self.assertEqual(body["totalResults"], 1)
        user = body["Resources"][0]
        self.assertEqual(user["uk:nhs:login:auth:1.0:User"]["nhsNumber"], "9876124005")
        self.assertEqual(user["userName"], "ella.edwards@example.com")
        self.assertNotIn("phoneNumbers", user)
        status, _, body = self.users('email eq "ella.edwards@example.com" OR nhsnumber eq "9876124013"', token)
        self.assertEqual(body["totalResults"], 2)
        status, _, body = self.users('email eq "ella.edwards@example.com" and nhsnumber eq "9876124013"', token)
        self.assertEqual((status, body["totalResults"], body["Resources"]), (200, 0, []))
        errors = [
            (None, 400, 'Query string "filter" not present'),
            ('nhsnumber eq 9876124005', 400, "Invalid syntax"),
            ('nhsnumber co "9876124005"', 400, "Invalid operator"),
            ('foo eq "x"', 400, "Invalid attribute"),
            ('userName eq "x@example.com"', 400, 'Either one of "nhsnumber" or "email" must be used for each query'),
            ('nhsnumber eq "9876124006"', 400, "Invalid NHS number"),
            ('email eq "not-an-email"', 400, "Invalid email"),
            (" or ".join(['nhsnumber eq "9876124005"'] * 6), 400, "More than 5 expressions provided"),
        ]
        for expression, status_expected, description in errors:
            status, _, body = self.users(expression, token)
            self.assertEqual((status, body), (status_expected, {"Errors": [{"description": description, "code": str(status_expected)}]}), expression)
        # scope errors
        no_retrieve = self.users_token("profile email")["access_token"]
        status, _, body = self.users('nhsnumber eq "9876124005"', no_retrieve)
        self.assertEqual((status, body["Errors"][0]["description"]),
                         (403, 'Scope "Users.retrieve" required for access was not present in request'))
        no_profile = self.users_token("Users.retrieve email")["access_token"]
        status, _, body = self.users('nhsnumber eq "9876124005"', no_profile)
        self.assertEqual((status, body["Errors"][0]["description"]),
                         (403, 'Scope "profile" required for access was not present in request'))
        unmatched = self.users_token("landline gp_registration_details")
        self.assertEqual(unmatched["scope"], "")
        status, _, body = self.users('nhsnumber eq "9876124005"', unmatched["access_token"])
        self.assertEqual(status, 403)
        self.assertTrue(body["Errors"][0]["description"].startswith("Requested scopes: "))
        status, _, body = self.users('nhsnumber eq "9876124005"', self.provisioning_token())
        self.assertEqual((status, body["Errors"][0]["description"]), (403, "No scope was present in the request"))
        self.assertEqual(self.users('nhsnumber eq "9876124005"', "bogus")[0], 401)


if __name__ == "__main__":
    unittest.main(verbosity=2)
