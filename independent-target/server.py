#!/usr/bin/python3
"""Independent reference implementation of NHS login's Provision Account API (CID-IS-P v1.0)
and Users Endpoint V2 (v1.1), for use as a conformance oracle. Plain HTTP on 127.0.0.1 only
(the real service is HTTPS/TLS 1.2+; CHOICES.md C-G1).

    /usr/bin/python3 server.py --port PORT --clients CLIENTS_JSON [--smtp-host H --smtp-port P]

Routes:
    POST /token                                        token endpoint (nhslogin/tokens.py)
    POST /provision-account, /provisioning/provision-account   (nhslogin/provisioning.py)
    GET  /v2/Users?filter=...                          Users Endpoint V2 (nhslogin/users.py)
    GET  /claim/<provisioning id>                      placeholder for the invitation link
"""
import argparse
import json
import signal
import smtplib
import ssl
import sys
import threading
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from nhslogin import provisioning, tokens, users
from nhslogin.state import Platform, load_clients

PROVISION_PATHS = ("/provision-account", "/provisioning/provision-account")   # s3.3 + its example Host
MAX_BODY = 64 * 1024


class Handler(BaseHTTPRequestHandler):
    server_version = "nhslogin-indep/1.0"
    protocol_version = "HTTP/1.1"

    @property
    def platform(self):
        return self.server.platform

    def log_message(self, fmt, *args):   # keep stdout for the single "listening" line
        sys.stderr.write("%s %s\n" % (self.address_string(), fmt % args))

    # --- helpers ---------------------------------------------------------------------------
    def _send_json(self, status, body, headers=None):
        data = json.dumps(body).encode("ascii")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _read_body(self):
        length = self.headers.get("Content-Length")
        try:
            length = int(length) if length else 0
        except ValueError:
            length = 0
        if length > MAX_BODY:
            self.close_connection = True
            return None
        return self.rfile.read(length) if length > 0 else b""

    def _token_audiences(self):
        """The token URL a client assertion's aud must name (Table 13): <base>/token, as this
        server is reached (127.0.0.1 or localhost on our port, or the Host the client used)."""
        port = self.server.server_address[1]
        scheme = self.server.scheme
        urls = {"%s://127.0.0.1:%d/token" % (scheme, port), "%s://localhost:%d/token" % (scheme, port)}
        host = self.headers.get("Host")
        if host:
            urls.add("%s://%s/token" % (scheme, host))
        return urls

    def _path(self):
        return urlsplit(self.path)

    def _not_found(self):
        self._send_json(404, {"error": "not_found", "error_description": "no such resource"})

    def _method_not_allowed(self, allow):
        self._send_json(405, {"error": "method_not_allowed", "error_description": "use " + allow},
                        {"Allow": allow})

    # --- routing ---------------------------------------------------------------------------
    def do_POST(self):
        self._dispatch("POST")

    def do_GET(self):
        self._dispatch("GET")

    def do_PUT(self):
        self._dispatch("PUT")

    def do_PATCH(self):
        self._dispatch("PATCH")

    def do_DELETE(self):
        self._dispatch("DELETE")

    def _dispatch(self, method):
        path = self._path().path
        self.body = self._read_body()   # always consumed, so keep-alive connections stay in step
        try:
            if path == "/token":
                return self._token() if method == "POST" else self._method_not_allowed("POST")
            if path in PROVISION_PATHS:
                return self._provision() if method == "POST" else self._method_not_allowed("POST")
            if path == "/v2/Users":
                if method == "GET":
                    return self._users()
                # SCIM (RFC 7644 s3.12): an unsupported operation is 501 Not Implemented.
                return self._send_json(501, {"Errors": [{"description": "Operation not supported", "code": "501"}]})
            if path.startswith("/claim/") and method == "GET":
                return self._claim(path[len("/claim/"):])
            return self._not_found()
        except Exception as error:   # noqa: BLE001 - last-resort handler
            sys.stderr.write("internal error: %r\n" % (error,))
            if path in PROVISION_PATHS:
                return self._send_json(500, {"code": "11000", "description": "Service not available"})
            # Users V2 Table 10: 500 {"error": "Internal server error"}
            return self._send_json(500, {"error": "Internal server error"})

    def _token(self):
        body = self.body
        if body is None:
            status, headers, payload = tokens.OAuthError("invalid_request", "request body too large").response()
        else:
            status, headers, payload = tokens.token_endpoint(self.platform, self.headers, body,
                                                             self._token_audiences())
        self._send_json(status, payload, headers)

    def _provision(self):
        try:
            token = tokens.check_bearer(self.platform, self.headers, tokens.CLIENT_CREDENTIALS)
        except tokens.BearerError as error:
            status, headers, payload = error.response()
            return self._send_json(status, payload, headers)
        body = self.body
        if body is None:
            status, payload = provisioning.refusal_response("11010", "the body is too large")
            return self._send_json(status, payload)
        status, payload, invitation = provisioning.provision(self.platform, token["client_id"], body)
        if invitation is not None:
            send_invitation(self.platform, invitation)
        self._send_json(status, payload, {"Cache-Control": "no-store"})

    def _users(self):
        try:
            token = tokens.check_bearer(self.platform, self.headers)
        except tokens.BearerError as error:
            status, headers, payload = error.response()
            return self._send_json(status, payload, headers)
        status, payload = users.users_get(self.platform, token, self._path().query)
        self._send_json(status, payload, {"Cache-Control": "no-store"})

    def _claim(self, provisioning_id):
        with self.platform.lock:
            known = any(p["provisioning_id"] == provisioning_id for p in self.platform.pending.values())
        text = ("This local platform does not implement the claiming journey. Provisioning request %s is %s.\n"
                % (provisioning_id, "pending" if known else "unknown")).encode("ascii", "replace")
        self.send_response(200 if known else 404)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(text)))
        self.end_headers()
        self.wfile.write(text)


