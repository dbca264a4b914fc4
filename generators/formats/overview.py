"""Teacher-readable Markdown overview of a lesson (overview.md), rendered from a jinja2 template."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from generators.formats.base import Format, Rendered
from generators.text.escaping import escape_markdown_cell, escape_markdown_line, markdown_code_span, markdown_link

if TYPE_CHECKING:
    import jinja2

    from generators.view.lesson_view import LessonView


@cache
def overview_environment() -> jinja2.Environment:
    """Return the Markdown environment with a filter for each place lesson text can stand besides block text (which
    every printed value gets by default): `| line` for headings, `| cell` for table cells, `| code` for code spans,
    `| link(address)` for links."""
    from generators.text.templating import markdown_environment

    environment = markdown_environment().overlay(cache_size=50)  # a cache of its own, so templates see these filters
    environment.filters = environment.filters | {"line": escape_markdown_line, "cell": escape_markdown_cell,
                                                 "code": markdown_code_span, "link": markdown_link}
    return environment


class OverviewFormat(Format):
    """overview.md: the whole lesson on one page, for the teacher to read or print."""

    name = "overview"
    files = ("overview.md",)
    preparation = "generators.formats.printed.kit:prepare"  # it cites handout pages, so it lays the handout out

    def render(self, view: LessonView) -> Rendered:
        from generators.formats.cross_references import activity_references
        from generators.formats.printed.lesson_plan import homework_detail

        template = overview_environment().get_template("overview.md.j2")
        part = next((part for part in view.worksheet_parts if part.title == "Homework"), None)
        homework = f"worksheet Part {part.number}{homework_detail(view, part)}" if part else ""
        text = template.render(view=view, course=view.course, references=activity_references(view),
                               homework=homework)
        return Rendered({"overview.md": re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"})
