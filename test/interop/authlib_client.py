"""A GP system written with Python's Authlib (Debian's python3-authlib), sharing no code with the
sandbox: private_key_jwt with RS512 against the token endpoint, then one provision call.

Usage: authlib_client.py <sandbox base URL> <client id> <private key PEM file> <request JSON>
Prints the provision answer as JSON.
"""
import json
import sys

from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc7523 import PrivateKeyJWT, private_key_jwt_sign


class ShortLivedPrivateKeyJWT(PrivateKeyJWT):
    """Authlib 1.2 signs private_key_jwt assertions with an hour of life; the NHS profile (and the
    sandbox) allows at most 300 s. Authlib's own signing function takes expires_in."""

    def sign(self, auth, token_endpoint):
        return private_key_jwt_sign(
            auth.client_secret, client_id=auth.client_id, token_endpoint=token_endpoint, claims=self.claims, alg=self.alg, expires_in=60
        )


base_url, client_id, key_file, request_json = sys.argv[1:5]
token_url = base_url + "/token"
with open(key_file) as f:
    private_key = f.read()

# The settings the NHS login profile needs: private_key_jwt, RS512, a short-lived assertion; the
# token URL as aud is Authlib's default, and it sends typ "JWT" and a fresh jti itself.
session = OAuth2Session(
    client_id,
    private_key,
    token_endpoint_auth_method=ShortLivedPrivateKeyJWT(token_url, alg="RS512"),
)
token = session.fetch_token(token_url, grant_type="client_credentials")
answer = session.post(base_url + "/provision-account", json=json.loads(request_json))
print(json.dumps({"status": answer.status_code, "body": answer.json(), "token_type": token["token_type"]}))
