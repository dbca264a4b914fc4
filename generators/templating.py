"""The jinja2 environments shared by text and HTML generators: strict about undefined names, escaping by format."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2

from generators.escaping import escape_markdown, yaml_string
from generators.lesson import format_clock, format_date

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "assets" / "templates"


def _environment(**options) -> jinja2.Environment:
    """Return an environment over assets/templates that fails on undefined names and keeps whitespace tidy."""
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR), undefined=jinja2.StrictUndefined,
                                     keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True, **options)
    environment.filters.update(date=format_date, clock=format_clock, yaml=yaml_string)
    return environment


@cache
def markdown_environment() -> jinja2.Environment:
    """Return the environment for Markdown templates: every printed value is escaped as Markdown."""
    return _environment(finalize=escape_markdown, autoescape=False)


@cache
def html_environment() -> jinja2.Environment:
    """Return the environment for HTML templates: every printed value is HTML-escaped."""
    return _environment(autoescape=True)


@cache
def yaml_environment() -> jinja2.Environment:
    """Return the environment for YAML templates (new and imported lessons): `| yaml` quotes any text safely."""
    return _environment(autoescape=False)
