"""A relying party written with Python's Authlib (Debian's python3-authlib), sharing no code with the
sandbox: it signs a patient in with the authorization code flow, authenticates to the token endpoint
with private_key_jwt (RS512), validates the ID token (signature from the JWKS, iss, aud, exp, nonce)
and calls UserInfo. The patient's part is played with requests: each NHS login page's form is read
(its labels, hidden fields and action) and sent as a person would; the texted code is read from the
sandbox's SMS outbox.

Usage: authlib_sign_in.py <sandbox base URL> <client id> <private key PEM> <email> <password> <mobile>
Prints {"id_token": {...claims}, "userinfo": {...}} as JSON.
"""
import json
import re
import sys
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import requests
from authlib.integrations.requests_client import OAuth2Session
from authlib.jose import JsonWebKey, jwt
from authlib.oauth2.rfc7523 import PrivateKeyJWT, private_key_jwt_sign
from authlib.oidc.core import CodeIDToken


class ShortLivedPrivateKeyJWT(PrivateKeyJWT):
    """Authlib 1.2 gives assertions an hour of life; the NHS profile allows 300 s."""

    def sign(self, auth, token_endpoint):
        return private_key_jwt_sign(
            auth.client_secret, client_id=auth.client_id, token_endpoint=token_endpoint, claims=self.claims, alg=self.alg, expires_in=60
        )


class Forms(HTMLParser):
    """The page's forms: action, hidden fields, buttons; and its labels (for → text)."""

    def __init__(self):
        super().__init__()
        self.forms, self.labels, self._label, self._button = [], {}, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "hidden": {}, "buttons": []})
        elif tag == "input" and a.get("type") == "hidden" and self.forms:
            self.forms[-1]["hidden"][a["name"]] = a.get("value", "")
        elif tag == "label":
            self._label = [a.get("for"), ""]
        elif tag == "input" and a.get("id"):
            self.labels.setdefault("#" + a["id"], a.get("name"))
        elif tag == "button" and self.forms:
            self._button = ""

    def handle_data(self, data):
        if self._label is not None:
            self._label[1] += data
        if self._button is not None:
            self._button += data

    def handle_endtag(self, tag):
        if tag == "label" and self._label:
            self.labels[" ".join(self._label[1].split())] = self._label[0]
            self._label = None
        elif tag == "button" and self._button is not None:
            self.forms[-1]["buttons"].append(" ".join(self._button.split()))
            self._button = None


class Person:
    """A browser without JavaScript: follows NHS login's redirects and stops when one leaves it."""

    def __init__(self, origin):
        self.origin, self.http, self.url, self.html = origin, requests.Session(), None, ""

    def go(self, url, data=None):
        response = self.http.post(url, data=data, allow_redirects=False) if data is not None else self.http.get(url, allow_redirects=False)
        while response.is_redirect:
            url = urljoin(url, response.headers["location"])
            if urlparse(url).netloc != urlparse(self.origin).netloc:
                return url
            response = self.http.get(url, allow_redirects=False)
        self.url, self.html = url, response.text
        return None

    def press(self, button, fields):
        page = Forms()
        page.feed(self.html)
        form = next(f for f in page.forms if button in f["buttons"])
        data = dict(form["hidden"])
        for label, value in fields.items():
            data[page.labels["#" + page.labels[label]]] = value
        return self.go(urljoin(self.url, form["action"]), data)


base_url, client_id, key_file, email, password, mobile = sys.argv[1:7]
metadata = requests.get(base_url + "/.well-known/openid-configuration").json()
with open(key_file) as f:
    private_key = f.read()

redirect_uri = "http://127.0.0.1:8765/callback"
session = OAuth2Session(
    client_id,
    private_key,
    token_endpoint_auth_method=ShortLivedPrivateKeyJWT(metadata["token_endpoint"], alg="RS512"),
    scope="openid profile",
    redirect_uri=redirect_uri,
)
nonce = "authlib-" + re.sub(r"\W", "", str(id(session)))
uri, state = session.create_authorization_url(metadata["authorization_endpoint"], nonce=nonce)

person = Person(base_url)
person.go(uri)
person.press("Continue", {"Email address": email})
person.press("Continue", {"Password": password})
code = re.search(r"\b(\d{6})\b", requests.get(base_url + "/_sandbox/sms/latest", params={"to": mobile}).json()["body"]).group(1)
back = person.press("Continue", {"Security code": code})

token = session.fetch_token(metadata["token_endpoint"], authorization_response=back, state=state)
jwks = JsonWebKey.import_key_set(requests.get(metadata["jwks_uri"]).json())
claims = jwt.decode(
    token["id_token"],
    jwks,
    claims_cls=CodeIDToken,
    claims_options={"iss": {"essential": True, "value": metadata["issuer"]}},
    claims_params={"nonce": nonce, "client_id": client_id},
)
claims.validate()
userinfo = session.get(metadata["userinfo_endpoint"]).json()
print(json.dumps({"id_token": dict(claims), "userinfo": userinfo}))
