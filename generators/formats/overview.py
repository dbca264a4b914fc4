"""Teacher-readable Markdown overview of a lesson (overview.md), rendered from a jinja2 template."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generators.formats.base import Format, Rendered

if TYPE_CHECKING:
    from generators.view.lesson_view import LessonView

import re


class OverviewFormat(Format):
    """overview.md: the whole lesson on one page, for the teacher to read or print."""

    name = "overview"
    files = ("overview.md",)
    preparation = "generators.formats.printed.kit:prepare"  # it cites handout pages, so it lays the handout out

    def render(self, view: LessonView) -> Rendered:
        from generators.formats.cross_references import activity_references
        from generators.text.templating import markdown_environment

        template = markdown_environment().get_template("overview.md.j2")
        from generators.formats.printed.lesson_plan import homework_detail

        part = next((part for part in view.worksheet_parts if part.title == "Homework"), None)
        homework = f"worksheet Part {part.number}{homework_detail(view, part)}" if part else ""
        text = template.render(view=view, course=view.course, references=activity_references(view),
                               homework=homework)
        return Rendered({"overview.md": re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"})
