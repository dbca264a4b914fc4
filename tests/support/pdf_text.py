"""Reading printed documents back: their text with pdfplumber, flattened, and searched in order."""

from __future__ import annotations

import re

import pdfplumber

from generators.model.lesson import CourseSettings
from generators.reading.loader import load_lesson

STUDENT_DOCUMENTS = ["handout.pdf", "worksheet.pdf", "worksheet-support.pdf", "exit-tickets.pdf"]


ALL_DOCUMENTS = STUDENT_DOCUMENTS + ["answer-key.pdf"]


POINTS_PER_INCH = 72


def by_date(events):
    """Return timeline events sorted by date, as students see them."""
    return sorted(events, key=lambda event: event.date)


def loaded(project, lesson_id):
    return load_lesson(project.lessons_dir / f"{lesson_id}.yaml", CourseSettings(), project.root)


def pages_text(path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


FOOTER_TOP = (0.5 + 0.55) * 72  # the page margin and the footer band, from the bottom of the page


def body_pages_text(path) -> list[str]:
    """Return each page's text above the footer (the citation and 'Page X of Y')."""
    with pdfplumber.open(path) as pdf:
        return [page.crop((0, 0, page.width, page.height - FOOTER_TOP)).extract_text() or "" for page in pdf.pages]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def document(project, lesson_id, name) -> str:
    return flat(" ".join(pages_text(project.build_dir / lesson_id / name)))


def in_order(haystack: str, needles: list[str]) -> bool:
    position = 0
    for needle in needles:
        position = haystack.find(needle, position)
        if position < 0:
            return False
    return True
