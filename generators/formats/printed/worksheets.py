"""Discussion worksheets (core and support editions) and the teacher's answer key, as PDFs."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from generators.formats.printed.kit import (
    FOOTER_HEIGHT,
    INK,
    LIGHT,
    MARGIN,
    RULE_SPACING,
    Paragraph,
    PrintText,
    RuledLines,
    Styles,
    make_table,
    page_size,
    render_pdf,
    source_card,
    student_header,
)
from generators.model.lesson import format_date
from generators.view.lesson_view import (
    ANALYSIS_PROMPTS,
    LessonView,
    NumberedQuestion,
    NumberedSource,
    WorksheetPart,
    answer_lines,
    letter,
    words_for,
)

SUPPORT_MARK = "•"  # the support edition's discreet mark, top right of each page: not a label a class reads
SUPPORT_EXTRA_LINES = 1  # with wider ruling: room for larger handwriting without a page per question
SUPPORT_SIZE = 13  # print a size up from the core edition
LONG_ANSWER = 6  # lines from which a question gets no extra line in the support edition
BLANK = "______"  # where a student writes a letter (matching) or a number (sequencing)
CELL_PADDING = 6  # reportlab's default left and right padding of a table cell
EXERCISE_TABLE = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.4, LIGHT),
                  ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]


def worksheet_pdf(loaded: LessonView, *, support: bool) -> bytes:
    """Return the core worksheet, or with support=True the scaffolded edition (larger print, wider ruling,
    sentence frames, words per question).

    Its parts follow the lesson's activities, each headed with the activity it belongs to.
    """
    lesson = loaded.lesson
    text = PrintText(loaded)
    styles = Styles(text, body_size=SUPPORT_SIZE if support else 12, leading_factor=1.3)
    spacing = RULE_SPACING * (1.1 if support else 1.0)
    title = f"{lesson.title}: worksheet"  # the same for both editions: the class sees one worksheet
    story: list[Flowable] = student_header(text, styles, title)
    story.append(Paragraph(text.markup(lesson.compelling_question, ("compelling_question",)), styles.bold))
    for part in loaded.worksheet_parts:
        heading = [Paragraph(text.markup(part.heading), styles.heading), Paragraph(text.markup(part.note), styles.body)]
        if part.vocabulary:
            story += _matching(part, heading, text, styles)
            heading = []
        if part.timeline:
            story += _sequencing(loaded, heading, text, styles, support)
            heading = []
        if part.sources:
            story += _source_analysis(part, heading, text, styles, spacing, support)
            heading = []
        for numbered in part.discussion:
            story.append(KeepTogether(heading + _question(loaded, numbered, text, styles, spacing, support)))
            heading = []
    return render_pdf(loaded, text, story, title=title, header_label=SUPPORT_MARK if support else None)


def _question(loaded: LessonView, numbered: NumberedQuestion, text: PrintText, styles: Styles, spacing: float,
              support: bool) -> list[Flowable]:
    """Return a question with its ruled lines; the support edition adds the words the question needs and prints
    the sentence starter on the first line."""
    question, path = numbered.question, ("discussion_questions", numbered.index)
    block: list[Flowable] = [Paragraph(f"{numbered.number}. " + text.markup(question.prompt, path + ("prompt",)),
                                       styles.bold)]
    lines = answer_lines(question)
    if not support:
        return block + [RuledLines(lines, spacing), Spacer(1, 10)]
    words = words_for(loaded, question)
    if words:
        block.append(Paragraph("Words you may use: " + text.markup(" · ".join(words), ("vocabulary",)), styles.body))
    starter = Paragraph(text.markup(question.sentence_starter, path + ("sentence_starter",)), styles.body)
    extra = SUPPORT_EXTRA_LINES if lines < LONG_ANSWER else 0  # a long answer already has room
    return block + [RuledLines(lines + extra, spacing, first_line=starter), Spacer(1, 10)]


def _matching(part: WorksheetPart, heading: list[Flowable], text: PrintText, styles: Styles) -> list[Flowable]:
    rows = []
    meanings = part.meanings
    for position, shown in enumerate(part.matching_order):
        defined = meanings[shown]
        term = part.vocabulary[position] if position < len(part.vocabulary) else None
        rows.append([
            Paragraph(BLANK if term else "", styles.body),
            Paragraph(f"{position + 1}. " + text.markup(term.word.term, ("vocabulary", term.index, "term"))
                      if term else "", styles.bold),
            Paragraph(f"{letter(position)}. " + text.markup(defined.word.definition,
                                                              ("vocabulary", defined.index, "definition")),
                      styles.body),
        ])
    table = make_table(rows, text.font, EXERCISE_TABLE, colWidths=[_blank_width(styles), 1.75 * inch, None])
    return _whole_if_it_fits(text, [*heading, Paragraph("<b>Vocabulary matching.</b> Write the matching letter before "
                                                        "each term." + (" Some meanings match no term."
                                                                         if part.distractors else ""), styles.body),
                                    table])


def _blank_width(styles: Styles) -> float:
    """Return the width of the column of blanks: the blank on one line at the edition's text size, never wrapped."""
    body = styles.body
    return max(0.7 * inch, stringWidth(BLANK, body.fontName, body.fontSize) + 2 * CELL_PADDING + 1)


