"""The jinja2 environments shared by text and HTML generators: strict about undefined names, escaping by format."""

from __future__ import annotations

import hashlib
from contextlib import suppress
from functools import cache
from pathlib import Path

import jinja2

from generators.model.lesson import format_clock, format_date
from generators.text.escaping import escape_markdown, yaml_string
from generators.text.wording import as_sentence

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
    settings = {"keep_trailing_newline": True, "trim_blocks": True, "lstrip_blocks": True} | options
    # the same source compiles differently under other settings: they are part of the cache's key
    key = f"{kind}-{sorted((name, value) for name, value in settings.items() if isinstance(value, bool))}"
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR), undefined=jinja2.StrictUndefined,
                                     bytecode_cache=_compiled_templates(hashlib.sha256(key.encode()).hexdigest()[:16]),
                                     **settings)
    environment.filters.update(date=format_date, clock=format_clock, yaml=yaml_string, sentence=as_sentence)
    return environment


@cache
def markdown_environment() -> jinja2.Environment:
    """Return the environment for Markdown templates: every printed value is escaped as Markdown."""
    return _environment("markdown", finalize=escape_markdown, autoescape=False)


@cache
def html_environment() -> jinja2.Environment:
    """Return the environment for HTML templates: every printed value is HTML-escaped; words in another script get
    their language (script_language, romanisation_language)."""
    from generators.text.languages import romanisation_language, script_language

    environment = _environment("html", autoescape=True)
    environment.filters.update(script_language=script_language, romanisation_language=romanisation_language)
    return environment


@cache
def yaml_environment() -> jinja2.Environment:
    """Return the environment for YAML templates (new and imported lessons): `| yaml` quotes any text safely."""
    return _environment("yaml", autoescape=False)


_LINE_SEPARATORS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # where str.splitlines() splits
_STAND_INS = "".join(chr(0xE000 + index) for index in range(len(_LINE_SEPARATORS)))
_HIDE_LINE_BREAKS = str.maketrans(_LINE_SEPARATORS, _STAND_INS)
_RESTORE_LINE_BREAKS = str.maketrans(_STAND_INS, _LINE_SEPARATORS)


@cache
def paragraph_environment() -> jinja2.Environment:
    """Return the environment for plain-text paragraphs (speaker notes): values printed as they are (the writer
    that places the text escapes it for its format), their line breaks hidden until as_paragraph() joins the lines."""
    return _environment("paragraph", autoescape=False, trim_blocks=False,  # a line ending in a tag still ends
                        finalize=lambda value: str(value).translate(_HIDE_LINE_BREAKS))


def as_paragraph(rendered: str) -> str:
    """Return a paragraph template's output as one line: the template's lines joined by spaces, the line breaks
    inside the lesson's own text kept."""
    joined = " ".join(line.strip() for line in rendered.splitlines() if line.strip())
    return joined.translate(_RESTORE_LINE_BREAKS)
