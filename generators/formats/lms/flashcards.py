"""Flashcards (exports/flashcards.tsv): the vocabulary as term<TAB>definition lines for Quizlet."""

from __future__ import annotations

from generators.model.lesson import Lesson, VocabularyTerm
from generators.text.escaping import one_line, spreadsheet_text


def card_front(word: VocabularyTerm) -> str:
    """Return the term side of a card: the term, with its native script and romanization when the lesson gives them."""
    extras = ", ".join(part for part in (word.native_script, word.romanization) if part)
    return f"{word.term} ({extras})" if extras else word.term


def tsv_field(text: str) -> str:
    """Return text as one field of a TSV line: on one line, and never a formula when a spreadsheet opens the file."""
    return spreadsheet_text(one_line(text))


def flashcards_tsv(lesson: Lesson) -> str:
    """Return the vocabulary as term<TAB>definition lines, the import format of Quizlet.

    Anki reads such a file by CSV rules (quotes, # comments, HTML), so it gets exports/flashcards.apkg instead.
    """
    return "".join(f"{tsv_field(card_front(word))}\t{tsv_field(word.definition)}\n" for word in lesson.vocabulary)
