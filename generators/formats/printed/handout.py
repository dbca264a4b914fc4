"""Student handout (handout.pdf): the reading with its sources, a glossary, a drawn timeline and Cornell notes."""

from __future__ import annotations

import functools
import io
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, Flowable, Image, KeepTogether, Spacer
from reportlab.platypus.flowables import BalancedColumns, ImageAndFlowables

from generators.formats.printed.kit import (
    INK,
    LIGHT,
    MARGIN,
    Mark,
    Paragraph,
    PrintText,
    Styles,
    boxed,
    make_table,
    page_size,
    render_pdf,
    source_box,
    student_header,
)
from generators.model.lesson import format_date
from generators.view.lesson_view import LessonView

READING_LEADING = 1.2  # book leading: continuous reading, not writing space
CUE_COLUMN = 3.2 * inch
SUMMARY_HEIGHT = 1.6 * inch
CUE_ROOM = 0.12 * inch  # the least room under each cue
CORNELL_MINIMUM = 3.5 * inch  # the notes page fills what is left of the last page when this much is left
IMAGE_MAX = (4.5 * inch, 3.0 * inch)
FLOAT_WIDTH = 4.0 * inch  # a picture beside the reading


def handout_pdf(loaded: LessonView, marks: dict[str, int] | None = None, layout_only: bool = False) -> bytes:
    """Return the handout as PDF bytes; marks, if given, receives the pages of its sections, sources, timeline and
    glossary (see handout_pages). With layout_only, pictures are blanks of their size (the pages are the same)."""
    lesson = loaded.lesson
    text = PrintText(loaded)
    styles = Styles(text, leading_factor=READING_LEADING, paragraph_space=0.4)
    story: list[Flowable] = student_header(text, styles, lesson.title, None)
    if lesson.subtitle:
        story.append(Paragraph(text.markup(lesson.subtitle, ("subtitle",)), styles.body))
    story.append(boxed([Paragraph("Compelling question", styles.subheading),
                        Paragraph(text.markup(lesson.compelling_question, ("compelling_question",)), styles.bold)],
                       text.font))
    for index in range(len(lesson.sections)):
        story += _section(text, styles, loaded, index, layout_only)
    if lesson.vocabulary:  # the glossary may share the reading's last page: it runs on in two columns
        heading = _marked(Paragraph("Vocabulary", styles.heading), "vocabulary")
        heading.keepWithNext = False  # it would hold the whole glossary; the page break below keeps a few with it
        story += [CondPageBreak(1.5 * inch), heading, glossary(text, styles, loaded), Mark("vocabulary-end")]
    if loaded.handout_timeline:
        events = loaded.handout_timeline
        entries = [TimelineEntry(text.markup(entry.date),
                                 text.markup(entry.event.label, ("timeline", entry.lesson_index, "label")),
                                 styles, first=index == 0, last=index == len(events) - 1)
                   for index, entry in enumerate(events)]
        heading = _marked(Paragraph("Timeline", styles.heading), "timeline")
        story += [KeepTogether([heading, *entries]), Mark("timeline-end")]  # a timeline reads as one drawing
    notes_heading = Paragraph("Cornell notes", ParagraphStyle("heading", parent=styles.heading, spaceBefore=6,
                                                              keepWithNext=False))  # the page break keeps them together
    notes = CornellNotes(text, styles, [text.markup(question, ("supporting_questions", index))
                                        for index, question in enumerate(lesson.supporting_questions)])
    heading_height = notes_heading.wrap(page_size(loaded)[0] - 2 * MARGIN, 10 ** 6)[1] + styles.heading.spaceBefore
    story += [CondPageBreak(max(CORNELL_MINIMUM, notes.least_height() + heading_height)), notes_heading, notes]
    return render_pdf(loaded, text, story, title=f"{lesson.title}: handout", marks=marks)


def handout_pages(view: LessonView) -> dict[str, int]:
    """Return the handout's page of each marked place: 'section:<id>' and 'section-end:<id>', 'source:<quote id>',
    'timeline', 'timeline-end', 'vocabulary' and 'vocabulary-end'. Laid out once per process, as handout.pdf is."""
    if "handout_pages" not in view.layout:
        marks: dict[str, int] = {}
        handout_pdf(view, marks, layout_only=True)
        view.layout["handout_pages"] = marks
    return view.layout["handout_pages"]


def _marked(flowable: Flowable, mark: str) -> Flowable:
    flowable.mark = mark
    return flowable


