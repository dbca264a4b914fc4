"""`make watch` run as a teacher runs it: a real process, its server read over HTTP and its event stream."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from contextlib import suppress
from pathlib import Path

from support.paths import REPO

SERVING = re.compile(r"http://127\.0\.0\.1:(\d+)/")


class WatchProcess:
    """`python -m generators watch` on a project, in a session of its own (Ctrl-C reaches it as it would from a
    terminal); its output is collected as it comes."""

    def __init__(self, project: Path, *arguments: str) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "generators", "--project", str(project), "watch",
                                         *arguments], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True, start_new_session=True)
        self.lines: list[str] = []
        self.port: int | None = None
        self._seen_port = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        if not self._seen_port.wait(60) or self.port is None:
            self.stop()
            raise AssertionError(f"watch did not start serving:\n{self.output}")

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)
            found = SERVING.search(line)
            if found and self.port is None:
                self.port = int(found.group(1))
                self._seen_port.set()
        self._seen_port.set()

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def get(self, path: str, host: str | None = None) -> tuple[int, str]:
        """Return the status and body of a GET to the server (as the browser names it, unless host is given)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.putrequest("GET", path, skip_host=True)
            connection.putheader("Host", host or f"127.0.0.1:{self.port}")
            connection.endheaders()
            response = connection.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def status(self) -> dict:
        return json.loads(self.get("/_lessonkit/status")[1])

    def wait_for_status(self, accept, timeout: float = 60) -> dict:
        """Return the first status the event stream sends that accept() takes."""
        stream = EventStream(self.port)
        try:
            return stream.wait_for(accept, timeout)
        finally:
            stream.close()

    def interrupt(self, timeout: float = 30) -> int:
        """Press Ctrl-C (SIGINT to the whole process group, as a terminal sends it) and return the exit code."""
        os.killpg(self.process.pid, signal.SIGINT)
        return self.process.wait(timeout)

    def stop(self) -> None:
        if self.process.poll() is None:
            with suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(30)


class EventStream:
    """The server's event stream, read as a page reads it: each status as it is sent."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.connection.request("GET", "/_lessonkit/events")
        self.response = self.connection.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type", "").startswith("text/event-stream")

    def next_status(self, deadline: float | None = None) -> dict:
        """Return the next status sent; raise AssertionError if none comes before the deadline (time.monotonic())."""
        event, data = None, []
        while True:
            if deadline is not None and time.monotonic() > deadline:
                raise AssertionError("no status as expected before the deadline")
            line = self.response.readline()
            if not line:
                raise EOFError("the event stream ended")
            line = line.decode("utf-8").rstrip("\n")
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: "):
                data.append(line[6:])
            elif not line and event == "status":
                return json.loads("\n".join(data))
            elif not line:
                event, data = None, []

    def wait_for(self, accept, timeout: float = 60) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.next_status(deadline)
            if accept(status):
                return status
        raise AssertionError("no status as expected before the deadline")

    def close(self) -> None:
        self.connection.close()
