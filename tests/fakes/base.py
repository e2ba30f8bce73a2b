"""The shared machinery of the fake vendor APIs: a threaded HTTP server on 127.0.0.1 (a free
port), bearer-token checking, a log of every request, and fault injection the test controls.

Each API (astra.py, redpanda.py, ...) subclasses FakeAPI and implements `route()`: its own
paths, its own list pagination and its own error bodies, after the vendor's spec in tests/specs/.
The fakes keep their state in memory, behind one lock: requests are handled one at a time, in
the order they arrive, as a consistent server would.
"""
import json
import ssl
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Fault:
    """One injected fault: `kind` is 429, 500, 503, "drop" (the request is processed, then the
    connection closes without an answer), "slow" (answered after `delay` seconds) or "malformed"
    (processed, then answered with truncated JSON). It applies to the next `times` requests whose
    method and path match (None matches any)."""

    def __init__(self, kind, method=None, path_contains=None, times=1, retry_after=None, delay=0.0):
        self.kind, self.method, self.path_contains = kind, method, path_contains
        self.times, self.retry_after, self.delay = times, retry_after, delay

    def matches(self, method, path):
        return (self.method is None or self.method == method) and (
            self.path_contains is None or self.path_contains in path)


class Reply:
    def __init__(self, status, body=None, content_type="application/json", headers=None):
        self.status, self.body, self.content_type = status, body, content_type
        self.headers = headers or {}


class FakeAPI:
    """Subclasses set `name` and implement route(method, path, query, body) -> Reply, and
    error(status, message) -> Reply in the vendor's error shape."""

    name = "fake"
    page_size = 2  # small, so every pull crosses pages

    def __init__(self, token, tls=None):
        """`tls`: (certificate file, key file) to serve https instead of http."""
        self.token = token
        self.scheme = "https" if tls else "http"
        self.lock = threading.Lock()
        self.faults = []
        self.requests = []  # (method, path, query, headers, body bytes), in arrival order
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.server.handle_error = lambda request, address: None  # a client that hung up is no error
        if tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        # A short poll interval: shutdown() waits for the loop to notice, and tests stop five fakes.
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    # -- life cycle ---------------------------------------------------------------------------
    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self):
        return f"{self.scheme}://127.0.0.1:{self.server.server_address[1]}"

    def inject(self, kind, **kwargs):
        with self.lock:
            self.faults.append(Fault(kind, **kwargs))

    # -- helpers for subclasses ---------------------------------------------------------------
    def page(self, items, offset, size):
        """items[offset:offset+size] and the offset of the next page, or None."""
        end = offset + size
        return items[offset:end], (end if end < len(items) else None)

    # -- the HTTP side ------------------------------------------------------------------------
    def _take_fault(self, method, path):
        for f in self.faults:
            if f.times > 0 and f.matches(method, path):
                f.times -= 1
                return f
        return None

    def _handler(self):
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out as separate writes

            def log_message(self, *args):  # quiet: the tests read api.requests instead
                pass

            def _serve(self):
                parsed = urllib.parse.urlsplit(self.path)
                path = urllib.parse.unquote(parsed.path)
                query = dict(urllib.parse.parse_qsl(parsed.query))
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with api.lock:
                    api.requests.append((self.command, parsed.path, query, dict(self.headers), body))
                    fault = api._take_fault(self.command, parsed.path)
                    if fault is not None and isinstance(fault.kind, int):
                        reply = api.error(fault.kind, "injected fault")
                        if fault.retry_after is not None:
                            reply.headers["Retry-After"] = str(fault.retry_after)
                    elif self.headers.get("Authorization") != "Bearer " + api.token:
                        reply = api.error(401, "missing or invalid bearer token")
                    else:
                        if fault is not None and fault.kind == "slow":
                            time.sleep(fault.delay)
                        try:
                            data = json.loads(body) if body else None
                        except ValueError:
                            data = ValueError
                        if data is ValueError:
                            reply = api.error(400, "the request body is not JSON")
                        else:
                            reply = api.route(self.command, path, query, data)
                if fault is not None and fault.kind == "drop":
                    self.close_connection = True
                    self.connection.shutdown(2)  # processed, then no answer at all
                    return
                payload = b""
                if reply.body is not None:
                    payload = json.dumps(reply.body).encode()
                    if fault is not None and fault.kind == "malformed":
                        payload = payload[: max(1, len(payload) // 2)]
                self.send_response(reply.status)
                for k, v in reply.headers.items():
                    self.send_header(k, v)
                if payload:
                    self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                try:
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a "slow" fault past its timeout)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve

        return Handler
