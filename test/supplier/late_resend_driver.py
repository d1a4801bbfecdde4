"""A supplier driver whose retry queue re-sends a pending patient 0.6 s after the driver has exited.

An independent GP client (PyJWT and requests). Reads the step as JSON on stdin, as every driver
does; CLIENT_KEY names the client's private key. On 11003 it forks a background "retry queue"
that sends the same patient again 0.6 s later, and exits 0 at once.
"""
import json
import os
import sys
import time

import requests

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from client_assertion import client_assertion  # noqa: E402  (found through the path set just above)

step = json.load(sys.stdin)
token_url, client_id = step["tokenUrl"], step["clientId"]
assertion = client_assertion(os.environ["CLIENT_KEY"], client_id, token_url)
token = requests.post(
    token_url,
    data={
        "grant_type": "client_credentials",
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": assertion,
    },
    timeout=10,
).json()["access_token"]


def send():
    return requests.post(
        f"{step['sandboxUrl']}/provision-account",
        json=step["step"]["request"],
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )


answer = send()
code = answer.json().get("code")
print(f"{step['step']['id']}: {answer.status_code} {code}", flush=True)
if code == "11003" and os.fork() == 0:
    time.sleep(0.6)
    send()
    os._exit(0)
sys.exit(0)
