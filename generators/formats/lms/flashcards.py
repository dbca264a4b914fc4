"""Flashcards (exports/flashcards.tsv): the vocabulary as term<TAB>definition lines for Quizlet and Anki."""

from __future__ import annotations

from generators.model.lesson import Lesson, VocabularyTerm
from generators.text.escaping import one_line


def card_front(word: VocabularyTerm) -> str:
    """Return the term side of a card: the term, with its native script and romanization when the lesson gives them."""
    extras = ", ".join(part for part in (word.native_script, word.romanization) if part)
    return f"{word.term} ({extras})" if extras else word.term


def flashcards_tsv(lesson: Lesson) -> str:
    """Return the vocabulary as term<TAB>definition lines, the import format of Quizlet and Anki."""
    return "".join(f"{one_line(card_front(word))}\t{one_line(word.definition)}\n" for word in lesson.vocabulary)
