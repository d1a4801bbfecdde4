"""Token endpoint (POST /token) and access-token checks for the protected resources.

Provision Account (CID-IS-P s3.2): grant_type=client_credentials, client authenticated by an RS512
private_key_jwt client assertion (RFC 7523 s2.2). Users Endpoint V2 (s3.2): the same kind of JWT
used as the grant itself (RFC 7523 s2.1, grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer)
with a mandatory scope parameter. Errors follow RFC 6749 s5.2 (both specs, Tables 4/5).
"""
import re
import time
import uuid
from urllib.parse import parse_qsl

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

ACCESS_TOKEN_TTL = 300   # seconds: "TTL (300 seconds)" (CID-IS-P s3.1; Users V2 s3.1, Table 13)
CLIENT_CREDENTIALS = "client_credentials"
JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

# Users Endpoint V2 Table 1/14: the retrieve scope is https://auth.<cid-env>.signin.nhs.uk/Users.retrieve;
# the spec's own example (and the harness's approved_scopes) write it as bare "Users.retrieve".
USERS_RETRIEVE = "Users.retrieve"
USERS_RETRIEVE_TEMPLATE = "https://auth.<cid-env>.signin.nhs.uk/Users.retrieve"
_USERS_RETRIEVE_URL = re.compile(r"https://auth\.(?:[A-Za-z0-9-]+\.)?signin\.nhs\.uk/Users\.retrieve")
_SCOPE_TOKEN = re.compile(r"[\x21\x23-\x5B\x5D-\x7E]+")   # RFC 6749 s3.3 scope-token

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}   # Table 2 of both specs


def canonical_scope(scope):
    """Treat every spelling of the retrieve scope as the same scope."""
    if scope == USERS_RETRIEVE or _USERS_RETRIEVE_URL.fullmatch(scope):
        return USERS_RETRIEVE
    return scope


class OAuthError(Exception):
    """An RFC 6749 s5.2 error response."""

    def __init__(self, error, description, status=400, headers=None):
        super().__init__(description)
        self.error = error
        self.description = description
        self.status = status
        self.headers = headers or {}

    def response(self):
        body = {"error": self.error}
        if self.description:
            body["error_description"] = self.description
        return self.status, dict(NO_STORE, **self.headers), body


class AssertionInvalid(Exception):
    pass


def ensure_server_key(platform):
    if platform.server_key is None:
        platform.server_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def token_endpoint(platform, headers, body, audiences):
    """Handle POST /token. Returns (status, headers, json body)."""
    try:
        return _token_endpoint(platform, headers, body, audiences)
    except OAuthError as error:
        return error.response()


