"""The PowerPoint deck: the slide plan (plan.py) and the writer that turns it into PresentationML (pptx_writer.py)."""

from __future__ import annotations

from generators.formats.base import Format, Rendered
from generators.view.lesson_view import LessonView


class SlidesFormat(Format):
    """slides.pptx: editable slides in teaching order, with speaker notes, from the built-in look or a template."""

    name = "slides"
    files = ("slides.pptx",)

    def render(self, view: LessonView) -> Rendered:
        from generators.formats.slides.pptx_writer import DeckWriter

        return Rendered({"slides.pptx": DeckWriter(view).render()})
