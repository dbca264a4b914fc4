"""The watch mode's service process: it watches the lessons' files and serves build/ on 127.0.0.1, telling each page
to reload when a rebuild lands and showing the build's problems at the top of the page.

It runs in a process of its own, forked before the first build: its threads (the server's, the file watcher's)
never share a process with the builder, which forks its workers for every build.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import threading
from collections.abc import Iterable
from functools import partial
from html import escape
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path

LOCALHOST = "127.0.0.1"
LIVE_PATH = "/_lessonkit/"
HEARTBEAT_SECONDS = 15.0
HTML_READ_LIMIT = 100_000_000  # the largest page given the live script (larger ones are served as they are)
LIVE_SCRIPT = (Path(__file__).resolve().parents[2] / "assets" / "live" / "live.js")


def local_listener(port: int = 0) -> socket.socket:
    """Return a socket listening on 127.0.0.1 alone (port 0: a free one): no other machine can reach it, whatever
    the firewall, because it is not bound to any address another machine can send to."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a restarted watch takes its port back
        listener.bind((LOCALHOST, port))
        listener.listen(64)
    except BaseException:
        listener.close()
        raise
    return listener


class LiveStatus:
    """The builder's latest word: which build is on show (instance and generation), whether a build is running,
    and the problems and warnings as the terminal printed them; waiting readers are woken when it changes."""

    def __init__(self) -> None:
        self.condition = threading.Condition()
        self.status: dict = {"instance": "", "generation": 0, "state": "building", "problems": [], "warnings": []}
        self.closing = False

    def publish(self, status: dict) -> None:
        with self.condition:
            self.status = status
            self.condition.notify_all()

    def close(self) -> None:
        with self.condition:
            self.closing = True
            self.condition.notify_all()

    def next_after(self, seen: dict | None, timeout: float) -> dict | None:
        """Return the status once it differs from seen (at once if it does), or None after timeout or at closing."""
        with self.condition:
            self.condition.wait_for(lambda: self.closing or self.status != seen, timeout)
            return None if self.closing or self.status == seen else self.status


class LiveServer(ThreadingHTTPServer):
    """Serves build/ from the given listener, one thread per request (the event streams stay open)."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, listener: socket.socket, build_dir: Path, status: LiveStatus) -> None:
        super().__init__(listener.getsockname(), partial(LiveHandler, directory=str(build_dir)),
                         bind_and_activate=False)
        self.socket.close()
        self.socket = listener
        self.server_address = listener.getsockname()
        self.status = status
        port = self.server_address[1]
        self.allowed_hosts = {f"{LOCALHOST}:{port}", f"localhost:{port}"}


class LiveHandler(SimpleHTTPRequestHandler):
    """build/ as files, never cached; HTML pages with the live script added; the status as an event stream."""

    server: LiveServer

    def log_message(self, format: str, *args) -> None:  # the terminal is the builder's
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def do_GET(self) -> None:
        # A page on another site could make the browser ask for 127.0.0.1 under its own name (DNS rebinding):
        # only requests naming this server as the browser reached it are answered.
        if self.headers.get("Host", "") not in self.server.allowed_hosts:
            self.send_error(HTTPStatus.FORBIDDEN, "Lessonkit's preview answers only requests to 127.0.0.1")
            return
        route = self.path.split("?", 1)[0]
        if route == LIVE_PATH + "events":
            self._stream_status()
        elif route == LIVE_PATH + "status":
            self._send(json.dumps(self.server.status.status).encode(), "application/json")
        elif route == LIVE_PATH + "live.js":
            self._send(LIVE_SCRIPT.read_bytes(), "text/javascript; charset=utf-8")
        else:
            self._send_file()

    def do_HEAD(self) -> None:
        self.send_error(HTTPStatus.METHOD_NOT_ALLOWED)

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _send_file(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        try:
            live = path.suffix == ".html" and path.is_file() and path.stat().st_size <= HTML_READ_LIMIT
            html = path.read_bytes() if live else b""
        except OSError:
            live = False
        if not live:  # other files as they are; folders without an index and missing files get its errors
            super().do_GET()
            return
        self._send(with_live_status(html, self.server.status.status), "text/html; charset=utf-8")

    def _stream_status(self) -> None:
        """Send the status as server-sent events: at once, then on every change, with a comment now and then so a
        closed tab is noticed; until the page goes away or the server stops."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.end_headers()
        seen = None
        try:
            self.wfile.write(b"retry: 500\n\n")
            while True:
                status = self.server.status.next_after(seen, HEARTBEAT_SECONDS)
                if status is None:
                    if self.server.status.closing:
                        return
                    self.wfile.write(b": still here\n\n")
                else:
                    self.wfile.write(f"event: status\ndata: {json.dumps(status)}\n\n".encode())
                    seen = status
                self.wfile.flush()
        except OSError:  # the page was closed or reloaded
            return