def _token_endpoint(platform, headers, body, audiences):
    # RFC 6749 s5.2 invalid_client (Table 5): a client that tried to authenticate through the
    # Authorization header MUST get 401 + WWW-Authenticate for the scheme it used. This platform
    # supports no header-based client authentication, so any such attempt fails that way.
    authorization = headers.get("Authorization")
    if authorization:
        scheme = authorization.split(" ", 1)[0] or "Basic"
        raise OAuthError("invalid_client",
                         "client authentication through the Authorization header is not supported; "
                         "use a client assertion", 401,
                         {"WWW-Authenticate": '%s realm="NHS login"' % scheme})

    # s3.2.1: parameters are sent with the application/x-www-form-urlencoded serialization.
    content_type = (headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        raise OAuthError("invalid_request", "the request body must be application/x-www-form-urlencoded")
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
    except UnicodeDecodeError:
        raise OAuthError("invalid_request", "the request body is not valid UTF-8")
    params = {}
    for name, value in pairs:
        if name in params:
            # RFC 6749 s3.2: parameters MUST NOT be included more than once (invalid_request).
            raise OAuthError("invalid_request", "parameter %s is repeated" % name)
        params[name] = value
    # RFC 6749 s3.2: parameters sent without a value are treated as omitted.
    params = {name: value for name, value in params.items() if value != ""}

    grant_type = params.get("grant_type")
    if grant_type is None:
        raise OAuthError("invalid_request", "grant_type is missing")
    if grant_type == CLIENT_CREDENTIALS:
        return _client_credentials(platform, params, audiences)
    if grant_type == JWT_BEARER_GRANT:
        return _jwt_bearer(platform, params, audiences)
    raise OAuthError("unsupported_grant_type", "grant_type must be client_credentials or " + JWT_BEARER_GRANT)


def _client_credentials(platform, params, audiences):
    """Provision Account token request (CID-IS-P Table 1): all three parameters mandatory."""
    for name in ("client_assertion_type", "client_assertion"):
        if name not in params:
            raise OAuthError("invalid_request", "%s is missing" % name)
    if params["client_assertion_type"] != CLIENT_ASSERTION_TYPE:
        # An unsupported client authentication method (Table 5, invalid_client).
        raise OAuthError("invalid_client", "client_assertion_type must be " + CLIENT_ASSERTION_TYPE)
    try:
        client_id = validate_assertion(platform, params["client_assertion"], audiences)
    except AssertionInvalid as problem:
        # RFC 7521 s4.2.1 / RFC 7523 s3.2: an invalid client assertion gives invalid_client.
        raise OAuthError("invalid_client", str(problem))
    token = issue_access_token(platform, client_id, CLIENT_CREDENTIALS)
    return 200, dict(NO_STORE), {"access_token": token, "token_type": "Bearer", "expires_in": ACCESS_TOKEN_TTL}


def _jwt_bearer(platform, params, audiences):
    """Users Endpoint V2 token request (Users V2 Table 1): assertion and scope mandatory."""
    for name in ("assertion", "scope"):
        if name not in params:
            raise OAuthError("invalid_request", "%s is missing" % name)
    requested = params["scope"].split(" ")
    if any(not _SCOPE_TOKEN.fullmatch(scope) for scope in requested):
        raise OAuthError("invalid_scope", "scope must be space-delimited scope tokens")
    try:
        client_id = validate_assertion(platform, params["assertion"], audiences)
    except AssertionInvalid as problem:
        # RFC 7521 s4.1.1 / RFC 7523 s3.1: an invalid assertion grant gives invalid_grant.
        raise OAuthError("invalid_grant", str(problem))
    approved = platform.clients[client_id].get("approved_scopes") or []
    if not approved:
        raise OAuthError("unauthorized_client", "this client is not approved for any Users Endpoint scope")
    # Users V2 Table 2 (scope): "subjected to the requested scopes and approved scopes for the client".
    approved_canonical = {canonical_scope(scope) for scope in approved}
    granted = []
    for scope in requested:
        if canonical_scope(scope) in approved_canonical and scope not in granted:
            granted.append(scope)
    # When nothing matches, a token without scopes is still issued: the Users endpoint answers it
    # with its own 403 "Requested scopes ... did not match the clients approved scopes" (Table 10).
    token = issue_access_token(platform, client_id, JWT_BEARER_GRANT, granted, requested)
    return 200, dict(NO_STORE), {"access_token": token, "token_type": "Bearer",
                                 "expires_in": ACCESS_TOKEN_TTL, "scope": " ".join(granted)}


def validate_assertion(platform, assertion, audiences):
    """Validate a client assertion / assertion grant (RFC 7523 s3; CID-IS-P s4.1, Tables 12-13).
    Returns the client id; raises AssertionInvalid with the reason."""
    try:
        header = jwt.get_unverified_header(assertion)
        unverified = jwt.decode(assertion, options={"verify_signature": False})
    except jwt.PyJWTError:
        raise AssertionInvalid("the assertion is not a well-formed signed JWT")
    if not isinstance(unverified, dict):
        raise AssertionInvalid("the assertion payload is not a JSON object")

    # Table 12: alg MUST be RS512 (s4.3: all JWTs MUST be RS512); typ is mandatory, "JWT".
    if header.get("alg") != "RS512":
        raise AssertionInvalid("alg must be RS512")
    typ = header.get("typ")
    if not isinstance(typ, str) or typ.lower() not in ("jwt", "application/jwt"):
        raise AssertionInvalid("typ must be JWT")

    # Table 13: iss = sub = the registered client id.
    client_id = unverified.get("iss")
    if not isinstance(client_id, str) or client_id not in platform.clients:
        raise AssertionInvalid("iss is not a registered client id")
    payload = _verify_signature(assertion, platform.clients[client_id]["jwks"], header.get("kid"))
    if payload.get("sub") != client_id:
        raise AssertionInvalid("sub must equal iss (the client id)")

    # Table 13: aud = the platform's token URL (RFC 7523 s3: a list containing it is allowed).
    aud = payload.get("aud")
    aud_values = aud if isinstance(aud, list) else [aud]
    if not any(isinstance(value, str) and value in audiences for value in aud_values):
        raise AssertionInvalid("aud must be this platform's token URL")

    # Table 13: exp mandatory; RFC 7523 s3: reject an expired JWT. No maximum lifetime is imposed
    # (the spec only says the client SHOULD choose an appropriate value).
    now = time.time()
    exp = payload.get("exp")
    if not _is_number(exp):
        raise AssertionInvalid("exp is missing or not a number")
    if exp <= now:
        raise AssertionInvalid("the assertion has expired")
    nbf = payload.get("nbf")
    if nbf is not None and (not _is_number(nbf) or nbf > now):
        raise AssertionInvalid("the assertion is not valid yet (nbf)")

    # Table 13: jti mandatory and used to block replays.
    jti = payload.get("jti")
    if not isinstance(jti, str) or not jti:
        raise AssertionInvalid("jti is missing")
    with platform.lock:
        if (client_id, jti) in platform.used_jtis:
            raise AssertionInvalid("this assertion (jti) has already been used")
        platform.used_jtis.add((client_id, jti))
    return client_id


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _verify_signature(assertion, jwks, kid):
    keys = [key for key in jwks.get("keys", []) if isinstance(key, dict) and key.get("kty") == "RSA"]
    if kid is not None and any(key.get("kid") == kid for key in keys):
        keys = [key for key in keys if key.get("kid") == kid]
    for key in keys:
        try:
            public_key = jwt.PyJWK(key, algorithm="RS512").key
            return jwt.decode(assertion, public_key, algorithms=["RS512"],
                              options={"verify_exp": False, "verify_nbf": False, "verify_iat": False,
                                       "verify_aud": False, "verify_iss": False})
        except (jwt.PyJWTError, ValueError, TypeError):
            continue
    raise AssertionInvalid("the signature does not verify with the client's registered key")


def issue_access_token(platform, client_id, grant, scopes=None, requested=None):
    """Access tokens are RS512-signed JWTs (CID-IS-P Table 14; Users V2 Table 13), recorded in
    memory so the resource endpoints can tell which grant and scopes they carry."""
    ensure_server_key(platform)
    now = int(time.time())
    claims = {
        "iss": platform.base_url + "/",
        "sub": client_id,
        "aud": client_id,
        "iat": now,
        "exp": now + ACCESS_TOKEN_TTL,
        "jti": str(uuid.uuid4()),
    }
    if grant == JWT_BEARER_GRANT:
        claims.update({
            "scope": " ".join(scopes),
            "version": 0,
            "client_id": client_id,
            "reason_for_request": "directcare",
            "requesting_system": client_id,
            "token_use": "access",
        })
    token = jwt.encode(claims, platform.server_key, algorithm="RS512", headers={"typ": "JWT"})
    with platform.lock:
        platform.access_tokens[token] = {
            "client_id": client_id, "grant": grant, "exp": claims["exp"],
            "scopes": list(scopes or []), "requested": list(requested or []),
        }
    return token


class BearerError(Exception):
    """RFC 6750 s3 failure: 401 with a WWW-Authenticate: Bearer challenge."""

    def __init__(self, description, error="invalid_token"):
        super().__init__(description)
        self.description = description
        self.error = error      # None when no credentials were sent (RFC 6750 s3.1)

    def response(self):
        challenge = 'Bearer realm="NHS login"'
        body = {"error_description": self.description}
        if self.error:
            challenge += ', error="%s", error_description="%s"' % (self.error, self.description)
            body = {"error": self.error, "error_description": self.description}
        return 401, {"WWW-Authenticate": challenge, "Cache-Control": "no-store"}, body


def check_bearer(platform, headers, grant=None):
    """RFC 6750 s2.1: the access token is sent in the Authorization header as a Bearer token.
    `grant`, if given, is the grant type a token must come from to be used at the calling endpoint."""
    authorization = headers.get("Authorization") or ""
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer":
        raise BearerError("a Bearer access token is required in the Authorization header", error=None)
    token = token.strip()
    with platform.lock:
        info = platform.access_tokens.get(token)
    if info is None:
        raise BearerError("the access token is not valid")
    if info["exp"] <= time.time():
        raise BearerError("the access token has expired")
    if grant is not None and info["grant"] != grant:
        raise BearerError("the access token was not issued for this endpoint")
    return info
