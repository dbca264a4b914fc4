"""The PowerPoint deck: the slide plan (plan.py) and the writer that turns it into PresentationML (pptx_writer.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generators.formats.base import Format, Rendered

if TYPE_CHECKING:
    from generators.formats.slides.plan import Geometry, Slide
    from generators.view.lesson_view import LessonView

import unicodedata

from generators.model.problems import InvalidLesson, Problem


def unprintable_text(view: LessonView) -> list[Problem]:
    """Return a problem for each character of the lesson that no bundled font can draw: the deck's text is fitted
    with the bundled fonts' metrics, and its pictures and printed documents are drawn with them."""
    from generators.text.font_files import printable_in_bundled_fonts

    family = view.course.fonts.body
    problems = []
    for path, text in view.texts():
        for character in dict.fromkeys(text):
            if not printable_in_bundled_fonts(character, family):
                problems.append(view.problem(path, f"the character '{character}' (U+{ord(character):04X}, "
                                                   f"{unicodedata.name(character, 'unnamed')}) is in none of the "
                                                   "bundled fonts, so it cannot be printed; replace it"))
    return sorted(set(problems))


class SlidesFormat(Format):
    """slides.pptx: editable slides in teaching order, with speaker notes, from the built-in look or a template."""

    name = "slides"
    files = ("slides.pptx",)

    def render(self, view: LessonView) -> Rendered:
        from generators.formats.slides.pptx_writer import DeckWriter

        unprintable = unprintable_text(view)
        if unprintable:
            raise InvalidLesson(unprintable)
        return Rendered({"slides.pptx": DeckWriter(view).render()}, warnings=view.unused_material_warnings())


def deck_plan(view: LessonView, geometry: Geometry | None = None) -> list[Slide]:
    """Return the deck's slides, planned once per process: the deck draws them, and the lesson plan and the
    overview cite their numbers. Without a geometry, the built-in look's or the slide template's is used."""
    if "deck" not in view.layout:
        from generators.formats.slides.plan import BUILT_IN_GEOMETRY, DeckPlanner

        if geometry is None and view.course.slide_template is not None:
            from generators.formats.slides.pptx_writer import DeckWriter

            geometry = DeckWriter(view).geometry
        view.layout["deck"] = DeckPlanner(view, geometry or BUILT_IN_GEOMETRY).plan()
    return view.layout["deck"]
