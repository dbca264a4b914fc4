"""Lessonkit turns lesson files into classroom materials; this module is the registry of output formats."""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from generators.reading.loader import LoadedLesson


class Generator(ABC):
    """One output format: turns a validated lesson into files inside a folder."""

    name: ClassVar[str]
    """Short name of the format, used on the command line and in messages."""

    @abstractmethod
    def build(self, lesson: LoadedLesson, out_dir: Path) -> list[Path]:
        """Write this format's files for the lesson into out_dir and return their paths."""


# name -> ("module:class", files it writes, "module:function" preparing it); modules are imported only when
# their format is built, so start-up stays fast and the lesson plan can list every material without importing
# every generator.
_REGISTRY: dict[str, tuple[str, tuple[str, ...], str | None]] = {}


def register(name: str, target: str, outputs: tuple[str, ...] = (), prepare: str | None = None) -> None:
    """Add an output format and the files it writes (relative to build/<id>/); a name may be registered once.

    prepare names a function taking the loaded lessons that warms up what the format needs (fonts, say); a
    parallel build calls it once, before forking the workers for the formats that share it.
    """
    if name in _REGISTRY:
        raise ValueError(f"an output format named '{name}' is already registered ({_REGISTRY[name][0]})")
    _REGISTRY[name] = (target, outputs, prepare)


def output_files() -> list[str]:
    """Return the files every registered format writes for a lesson, in build order."""
    return [output for _, outputs, _ in _REGISTRY.values() for output in outputs]


def generator_names() -> list[str]:
    """Return the names of every registered output format, in build order."""
    return list(_REGISTRY)


def get_generator(name: str) -> Generator:
    """Return a fresh generator for the named format."""
    if name not in _REGISTRY:
        raise KeyError(f"no output format named '{name}'; the formats are: {', '.join(_REGISTRY)}")
    module_name, class_name = _REGISTRY[name][0].split(":")
    return getattr(importlib.import_module(module_name), class_name)()


def preparation_of(name: str) -> str | None:
    """Return the "module:function" that warms up the named format before a parallel build, if it has one."""
    return _REGISTRY[name][2]


def prepare(target: str, lessons: list[LoadedLesson]) -> None:
    """Run a preparation function (see register) on the loaded lessons."""
    module_name, function_name = target.split(":")
    getattr(importlib.import_module(module_name), function_name)(lessons)


register("overview", "generators.formats.overview:OverviewGenerator", ("overview.md",))
register("slides", "generators.formats.slides.pptx_writer:SlidesGenerator", ("slides.pptx",))
PRINTED = "generators.formats.printed.kit:prepare"  # the printed formats share the fonts it parses
register("handout", "generators.formats.printed.handout:HandoutGenerator", ("handout.pdf",), PRINTED)
register("worksheets", "generators.formats.printed.worksheets:WorksheetGenerator",
         ("worksheet.pdf", "worksheet-support.pdf", "answer-key.pdf"), PRINTED)
register("exit-tickets", "generators.formats.printed.exit_tickets:ExitTicketGenerator", ("exit-tickets.pdf",), PRINTED)
register("lesson-plan", "generators.formats.printed.lesson_plan:LessonPlanGenerator", ("lesson-plan.pdf",), PRINTED)
register("html", "generators.formats.html:HtmlGenerator", ("handout.html", "worksheet.html"))
register("exports", "generators.formats.lms.exports:ExportsGenerator",
         ("exports/moodle.gift", "exports/canvas-qti.zip", "exports/flashcards.tsv", "exports/kahoot.xlsx"))
register("quiz-versions", "generators.formats.printed.quiz_versions:QuizVersionsGenerator", ("quiz-A.pdf", "quiz-B.pdf", "quiz-key.pdf"),
         PRINTED)
