"""Printed documents (reportlab): the shared kit (kit.py) and one module per family of PDFs, each described here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generators.formats.base import Format, Rendered

if TYPE_CHECKING:
    from generators.view.lesson_view import LessonView


class PrintedFormat(Format):
    """A PDF family: the printed formats share the fonts that the kit's preparation parses once."""

    preparation = "generators.formats.printed.kit:prepare"


class HandoutFormat(PrintedFormat):
    """handout.pdf: the students' reading and note-taking packet."""

    name = "handout"
    files = ("handout.pdf",)

    def render(self, view: LessonView) -> Rendered:
        from generators.formats.printed.handout import handout_pdf

        return Rendered({"handout.pdf": handout_pdf(view)})


class WorksheetsFormat(PrintedFormat):
    """The discussion worksheet in its core and support editions, and the teacher's answer key."""

    name = "worksheets"
    files = ("worksheet.pdf", "worksheet-support.pdf", "answer-key.pdf")

    def render(self, view: LessonView) -> Rendered:
        from generators.formats.printed.worksheets import answer_key_pdf, worksheet_pdf

        return Rendered({"worksheet.pdf": worksheet_pdf(view, support=False),
                         "worksheet-support.pdf": worksheet_pdf(view, support=True),
                         "answer-key.pdf": answer_key_pdf(view)})


class ExitTicketsFormat(PrintedFormat):
    """exit-tickets.pdf: as many copies of the exit ticket as fit a page, with cut lines."""

    name = "exit-tickets"
    files = ("exit-tickets.pdf",)

    def render(self, view: LessonView) -> Rendered:
        from generators.formats.printed.exit_tickets import exit_tickets_pdf

        return Rendered({"exit-tickets.pdf": exit_tickets_pdf(view)})


class LessonPlanFormat(PrintedFormat):
    """lesson-plan.pdf: the teacher's plan with its timed procedure."""

    name = "lesson-plan"
    files = ("lesson-plan.pdf",)

    def render(self, view: LessonView) -> Rendered:
        from generators.formats.printed.lesson_plan import lesson_plan_pdf

        return Rendered({"lesson-plan.pdf": lesson_plan_pdf(view)})


class QuizVersionsFormat(PrintedFormat):
    """Two shuffled versions of the quiz (quiz-A.pdf, quiz-B.pdf) and one key for both."""

    name = "quiz-versions"
    files = ("quiz-A.pdf", "quiz-B.pdf", "quiz-key.pdf")  # one per version of the view's QUIZ_VERSIONS, and the key

    def render(self, view: LessonView) -> Rendered:
        from generators.formats.printed.quiz_versions import quiz_key_pdf, student_quiz_pdf

        files: dict[str, bytes | str] = {f"quiz-{version}.pdf": student_quiz_pdf(view, version, items)
                                         for version, items in view.quiz_versions.items()}
        files["quiz-key.pdf"] = quiz_key_pdf(view, view.quiz_versions)
        return Rendered(files)
