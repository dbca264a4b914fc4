"""Fixtures of the importer's tests: a draft lesson from article text, loaded back through the lesson loader."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from support.paths import FIXTURES

from generators.authoring.importer import Article, parse_article, render_draft
from generators.model.lesson import CourseSettings, Lesson
from generators.reading.loader import load_lesson


@dataclass
class Draft:
    """A draft lesson as the teacher sees it (text), as the loader validated it (lesson) and as it was read."""

    text: str
    lesson: Lesson
    article: Article

    def all_text(self) -> list[str]:
        """Return every heading, paragraph, quote and answer of the draft."""
        lesson = self.lesson
        return ([section.heading for section in lesson.sections]
                + [paragraph for section in lesson.sections for paragraph in section.summary]
                + [quote.text for section in lesson.sections for quote in section.quotes]
                + [question.model_answer for question in lesson.discussion_questions])

    def quotes(self) -> dict[str, tuple[str, str]]:
        """Return each quote's text with its speaker and date."""
        return {quote.text: (quote.speaker, quote.date)
                for section in self.lesson.sections for quote in section.quotes}


@pytest.fixture
def draft(tmp_path):
    """Return a function that drafts a lesson from article text and loads it back through the lesson loader."""

    def make(text: str, *, markdown: bool = False) -> Draft:
        path = tmp_path / "lessons" / "draft.yaml"
        path.parent.mkdir(exist_ok=True)
        article = parse_article(text, markdown=markdown)
        text_of_draft = render_draft(article, "article.txt")
        path.write_text(text_of_draft, "utf-8")
        return Draft(text_of_draft, load_lesson(path, CourseSettings(), tmp_path).lesson, article)

    return make


@pytest.fixture
def article(draft):
    """Return a function that drafts a lesson from one of the fixture articles."""

    def make(name: str) -> Draft:
        path = FIXTURES / "articles" / name
        return draft(path.read_text("utf-8"), markdown=path.suffix == ".md")

    return make
