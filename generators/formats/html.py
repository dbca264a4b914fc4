"""Accessible HTML editions of the handout and worksheet (handout.html, worksheet.html), rendered with jinja2."""

from __future__ import annotations

import base64
import mimetypes
from pathlib import Path

from generators import Generator
from generators.driver.files import write_atomically
from generators.model.lesson import format_date
from generators.reading.loader import LoadedLesson
from generators.text.templating import html_environment
from generators.view.lesson_view import ANALYSIS_PROMPTS, answer_lines, letter, matching_order, sequencing_order


class HtmlGenerator(Generator):
    """Writes handout.html and worksheet.html: the printed documents' content for screens and screen readers."""

    name = "html"

    def build(self, lesson: LoadedLesson, out_dir: Path) -> list[Path]:
        context = html_context(lesson)
        environment = html_environment()
        return [write_atomically(out_dir / name, environment.get_template(f"{name}.j2").render(**context))
                for name in ("handout.html", "worksheet.html")]


def _data_uri(path: Path) -> str:
    """Return the image inline, so each page is one self-contained file that works from the file system."""
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def html_context(loaded: LoadedLesson) -> dict:
    """Return everything the HTML templates show, derived from the lesson model."""
    lesson = loaded.lesson
    events = lesson.timeline_in_order()
    images = {image.file: _data_uri(loaded.project_root / image.file)
              for section in lesson.sections for image in section.images}
    order = matching_order(lesson, loaded.id)
    quotes = [quote for section in lesson.sections for quote in section.quotes]
    return {
        "lesson": lesson,
        "course": loaded.course,
        "citation": lesson.source.citation(),
        "events": events,
        "images": images,
        "matching_terms": list(enumerate(lesson.vocabulary, start=1)),
        "matching_definitions": [(letter(row), lesson.vocabulary[index].definition) for row, index in
                                 enumerate(order)],
        "letters": [letter(row) for row in range(len(order))],
        "sequence": [events[index] for index in sequencing_order(lesson, loaded.id)],
        "quotes": quotes,
        "analysis_prompts": [prompt for _, prompt in ANALYSIS_PROMPTS],
        "answer_lines": answer_lines,
        "format_date": format_date,
    }
