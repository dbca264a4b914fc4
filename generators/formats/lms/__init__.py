"""Question exports for the tools schools use, in exports/: Moodle, Canvas, Quizlet, Anki, Kahoot."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generators.formats.base import Format, Rendered

if TYPE_CHECKING:
    from generators.view.lesson_view import LessonView



class MoodleGiftFormat(Format):
    """exports/moodle.gift: the quiz and the discussion questions (as essays) for Moodle's GIFT importer."""

    name = "moodle"
    files = ("exports/moodle.gift",)

    def render(self, view: LessonView) -> Rendered:
        from generators.formats.lms.gift import moodle_gift

        return Rendered({"exports/moodle.gift": moodle_gift(view)})


class CanvasQtiFormat(Format):
    """exports/canvas-qti.zip: an IMS QTI 1.2 package that Canvas imports as one quiz."""

    name = "canvas"
    files = ("exports/canvas-qti.zip",)

    def render(self, view: LessonView) -> Rendered:
        from generators.formats.lms.qti import canvas_qti_zip

        return Rendered({"exports/canvas-qti.zip": canvas_qti_zip(view)})


class FlashcardsFormat(Format):
    """exports/flashcards.tsv: the vocabulary, one card a line, for Quizlet (Anki takes flashcards.apkg)."""

    name = "flashcards"
    files = ("exports/flashcards.tsv",)

    def render(self, view: LessonView) -> Rendered:
        from generators.formats.lms.flashcards import flashcards_tsv

        return Rendered({"exports/flashcards.tsv": flashcards_tsv(view.lesson)})


class KahootFormat(Format):
    """exports/kahoot.xlsx: Kahoot's quiz spreadsheet; items beyond Kahoot's limits are left out, with a warning."""

    name = "kahoot"
    files = ("exports/kahoot.xlsx",)

    def render(self, view: LessonView) -> Rendered:
        from generators.formats.lms.kahoot import kahoot_xlsx

        sheet, left_out = kahoot_xlsx(view)
        return Rendered({"exports/kahoot.xlsx": sheet}, warnings=left_out)


class AnkiFormat(Format):
    """exports/flashcards.apkg: the vocabulary as an Anki deck whose notes a second import updates."""

    name = "anki"
    files = ("exports/flashcards.apkg",)

    def render(self, view: LessonView) -> Rendered:
        from generators.formats.lms.anki import flashcards_apkg

        return Rendered({"exports/flashcards.apkg": flashcards_apkg(view)})


class MoodleXmlFormat(Format):
    """exports/moodle.xml: the quiz and the discussion questions (essays, model answers for graders) as Moodle XML."""

    name = "moodle-xml"
    files = ("exports/moodle.xml",)

    def render(self, view: LessonView) -> Rendered:
        from generators.formats.lms.moodle_xml import moodle_xml

        return Rendered({"exports/moodle.xml": moodle_xml(view)})
