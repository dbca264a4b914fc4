"""The jinja2 environments shared by text and HTML generators: strict about undefined names, escaping by format."""

from __future__ import annotations

from contextlib import suppress
from functools import cache
from pathlib import Path

import jinja2

from generators.model.lesson import format_clock, format_date
from generators.text.escaping import escape_markdown, yaml_string

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "assets" / "templates"


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates (compiling one takes up to 0.1 s), in its per-user temporary folder.

    Entries are keyed by template source and Jinja version; a folder that cannot be written is no cache at all.
    """

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with suppress(OSError):
            super().dump_bytecode(bucket)


def _compiled_templates(kind: str) -> jinja2.BytecodeCache | None:
    try:  # each kind of environment compiles the same text differently, so each has its own entries
        return _CompiledTemplates(pattern=f"lessonkit-{kind}-%s.cache")
    except (OSError, RuntimeError):
        return None


def _environment(kind: str, **options) -> jinja2.Environment:
    """Return an environment over assets/templates that fails on undefined names and keeps whitespace tidy."""
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR), undefined=jinja2.StrictUndefined,
                                     keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
                                     bytecode_cache=_compiled_templates(kind), **options)
    environment.filters.update(date=format_date, clock=format_clock, yaml=yaml_string)
    return environment


@cache
def markdown_environment() -> jinja2.Environment:
    """Return the environment for Markdown templates: every printed value is escaped as Markdown."""
    return _environment("markdown", finalize=escape_markdown, autoescape=False)


@cache
def html_environment() -> jinja2.Environment:
    """Return the environment for HTML templates: every printed value is HTML-escaped."""
    return _environment("html", autoescape=True)


@cache
def yaml_environment() -> jinja2.Environment:
    """Return the environment for YAML templates (new and imported lessons): `| yaml` quotes any text safely."""
    return _environment("yaml", autoescape=False)
