"""A small base for loopback stand-ins of external HTTP services.

A `FakeServer` is a real `ThreadingHTTPServer` on 127.0.0.1 (a free port picked by the OS)
served from a background thread. Subclasses register routes; every request received is
recorded; `fail_next` / `hang_next` make the next responses fail or hang.

    with FakeStripe() as stripe:          # or: server.start() ... server.stop()
        settings.STRIPE_API_BASE = stripe.base_url
        ...
        assert len(stripe.requests_to("/v1/balance")) == 1

A route handler receives the `FakeRequest` and the route's named groups, and returns a
`Response`, a `(status, payload)` pair, or a payload (dict/list → 200 JSON).
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from email import policy
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

HOST = "127.0.0.1"


@dataclass
class UploadedFile:
    filename: str
    content_type: str
    content: bytes


@dataclass
class FakeRequest:
    """One request as the fake received it."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # lower-cased names
    body: bytes
    form: dict[str, str] = field(default_factory=dict)
    files: dict[str, UploadedFile] = field(default_factory=dict)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def json(self) -> Any:
        return json.loads(self.body or b"null")

    @property
    def params(self) -> dict[str, Any]:
        """Query string, form fields and a JSON object body, merged (later wins)."""
        merged: dict[str, Any] = {**self.query, **self.form}
        if self.content_type == "application/json" and self.body:
            body = self.json()
            if isinstance(body, dict):
                merged.update(body)
        return merged

    @property
    def bearer_token(self) -> str | None:
        scheme, _, token = self.headers.get("authorization", "").partition(" ")
        return token.strip() if scheme.lower() == "bearer" and token.strip() else None


@dataclass
class Response:
    status: int = 200
    body: Any = None  # dict/list → JSON, str → text, bytes → as is
    headers: dict[str, str] = field(default_factory=dict)

    def encode(self) -> tuple[bytes, dict[str, str]]:
        headers = dict(self.headers)
        if isinstance(self.body, bytes):
            payload = self.body
            headers.setdefault("Content-Type", "application/octet-stream")
        elif isinstance(self.body, str):
            payload = self.body.encode()
            headers.setdefault("Content-Type", "text/plain; charset=utf-8")
        elif self.body is None:
            payload = b""
        else:
            payload = json.dumps(self.body).encode()
            headers.setdefault("Content-Type", "application/json")
        return payload, headers


