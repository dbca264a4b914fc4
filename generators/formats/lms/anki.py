"""An Anki deck (exports/flashcards.apkg): the vocabulary as notes that a second import updates, not duplicates."""

from __future__ import annotations

import hashlib
import io
import itertools
import sqlite3
import zipfile

from generators.driver.files import build_epoch, normalize_zip
from generators.formats.lms.flashcards import card_front
from generators.text.escaping import escape_html_text
from generators.view.lesson_view import LessonView

CARD_STYLE = ".card { font-family: sans-serif; font-size: 22px; text-align: center; color: black; background: white; }"


def stable_number(lesson_id: str, purpose: str) -> int:
    """Return a number from the lesson id, the same in every build, in the range genanki advises for ids (2^30-2^31)."""
    digest = hashlib.sha256(f"lessonkit:{purpose}:{lesson_id}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


def note_guid(lesson_id: str, term: str) -> str:
    """Return a term's note GUID: Anki matches notes by it, so a re-import updates the card."""
    import genanki

    return genanki.guid_for(lesson_id, term)


def anki_deck_name(title: str) -> str:
    """Return the deck name: the lesson title on one line (Anki reads '::' in a name as a subdeck, so not that)."""
    return " ".join(title.split()).replace("::", ": :")


def flashcards_apkg(loaded: LessonView) -> bytes:
    """Return the vocabulary as an Anki package, one note (term, definition) and one card per term."""
    import genanki

    lesson_id = loaded.id
    model = genanki.Model(
        stable_number(lesson_id, "anki-model"), f"Lessonkit vocabulary ({lesson_id})",
        fields=[{"name": "Term"}, {"name": "Definition"}],
        templates=[{"name": "Term to definition", "qfmt": "{{Term}}",
                    "afmt": '{{FrontSide}}<hr id="answer">{{Definition}}'}],
        css=CARD_STYLE)
    deck = genanki.Deck(stable_number(lesson_id, "anki-deck"), anki_deck_name(loaded.lesson.title))
    for word in loaded.lesson.vocabulary:
        # Anki fields are HTML: escaped, a term that starts with " or #, or holds <b>, shows as typed.
        deck.add_note(genanki.Note(model=model, guid=note_guid(lesson_id, word.term),
                                   fields=[escape_html_text(card_front(word)), escape_html_text(word.definition)]))
    # genanki stamps notes, cards and note types with a time and numbers notes and cards from it: both come from
    # the build time (the numbers offset by the lesson, so two lessons' decks do not share them), never the clock.
    epoch = build_epoch()
    first_id = epoch * 1000 + stable_number(lesson_id, "anki-ids") % 10**8
    database = sqlite3.connect(":memory:")
    try:
        genanki.Package(deck).write_to_db(database.cursor(), epoch, itertools.count(first_id))
        database.commit()
        collection = database.serialize()
    finally:
        database.close()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("collection.anki2", collection)
        package.writestr("media", "{}")
    return normalize_zip(buffer.getvalue())
