"""Accessible HTML editions (handout, worksheet, quizzes, exit ticket, lesson plan), rendered with jinja2."""

from __future__ import annotations

import base64
import mimetypes
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from generators.formats.base import Format, Rendered

if TYPE_CHECKING:
    from generators.view.lesson_view import LessonView


class HtmlFormat(Format):
    """Accessible editions of what students and the teacher get: the handout, the worksheet, each quiz version, the
    exit ticket and the lesson plan, for screens and screen readers."""

    name = "html"
    files = ("handout.html", "worksheet.html", "quiz-A.html", "quiz-B.html", "exit-tickets.html",
             "lesson-plan.html")

    def render(self, view: LessonView) -> Rendered:
        from generators.text.templating import html_environment

        context = html_context(view)
        environment = html_environment()
        pages = {name: environment.get_template(f"{name}.j2").render(**context)
                 for name in ("handout.html", "worksheet.html", "exit-tickets.html", "lesson-plan.html")}
        quiz = environment.get_template("quiz.html.j2")
        pages.update({f"quiz-{version}.html": quiz.render(**context, version=version, items=items)
                      for version, items in view.quiz_versions.items()})
        return Rendered({name: pages[name] for name in self.files})


def data_uri(path: Path) -> str:
    """Return the image inline, so each page is one self-contained file that works from the file system."""
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def html_context(view: LessonView) -> dict:
    """Return everything the HTML templates show, from the lesson view."""
    from generators.model.lesson import format_date
    from generators.view.lesson_view import ANALYSIS_PROMPTS, answer_lines, letter, words_for

    lesson = view.lesson
    events = [entry.event for entry in view.timeline]
    images = {image.file: data_uri(view.image_file(image)) for section in lesson.sections for image in section.images}
    return {
        "lesson": lesson,
        "course": view.course,
        "citation": lesson.source.citation(),
        "events": events,
        "handout_events": [entry.event for entry in view.handout_timeline],
        "images": images,
        "parts": [{"number": part.number, "heading": part.heading, "note": part.note,
                   "vocabulary": part.vocabulary, "timeline": part.timeline, "sources": part.sources,
                   "discussion": part.discussion,
                   "definitions": [(letter(row), part.meanings[index].word.definition)
                                   for row, index in enumerate(part.matching_order)]}
                  for part in view.worksheet_parts],
        "sequence": [events[index] for index in view.sequencing_order],
        "source_labels": {source.quote.id: source.label for source in view.sources},
        "analysis_prompts": [prompt for _, prompt in ANALYSIS_PROMPTS],
        "answer_lines": answer_lines,
        "steps": view.steps,
        "plan_details": view.plan_details(),
        "words_for": partial(words_for, view),
        "format_date": format_date,
    }
