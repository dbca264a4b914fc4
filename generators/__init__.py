"""Lessonkit turns lesson files into classroom materials; this module is the registry of output formats."""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from generators.loader import LoadedLesson


class Generator(ABC):
    """One output format: turns a validated lesson into files inside a folder."""

    name: ClassVar[str]
    """Short name of the format, used on the command line and in messages."""

    @abstractmethod
    def build(self, lesson: LoadedLesson, out_dir: Path) -> list[Path]:
        """Write this format's files for the lesson into out_dir and return their paths."""


# name -> "module:class"; modules are imported only when their format is built, so start-up stays fast.
_REGISTRY: dict[str, str] = {}


def register(name: str, target: str) -> None:
    """Add an output format to the table; a name may be registered only once."""
    if name in _REGISTRY:
        raise ValueError(f"an output format named '{name}' is already registered ({_REGISTRY[name]})")
    _REGISTRY[name] = target


def generator_names() -> list[str]:
    """Return the names of every registered output format, in build order."""
    return list(_REGISTRY)


def get_generator(name: str) -> Generator:
    """Return a fresh generator for the named format."""
    if name not in _REGISTRY:
        raise KeyError(f"no output format named '{name}'; the formats are: {', '.join(_REGISTRY)}")
    module_name, class_name = _REGISTRY[name].split(":")
    return getattr(importlib.import_module(module_name), class_name)()


register("overview", "generators.overview:OverviewGenerator")
register("slides", "generators.slides:SlidesGenerator")
register("handout", "generators.handout:HandoutGenerator")
register("worksheets", "generators.worksheet:WorksheetGenerator")
register("exit-tickets", "generators.exit_tickets:ExitTicketGenerator")