def _sequencing(loaded: LessonView, heading: list[Flowable], text: PrintText, styles: Styles,
                support: bool) -> list[Flowable]:
    """Return the events to number in order; the support edition prints each event's date beside it."""
    events = loaded.timeline
    rows = []
    for index in loaded.sequencing_order:
        entry = events[index]
        label = Paragraph(text.markup(entry.event.label, ("timeline", entry.lesson_index, "label")), styles.body)
        date = [Paragraph(text.markup(entry.date), styles.body)] if support else []
        rows.append([Paragraph(BLANK, styles.body), *date, label])
    date_width = max((stringWidth(entry.date, styles.body.fontName, styles.body.fontSize) for entry in events),
                     default=0) + 2 * CELL_PADDING + 1
    widths = [_blank_width(styles), *([date_width] if support else []), None]
    table = make_table(rows, text.font, EXERCISE_TABLE, colWidths=widths)
    hint = " The dates will help you." if support else ""
    return _whole_if_it_fits(text, [*heading, Paragraph(f"<b>Put the events in order.</b> Number them from 1 "
                                                        f"(earliest) to {len(events)} (latest).{hint}", styles.body),
                                    table])


def _whole_if_it_fits(text: PrintText, flowables: list[Flowable]) -> list[Flowable]:
    """Return an exercise kept on one page when a page can hold it; else its start at the top of a page and the
    rest running on (rather than a page break before it that leaves the page above mostly blank)."""
    width, height = page_size(text.loaded)
    frame = (width - 2 * MARGIN, height - 2 * MARGIN - FOOTER_HEIGHT)
    if sum(flowable.wrap(*frame)[1] for flowable in flowables) <= frame[1]:
        return [KeepTogether(flowables)]
    return [CondPageBreak(frame[1] / 3), *flowables]


def _source_analysis(part: WorksheetPart, heading: list[Flowable], text: PrintText, styles: Styles, spacing: float,
                     support: bool) -> list[Flowable]:
    """Return the sources as one organiser: each source's card across the top of its grid, the four questions in
    the cells below with room to write; then, for two sources or more, a question that compares them."""
    story: list[Flowable] = []
    subheading = Paragraph("<b>Analyze the sources.</b> Take notes on each question; a few words are enough.",
                           styles.body)
    subheading.keepWithNext = False  # a page break below keeps it with the first source instead
    lead = [*heading, subheading]
    lines = 3 if support else 2  # notes in a grid cell, not an essay
    card_styles = Styles(text) if support else styles  # the words read as in the handout; the writing is larger
    for source in part.sources:
        cells = []
        for key, prompt in ANALYSIS_PROMPTS:
            starter = Paragraph(text.markup(SENTENCE_FRAMES[key]), styles.body) if support else None
            cells.append([Paragraph(prompt, styles.bold), RuledLines(lines, spacing, first_line=starter)])
        def organiser(rows: list) -> Flowable:
            return make_table(rows, text.font, [
                ("SPAN", (0, 0), (1, 0)), ("BOX", (0, 0), (-1, -1), 1.2, INK),
                ("INNERGRID", (0, 1), (-1, -1), 0.6, LIGHT), ("LINEBELOW", (0, 0), (-1, 0), 1.2, INK),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ], colWidths=["50%", "50%"])

        card = [source_card(text, card_styles, source.quote, source.path, source.label), ""]
        grid = organiser([card, cells[0:2], cells[2:4]])
        # The headings, the source's card and its first two questions stay together (a page break first when
        # they do not fit); the last two questions may follow on the next page, with their own prompts.
        width, height = page_size(text.loaded)
        frame = (width - 2 * MARGIN, height - 2 * MARGIN - FOOTER_HEIGHT)
        needed = sum(flowable.wrap(*frame)[1] for flowable in lead) + organiser([card, cells[0:2]]).wrap(*frame)[1]
        story += [CondPageBreak(min(needed, frame[1])), *lead, grid, Spacer(1, 10)]
        lead = []
    if len(part.sources) > 1:
        labels = " and ".join(source.label for source in part.sources)
        story.append(KeepTogether([Paragraph(f"Compare {labels}: where do they agree, and where do they differ? "
                                             "Which would you trust more for what it says, and why?", styles.bold),
                                   RuledLines(lines + 1, spacing)]))
    return story


