"""exports/moodle.gift, read back the way Moodle's GIFT importer reads it."""

from __future__ import annotations

import io
import re

import pytest
from support.exports import LESSONS, export_path, lesson_of
from support.gift_reader import read_gift, read_question, split_questions

from generators.formats.lms.moodle_ids import idnumber
from generators.model.lesson import MultipleChoiceItem


def test_gift_reader_reads_moodles_documented_examples():
    questions = read_gift("// a comment\n\nWho's buried in Grant's tomb?{~Grant ~Jefferson =no one}\n\n"
                          "Grant is buried in Grant's tomb.{FALSE}\n\n::Essay::Write about Grant.{}\n")
    assert [question.kind for question in questions] == ["multichoice", "truefalse", "essay"]
    assert [(answer.text, answer.correct) for answer in questions[0].answers] == [
        ("Grant", False), ("Jefferson", False), ("no one", True)]
    assert questions[1].true_false_answer is False
    assert questions[2].name == "Essay" and questions[2].text == "Write about Grant."


def test_gift_reader_undoes_escapes_and_reads_feedback_and_format():
    question = read_question(r"::a\:b::[plain]Is 1\=1 \{really\}?{=yes \#1#right ~no\~#wrong ####C\:\\dir\n2}")
    assert (question.name, question.text, question.text_format) == ("a:b", "Is 1=1 {really}?", "plain")
    assert [(answer.text, answer.correct, answer.feedback) for answer in question.answers] == [
        ("yes #1", True, "right"), ("no~", False, "wrong")]
    assert question.general_feedback == "C:\\dir\n2"


def test_gift_reader_reads_answer_weights_and_answer_formats_as_moodle_does():
    question = read_question("Q{=full ~%50%half#so-so ~%-25%minus ~[html]<b>bold</b> ~%5 percent}")
    assert [(answer.text, answer.weight) for answer in question.answers] == [
        ("full", 1.0), ("half", 0.5), ("minus", -0.25), ("<b>bold</b>", 0.0), ("%5 percent", 0.0)]
    assert question.answers[1].feedback == "so-so"


def test_gift_reader_splits_questions_on_blank_lines_only():
    assert len(split_questions("Q1{TRUE}\n\n\nQ2{\n\t=a\n\t~b\n}\n")) == 2


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_gift_holds_every_quiz_item_and_each_discussion_question_as_an_essay(exported, lesson_id):
    lesson = lesson_of(exported, lesson_id)
    questions = read_gift(export_path(exported, lesson_id, "moodle.gift").read_text("utf-8"))
    expected_kinds = ["multichoice" if isinstance(item, MultipleChoiceItem) else "truefalse" for item in lesson.quiz]
    expected_kinds += ["essay"] * len(lesson.discussion_questions)
    assert [question.kind for question in questions] == expected_kinds
    names = [f"{lesson_id}/{item.id}" for item in lesson.quiz]
    names += [f"{lesson_id}/discussion/{question.id}" for question in lesson.discussion_questions]
    assert [question.name for question in questions] == names
    assert all(question.text_format == "plain" for question in questions)


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_gift_text_answers_and_feedback_read_back_exactly_as_typed(exported, lesson_id):
    lesson = lesson_of(exported, lesson_id)
    questions = read_gift(export_path(exported, lesson_id, "moodle.gift").read_text("utf-8"))
    for item, question in zip(lesson.quiz, questions):
        assert question.text == item.prompt
        assert question.general_feedback == item.explanation
        if isinstance(item, MultipleChoiceItem):
            assert sorted(answer.text for answer in question.answers) == sorted(item.choices)
            assert [answer.text for answer in question.answers if answer.correct] == [item.answer]
            assert [answer.weight for answer in question.answers] == [
                1.0 if answer.text == item.answer else 0.0 for answer in question.answers]
        else:
            assert question.true_false_answer is item.answer
    for discussion, question in zip(lesson.discussion_questions, questions[len(lesson.quiz):]):
        assert question.text == discussion.prompt
        assert question.general_feedback == f"Model answer: {discussion.model_answer}"