def json_response(status: int, payload: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(status=status, body=payload, headers=dict(headers or {}))


def free_port() -> int:
    """A port nothing listens on right now (bound, then released): also a 'closed port'."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


Handler = Callable[..., Any]


@dataclass
class Route:
    methods: frozenset[str]
    pattern: re.Pattern[str]
    handler: Handler


@dataclass
class Fault:
    """Applies to the next `times` requests (None: until cleared)."""

    times: int | None
    status: int | None = None
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    hang_seconds: float = 0.0


def _parse_multipart(content_type: str, body: bytes) -> tuple[dict[str, str], dict[str, UploadedFile]]:
    message = BytesParser(policy=policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
    )
    form: dict[str, str] = {}
    files: dict[str, UploadedFile] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        content = part.get_payload(decode=True) or b""
        filename = part.get_filename()
        if filename is not None:
            files[name] = UploadedFile(filename, part.get_content_type(), content)
        else:
            form[name] = content.decode(part.get_content_charset() or "utf-8")
    return form, files


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format, *args):
        pass  # keep test output quiet

    def _serve(self):
        self.server.fake._dispatch(self)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _serve


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # Clients open many connections at once (a sender's pool); socketserver's backlog of 5
    # would reset some of them.
    request_queue_size = 128
    fake: FakeServer

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()

    def process_request_thread(self, request, client_address):
        with self.connections_lock:
            self.connections.add(request)
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self.connections_lock:
                self.connections.discard(request)

    def close_connections(self) -> None:
        """Drop kept-alive connections too: after `stop` nothing is served any more."""
        with self.connections_lock:
            for conn in list(self.connections):
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request, client_address):
        pass  # a client that gave up (time-out) breaks the pipe; that is expected here


class FakeServer:
    """Base of the fakes: routing, request log, faults, lifecycle."""

    name = "fake"

    def __init__(self) -> None:
        self._routes: list[Route] = []
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self._released = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.requests: list[FakeRequest] = []

    # --- lifecycle ------------------------------------------------------------------------
    def start(self) -> FakeServer:
        if self._server is not None:
            return self
        self._released.clear()
        server = _Server((HOST, 0), _RequestHandler)
        server.fake = self
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name=self.name, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._released.set()  # wakes handlers that hang
        self._server.shutdown()
        self._server.server_close()
        self._server.close_connections()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> FakeServer:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError(f"{self.name} is not started")
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    # --- routing ----------------------------------------------------------------------------
    def route(self, methods: str | tuple[str, ...], pattern: str, handler: Handler) -> None:
        """Register `handler` for a full-match path regex (named groups become kwargs)."""
        names = (methods,) if isinstance(methods, str) else methods
        self._routes.append(Route(frozenset(m.upper() for m in names), re.compile(pattern), handler))

    def not_found(self, request: FakeRequest) -> Response:
        return json_response(404, {"error": "not found", "path": request.path})

    def error_payload(self, status: int) -> Any:
        """The body a fault answers with when none is given; subclasses use their API's shape."""
        return {"error": {"status": status}}

    # --- faults -----------------------------------------------------------------------------
    def fail_next(
        self,
        status: int = 500,
        body: Any = None,
        *,
        times: int | None = 1,
        headers: dict[str, str] | None = None,
    ) -> None:
        """The next `times` requests (None: all until `clear_faults`) answer `status`."""
        with self._lock:
            self._faults.append(Fault(times=times, status=status, body=body, headers=dict(headers or {})))

    def hang_next(self, seconds: float = 30.0, *, times: int | None = 1) -> None:
        """The next `times` requests wait `seconds` (or until `stop`) before being answered."""
        with self._lock:
            self._faults.append(Fault(times=times, hang_seconds=seconds))

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def _take_fault(self) -> Fault | None:
        with self._lock:
            if not self._faults:
                return None
            fault = self._faults[0]
            if fault.times is not None:
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.pop(0)
            return fault

    # --- request log ------------------------------------------------------------------------
    def requests_to(self, path: str, method: str | None = None) -> list[FakeRequest]:
        with self._lock:
            return [
                r for r in self.requests if r.path == path and (method is None or r.method == method.upper())
            ]

    def clear_requests(self) -> None:
        with self._lock:
            self.requests.clear()

    def reset(self) -> None:
        self.clear_faults()
        self.clear_requests()

    # --- serving ----------------------------------------------------------------------------
    def _read_request(self, handler: _RequestHandler) -> FakeRequest:
        url = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        request = FakeRequest(
            method=handler.command,
            path=url.path,
            query=dict(parse_qsl(url.query, keep_blank_values=True)),
            headers={name.lower(): value for name, value in handler.headers.items()},
            body=body,
        )
        raw_type = request.headers.get("content-type", "")
        if request.content_type == "application/x-www-form-urlencoded":
            request.form = dict(parse_qsl(body.decode(), keep_blank_values=True))
        elif request.content_type == "multipart/form-data":
            request.form, request.files = _parse_multipart(raw_type, body)
        return request

    def _respond(self, request: FakeRequest) -> Response:
        fault = self._take_fault()
        if fault is not None:
            if fault.hang_seconds:
                self._released.wait(fault.hang_seconds)
            if fault.status is not None:
                body = fault.body if fault.body is not None else self.error_payload(fault.status)
                return Response(fault.status, body, fault.headers)
        for route in self._routes:
            match = route.pattern.fullmatch(request.path)
            if match and request.method in route.methods:
                return self._as_response(route.handler(request, **match.groupdict()))
        return self.not_found(request)

    @staticmethod
    def _as_response(result: Any) -> Response:
        if isinstance(result, Response):
            return result
        if isinstance(result, tuple):
            status, body = result
            return Response(status, body)
        return Response(200, result)

    def _dispatch(self, handler: _RequestHandler) -> None:
        request = self._read_request(handler)
        with self._lock:
            self.requests.append(request)
        try:
            response = self._respond(request)
        except Exception as exc:  # a bug in a fake answers 500 instead of hanging the client
            response = json_response(500, {"error": f"{type(exc).__name__}: {exc}"})
        payload, headers = response.encode()
        handler.send_response(response.status)
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        if request.method != "HEAD":
            handler.wfile.write(payload)
