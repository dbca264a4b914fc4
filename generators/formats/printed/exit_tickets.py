"""Exit tickets (exit-tickets.pdf): as many copies of the lesson's exit ticket as fit a page, with cut lines."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer

from generators.formats.printed.kit import (
    GREY,
    MARGIN,
    Paragraph,
    PrintText,
    RuledLines,
    Styles,
    page_size,
    register_fallback,
    render_pdf,
)
from generators.view.lesson_view import LessonView

MAX_TICKETS_PER_PAGE = 4
CUT_GAP = 22.0
TICKET_RULE_SPACING = 0.28 * 72  # narrow ruling: exit-ticket answers are short


class CutLine(Flowable):
    """A dashed line across the page with a pair of scissors, between two tickets."""

    def __init__(self, scissors_font: str) -> None:
        super().__init__()
        self.scissors_font = scissors_font

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, CUT_GAP

    def draw(self) -> None:
        middle = CUT_GAP / 2
        self.canv.setStrokeColor(GREY)
        self.canv.setDash(6, 4)
        self.canv.setLineWidth(0.8)
        self.canv.line(18, middle, self.width, middle)
        self.canv.setFont(self.scissors_font, 14)
        self.canv.setFillColor(GREY)
        self.canv.drawString(0, middle - 5, "✂")


def _ticket(loaded: LessonView, text: PrintText, styles: Styles) -> list[Flowable]:
    lesson = loaded.lesson
    parts: list[Flowable] = [
        Paragraph("Exit ticket: " + text.markup(lesson.title, ("title",)), styles.bold),
        Paragraph("Name ______________________________   Date ____________   Period ______", styles.body),
    ]
    for number, question in enumerate(lesson.exit_ticket, start=1):
        parts.append(Paragraph(f"{number}. " + text.markup(question.prompt, ("exit_ticket", number - 1, "prompt")),
                               styles.bold))
        parts.append(RuledLines(question.answer_lines, TICKET_RULE_SPACING))
    parts.append(Spacer(1, 6))
    return parts


def exit_tickets_pdf(loaded: LessonView) -> bytes:
    """Return one page of identical exit tickets separated by cut lines (a note if the lesson has none)."""
    text = PrintText(loaded)
    styles = Styles(text)
    title = f"{loaded.lesson.title}: exit tickets"
    if not loaded.lesson.exit_ticket:
        story: list[Flowable] = [Paragraph(text.markup(title, ("title",)), styles.title),
                                 Paragraph("This lesson has no exit-ticket questions.", styles.body)]
        return render_pdf(loaded, text, story, title=title, with_footer=False)
    width, height = page_size(loaded)
    frame_width, frame_height = width - 2 * MARGIN, height - 2 * MARGIN
    ticket_height = sum(flowable.wrap(frame_width, frame_height)[1]
                        + (flowable.style.spaceAfter if isinstance(flowable, Paragraph) else 0)
                        for flowable in _ticket(loaded, text, styles))
    per_page = max(1, min(MAX_TICKETS_PER_PAGE, int((frame_height + CUT_GAP) // (ticket_height + CUT_GAP + 2))))
    scissors = register_fallback("DejaVu Sans")  # Carlito has no scissors
    story = []
    for copy in range(per_page):
        if copy:
            story.append(CutLine(scissors))
        story.append(KeepTogether(_ticket(loaded, text, styles)))
    return render_pdf(loaded, text, story, title=title, with_footer=False)
