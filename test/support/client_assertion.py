"""The client assertion an independent Python GP client signs (RFC 7523, RS512), with PyJWT only.

Shared by the Python test clients (test/interop/users_endpoint_client.py,
test/supplier/late_resend_driver.py), which import it from this folder.
"""
import time
import uuid

import jwt


def client_assertion(key_path, client_id, token_url):
    """A one-minute assertion: the client is issuer and subject, the token endpoint the audience."""
    with open(key_path, "rb") as key_file:
        private_key = key_file.read()
    now = int(time.time())
    return jwt.encode(
        {"iss": client_id, "sub": client_id, "aud": token_url, "iat": now, "exp": now + 60, "jti": str(uuid.uuid4())},
        private_key,
        algorithm="RS512",
        headers={"typ": "JWT"},
    )
