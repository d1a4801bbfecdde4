"""A GP client that tries to earn PASS without behaving: PyJWT and requests, sharing no code with the sandbox.

Usage: evasive_client.py MODE BASE_URL CLIENT_ID PRIVATE_KEY_PEM REQUEST_JSON
MODE is one of url-token-pii, reserialised-resend, clock-backoff, users-token-per-lookup, refused-exp.
REQUEST_JSON is the provision request to send. Prints one JSON object: what it did.
"""
import json
import sys
import time
import uuid

import jwt
import requests

mode, base_url, client_id, key_path, request_json = sys.argv[1:6]
token_url = f"{base_url}/token"
request = json.loads(request_json)
with open(key_path, "rb") as key_file:
    private_key = key_file.read()


def assertion(exp_in=60):
    now = int(time.time())
    return jwt.encode(
        {"iss": client_id, "sub": client_id, "aud": token_url, "iat": now, "exp": now + exp_in, "jti": str(uuid.uuid4())},
        private_key,
        algorithm="RS512",
        headers={"typ": "JWT"},
    )


def provisioning_token():
    answer = requests.post(
        token_url,
        data={
            "grant_type": "client_credentials",
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": assertion(),
        },
        timeout=10,
    )
    answer.raise_for_status()
    return answer.json()["access_token"]


def users_token():
    answer = requests.post(
        token_url,
        data={
            "grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
            "assertion": assertion(),
            "scope": "https://auth.sandpit.signin.nhs.uk/Users.retrieve profile",
        },
        timeout=10,
    )
    answer.raise_for_status()
    return answer.json()["access_token"]


def provision(token, body, params=None):
    return requests.post(
        f"{base_url}/provision-account",
        data=body,
        params=params,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        timeout=10,
    )


did = {"mode": mode}
if mode == "url-token-pii":
    token = provisioning_token()
    answer = provision(
        token,
        json.dumps(request),
        {"access_token": token, "nhs_number": request["nhs_number"], "date_of_birth": request["date_of_birth"]},
    )
    did.update(status=answer.status_code, token=token)
elif mode == "reserialised-resend":
    token = provisioning_token()
    first = provision(token, json.dumps(request))
    # The same request, its keys reversed and spaced differently: the same content.
    again = provision(token, json.dumps(dict(reversed(list(request.items()))), indent=2))
    did.update(first=first.json().get("code"), again=again.json().get("code"))
elif mode == "clock-backoff":
    token = provisioning_token()
    first = provision(token, json.dumps(request))
    retry_after = int(first.headers.get("Retry-After", "1"))
    # "Waits" by moving the sandbox clock itself, then re-sends at once.
    requests.post(f"{base_url}/_sandbox/clock", json={"advance_seconds": retry_after + 1}, timeout=10).raise_for_status()
    again = provision(token, json.dumps(request))
    did.update(first=first.json().get("code"), retry_after=retry_after, again=again.json().get("code"))
elif mode == "users-token-per-lookup":
    for nhs_number in ["9990000042", "9990000026", "9990000034"]:
        answer = requests.get(
            f"{base_url}/v2/Users",
            params={"filter": f'nhsnumber eq "{nhs_number}"'},
            headers={"Authorization": f"Bearer {users_token()}"},
            timeout=10,
        )
        did.setdefault("statuses", []).append(answer.status_code)
elif mode == "refused-exp":
    for _ in range(10):
        answer = requests.post(
            token_url,
            data={
                "grant_type": "client_credentials",
                "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion": assertion(exp_in=365 * 86400),
            },
            timeout=10,
        )
        did.setdefault("statuses", []).append(answer.status_code)
else:
    raise SystemExit(f"unknown mode {mode}")
print(json.dumps(did))
