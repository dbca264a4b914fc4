"""Where the repository and the test fixtures are, the minimal lesson, and what one command-line run returns."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
MINIMAL_LESSON = (FIXTURES / "minimal.yaml").read_text("utf-8")


@dataclass
class CliResult:
    """Exit code and output of one in-process run of `python -m generators`."""

    code: int
    out: str
    err: str
