"""The printables respect the copier: page budgets for the sample lesson, no page left mostly blank but the last,
and page counts that grow sensibly with a longer lesson and shrink with a shorter one."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pdfplumber
import pytest
import yaml
from support.paths import FIXTURES, REPO

from generators.driver.builder import Project, build

SAMPLE = "mao-khrushchev"
BUDGETS = {"handout.pdf": 4, "worksheet.pdf": 4, "worksheet-support.pdf": 6, "answer-key.pdf": 4,
           "lesson-plan.pdf": 2, "quiz-A.pdf": 2, "quiz-B.pdf": 2, "quiz-key.pdf": 2, "exit-tickets.pdf": 1}
FOOTER_TOP = (0.5 + 0.55) * 72  # the page margin and the footer band, from the bottom of the page


def page_count(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def mostly_blank_pages(path: Path) -> list[int]:
    """Return the pages, but the last, whose ink (text, rules, boxes) stops above the middle of the writing area."""
    blank = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages[:-1]:
            usable = page.height - FOOTER_TOP
            inked = [item["bottom"] for item in page.chars + page.lines + page.rects + page.curves
                     if item["bottom"] < usable]
            if max(inked, default=0) < 0.55 * usable:
                blank.append(page.page_number)
    return blank


@pytest.mark.parametrize("name", sorted(BUDGETS))
def test_the_sample_lesson_keeps_each_printable_within_its_page_budget(built_project, name):
    pages = page_count(built_project.build_dir / SAMPLE / name)
    assert pages <= BUDGETS[name], f"{name}: {pages} pages, budget {BUDGETS[name]}"


def test_the_lesson_plan_prints_its_body_at_eleven_points_or_more(built_project):
    with pdfplumber.open(built_project.build_dir / SAMPLE / "lesson-plan.pdf") as pdf:
        sizes = [char["size"] for page in pdf.pages for char in page.chars
                 if char["text"].strip() and char["bottom"] < page.height - FOOTER_TOP]
    assert min(sizes) >= 10.99


@pytest.mark.parametrize("lesson_id", [SAMPLE, "flow", "stress"])
@pytest.mark.parametrize("name", sorted(BUDGETS))
def test_no_page_but_the_last_is_mostly_blank(built_project, lesson_id, name):
    assert mostly_blank_pages(built_project.build_dir / lesson_id / name) == []


def longer_sample(sample: dict) -> dict:
    """Return the sample with twice the reading, twice the questions and a larger glossary."""
    lesson = copy.deepcopy(sample)
    for section in sample["sections"]:
        more = copy.deepcopy(section)
        more["id"] += "-again"
        more["heading"] += " (again)"
        for quote in more.get("quotes", []):
            quote["id"] += "-again"
        lesson["sections"].append(more)
    for question in sample["discussion_questions"]:
        more = copy.deepcopy(question)
        more["id"] += "-again"
        if "section" in question:
            more["section"] = question["section"] + "-again"
        lesson["discussion_questions"].append(more)
    lesson["vocabulary"] += [{**word, "term": word["term"] + " (again)"} for word in sample["vocabulary"][:8]]
    return lesson


@pytest.fixture(scope="module")
def long_and_short(tmp_path_factory) -> Project:
    """Build the sample, a lesson twice its length and the minimal lesson, side by side."""
    root = tmp_path_factory.mktemp("budgets")
    lessons = root / "lessons"
    lessons.mkdir()
    shutil.copytree(REPO / "assets" / "images", root / "assets" / "images")
    shutil.copy(REPO / "lessons" / "_course.yaml", lessons / "_course.yaml")
    sample = (REPO / "lessons" / f"{SAMPLE}.yaml").read_text("utf-8")
    (lessons / f"{SAMPLE}.yaml").write_text(sample, "utf-8")
    (lessons / "long.yaml").write_text(yaml.safe_dump(longer_sample(yaml.safe_load(sample)), allow_unicode=True,
                                                      sort_keys=False), "utf-8")
    shutil.copy(FIXTURES / "minimal.yaml", lessons / "short.yaml")
    project = Project(root, root / "build")
    report = build(project, force=True, jobs=1)
    assert not report.invalid and not report.failed, (report.invalid, report.failed)
    return project


@pytest.mark.parametrize("name", ["handout.pdf", "worksheet.pdf", "worksheet-support.pdf", "answer-key.pdf"])
def test_page_counts_scale_with_the_length_of_the_lesson(long_and_short, name):
    build_dir = long_and_short.build_dir
    sample, long, short = (page_count(build_dir / lesson / name) for lesson in (SAMPLE, "long", "short"))
    assert short <= sample < long <= 2 * sample + 1, (short, sample, long)
    assert mostly_blank_pages(build_dir / "long" / name) == []
