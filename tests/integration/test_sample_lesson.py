"""The Mao–Khrushchev sample lesson: complete, faithful to its article, and built into every format."""

from __future__ import annotations

import re

import pytest
from support.paths import REPO

from generators.driver.builder import BuildReport, Project, build, load_all
from generators.formats.registry import output_files
from generators.model.lesson import CourseSettings
from generators.reading.loader import load_course, load_lesson

ARTICLE = REPO.parent / "shared" / "seeds" / "000_502dfcded51e89e3.txt"
LESSON_FILE = REPO / "lessons" / "mao-khrushchev.yaml"


@pytest.fixture(scope="module")
def lesson():
    course = load_course(REPO / "lessons" / "_course.yaml", REPO)
    return load_lesson(LESSON_FILE, course, REPO).lesson


def test_sample_lesson_has_the_required_parts(lesson):
    assert lesson.duration_minutes == 50
    assert len(lesson.sections) == 5
    assert sum(len(section.quotes) for section in lesson.sections) >= 4
    assert len(lesson.vocabulary) >= 8
    assert len(lesson.timeline) >= 6
    assert len(lesson.discussion_questions) >= 6
    assert len(lesson.quiz) >= 8
    assert sum(activity.minutes for activity in lesson.activities) == lesson.duration_minutes
    assert all(objective.startswith("I can ") for objective in lesson.objectives)


def test_the_articles_common_questions_are_among_the_discussion_questions(lesson):
    prompts = " ".join(question.prompt for question in lesson.discussion_questions)
    for phrase in ("sword of Stalin", "modern revisionism", "shift to the Left"):
        assert phrase in prompts


@pytest.mark.skipif(not ARTICLE.exists(), reason="the source article is not beside the repository")
def test_every_quote_is_verbatim_from_the_article(lesson):
    article = ARTICLE.read_text("utf-8")
    for section in lesson.sections:
        for quote in section.quotes:
            assert quote.text in article, quote.id


@pytest.mark.skipif(not ARTICLE.exists(), reason="the source article is not beside the repository")
def test_lesson_text_is_not_copied_from_the_article(lesson):
    """No run of eight words of summary text may stand in the article (quotes are exempt)."""
    def words(text: str) -> list[str]:
        return re.findall(r"[a-z']+", text.lower().replace("’", "'"))

    article_words = words(ARTICLE.read_text("utf-8"))
    article_runs = {tuple(article_words[i:i + 8]) for i in range(len(article_words) - 7)}
    for section in lesson.sections:
        for paragraph in section.summary + section.key_points:
            paragraph_words = words(paragraph)
            runs = {tuple(paragraph_words[i:i + 8]) for i in range(len(paragraph_words) - 7)}
            assert not runs & article_runs, paragraph


def test_sample_lesson_builds_every_format(tmp_path):
    project = Project(REPO, tmp_path / "build")
    report = build(project, ["mao-khrushchev"], force=True, jobs=1)
    assert report.built and not report.invalid and not report.failed
    names = sorted(str(path.relative_to(tmp_path / "build" / "mao-khrushchev"))
                   for path in report.built["mao-khrushchev"])
    assert names == sorted(output_files())  # each format writes exactly the files it registered
    assert {"slides.pptx", "handout.pdf", "worksheet.pdf", "worksheet-support.pdf", "answer-key.pdf",
            "exit-tickets.pdf", "lesson-plan.pdf", "handout.html", "worksheet.html"} <= set(names)
    assert (tmp_path / "build" / "index.html").is_file()


def test_every_lesson_in_the_repository_is_valid():
    report = BuildReport()
    files = Project(REPO, REPO / "build").lesson_files()
    assert load_all(Project(REPO, REPO / "build"), files, report) and not report.invalid


def test_course_defaults_load(lesson):
    course = load_course(REPO / "lessons" / "_course.yaml", REPO)
    assert course.paper in ("Letter", "A4") and course != CourseSettings()
