"""The registry of output formats, in build order: each registered once, by its class."""

from __future__ import annotations

import importlib

from generators.formats.base import Format
from generators.formats.html import HtmlFormat
from generators.formats.lms import (
    AnkiFormat,
    CanvasQtiFormat,
    FlashcardsFormat,
    KahootFormat,
    MoodleGiftFormat,
    MoodleXmlFormat,
)
from generators.formats.overview import OverviewFormat
from generators.formats.printed import (
    ExitTicketsFormat,
    HandoutFormat,
    LessonPlanFormat,
    QuizVersionsFormat,
    WorksheetsFormat,
)
from generators.formats.slides import SlidesFormat
from generators.model.problems import UsageError

_FORMATS: dict[str, type[Format]] = {}


def register(format_class: type[Format]) -> type[Format]:
    """Add an output format; its name and each of its files may be registered once."""
    if format_class.name in _FORMATS:
        raise ValueError(f"an output format named '{format_class.name}' is already registered "
                         f"({_FORMATS[format_class.name].__qualname__})")
    taken = set(output_files()) & set(format_class.files)
    if taken:
        raise ValueError(f"the output format '{format_class.name}' writes {sorted(taken)[0]}, which another "
                         "format already writes")
    _FORMATS[format_class.name] = format_class
    return format_class


def format_names() -> list[str]:
    """Return the names of every registered output format, in build order."""
    return list(_FORMATS)


def output_files() -> list[str]:
    """Return the files every registered format writes for a lesson, in build order."""
    return [name for format_class in _FORMATS.values() for name in format_class.files]


def format_class(name: str) -> type[Format]:
    """Return the class of the named format, or raise UsageError listing the formats."""
    if name not in _FORMATS:
        raise UsageError(f"no output format named '{name}'; the formats are: {', '.join(_FORMATS)}")
    return _FORMATS[name]


def get_format(name: str) -> Format:
    """Return a fresh instance of the named format."""
    return format_class(name)()


def run_preparation(target: str, views: list) -> None:
    """Run a format's preparation (a "module:function", see Format.preparation) on the lesson views."""
    module_name, function_name = target.split(":")
    getattr(importlib.import_module(module_name), function_name)(views)


for _built_in in (OverviewFormat, SlidesFormat, HandoutFormat, WorksheetsFormat, ExitTicketsFormat, LessonPlanFormat,
                  HtmlFormat, MoodleGiftFormat, MoodleXmlFormat, CanvasQtiFormat, FlashcardsFormat, AnkiFormat,
                  KahootFormat, QuizVersionsFormat):
    register(_built_in)
