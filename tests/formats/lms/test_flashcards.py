"""exports/flashcards.tsv: one card a line, two fields, as Quizlet and Anki import it."""

from __future__ import annotations

import pytest
from support.exports import LESSONS, export_path, lesson_of

from generators.formats.lms.flashcards import card_front
from generators.model.lesson import VocabularyTerm


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_flashcards_have_one_line_per_term_and_exactly_two_fields(exported, lesson_id):
    lesson = lesson_of(exported, lesson_id)
    data = export_path(exported, lesson_id, "flashcards.tsv").read_bytes()
    lines = data.decode("utf-8").split("\n")
    assert lines[-1] == "" and len(lines) - 1 == len(lesson.vocabulary)
    assert "\r" not in data.decode("utf-8")
    for line, word in zip(lines, lesson.vocabulary):
        front, back = line.split("\t")
        assert front.startswith(word.term.replace("\t", " "))
        assert back and "\n" not in back


def test_flashcards_clean_tabs_and_line_breaks_and_show_native_script_and_romanization(exported):
    lines = export_path(exported, "exports", "flashcards.tsv").read_text("utf-8").splitlines()
    assert lines[0] == ("tab term\tA definition with a tab here, a line break there and a carriage return at the "
                        "end.")
    assert lines[1] == "revisionism (修正主义, xiūzhèng zhǔyì)\tGiving up the core ideas."
    assert lines[2] == "{braces} & <tags>\tSigns ~ = # { } : \\ stay as typed."


def test_card_front_is_the_term_alone_unless_the_lesson_gives_script_or_romanization():
    assert card_front(VocabularyTerm(term="coexistence", definition="Living side by side.")) == "coexistence"
    assert card_front(VocabularyTerm(term="Dà Yuèjìn", definition="A plan.", romanization="dà yuèjìn")) == \
        "Dà Yuèjìn (dà yuèjìn)"
