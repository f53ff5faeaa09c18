"""A real HTTP server on 127.0.0.1 for acquire tests (no test touches the internet).

Routes map a path to a list of `Reply`s: the n-th request to a path gets the
n-th reply (the last one repeats), so "503 then 200" is `[Reply(503), Reply(200)]`.
Every request is logged with its start and end times and the User-Agent.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = "text/html; charset=utf-8"
    delay: float = 0.0
    """Seconds to wait before answering (for timeouts)."""
    send_length: bool = True
    """False: no Content-Length, the body ends when the connection closes."""
    before: Callable[[], None] | None = None
    """Called before answering (e.g. to wait for another server's request)."""


@dataclass
class Hit:
    path: str
    started: float
    ended: float = 0.0
    user_agent: str = ""


class LocalServer:
    def __init__(self, routes: dict[str, list[Reply] | Reply] | None = None):
        self.routes: dict[str, list[Reply]] = {}
        self.hits: list[Hit] = []
        self.counts: dict[str, int] = {}
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        for path, replies in (routes or {}).items():
            self.route(path, replies)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, replies: list[Reply] | Reply) -> None:
        self.routes[path] = replies if isinstance(replies, list) else [replies]

    def paths(self) -> list[str]:
        with self._lock:
            return [hit.path for hit in self.hits]

    def start(self) -> LocalServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _next_reply(self, path: str) -> Reply:
        with self._lock:
            replies = self.routes.get(path)
            if not replies:
                return Reply(404, b"not found", content_type="text/plain")
            number = self.counts.get(path, 0)
            self.counts[path] = number + 1
            return replies[min(number, len(replies) - 1)]

    def _handler_class(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:
                hit = Hit(self.path, time.monotonic(),
                          user_agent=self.headers.get("User-Agent", ""))
                with server._lock:
                    server.hits.append(hit)
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                try:
                    self.answer(server._next_reply(self.path))
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeouts, size caps): that is the test
                finally:
                    with server._lock:
                        server.in_flight -= 1
                        hit.ended = time.monotonic()

            def answer(self, reply: Reply) -> None:
                if reply.before:
                    reply.before()
                if reply.delay:
                    time.sleep(reply.delay)
                self.send_response(reply.status)
                if reply.content_type:
                    self.send_header("Content-Type", reply.content_type)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.send_length:
                    self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

        return Handler


def page(name: str) -> bytes:
    return (FIXTURES / "pages" / name).read_bytes()


def html_page(title: str, body: str) -> bytes:
    return (f"<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'><title>{title}"
            f"</title></head><body><h1>{title}</h1><div class='isi'><p>{body}</p></div>"
            "</body></html>").encode()


ROBOTS = Reply(200, b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
