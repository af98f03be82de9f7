"""A connection to a Template Studio ``serve`` instance (its remote API, docs/REMOTE.md).

Where the server is: ``server=`` else ``$TEMPLATE_STUDIO_SERVER`` else http://127.0.0.1:7433.
The token: ``token=`` else ``$TEMPLATE_STUDIO_TOKEN`` else the file ``$TEMPLATE_STUDIO_TOKEN_FILE``
else ``serve/token`` in the default store (``$TEMPLATE_STUDIO_HOME`` or
~/.local/share/template-studio), where a local ``serve`` writes it.
"""

import http.client
import json
import os
import urllib.parse

DEFAULT_SERVER = "http://127.0.0.1:7433"


class ServerError(Exception):
    """The server refused a request or could not be reached; the message says which and why."""


def _default_token():
    token = os.environ.get("TEMPLATE_STUDIO_TOKEN")
    if token:
        return token.strip(), "$TEMPLATE_STUDIO_TOKEN"
    path = os.environ.get("TEMPLATE_STUDIO_TOKEN_FILE")
    if not path:
        home = os.environ.get("TEMPLATE_STUDIO_HOME") or os.path.join(
            os.path.expanduser("~"), ".local", "share", "template-studio")
        path = os.path.join(home, "serve", "token")
    try:
        with open(path, encoding="utf-8") as f:
            return f.read().strip(), path
    except OSError as e:
        raise ServerError("no token for the server: set TEMPLATE_STUDIO_TOKEN, or give token=, "
                          "or let TEMPLATE_STUDIO_TOKEN_FILE name the file serve printed (%s: %s)"
                          % (path, e.strerror)) from None


class Server:
    """One server and its token. Each request opens its own connection: no shared state."""

    def __init__(self, server=None, token=None, timeout=30):
        url = server or os.environ.get("TEMPLATE_STUDIO_SERVER") or DEFAULT_SERVER
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ServerError("the server must be an http:// or https:// address, not %r" % url)
        self.url = url.rstrip("/")
        self._parts = parts
        self._timeout = timeout
        if token is None:
            token, _ = _default_token()
        token = (token or "").strip()
        if not token or any(c.isspace() or not c.isprintable() for c in token):
            raise ServerError("the token must be one line of visible characters")
        self._token = token

    def connect(self, timeout=None):
        cls = http.client.HTTPSConnection if self._parts.scheme == "https" else http.client.HTTPConnection
        return cls(self._parts.hostname, self._parts.port, timeout=timeout or self._timeout)

    def headers(self, extra=None):
        h = {"Authorization": "Bearer " + self._token}
        h.update(extra or {})
        return h

    def request(self, method, path, body=None, headers=None, expect=(200,)):
        """Sends one request; returns (status, body bytes). A status not in ``expect`` raises."""
        conn = self.connect()
        try:
            try:
                conn.request(method, path, body=body, headers=self.headers(headers))
                response = conn.getresponse()
                data = response.read(16 << 20)
            except OSError as e:
                raise ServerError("cannot reach the server %s: %s" % (self.url, e)) from None
            if response.status not in expect:
                raise ServerError(self.refusal(method, path, response.status, data))
            return response.status, data
        finally:
            conn.close()

    def json(self, method, path, document=None, expect=(200,)):
        body = None if document is None else json.dumps(document).encode("utf-8")
        headers = {"Content-Type": "application/json"} if body is not None else None
        _, data = self.request(method, path, body, headers, expect)
        return json.loads(data.decode("utf-8")) if data else None

    def refusal(self, method, path, status, data):
        message = ""
        try:
            message = json.loads(data.decode("utf-8")).get("error", "")
        except (ValueError, AttributeError):
            message = data.decode("utf-8", "replace").strip()[:300]
        if status == 401:
            return "the server %s refused the token (401)" % self.url
        return "the server %s refused %s %s (%d)%s" % (
            self.url, method, path, status, ": " + message if message else "")
