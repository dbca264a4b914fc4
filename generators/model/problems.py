"""One small exception family: located problems in a teacher's file, and faults of the build itself."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in a file, at a line and column, said the way the teacher can fix it."""

    file: str
    line: int
    column: int
    field: str
    message: str
    severity: str = "error"
    """'error' stops the lesson from being built; 'warning' reports something left out of one output."""

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {where}{self.message}"

    def as_warning(self) -> Problem:
        """Return the same problem as a warning."""
        return replace(self, severity="warning")


def did_you_mean(word: str, choices: list[str], *, fold_case: bool = False) -> str:
    """Return "; did you mean 'x'?" naming the choice closest to a misspelt word, or "" if none is close (with
    fold_case, capitals are ignored in the comparison and the choice is named as written)."""
    spelled = {choice.casefold() if fold_case else choice: choice for choice in choices}
    close = difflib.get_close_matches(word.casefold() if fold_case else word, list(spelled), n=1, cutoff=0.6)
    return f"; did you mean '{spelled[close[0]]}'?" if close else ""


class LessonkitError(Exception):
    """Base of every error Lessonkit reports to its user instead of a traceback."""

    exit_code = 1


class InvalidLesson(LessonkitError):
    """A lesson or course file has problems; nothing of that lesson is written."""

    exit_code = 2

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


class UsageError(LessonkitError):
    """The command line asks for something that cannot be done."""

    exit_code = 2


class BuildFailure(LessonkitError):
    """The build could not write its output: a full disk, a read-only folder, a missing tool."""

    exit_code = 1