def _section(text: PrintText, styles: Styles, loaded: LessonView, index: int, layout_only: bool) -> list[Flowable]:
    section = loaded.lesson.sections[index]
    path = ("sections", index)
    flowables: list[Flowable] = [_marked(Paragraph(text.markup(section.heading, path + ("heading",)),
                                                   styles.subheading), f"section:{section.id}")]
    paragraphs = [Paragraph(text.markup(paragraph, path + ("summary", number)), styles.body)
                  for number, paragraph in enumerate(section.summary)]
    pictures = [(number, image) for number, image in enumerate(section.images) if not image.decorative]
    if pictures and paragraphs:  # the first picture sits beside the reading, which flows around it
        number, image = pictures.pop(0)
        figure = _figure(text, styles, loaded, image, path + ("images", number), FLOAT_WIDTH, layout_only)
        flowables.append(ImageAndFlowables(Floated(figure), paragraphs, imageSide="right", imageLeftPadding=12,
                                           imageBottomPadding=6))
    else:
        flowables += paragraphs
    for number, quote in enumerate(section.quotes):
        label = loaded.source_at(path + ("quotes", number)).label
        if quote.id in loaded.analysed_in:  # printed in full beside its questions: the worksheet has it
            flowables.append(Paragraph(
                f"<b>{label}</b> ({text.markup(quote.speaker, path + ('quotes', number, 'speaker'))}, "
                f"{format_date(quote.date)}): you read and analyze it in Part {loaded.analysed_in[quote.id]} of "
                "the worksheet.", styles.body))
            continue
        box = _marked(source_box(text, styles, quote, path + ("quotes", number), label), f"source:{quote.id}")
        flowables.append(KeepTogether(box))
        flowables.append(Spacer(1, 6))
    flowables += [KeepTogether([_figure(text, styles, loaded, image, path + ("images", number), IMAGE_MAX[0],
                                        layout_only)]) for number, image in pictures]
    return flowables + [Mark(f"section-end:{section.id}")]


def _figure(text: PrintText, styles: Styles, loaded: LessonView, image, path, width: float,
            layout_only: bool) -> Flowable:
    """Return a picture at most this wide (and IMAGE_MAX high) with its caption and credit beneath it."""
    pixel_width, pixel_height = loaded.image_sizes[image.file]
    scale = min(width / pixel_width, IMAGE_MAX[1] / pixel_height)
    size = (pixel_width * scale, pixel_height * scale)
    picture = Spacer(*size) if layout_only else Image(print_copy(loaded.image_file(image), size), *size)
    rows = [[picture]]
    caption = " ".join(part for part in (image.caption and image.caption.rstrip(".") + ".",
                                         f"Credit: {image.credit}" if image.credit else None) if part)
    if caption:
        rows.append([Paragraph(text.markup(caption, path + ("caption",)), styles.caption)])
    figure = make_table(rows, text.font, [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                          ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)],
                        colWidths=[pixel_width * scale])
    figure.hAlign = "LEFT"
    return figure


def glossary(text: PrintText, styles: Styles, loaded: LessonView) -> Flowable:
    """Return the vocabulary as a glossary in two balanced columns: each term in bold (its original script and
    romanisation after it), then its meaning, an entry never split over columns or pages."""
    entry_style = ParagraphStyle("glossary", parent=styles.body, spaceAfter=styles.body.fontSize * 0.3)
    entries: list[Flowable] = []
    for entry in loaded.vocabulary:
        word, path = entry.word, ("vocabulary", entry.index)
        term = f"<b>{text.markup(word.term, path + ('term',))}</b>"
        if entry.original:
            term += " " + text.markup(entry.original, path + ("native_script",))
        entries.append(WholeParagraph(f"{term}: " + text.markup(word.definition, path + ("definition",)), entry_style))
    return BalancedColumns(entries, nCols=2, innerPadding=14, needed=72)


PRINT_DPI = 300


@functools.lru_cache(maxsize=16)
def _print_copy(content: bytes, width: int, height: int) -> bytes:
    from PIL import Image as Pillow

    with Pillow.open(io.BytesIO(content)) as picture:
        if picture.width <= width:
            return content
        smaller = picture.resize((width, height), Pillow.Resampling.LANCZOS)
        buffer = io.BytesIO()
        smaller.save(buffer, format="PNG")
        return buffer.getvalue()


def print_copy(file: Path, size: tuple[float, float]) -> io.BytesIO:
    """Return the picture at 300 dpi for its printed size (a large picture is scaled down: a smaller PDF, built in
    less time), kept by content for the lessons that share it."""
    width, height = (max(1, round(points / 72 * PRINT_DPI)) for points in size)
    return io.BytesIO(_print_copy(file.read_bytes(), width, height))


