"""The lesson view: each fact more than one document shows, computed once and the same for every document."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.paths import FIXTURES, REPO

from generators.model.lesson import CourseSettings
from generators.reading.loader import load_lesson
from generators.view.lesson_view import LessonView, letter


def view_of(path: Path, root: Path = REPO) -> LessonView:
    return LessonView(load_lesson(path, CourseSettings(), root))


@pytest.fixture(scope="module")
def sample() -> LessonView:
    return view_of(REPO / "lessons" / "mao-khrushchev.yaml")


@pytest.mark.parametrize(("index", "label"), [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA"),
                                              (18277, "ZZZ")])
def test_letters_go_on_past_z_and_past_zz(index, label):
    assert letter(index) == label


def test_sources_are_numbered_in_reading_order_across_sections(sample):
    quotes = [(section_index, quote) for section_index, section in enumerate(sample.lesson.sections)
              for quote in section.quotes]
    assert [source.number for source in sample.sources] == list(range(1, len(quotes) + 1))
    assert [source.quote for source in sample.sources] == [quote for _, quote in quotes]
    assert [source.path[:2] for source in sample.sources] == [("sections", index) for index, _ in quotes]
    assert sample.sources[0].label == "Source 1"


def test_each_quiz_item_knows_its_answer_labels_and_the_right_one(sample):
    for quiz_item in sample.quiz:
        item = quiz_item.item
        if item.type == "multiple_choice":
            assert sorted(quiz_item.answers) == sorted(item.choices)
            assert quiz_item.answers[quiz_item.correct] == item.answer
            assert quiz_item.answer == f"{letter(quiz_item.correct)}. {item.answer}"
        else:
            assert quiz_item.labels == ["T", "F"]
            assert quiz_item.answer == ("True" if item.answer else "False")


def test_every_quiz_version_holds_every_item_once_with_the_right_bubble(sample):
    for items in sample.quiz_versions.values():
        assert sorted(printed.lesson_index for printed in items) == list(range(len(sample.quiz)))
        for printed in items:
            label, text = next((label, text) for label, text, _ in printed.options() if label == printed.correct_label)
            expected = printed.item.answer if printed.item.type == "multiple_choice" else \
                ("True" if printed.item.answer else "False")
            assert text == expected, label


def test_the_timeline_is_in_date_order_and_keeps_each_events_place_in_the_file(sample):
    dates = [entry.event.date for entry in sample.timeline]
    assert dates == sorted(dates)
    assert all(sample.lesson.timeline[entry.lesson_index] is entry.event for entry in sample.timeline)


def test_the_clock_runs_from_zero_to_the_lessons_length_without_gaps(sample):
    windows = sample.schedule
    assert windows[0].start == 0 and windows[-1].end == sample.lesson.duration_minutes
    assert all(earlier.end == later.start for earlier, later in zip(windows, windows[1:]))


def test_the_matching_letter_of_a_term_is_where_its_definition_is_printed(sample):
    for part in sample.worksheet_parts:
        for index in range(len(part.vocabulary)):
            assert part.matching_order[ord(part.matching_letter(index)) - ord("A")] == index


def test_shuffles_are_the_same_in_every_view_of_the_same_lesson(sample):
    again = view_of(REPO / "lessons" / "mao-khrushchev.yaml")
    assert again.worksheet_parts == sample.worksheet_parts and again.sequencing_order == sample.sequencing_order
    assert [item.order for item in again.quiz] == [item.order for item in sample.quiz]
    assert again.quiz_versions == sample.quiz_versions


def test_vocabulary_rows_join_script_and_romanisation_once(sample):
    for row in sample.vocabulary:
        parts = [part for part in (row.word.native_script, row.word.romanization) if part]
        assert row.original == " ".join(parts)


def test_texts_name_every_shown_text_with_its_place_and_leave_out_ids_and_files():
    view = view_of(FIXTURES / "stress.yaml", FIXTURES.parent.parent)
    texts = dict(view.texts())
    assert texts[("title",)] == view.lesson.title
    assert texts[("sections", 0, "heading")] == view.lesson.sections[0].heading
    assert not [path for path in texts if path[-1] in ("id", "file", "section", "type")]
