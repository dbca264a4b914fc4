"""Moodle XML (exports/moodle.xml): the quiz items and the discussion questions, model answers for graders only."""

from __future__ import annotations

from lxml import etree

from generators.formats.lms.moodle_ids import category_path, idnumber
from generators.model.lesson import DiscussionQuestion, MultipleChoiceItem
from generators.text.escaping import escape_html_text, xml_safe
from generators.view.lesson_view import LessonView, QuizItemView

# The elements follow what Moodle 4.x writes when it exports questions in its XML format (qformat_xml), so its
# importer reads every setting rather than falling back to defaults.

PENALTIES = {"multichoice": "0.3333333", "truefalse": "1", "essay": "0"}
"""Moodle's defaults: the share of the mark lost per wrong try, in quizzes that allow several tries."""


def moodle_xml(loaded: LessonView) -> bytes:
    """Return the quiz items (multichoice, truefalse) and discussion questions (essay) as a Moodle XML file."""
    quiz = etree.Element("quiz")
    quiz.append(etree.Comment(f" {_comment_text(loaded.lesson.title)}: questions exported by Lessonkit for Moodle "))
    category = etree.SubElement(quiz, "question", type="category")
    _text(etree.SubElement(category, "category"), category_path(loaded))
    _html(category, "info", "")
    _plain(category, "idnumber", idnumber(loaded.id))
    for quiz_item in loaded.quiz:
        _quiz_item(quiz, loaded.id, quiz_item)
    for question in loaded.lesson.discussion_questions:
        _essay(quiz, loaded.id, question)
    return etree.tostring(quiz, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _comment_text(text: str) -> str:
    """Return text safe inside an XML comment (no '--', no line breaks)."""
    return " ".join(xml_safe(text).replace("-", "\u2010").split())


def _text(parent: etree._Element, value: str) -> etree._Element:
    element = etree.SubElement(parent, "text")
    element.text = xml_safe(value)
    return element


def _plain(parent: etree._Element, tag: str, value: str) -> etree._Element:
    element = etree.SubElement(parent, tag)
    element.text = xml_safe(value)
    return element


def _html(parent: etree._Element, tag: str, value: str, **attributes: str) -> etree._Element:
    """Add <tag format="html"><text>…</text></tag>: the text HTML-escaped (shown as typed) inside CDATA."""
    element = etree.SubElement(parent, tag, {"format": "html", **attributes})
    text = etree.SubElement(element, "text")
    if value:
        text.text = etree.CDATA(escape_html_text(xml_safe(value)))  # escaped, so it never holds ']]>'
    return element


def _question(quiz: etree._Element, kind: str, name: str, prompt: str, general_feedback: str,
              question_id: str) -> etree._Element:
    question = etree.SubElement(quiz, "question", type=kind)
    _text(etree.SubElement(question, "name"), name)
    _html(question, "questiontext", prompt)
    _html(question, "generalfeedback", general_feedback)
    for tag, value in [("defaultgrade", "1"), ("penalty", PENALTIES[kind]), ("hidden", "0"),
                       ("idnumber", question_id)]:
        _plain(question, tag, value)
    return question


def _answer(question: etree._Element, text: str, right: bool, feedback: str = "") -> None:
    answer = _html(question, "answer", text, fraction="100" if right else "0")
    _html(answer, "feedback", feedback)


def _quiz_item(quiz: etree._Element, lesson_id: str, quiz_item: QuizItemView) -> None:
    item = quiz_item.item
    kind = "multichoice" if isinstance(item, MultipleChoiceItem) else "truefalse"
    # The explanation is the general feedback, shown after any answer (as the GIFT and Canvas exports do).
    question = _question(quiz, kind, f"{lesson_id}/{item.id}", item.prompt, item.explanation,
                         idnumber(lesson_id, item.id))
    if kind == "truefalse":
        right = "true" if item.answer else "false"
        for value in ("true", "false"):
            answer = etree.SubElement(question, "answer", fraction="100" if value == right else "0",
                                      format="moodle_auto_format")
            _text(answer, value)
            _html(answer, "feedback", "")
        return
    for tag, value in [("single", "true"), ("shuffleanswers", "true"), ("answernumbering", "abc"),
                       ("showstandardinstruction", "0")]:
        _plain(question, tag, value)
    for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
        _html(question, tag, "")
    for position, choice in enumerate(quiz_item.answers):
        _answer(question, choice, position == quiz_item.correct)


def _essay(quiz: etree._Element, lesson_id: str, discussion: DiscussionQuestion) -> None:
    question = _question(quiz, "essay", f"{lesson_id}/discussion/{discussion.id}", discussion.prompt, "",
                         idnumber(lesson_id, "discussion", discussion.id))
    for tag, value in [("responseformat", "editor"), ("responserequired", "1"), ("responsefieldlines", "10"),
                       ("minwordlimit", ""), ("maxwordlimit", ""), ("attachments", "0"),
                       ("attachmentsrequired", "0"), ("maxbytes", "0"), ("filetypeslist", "")]:
        _plain(question, tag, value)
    # Graders see the model answer beside each response; general feedback would show it to the students.
    _html(question, "graderinfo", f"Model answer: {discussion.model_answer}")
    _html(question, "responsetemplate", "")
