"""A page kept open in headless Chromium and asked questions while it runs, over the DevTools protocol on a pipe."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class LivePage:
    """One tab of a headless Chromium, open on a URL; evaluate() runs JavaScript in whatever page it shows now."""

    def __init__(self, url: str, profile: Path) -> None:
        commands_read, self._commands = os.pipe()  # Chromium reads commands on its fd 3 and answers on its fd 4
        self._answers, answers_write = os.pipe()
        command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                   "--disable-background-networking", f"--user-data-dir={profile}", "--remote-debugging-pipe",
                   "about:blank"]
        self.process = subprocess.Popen(
            ["bash", "-c", f'exec "$@" 3<&{commands_read} 4>&{answers_write}', "chromium", *command],
            pass_fds=(commands_read, answers_write), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(commands_read)
        os.close(answers_write)
        self._buffer = b""
        self._next_id = 0
        target = self._call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self._session = self._call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self._call("Emulation.setFocusEmulationEnabled", {"enabled": True}, self._session)  # keys reach the page
        self._call("Page.navigate", {"url": url}, self._session)
        # until then the tab may still show about:blank, complete and focused, and a key pressed would go there
        self.wait_until(f"location.href === {json.dumps(url)} && document.readyState === 'complete'",
                        lambda loaded: loaded is True)

    def _call(self, method: str, params: dict, session: str | None = None) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        while True:
            while b"\0" not in self._buffer:
                chunk = os.read(self._answers, 1 << 16)
                if not chunk:
                    raise EOFError("Chromium closed the DevTools pipe")
                self._buffer += chunk
            raw, self._buffer = self._buffer.split(b"\0", 1)
            answer = json.loads(raw)
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer["result"]

    def evaluate(self, expression: str):
        """Return the value of a JavaScript expression in the page as it is now (None while it is loading)."""
        try:
            result = self._call("Runtime.evaluate", {"expression": expression, "returnByValue": True},
                                self._session)
        except RuntimeError:  # no page to run it in, for a moment, while the tab reloads
            return None
        return result.get("result", {}).get("value")

    def press(self, key: str, code: int) -> None:
        """Press and release a key on the page, as the keyboard would (key: 'ArrowRight'; code: its key code)."""
        for kind in ("rawKeyDown", "keyUp"):
            self._call("Input.dispatchKeyEvent", {"type": kind, "key": key, "code": key,
                                                  "windowsVirtualKeyCode": code}, self._session)

    def wait_until(self, expression: str, accept, timeout: float = 30):
        """Return the expression's value once accept() takes it; fail with the last value after timeout."""
        deadline = time.monotonic() + timeout
        value = None
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if accept(value):
                return value
            time.sleep(0.1)
        raise AssertionError(f"{expression} was still {value!r} after {timeout} s")

    def close(self) -> None:
        os.close(self._commands)
        os.close(self._answers)
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
