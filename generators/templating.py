"""The jinja2 environments shared by text and HTML generators: strict about undefined names, escaping by format."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2

from generators.escaping import escape_markdown, yaml_string
from generators.lesson import format_clock, format_date

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "assets" / "templates"


@cache
def markdown_environment() -> jinja2.Environment:
    """Return the environment for Markdown templates: every printed value is escaped as Markdown."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        undefined=jinja2.StrictUndefined,
        finalize=escape_markdown,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    environment.filters.update(date=format_date, clock=format_clock)
    return environment


@cache
def html_environment() -> jinja2.Environment:
    """Return the environment for HTML templates: every printed value is HTML-escaped."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(date=format_date, clock=format_clock)
    return environment


@cache
def yaml_environment() -> jinja2.Environment:
    """Return the environment for YAML templates (new and imported lessons): `| yaml` quotes any text safely."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["yaml"] = yaml_string
    return environment
