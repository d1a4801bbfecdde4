"""An independent Users Endpoint V2 client: PyJWT and requests, sharing no code with the sandbox.

Usage: users_endpoint_client.py BASE_URL CLIENT_ID PRIVATE_KEY_PEM NHS_NUMBER EMAIL
Prints one JSON object: the granted scope and, for each lookup (by NHS number, by email, by both),
the status and the body.
"""
import json
import os
import sys

import requests

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from client_assertion import client_assertion  # noqa: E402  (found through the path set just above)

base_url, client_id, key_path, nhs_number, email = sys.argv[1:6]
token_url = f"{base_url}/token"
assertion = client_assertion(key_path, client_id, token_url)
token = requests.post(
    token_url,
    data={
        "grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
        "assertion": assertion,
        "scope": "https://auth.sandpit.signin.nhs.uk/Users.retrieve profile email",
    },
    timeout=10,
)
token.raise_for_status()
granted = token.json()
headers = {"Authorization": f"Bearer {granted['access_token']}"}

lookups = {
    "nhs_number": f'nhsnumber eq "{nhs_number}"',
    "email": f'email eq "{email}"',
    "both": f'nhsnumber eq "{nhs_number}" and email eq "{email}"',
}
answers = {}
for name, query in lookups.items():
    response = requests.get(f"{base_url}/v2/Users", params={"filter": query}, headers=headers, timeout=10)
    answers[name] = {"status": response.status_code, "content_type": response.headers.get("Content-Type"), "body": response.json()}

print(json.dumps({"scope": granted.get("scope"), "expires_in": granted.get("expires_in"), "lookups": answers}))
