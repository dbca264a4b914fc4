"""exports/kahoot.xlsx, read back with openpyxl: the template, its limits, warnings for what it leaves out."""

from __future__ import annotations

import shutil

import openpyxl
import pytest
from support.exports import LEFT_OUT_OF_KAHOOT, LESSONS, export_path, lesson_of
from support.paths import FIXTURES

from generators.driver.builder import Project
from generators.formats.lms.kahoot import (
    KAHOOT_HEADINGS,
    KAHOOT_MAX_ANSWER,
    KAHOOT_MAX_QUESTION,
    KAHOOT_TIME_LIMITS,
    kahoot_length,
    kahoot_misfits,
)
from generators.model.lesson import CourseSettings, MultipleChoiceItem
from generators.reading.loader import load_lesson


def kahoot_sheet(project: Project, lesson_id: str):
    workbook = openpyxl.load_workbook(export_path(project, lesson_id, "kahoot.xlsx"))
    return workbook.worksheets[0]


def kahoot_questions(project: Project, lesson_id: str) -> list[tuple]:
    return [row for row in kahoot_sheet(project, lesson_id).iter_rows(min_row=9, values_only=True) if any(row)]


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_kahoot_sheet_has_the_template_headings_on_row_8(exported, lesson_id):
    sheet = kahoot_sheet(exported, lesson_id)
    assert tuple(cell or "" for cell in next(sheet.iter_rows(min_row=8, max_row=8, values_only=True))) == \
        KAHOOT_HEADINGS


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_kahoot_rows_respect_every_limit_and_point_at_the_right_answer(exported, lesson_id):
    lesson = lesson_of(exported, lesson_id)
    by_prompt = {" ".join(item.prompt.split()): item for item in lesson.quiz}
    rows = kahoot_questions(exported, lesson_id)
    assert [row[0] for row in rows] == list(range(1, len(rows) + 1))
    for _, question, *answers, time_limit, correct in rows:
        answers = [answer for answer in answers if answer is not None]
        assert kahoot_length(question) <= KAHOOT_MAX_QUESTION
        assert 2 <= len(answers) <= 4 and all(kahoot_length(answer) <= KAHOOT_MAX_ANSWER for answer in answers)
        assert time_limit in KAHOOT_TIME_LIMITS
        item = by_prompt[question]
        if isinstance(item, MultipleChoiceItem):
            assert sorted(answers) == sorted(item.choices) and answers[correct - 1] == item.answer
        else:
            assert answers == ["True", "False"] and answers[correct - 1] == str(item.answer)


def test_kahoot_leaves_out_exactly_the_items_over_its_limits(exported):
    lesson = lesson_of(exported, "exports")
    questions = [row[1] for row in kahoot_questions(exported, "exports")]
    kept = [" ".join(item.prompt.split()) for item in lesson.quiz if item.id not in LEFT_OUT_OF_KAHOOT]
    assert questions == kept
    assert "This answer is written far too long" not in str(kahoot_questions(exported, "exports"))


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_an_item_is_in_the_kahoot_sheet_exactly_when_no_warning_is_given_for_it(exported, lesson_id):
    loaded = load_lesson(exported.lessons_dir / f"{lesson_id}.yaml", CourseSettings(), exported.root)
    questions = {row[1] for row in kahoot_questions(exported, lesson_id)}
    for index, item in enumerate(loaded.lesson.quiz):
        assert (" ".join(item.prompt.split()) in questions) == (not kahoot_misfits(loaded, index))


KAHOOT_WARNINGS = [
        ("lessons/exports.yaml:57:13: warning: quiz[2].prompt: the question is 143 characters long and Kahoot takes "
         "at most 120, so the item is left out of exports/kahoot.xlsx; shorten it to include it"),
        ("lessons/exports.yaml:68:9: warning: quiz[3].choices[1]: the answer is 94 characters long and Kahoot takes "
         "at most 75, so the item is left out of exports/kahoot.xlsx; shorten it to include it"),
        ("lessons/exports.yaml:74:14: warning: quiz[4].choices: Kahoot takes at most 4 answers and this item has 5, "
         "so the item is left out of exports/kahoot.xlsx"),
]


def test_items_left_out_of_kahoot_are_reported_as_warnings_with_their_line(project, run_cli):
    shutil.copy(FIXTURES / "exports.yaml", project / "lessons" / "exports.yaml")
    result = run_cli(project, "build", "--format", "kahoot")
    assert result.code == 0
    assert result.err.splitlines() == KAHOOT_WARNINGS
    assert (project / "build" / "exports" / "exports" / "kahoot.xlsx").is_file()


def test_check_reports_the_same_warnings_as_the_build_and_writes_nothing(project, run_cli):
    shutil.copy(FIXTURES / "exports.yaml", project / "lessons" / "exports.yaml")
    result = run_cli(project, "check")
    assert result.code == 0
    assert result.err.splitlines() == KAHOOT_WARNINGS
    assert result.out == "1 of 1 lesson(s) valid\n"
    assert not (project / "build").exists()


def test_warnings_are_printed_once_by_the_driver_in_a_parallel_build(project, run_cli):
    shutil.copy(FIXTURES / "exports.yaml", project / "lessons" / "exports.yaml")
    result = run_cli(project, "build", "--jobs", "2")
    assert result.code == 0
    assert result.err.splitlines() == KAHOOT_WARNINGS


def test_kahoot_counts_an_emoji_as_two_characters_as_a_browser_does():
    assert kahoot_length("🙂") == 2 and kahoot_length("修正主义") == 4


def test_the_right_answers_are_spread_over_kahoots_answer_columns(exported):
    rows = [row for row in kahoot_questions(exported, "mao-khrushchev") if row[4] is not None]
    columns = [row[-1] for row in rows]
    assert max(columns.count(column) for column in set(columns)) <= len(columns) / 2