def send_invitation(platform, invitation):
    """HARNESS.md: with --smtp-host/--smtp-port, email each successful provision an invitation
    containing the link the patient follows. Without them, send nothing."""
    if platform.smtp is None:
        return
    message = EmailMessage()
    message["From"] = "NHS login (local test platform) <no-reply@nhslogin.example>"
    message["To"] = invitation["to"]
    action = "create your NHS login" if invitation["outcome"] == "create" else "upgrade your NHS login"
    message["Subject"] = "Your GP practice has invited you to " + action
    text = ("Dear %s,\n\n%s has invited you to %s so you can use online NHS services.\n\n"
            "Follow this link to continue (you will be sent a security code by text message):\n%s\n\n"
            "If you were not expecting this email you can ignore it.\n"
            % (invitation["given_name"], invitation["practice"], action, invitation["link"]))
    # 7bit (no quoted-printable soft line breaks) so the link appears verbatim in the message.
    message.set_content(text, cte="7bit" if text.isascii() else "8bit")
    host, port = platform.smtp
    try:
        with smtplib.SMTP(host, port, timeout=10) as smtp:
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        sys.stderr.write("could not send invitation email: %r\n" % (error,))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--clients", required=True, help="JSON list of registered clients")
    parser.add_argument("--smtp-host")
    parser.add_argument("--smtp-port", type=int)
    parser.add_argument("--tls-cert", help="optional: serve HTTPS (TLS 1.2+) with this PEM certificate")
    parser.add_argument("--tls-key", help="optional: private key for --tls-cert")
    args = parser.parse_args(argv)

    clients = load_clients(args.clients)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.scheme = "http"
    if args.tls_cert:
        # CID-IS-P s2.1: the real service is HTTPS only, TLS 1.2 or above (CHOICES.md C-G1).
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(args.tls_cert, args.tls_key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        server.scheme = "https"
    port = server.server_address[1]
    smtp = (args.smtp_host, args.smtp_port or 25) if args.smtp_host else None
    base_url = "%s://127.0.0.1:%d" % (server.scheme, port)
    server.platform = Platform(clients, base_url, smtp)
    tokens.ensure_server_key(server.platform)

    def stop(signum, frame):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print("listening on " + base_url, flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
