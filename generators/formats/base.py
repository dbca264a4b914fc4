"""What an output format is: a class that names itself and the files it writes, and checks and renders a lesson."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from generators.model.problems import Problem
    from generators.view.lesson_view import LessonView


@dataclass
class Rendered:
    """What a format made of one lesson: each file's contents by its path in build/<id>/, and its warnings."""

    files: dict[str, bytes | str]
    warnings: list[Problem] = field(default_factory=list)
    """Located problems that do not stop the build (an item one tool cannot take, say)."""


class Format(ABC):
    """One output format. Subclasses declare their name and files once; the driver stages, commits and stamps.

    A format never writes to disk and never prints: it returns its files' contents and its warnings, and raises
    InvalidLesson, located in the lesson, for what it cannot lay out.
    """

    name: ClassVar[str]
    """Short name, used on the command line (--format NAME) and in messages."""
    files: ClassVar[tuple[str, ...]]
    """The files it writes, relative to build/<id>/, in the order the lesson plan lists materials."""
    preparation: ClassVar[str | None] = None
    """A "module:function" taking the lesson views, run once in the building process before the workers for the
    formats that share it start (fonts parsed once, then shared); None if the format needs none."""

    @abstractmethod
    def render(self, view: LessonView) -> Rendered:
        """Return this format's files for the lesson."""

    def check(self, view: LessonView) -> list[Problem]:
        """Return this format's warnings for the lesson, or raise InvalidLesson for what it cannot lay out.

        By default a format renders the lesson and keeps only what it found, so `check` finds everything a build
        would; a format whose problems can be known more cheaply may say so here.
        """
        return self.render(view).warnings