def test_every_gift_special_character_in_the_fixture_is_escaped_and_survives(exported):
    source = export_path(exported, "exports", "moodle.gift").read_text("utf-8")
    gift_signs = read_gift(source)[0]
    for sign in "~=#{}:\\":
        assert sign in gift_signs.text + "".join(answer.text for answer in gift_signs.answers)
    assert "C\\:\\\\new\\\\table" in source
    assert gift_signs.text.endswith("here?\n(A second line, and a path C:\\new\\table.)")
    assert "back\\slash \\n \\\\" in [answer.text for answer in gift_signs.answers]


def test_stress_lesson_markup_and_ampersands_stay_plain_text_in_gift(exported):
    question = read_gift(export_path(exported, "stress", "moodle.gift").read_text("utf-8"))[0]
    assert question.text == "Which is <b>right</b> & true?"
    assert [answer.text for answer in question.answers if answer.correct] == ["<b>C</b>"]


def test_no_answer_position_holds_more_than_half_of_the_right_answers(exported):
    questions = read_gift(export_path(exported, "mao-khrushchev", "moodle.gift").read_text("utf-8"))
    positions = [next(index for index, answer in enumerate(question.answers) if answer.correct)
                 for question in questions if len(question.answers) > 2]
    assert positions and max(positions.count(position) for position in set(positions)) <= len(positions) / 2


MOODLE_ID = re.compile(r"\[id:((?:\\]|[^\]\x00-\x1f])+)]")  # Moodle's extract_idnumber_and_tags_from_comment


def gift_blocks(source: str) -> list[list[str]]:
    """Return the lines of each block between blank lines, comment lines kept (Moodle reads ids from them)."""
    return [block.splitlines() for block in re.split(r"\n[ \t]*\n", source.strip())]


def test_gift_starts_by_naming_the_course_and_lesson_category(exported):
    source = export_path(exported, "stress", "moodle.gift").read_text("utf-8")
    blocks = gift_blocks(source)
    assert all(line.startswith("//") for line in blocks[0])
    assert blocks[1] == ["$CATEGORY: $course$/World History/Stress Test: Mao & Khrushchev <b>Split<//b> — “Quotes”, "
                         "🙂 and 修正主义 (xiūzhèng)"]  # Moodle reads '//' in a category path as a '/' in a name
    assert [block for block in blocks if any(line.startswith("$CATEGORY:") for line in block)] == [blocks[1]]


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_each_gift_question_carries_a_stable_moodle_idnumber(exported, lesson_id):
    lesson = lesson_of(exported, lesson_id)
    blocks = gift_blocks(export_path(exported, lesson_id, "moodle.gift").read_text("utf-8"))[2:]
    ids = []
    for block in blocks:
        comments = "\n".join(line for line in block if line.strip().startswith("//"))
        assert block[0] == comments  # the id comment opens the question's own block, so Moodle reads it with it
        ids.append(MOODLE_ID.search(comments).group(1))
    assert ids == [f"{lesson_id}-{item.id}" for item in lesson.quiz] + [
        f"{lesson_id}-discussion-{question.id}" for question in lesson.discussion_questions]
    assert len(set(ids)) == len(ids) and all(len(number) <= 100 for number in ids)


def test_long_idnumbers_are_cut_to_moodles_column_and_stay_distinct():
    first, second = idnumber("x" * 90, "first-question"), idnumber("x" * 90, "second-question")
    assert len(first) == len(second) == 100 and first != second
    assert idnumber("lesson", "discussion", "why") == "lesson-discussion-why"


@pytest.mark.parametrize("lesson_id", LESSONS)
@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # pygiftparser's own regular expressions
def test_pygiftparser_reads_every_question_with_its_name_and_kind(exported, lesson_id):
    from pygiftparser import parser

    lesson = lesson_of(exported, lesson_id)
    questions = parser.parseFile(io.StringIO(export_path(exported, lesson_id, "moodle.gift").read_text("utf-8")))
    assert all(question.valid for question in questions)
    assert [question.title for question in questions] == [f"{lesson_id}/{item.id}" for item in lesson.quiz] + [
        f"{lesson_id}/discussion/{question.id}" for question in lesson.discussion_questions]
    assert [type(question.answers).__name__ for question in questions] == [
        "SelectSet" if isinstance(item, MultipleChoiceItem) else "TrueFalseSet" for item in lesson.quiz] + [
        "Essay"] * len(lesson.discussion_questions)
    assert all(question.cat.startswith("$course$/") for question in questions)