SENTENCE_FRAMES = {
    "historical_situation": "When this was said, …",
    "audience": "It was meant for … because …",
    "purpose": "The speaker wanted to …",
    "point_of_view": "The speaker saw things as … because …",
}
"""Openings for each source question in the support edition."""


def answer_key_pdf(loaded: LessonView) -> bytes:
    """Return the teacher's key, part by part as the worksheet: matching, order, source notes, model answers."""
    lesson = loaded.lesson
    text = PrintText(loaded)
    styles = Styles(text)
    story: list[Flowable] = [Paragraph(text.markup(f"{lesson.title}: answer key", ("title",)), styles.title),
                             Paragraph("Teacher copy. Parts and question numbers match both worksheet editions.",
                                       styles.bold)]
    if lesson.quiz:
        story.append(Paragraph("The quiz has two versions with their own order of questions and answers: grade them "
                               "with quiz-key.pdf, which has a column for each version.", styles.body))
    for part in loaded.worksheet_parts:
        story += [Paragraph(text.markup(part.heading), styles.heading),
                  Paragraph(text.markup(part.note), ParagraphStyle("part-note", parent=styles.body, keepWithNext=True))]
        if part.vocabulary:
            story.append(Paragraph("Vocabulary matching", styles.subheading))
            story += [Paragraph(text.markup(f"{position + 1}. {row.word.term} = {part.matching_letter(position)}",
                                            ("vocabulary", row.index)), styles.body)
                      for position, row in enumerate(part.vocabulary)]
        if part.timeline:
            story += _order_key(loaded, text, styles)
        if part.sources:
            story.append(Paragraph("Source analysis notes", styles.subheading))
            story += [flowable for source in part.sources for flowable in _source_notes(source, text, styles)]
            if len(part.sources) > 1:
                labels = " and ".join(source.label for source in part.sources)
                story.append(KeepTogether([
                    Paragraph(f"Comparing {labels}", styles.bold),
                    Paragraph("Look for: one point on which they agree, one on which they differ, and a reason to "
                              "trust one more for what it says that rests on its situation, audience, purpose or "
                              "point of view (who spoke, to whom, and why).", styles.body)]))
        for numbered in part.discussion:
            question, path = numbered.question, ("discussion_questions", numbered.index)
            story.append(KeepTogether([
                Paragraph(f"{numbered.number}. " + text.markup(question.prompt, path + ("prompt",)), styles.bold),
                Paragraph("Model answer: " + text.markup(question.model_answer, path + ("model_answer",)),
                          styles.body),
            ]))
    return render_pdf(loaded, text, story, title=f"{lesson.title}: answer key", header_label="Teacher copy")


def _order_key(loaded: LessonView, text: PrintText, styles: Styles) -> list[Flowable]:
    events = [entry.event for entry in loaded.timeline]
    return [Paragraph("Correct order", styles.subheading),
            Paragraph("Numbers to write, top to bottom as printed: "
                      + ", ".join(str(index + 1) for index in loaded.sequencing_order), styles.body),
            *[Paragraph(text.markup(f"{rank}. {format_date(event.date)}: {event.label}", ("timeline",)), styles.body)
              for rank, event in enumerate(events, start=1)]]


def _source_notes(source: NumberedSource, text: PrintText, styles: Styles) -> list[Flowable]:
    quote, path = source.quote, source.path
    notes = [Paragraph(text.markup(f"{source.label}: {quote.speaker}, {format_date(quote.date)}", path + ("speaker",)),
                       ParagraphStyle("source-notes", parent=styles.bold, keepWithNext=True))]
    if quote.analysis is None:
        return notes + [Paragraph("No notes in the lesson; accept answers supported by the context: "
                                  + text.markup(quote.context, path + ("context",)), styles.body)]
    for key, prompt in ANALYSIS_PROMPTS:
        label = prompt.split(":")[0]
        notes.append(Paragraph(f"<b>{label}:</b> " + text.markup(getattr(quote.analysis, key),
                                                                  path + ("analysis", key)), styles.body))
    return notes
