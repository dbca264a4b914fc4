"""Two versions of the quiz to print (quiz-A.pdf, quiz-B.pdf), items and choices shuffled, and one key for both."""

from __future__ import annotations

from reportlab.lib.units import inch
from reportlab.platypus import Flowable, KeepTogether, Spacer

from generators.formats.printed.kit import (
    INK,
    LIGHT,
    Paragraph,
    PrintText,
    Styles,
    make_table,
    render_pdf,
    student_header,
)
from generators.model.lesson import MultipleChoiceItem, TrueFalseItem
from generators.text.wording import as_sentence
from generators.view.lesson_view import TRUE_FALSE_LABELS, LessonView, PrintedItem

BUBBLE_RADIUS = 9.0
BUBBLE_COLUMN = 0.4 * inch


class Bubble(Flowable):
    """A circle with a label in it, for a student to fill in."""

    def __init__(self, label: str, font: str) -> None:
        super().__init__()
        self.label = label
        self.font = font

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 2 * BUBBLE_RADIUS, 2 * BUBBLE_RADIUS

    def draw(self) -> None:
        self.canv.setStrokeColor(INK)
        self.canv.setLineWidth(0.8)
        self.canv.circle(BUBBLE_RADIUS, BUBBLE_RADIUS, BUBBLE_RADIUS, stroke=1, fill=0)
        self.canv.setFillColor(INK)
        self.canv.setFont(self.font, 12)
        self.canv.drawCentredString(BUBBLE_RADIUS, BUBBLE_RADIUS - 4.2, self.label)


def _printed_item(printed: PrintedItem, text: PrintText, styles: Styles) -> Flowable:
    prompt_path = ("quiz", printed.lesson_index, "prompt")
    prompt = Paragraph(f"{printed.number}. " + text.markup(printed.item.prompt, prompt_path), styles.bold)
    cells = [[Bubble(label, text.font), Paragraph(text.markup(answer, path), styles.body)]
             for label, answer, path in printed.options()]
    if isinstance(printed.item, TrueFalseItem):
        cells = [[cell for pair in cells for cell in pair]]
        widths = [BUBBLE_COLUMN, 1.1 * inch] * len(TRUE_FALSE_LABELS)
    else:
        widths = [BUBBLE_COLUMN, None]
    choices = make_table(cells, text.font, [("VALIGN", (0, 0), (-1, -1), "TOP"),
                                            ("LEFTPADDING", (0, 0), (-1, -1), 2),
                                            ("BOTTOMPADDING", (0, 0), (-1, -1), 2)], colWidths=widths)
    return KeepTogether([prompt, choices, Spacer(1, 10)])


def _no_quiz_note(styles: Styles) -> Paragraph:
    return Paragraph("This lesson has no quiz items.", styles.body)


def student_quiz_pdf(loaded: LessonView, version: str, items: list[PrintedItem]) -> bytes:
    """Return one version of the quiz for students: name/date/period, then numbered items with bubbles, no answers."""
    text = PrintText(loaded)
    styles = Styles(text)
    title = f"{loaded.lesson.title}: quiz"
    story: list[Flowable] = student_header(text, styles, title, subtitle="Fill in the bubble of the best answer.")
    story += [_printed_item(printed, text, styles) for printed in items] or [_no_quiz_note(styles)]
    return render_pdf(loaded, text, story, title=f"{title} (version {version})",
                      header_label=version_code(version))


def version_code(version: str) -> str:
    """Return the code printed on every page of a version, e.g. 'Version A' (no internal id for students)."""
    return f"Version {version}"


def _key_table(versions: dict[str, list[PrintedItem]], text: PrintText, styles: Styles) -> Flowable:
    rows = [["Question"] + [f"Version {version}" for version in versions]]
    rows += [[str(number)] + [items[number - 1].correct_label for items in versions.values()]
             for number in range(1, len(next(iter(versions.values()))) + 1)]
    return make_table(rows, text.font, [
        ("FONT", (0, 0), (-1, 0), text.font.replace("-regular", "-bold"), styles.body_size),
        ("FONTSIZE", (0, 1), (-1, -1), styles.body_size), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, LIGHT), ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
    ], colWidths=[1.1 * inch] * (len(versions) + 1), repeatRows=1)


def _explained_item(lesson_index: int, versions: dict[str, list[PrintedItem]], text: PrintText,
                    styles: Styles) -> Flowable:
    printed = {version: next(item for item in items if item.lesson_index == lesson_index)
               for version, items in versions.items()}
    item = next(iter(printed.values())).item
    path = ("quiz", lesson_index)
    places = " ".join(f"Version {version}: question {entry.number}, {entry.correct_label}."
                      for version, entry in printed.items())
    answer = item.answer if isinstance(item, MultipleChoiceItem) else ("True" if item.answer else "False")
    return KeepTogether([
        Paragraph(text.markup(item.prompt, path + ("prompt",)), styles.bold),
        Paragraph(places, styles.body),
        Paragraph("Answer: " + text.markup(as_sentence(answer), path + ("answer",)) + " "
                  + text.markup(item.explanation, path + ("explanation",)), styles.body),
    ])


def quiz_key_pdf(loaded: LessonView, versions: dict[str, list[PrintedItem]]) -> bytes:
    """Return the teacher's key: the bubble to fill in for each question number of each version, then explanations."""
    lesson = loaded.lesson
    text = PrintText(loaded)
    styles = Styles(text)
    title = f"{lesson.title}: quiz key"
    story: list[Flowable] = [Paragraph(text.markup(title, ("title",)), styles.title)]
    if not lesson.quiz:
        story.append(_no_quiz_note(styles))
    else:
        story += [Paragraph("Bubble to fill in for each question number, by version (the code at the top of each "
                            "student page).", styles.body), _key_table(versions, text, styles),
                  Paragraph("Answers explained", styles.heading)]
        story += [_explained_item(index, versions, text, styles) for index in range(len(lesson.quiz))]
    return render_pdf(loaded, text, story, title=title, header_label="Teacher copy")
