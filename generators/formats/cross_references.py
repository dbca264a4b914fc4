"""Where each activity's materials are in the built documents: its slides, its worksheet part, its handout pages.

The numbers come from the documents' own layout (the deck's plan, the handout's pages), so the lesson plan and the
overview cite what the teacher will find.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from generators.text.wording import number_ranges

if TYPE_CHECKING:
    from generators.view.lesson_view import LessonView, UsedMaterials, WorksheetPart


@dataclass(frozen=True)
class References:
    """Where one activity is found: slide numbers, the worksheet part, handout pages (each may be empty)."""

    slides: list[int]
    worksheet_part: WorksheetPart | None
    handout_pages: list[int]
    check_slides: list[int]
    """The slides of its checks for understanding."""

    def described(self) -> str:
        """Return them as a teacher reads them: 'Slides 5–7 · Worksheet Part 2 · Handout pp. 1–3'."""
        parts = []
        if self.slides:
            parts.append(f"{'Slide' if len(self.slides) == 1 else 'Slides'} {number_ranges(self.slides)}")
        if self.worksheet_part is not None:
            parts.append(f"Worksheet Part {self.worksheet_part.number}")
        if self.handout_pages:
            parts.append(f"Handout {'p.' if len(self.handout_pages) == 1 else 'pp.'} "
                         f"{number_ranges(self.handout_pages)}")
        return " · ".join(parts)


def activity_references(view: LessonView) -> list[References]:
    """Return, for each activity in order, where its materials are in the deck, the worksheet and the handout."""
    from generators.formats.printed.handout import handout_pages
    from generators.formats.slides import deck_plan

    slides = deck_plan(view)
    pages = handout_pages(view)
    return [References([number for number, slide in enumerate(slides, start=1) if slide.step == step.index],
                       step.worksheet_part, _handout_pages(view, step.uses, pages),
                       [number for number, slide in enumerate(slides, start=1)
                        if slide.step == step.index and slide.shows == "check"]) for step in view.steps]


def _handout_pages(view: LessonView, uses: UsedMaterials, pages: dict[str, int]) -> list[int]:
    found: set[int] = set()

    def span(start: str, end: str) -> None:
        if start in pages:
            found.update(range(pages[start], pages.get(end, pages[start]) + 1))

    for index in uses.sections:
        section_id = view.lesson.sections[index].id
        span(f"section:{section_id}", f"section-end:{section_id}")
    for source in uses.sources:
        span(f"source:{source.quote.id}", f"source:{source.quote.id}")
    if uses.timeline:
        span("timeline", "timeline-end")
    if uses.vocabulary:
        span("vocabulary", "vocabulary-end")
    return sorted(found)
