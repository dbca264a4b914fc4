"""exports/moodle.xml, read back as Moodle's XML question importer reads it."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
import yaml
from lxml import etree
from support.exports import LESSONS, export_path, lesson_of
from support.paths import MINIMAL_LESSON

from generators.formats.lms.moodle_xml import moodle_xml
from generators.model.lesson import CourseSettings, MultipleChoiceItem
from generators.reading.loader import load_lesson
from generators.view.lesson_view import LessonView


def html_text(element: etree._Element, tag: str) -> str:
    """Return what Moodle shows of a format="html" field: its <text>, HTML entities undone."""
    field = element.find(tag)
    assert field is not None and field.get("format") == "html", tag
    return html.unescape(field.findtext("text"))


def questions(data: bytes) -> list[etree._Element]:
    root = etree.fromstring(data)
    assert root.tag == "quiz" and all(question.tag == "question" for question in root.iterchildren("question"))
    return list(root.iterchildren("question"))


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_moodle_xml_has_a_category_then_every_quiz_item_and_each_discussion_question_as_an_essay(exported,
                                                                                               lesson_id):
    lesson = lesson_of(exported, lesson_id)
    category, *rest = questions(export_path(exported, lesson_id, "moodle.xml").read_bytes())
    assert category.get("type") == "category"
    assert category.findtext("category/text") == f"$course$/World History/{lesson.title.replace('/', '//')}"
    assert category.findtext("idnumber") == lesson_id
    kinds = ["multichoice" if isinstance(item, MultipleChoiceItem) else "truefalse" for item in lesson.quiz]
    assert [question.get("type") for question in rest] == kinds + ["essay"] * len(lesson.discussion_questions)
    assert [question.findtext("name/text") for question in rest] == [f"{lesson_id}/{item.id}" for item in
                                                                     lesson.quiz] + [
        f"{lesson_id}/discussion/{question.id}" for question in lesson.discussion_questions]
    assert [question.findtext("idnumber") for question in rest] == [f"{lesson_id}-{item.id}" for item in
                                                                    lesson.quiz] + [
        f"{lesson_id}-discussion-{question.id}" for question in lesson.discussion_questions]


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_moodle_xml_text_answers_and_feedback_read_back_exactly_as_typed(exported, lesson_id):
    lesson = lesson_of(exported, lesson_id)
    _, *rest = questions(export_path(exported, lesson_id, "moodle.xml").read_bytes())
    for item, question in zip(lesson.quiz, rest):
        assert html_text(question, "questiontext") == item.prompt.replace("\r\n", "\n").replace("\r", "\n").replace(
            "\n", "<br>")
        assert html_text(question, "generalfeedback") == item.explanation.replace("\n", "<br>")
        answers = question.findall("answer")
        assert all(answer.find("feedback/text") is not None for answer in answers)
        if isinstance(item, MultipleChoiceItem):
            assert question.findtext("single") == "true"
            assert sorted(html_text(answer, ".") for answer in answers) == sorted(item.choices)
            assert [html_text(answer, ".") for answer in answers if answer.get("fraction") == "100"] == [item.answer]
            assert sorted(answer.get("fraction") for answer in answers) == ["0"] * (len(answers) - 1) + ["100"]
        else:
            assert {answer.findtext("text"): answer.get("fraction") for answer in answers} == {
                "true": "100" if item.answer else "0", "false": "0" if item.answer else "100"}
    for discussion, question in zip(lesson.discussion_questions, rest[len(lesson.quiz):]):
        assert html_text(question, "questiontext") == discussion.prompt.replace("\n", "<br>")
        assert html_text(question, "graderinfo") == f"Model answer: {discussion.model_answer}".replace("\n", "<br>")
        assert question.findtext("generalfeedback/text") in (None, "")  # students see general feedback
        assert question.findtext("responseformat") == "editor"


def test_stress_lesson_markup_stays_text_inside_cdata(built_project):
    data = (built_project.build_dir / "stress" / "exports" / "moodle.xml").read_bytes()
    assert b"<![CDATA[Which is &lt;b&gt;right&lt;/b&gt; &amp; true?]]>" in data
    question = questions(data)[1]
    assert html_text(question, "questiontext") == "Which is <b>right</b> & true?"
    assert [html_text(answer, ".") for answer in question.findall("answer") if answer.get("fraction") == "100"] == [
        "<b>C</b>"]


def test_hostile_text_cannot_end_cdata_or_break_the_comment(tmp_path: Path):
    lesson = yaml.safe_load(MINIMAL_LESSON)
    lesson["title"] = "A -- title ]]> with a / slash"
    lesson["quiz"][0]["prompt"] = "Ends ]]> here <script>alert(1)</script> & done?"
    lesson["discussion_questions"][0]["model_answer"] = "]]><b>not bold</b>"
    path = tmp_path / "lessons" / "hostile.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(lesson, allow_unicode=True), "utf-8")
    data = moodle_xml(LessonView(load_lesson(path, CourseSettings(), tmp_path)))
    category, choice, _, essay = questions(data)
    assert category.findtext("category/text") == "$course$/Lessonkit/A -- title ]]> with a // slash"
    assert html_text(choice, "questiontext") == "Ends ]]> here <script>alert(1)</script> & done?"
    assert html_text(essay, "graderinfo") == "Model answer: ]]><b>not bold</b>"
    assert b"<script>" not in data and moodle_xml(LessonView(load_lesson(path, CourseSettings(), tmp_path))) == data
