"""Moodle GIFT (exports/moodle.gift): the quiz items and the discussion questions (as essays)."""

from __future__ import annotations

from generators.formats.lms.moodle_ids import category_path, idnumber
from generators.model.lesson import DiscussionQuestion, MultipleChoiceItem
from generators.text.escaping import escape_gift, one_line
from generators.view.lesson_view import LessonView, QuizItemView


def moodle_gift(loaded: LessonView) -> str:
    """Return the quiz items (multiple choice, true/false) and discussion questions (essay) as a GIFT file."""
    lesson = loaded.lesson
    questions = [_gift_quiz_item(loaded.id, quiz_item) for quiz_item in loaded.quiz]
    questions += [_gift_essay(loaded.id, question) for question in lesson.discussion_questions]
    header = f"// {one_line(lesson.title)}: questions exported by Lessonkit for Moodle (GIFT format)\n"
    # Moodle files the questions in this category (made if missing) and keeps each [id:...] as the question's
    # idnumber. The category line is read as it is, with no GIFT escapes.
    category = f"$CATEGORY: {category_path(loaded)}\n"
    return "\n".join([header, category, *questions])


def _id_comment(lesson_id: str, *parts: str) -> str:
    """Return the comment line that gives Moodle the question's idnumber (ids are slugs: no ']' to escape)."""
    return f"// [id:{idnumber(lesson_id, *parts)}]\n"


def _gift_question(name: str, prompt: str) -> str:
    # [plain] makes Moodle show the question, its answers and feedback exactly as typed, with no HTML.
    return f"::{escape_gift(name)}::[plain]{escape_gift(prompt)}"


def _gift_answer(text: str) -> str:
    """Return an answer or feedback for GIFT, marked [plain] if it starts with % or [.

    Moodle reads a leading %50% as the answer's weight and a leading [html] as its format; GIFT has no escape
    for either, but after an explicit format marker the text is taken as it is.
    """
    return ("[plain]" if text.startswith(("%", "[")) else "") + escape_gift(text)


def _gift_quiz_item(lesson_id: str, quiz_item: QuizItemView) -> str:
    item = quiz_item.item
    question = _id_comment(lesson_id, item.id) + _gift_question(f"{lesson_id}/{item.id}", item.prompt)
    feedback = f"####{_gift_answer(item.explanation)}"
    if not isinstance(item, MultipleChoiceItem):
        return f"{question}{{{'TRUE' if item.answer else 'FALSE'}{feedback}}}\n"
    choices = "".join(f"\t{'=' if position == quiz_item.correct else '~'}{_gift_answer(choice)}\n"
                      for position, choice in enumerate(quiz_item.answers))  # right answers spread, as in class
    return f"{question}{{\n{choices}\t{feedback}\n}}\n"


def _gift_essay(lesson_id: str, question: DiscussionQuestion) -> str:
    name = f"{lesson_id}/discussion/{question.id}"
    return (f"{_id_comment(lesson_id, 'discussion', question.id)}{_gift_question(name, question.prompt)}"
            f"{{####{escape_gift('Model answer: ' + question.model_answer)}}}\n")