BODY_TAG = re.compile(rb"<body[^>]*>", re.IGNORECASE)
BANNER_STYLE = "position:sticky;top:0;z-index:2147483647;margin:0;padding:0;font:16px/1.4 system-ui,sans-serif;"
PROBLEMS_STYLE = "padding:.6rem 1rem;background:#fff4f4;color:#1a1a1a;border-bottom:3px solid #9e2a2b;"
LINES_STYLE = "margin:0;white-space:pre-wrap;font:14px/1.4 monospace;"


def with_live_status(html: bytes, status: dict) -> bytes:
    """Return a page with the build's problems at the top of its body (as live.js shows them when they change, so a
    page opened on a failed build shows them at once) and the live script at its end, which knows the build the
    page shows."""
    script = (f'<script src="{LIVE_PATH}live.js" data-build="{escape(status["instance"])}:{status["generation"]}">'
              "</script>").encode()
    closing = html.rfind(b"</body>")
    html = html[:closing] + script + html[closing:] if closing >= 0 else html + script
    problems = status["problems"]
    if not problems:
        return html
    count = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
    banner = (f'<section id="lessonkit-status" aria-label="Lessonkit build status" style="{BANNER_STYLE}">'
              f'<div role="alert" style="{PROBLEMS_STYLE}"><p style="margin:0 0 .3rem;font-weight:700;">{count}: '
              f'this page shows the last good build.</p><pre style="{LINES_STYLE}">'
              f'{escape(chr(10).join(problems))}</pre></div></section>').encode()
    body = BODY_TAG.search(html)
    return html[:body.end()] + banner + html[body.end():] if body else banner + html


class _EitherEvent:
    """Set when either of two events is: what watchfiles checks to stop watching."""

    def __init__(self, *events: threading.Event) -> None:
        self.events = events

    def is_set(self) -> bool:
        return any(event.is_set() for event in self.events)


def serve_and_watch(listener: socket.socket, build_dir: Path, watched: list[str], changes: Connection,
                    statuses: Connection, builder_ends: Iterable[Connection]) -> None:
    """The service process: serve build/, pass each batch of changed files to the builder, and publish each status
    it sends back; a status naming other folders to watch restarts the watcher on them. Ends when the builder
    closes its end (it stopped, or restarts with new code); Ctrl-C is the builder's to handle."""
    import watchfiles

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for connection in builder_ends:  # the builder's ends, inherited: closed, so its exit reads as the end here
        connection.close()
    status = LiveStatus()
    server = LiveServer(listener, build_dir, status)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True).start()
    stop, rewatch = threading.Event(), threading.Event()
    folders = {"watched": list(watched)}

    def receive() -> None:
        try:
            while True:
                message = statuses.recv()
                new = message.pop("watched", None)
                if new is not None and new != folders["watched"]:
                    folders["watched"] = new
                    rewatch.set()
                status.publish(message)
        except (EOFError, OSError):
            pass
        finally:
            stop.set()

    threading.Thread(target=receive, daemon=True).start()
    try:
        while not stop.is_set():
            rewatch.clear()
            paths = [path for path in folders["watched"] if os.path.isdir(path)]
            for batch in watchfiles.watch(*paths, stop_event=_EitherEvent(stop, rewatch), step=50,
                                          rust_timeout=500, yield_on_timeout=False, raise_interrupt=False):
                changes.send(sorted(path for _, path in batch))
    except (BrokenPipeError, OSError):
        pass
    finally:
        status.close()
        server.shutdown()
        server.server_close()
