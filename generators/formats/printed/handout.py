"""Student handout (handout.pdf): reading with sources, a drawn timeline, a glossary and a Cornell-notes page."""

from __future__ import annotations

from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, Flowable, Image, KeepTogether, Spacer, Table

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
from generators.view.lesson_view import LessonView

CUE_COLUMN = 2.5 * inch
SUMMARY_HEIGHT = 2.0 * inch
CORNELL_MINIMUM = 4.5 * inch  # the notes page fills what is left of the last page when this much is left
IMAGE_MAX = (4.5 * inch, 3.0 * inch)


def handout_pdf(loaded: LessonView, marks: dict[str, int] | None = None) -> bytes:
    """Return the handout as PDF bytes; marks, if given, receives the pages of its sections, sources, timeline and
    glossary (see handout_pages)."""
    lesson = loaded.lesson
    text = PrintText(loaded)
    styles = Styles(text)
    story: list[Flowable] = student_header(text, styles, lesson.title, None)
    if lesson.subtitle:
        story.append(Paragraph(text.markup(lesson.subtitle, ("subtitle",)), styles.body))
    story.append(boxed([Paragraph("Compelling question", styles.subheading),
                        Paragraph(text.markup(lesson.compelling_question, ("compelling_question",)), styles.bold)],
                       text.font))
    story.append(Paragraph("Background", styles.heading))
    for index in range(len(lesson.sections)):
        story += _section(text, styles, loaded, index)
    if lesson.timeline:
        story.append(_marked(Paragraph("Timeline", styles.heading), "timeline"))
        events = loaded.timeline
        entries = [TimelineEntry(text.markup(entry.date),
                                 text.markup(entry.event.label, ("timeline", entry.lesson_index, "label")),
                                 styles, first=index == 0, last=index == len(events) - 1)
                   for index, entry in enumerate(events)]
        story += [KeepTogether(entries), Mark("timeline-end")]  # a timeline reads as one drawing
    if lesson.vocabulary:
        heading = _marked(Paragraph("Vocabulary", styles.heading), "vocabulary")
        heading.keepWithNext = False  # it would hold the whole table; the page break below keeps a few rows with it
        story += [CondPageBreak(1.5 * inch), heading]
        story += [glossary_table(text, styles, loaded), Mark("vocabulary-end")]
    notes_heading = Paragraph("Cornell notes", styles.heading)
    notes_heading.keepWithNext = False  # the grid takes all the room left: the page break above keeps them together
    notes = CornellNotes(text, styles, [text.markup(question, ("supporting_questions", index))
                                        for index, question in enumerate(lesson.supporting_questions)])
    story += [CondPageBreak(max(CORNELL_MINIMUM, notes.least_height(page_size(loaded)[0] - 2 * MARGIN) + 40)),
              notes_heading, notes]
    return render_pdf(loaded, text, story, title=f"{lesson.title}: handout", marks=marks)


def handout_pages(view: LessonView) -> dict[str, int]:
    """Return the handout's page of each marked place: 'section:<id>' and 'section-end:<id>', 'source:<quote id>',
    'timeline', 'timeline-end', 'vocabulary' and 'vocabulary-end'. Laid out once per process, as handout.pdf is."""
    if "handout_pages" not in view.layout:
        marks: dict[str, int] = {}
        handout_pdf(view, marks)
        view.layout["handout_pages"] = marks
    return view.layout["handout_pages"]


def _marked(flowable: Flowable, mark: str) -> Flowable:
    flowable.mark = mark
    return flowable


def _section(text: PrintText, styles: Styles, loaded: LessonView, index: int) -> list[Flowable]:
    section = loaded.lesson.sections[index]
    path = ("sections", index)
    flowables: list[Flowable] = [_marked(Paragraph(text.markup(section.heading, path + ("heading",)),
                                                   styles.subheading), f"section:{section.id}")]
    flowables += [Paragraph(text.markup(paragraph, path + ("summary", number)), styles.body)
                  for number, paragraph in enumerate(section.summary)]
    for number, quote in enumerate(section.quotes):
        label = loaded.source_at(path + ("quotes", number)).label
        box = _marked(source_box(text, styles, quote, path + ("quotes", number), label), f"source:{quote.id}")
        flowables.append(KeepTogether(box))
        flowables.append(Spacer(1, 8))
    for number, image in enumerate(section.images):
        if not image.decorative:
            flowables.append(_figure(text, styles, loaded, image, path + ("images", number)))
    return flowables + [Mark(f"section-end:{section.id}")]


def _figure(text: PrintText, styles: Styles, loaded: LessonView, image, path) -> Flowable:
    file = loaded.image_file(image)
    pixel_width, pixel_height = loaded.image_sizes[image.file]
    scale = min(IMAGE_MAX[0] / pixel_width, IMAGE_MAX[1] / pixel_height)
    flowable = Image(str(file), width=pixel_width * scale, height=pixel_height * scale)
    flowable.hAlign = "LEFT"
    parts: list[Flowable] = [flowable]
    caption = " ".join(part for part in (image.caption, f"Credit: {image.credit}" if image.credit else None) if part)
    if caption:
        parts.append(Paragraph(text.markup(caption, path + ("caption",)), styles.caption))
    return KeepTogether(parts)


def glossary_table(text: PrintText, styles: Styles, loaded: LessonView) -> Table:
    """Return the vocabulary as a two-column table with a repeated header row: the term (its original script and
    romanisation under it) and its meaning, which gets the width so that most meanings take one or two lines."""
    rows = [[Paragraph(label, styles.bold) for label in ("Term", "Meaning")]]
    for entry in loaded.vocabulary:
        word, path = entry.word, ("vocabulary", entry.index)
        term = text.markup(word.term, path + ("term",))
        if entry.original:
            term = f"<b>{term}</b><br/>" + text.markup(entry.original, path + ("native_script",))
        else:
            term = f"<b>{term}</b>"
        rows.append([Paragraph(term, styles.body),
                     Paragraph(text.markup(word.definition, path + ("definition",)), styles.body)])
    return make_table(rows, text.font, [
        ("LINEBELOW", (0, 0), (-1, 0), 1.2, INK), ("LINEBELOW", (0, 1), (-1, -1), 0.4, LIGHT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ], colWidths=[1.9 * inch, None], repeatRows=1)


class TimelineEntry(Flowable):
    """One event of a vertical timeline: date left of the line, a marker on it, the label to the right.

    Entries stack, so labels never collide however many events there are, and the timeline can run across pages.
    """

    LINE_X = 1.45 * inch
    LABEL_X = 1.7 * inch

    def __init__(self, date_markup: str, label_markup: str, styles: Styles, first: bool, last: bool) -> None:
        super().__init__()
        self.date = Paragraph(date_markup, styles.bold)
        self.label = Paragraph(label_markup, styles.body)
        self.first, self.last = first, last

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        _, date_height = self.date.wrap(self.LINE_X - 0.2 * inch, available_height)
        _, label_height = self.label.wrap(available_width - self.LABEL_X, available_height)
        self.height = max(date_height, label_height) + 10
        return available_width, self.height

    def draw(self) -> None:
        canvas = self.canv
        marker_y = self.height - 10
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

    def least_height(self, width: float) -> float:
        """Return the height below which the cues would not fit above the summary box."""
        cues = sum(cue.wrap(CUE_COLUMN - 12, 10 ** 6)[1] + 0.25 * inch for cue in self.cues)
        return 28 + cues + SUMMARY_HEIGHT + 12

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
