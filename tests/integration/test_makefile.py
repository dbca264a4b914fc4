"""The Makefile's choice of interpreter for .venv: the distribution's python3 when new enough, else python3."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def venv_commands(tmp_path: Path, *settings: str) -> str:
    """Return the commands `make` would run to create a virtual environment (dry run: nothing is created)."""
    venv = tmp_path / "venv"
    environment = {name: value for name, value in os.environ.items() if name not in ("PYTHON", "MAKEFLAGS")}
    result = subprocess.run(["make", "--dry-run", "--always-make", f"VENV={venv}", *settings, f"{venv}/bin/python"],
                            cwd=REPO, env=environment, capture_output=True, text=True, check=True)
    assert not venv.exists()
    return result.stdout


def fake_python(folder: Path, version: str) -> Path:
    """Write an executable that answers the Makefile's version check as a Python of that version would."""
    script = folder / f"python{version}"
    major, minor = version.split(".")
    script.write_text(f"#!/bin/sh\n[ {major}{minor:0>2} -ge 311 ]\n", "utf-8")
    script.chmod(0o755)
    return script


def test_the_system_python_is_preferred_when_it_is_new_enough(tmp_path):
    system = fake_python(tmp_path, "3.12")
    commands = venv_commands(tmp_path, f"SYSTEM_PYTHON={system}")
    assert f"{system} -m venv" in commands


def test_python3_from_path_when_the_system_python_is_too_old(tmp_path):
    commands = venv_commands(tmp_path, f"SYSTEM_PYTHON={fake_python(tmp_path, '3.9')}")
    assert "\npython3 -m venv" in "\n" + commands
    assert "python3.9" not in commands


def test_python3_from_path_when_there_is_no_system_python(tmp_path):
    commands = venv_commands(tmp_path, f"SYSTEM_PYTHON={tmp_path / 'missing'}")
    assert "\npython3 -m venv" in "\n" + commands


def test_an_interpreter_named_on_the_command_line_wins(tmp_path):
    system = fake_python(tmp_path, "3.12")
    commands = venv_commands(tmp_path, f"SYSTEM_PYTHON={system}", f"PYTHON={sys.executable}")
    assert f"{sys.executable} -m venv" in commands
    assert str(system) not in commands
