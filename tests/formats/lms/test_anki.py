"""exports/flashcards.apkg, opened the way Anki opens it: a zip holding an SQLite collection."""

from __future__ import annotations

import html
import io
import json
import sqlite3
import zipfile
from pathlib import Path

import genanki
import pytest
import yaml
from support.exports import LESSONS, export_path, lesson_of
from support.paths import MINIMAL_LESSON

from generators.formats.lms.anki import flashcards_apkg, stable_number
from generators.formats.lms.flashcards import card_front
from generators.model.lesson import CourseSettings
from generators.reading.loader import load_lesson
from generators.text.escaping import escape_html_text
from generators.view.lesson_view import LessonView

HOSTILE_TERMS = ['"quoted" term', "# not a comment", "a <b>bold</b> term", "tab\tand & sign"]


def read_deck(data: bytes, tmp_path: Path) -> dict:
    """Return the package's notes (guid, fields), deck names by id and note types by id."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert sorted(package.namelist()) == ["collection.anki2", "media"]
        assert json.loads(package.read("media")) == {}
        database_file = tmp_path / "collection.anki2"
        database_file.write_bytes(package.read("collection.anki2"))
    database = sqlite3.connect(database_file)
    try:
        notes = [(guid, fields.split("\x1f"), model) for guid, fields, model in
                 database.execute("SELECT guid, flds, mid FROM notes ORDER BY id")]
        cards = database.execute("SELECT nid, did FROM cards").fetchall()
        decks, models = (json.loads(value) for value in database.execute("SELECT decks, models FROM col").fetchone())
    finally:
        database.close()
    database_file.unlink()
    return {"notes": notes, "cards": cards, "decks": {int(key): deck["name"] for key, deck in decks.items()},
            "models": {int(key): model for key, model in models.items()}}


def lesson_view(tmp_path: Path, vocabulary: list[dict]) -> LessonView:
    lesson = yaml.safe_load(MINIMAL_LESSON)
    lesson["vocabulary"] = vocabulary
    path = tmp_path / "lessons" / "cards.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(yaml.safe_dump(lesson, allow_unicode=True), "utf-8")
    return LessonView(load_lesson(path, CourseSettings(), tmp_path))


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_deck_holds_one_note_per_term_with_stable_ids_named_after_the_lesson(exported, lesson_id, tmp_path):
    lesson = lesson_of(exported, lesson_id)
    deck = read_deck(export_path(exported, lesson_id, "flashcards.apkg").read_bytes(), tmp_path)
    deck_id, model_id = stable_number(lesson_id, "anki-deck"), stable_number(lesson_id, "anki-model")
    assert deck["decks"][deck_id] == lesson.title
    assert list(deck["models"]) == [model_id] and [field["name"] for field in deck["models"][model_id]["flds"]] == [
        "Term", "Definition"]
    assert [fields for _, fields, _ in deck["notes"]] == [
        [escape_html_text(card_front(word)), escape_html_text(word.definition)]
        for word in lesson.vocabulary]
    assert [guid for guid, _, _ in deck["notes"]] == [genanki.guid_for(lesson_id, word.term)
                                                     for word in lesson.vocabulary]
    assert {model for _, _, model in deck["notes"]} <= {model_id}
    assert {did for _, did in deck["cards"]} <= {deck_id} and len(deck["cards"]) == len(lesson.vocabulary)


def test_terms_that_look_like_csv_quotes_comments_or_html_survive_as_text(tmp_path):
    view = lesson_view(tmp_path, [{"term": term, "definition": f"<i>{term}</i>"} for term in HOSTILE_TERMS])
    deck = read_deck(flashcards_apkg(view), tmp_path)
    assert [[html.unescape(field) for field in fields] for _, fields, _ in deck["notes"]] == [
        [term, f"<i>{term}</i>"] for term in HOSTILE_TERMS]
    assert all("<" not in field for _, fields, _ in deck["notes"] for field in fields)
    assert deck["decks"][stable_number("cards", "anki-deck")] == "A Minimal Lesson"


def test_rebuilds_are_byte_identical_and_editing_a_term_keeps_the_others_guids(tmp_path):
    vocabulary = [{"term": term, "definition": "A meaning."} for term in HOSTILE_TERMS]
    first = flashcards_apkg(lesson_view(tmp_path, vocabulary))
    assert flashcards_apkg(lesson_view(tmp_path, vocabulary)) == first
    vocabulary[1] = {"term": "a new term", "definition": "Another meaning."}
    vocabulary[2]["definition"] = "An edited meaning."
    before = {html.unescape(fields[0]): guid for guid, fields, _ in read_deck(first, tmp_path)["notes"]}
    after = {html.unescape(fields[0]): guid
             for guid, fields, _ in read_deck(flashcards_apkg(lesson_view(tmp_path, vocabulary)), tmp_path)["notes"]}
    for term in (HOSTILE_TERMS[0], HOSTILE_TERMS[2], HOSTILE_TERMS[3]):
        assert after[term] == before[term]
    assert after["a new term"] not in before.values()


def test_ids_differ_between_lessons_and_stay_in_the_range_genanki_advises():
    numbers = {stable_number(lesson_id, purpose) for lesson_id in ("a", "b") for purpose in ("anki-deck", "anki-model")}
    assert len(numbers) == 4 and all((1 << 30) <= number < (1 << 31) for number in numbers)