class Floated(Flowable):
    """A figure (picture and caption) that reportlab's ImageAndFlowables can float as it would a bare picture."""

    def __init__(self, content: Flowable) -> None:
        super().__init__()
        self.content = content

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = self.content.wrap(available_width, available_height)
        return self.width, self.height

    def _restrictSize(self, available_width: float, available_height: float) -> tuple[float, float]:  # noqa: N802
        return self.wrap(available_width, available_height)

    def _unRestrictSize(self) -> None:  # noqa: N802 (reportlab's names)
        pass

    def draw(self) -> None:
        self.content.drawOn(self.canv, 0, 0)


class WholeParagraph(Paragraph):
    """A paragraph that moves to the next column or page whole rather than split (a glossary entry), unless it is
    too tall to move."""

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        if self.wrap(available_width, available_height)[1] < 2 * inch:
            return []
        return super().split(available_width, available_height)


class TimelineEntry(Flowable):
    """One event of a vertical timeline: date left of the line, a marker on it, the label to the right.

    Entries stack, so labels never collide however many events there are, and the timeline can run across pages.
    """

    LINE_X = 1.45 * inch
    LABEL_X = 1.7 * inch
    GAP = 3

    def __init__(self, date_markup: str, label_markup: str, styles: Styles, first: bool, last: bool) -> None:
        super().__init__()
        self.date = Paragraph(date_markup, styles.bold)
        self.label = Paragraph(label_markup, styles.body)
        self.first, self.last = first, last

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        _, date_height = self.date.wrap(self.LINE_X - 0.2 * inch, available_height)
        _, label_height = self.label.wrap(available_width - self.LABEL_X, available_height)
        self.height = max(date_height, label_height) + self.GAP
        return available_width, self.height

    def draw(self) -> None:
        canvas = self.canv
        marker_y = self.height - self.date.height / 2 - 2
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(2)
        canvas.line(self.LINE_X, 0 if not self.last else marker_y, self.LINE_X,
                    self.height if not self.first else marker_y)
        canvas.setFillColor(INK)
        canvas.circle(self.LINE_X, marker_y, 4.5, stroke=0, fill=1)
        self.date.drawOn(canvas, 0, self.height - self.date.height - 2)
        self.label.drawOn(canvas, self.LABEL_X, self.height - self.label.height - 2)


class CornellNotes(Flowable):
    """A full page for Cornell notes: a cue column seeded with the lesson's questions, notes area, summary box."""

    def __init__(self, text: PrintText, styles: Styles, cues: list[str]) -> None:
        super().__init__()
        self.styles = styles
        self.cues = [Paragraph(cue, styles.body) for cue in cues]
        self.heading_font = styles.bold.fontName

    def least_height(self) -> float:
        """Return the height below which the cues, each with a little room under it, would not fit above the
        summary box."""
        cues = sum(cue.wrap(CUE_COLUMN - 12, 10 ** 6)[1] + CUE_ROOM for cue in self.cues)
        return 28 + cues + SUMMARY_HEIGHT + 6

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, available_height - 2
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        top = self.height
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(1.2)
        canvas.rect(0, 0, self.width, top)
        canvas.line(0, SUMMARY_HEIGHT, self.width, SUMMARY_HEIGHT)
        canvas.line(CUE_COLUMN, SUMMARY_HEIGHT, CUE_COLUMN, top)
        canvas.setFont(self.heading_font, 12)
        canvas.setFillColor(INK)
        canvas.drawString(6, top - 16, "Questions and cues")
        canvas.drawString(CUE_COLUMN + 6, top - 16, "Notes")
        canvas.drawString(6, SUMMARY_HEIGHT - 16, "Summary: the big idea in two or three sentences")
        canvas.setStrokeColor(LIGHT)
        canvas.setLineWidth(0.5)
        y = top - 24 - 0.36 * inch
        while y > SUMMARY_HEIGHT + 6:
            canvas.line(CUE_COLUMN + 6, y, self.width - 6, y)
            y -= 0.36 * inch
        y = SUMMARY_HEIGHT - 24 - 0.36 * inch
        while y > 6:
            canvas.line(6, y, self.width - 6, y)
            y -= 0.36 * inch
        y = top - 28
        heights = [cue.wrap(CUE_COLUMN - 12, top)[1] for cue in self.cues]
        room = top - 28 - SUMMARY_HEIGHT - 6 - sum(heights)
        gap = min(0.9 * inch, room / len(self.cues)) if self.cues else 0
        for cue, height in zip(self.cues, heights):
            cue.drawOn(canvas, 6, y - height)
            y -= height + max(gap, 4)
