"""Discussion worksheets (core and support editions) and the teacher's answer key, as PDFs."""

from __future__ import annotations

from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from generators.formats.printed.kit import (
    INK,
    LIGHT,
    MARGIN,
    RULE_SPACING,
    Paragraph,
    PrintText,
    RuledLines,
    Styles,
    boxed,
    make_table,
    page_size,
    render_pdf,
    source_box,
    student_header,
)
from generators.model.lesson import format_date
from generators.view.lesson_view import (
    ANALYSIS_PROMPTS,
    LessonView,
    answer_lines,
    letter,
)

SUPPORT_EXTRA_LINES = 1  # with wider ruling: room for larger handwriting without a page per question
BLANK = "______"  # where a student writes a letter (matching) or a number (sequencing)
WORD_BANK_ROW = 8  # terms a row when the word bank must break over pages
CELL_PADDING = 6  # reportlab's default left and right padding of a table cell


def worksheet_pdf(loaded: LessonView, *, support: bool) -> bytes:
    """Return the core worksheet, or with support=True the scaffolded edition (14 pt, 1.5 spacing, word bank)."""
    lesson = loaded.lesson
    text = PrintText(loaded)
    styles = Styles(text, body_size=14 if support else 12, leading_factor=1.5 if support else 1.3)
    spacing = RULE_SPACING * (1.15 if support else 1.0)
    title = f"{lesson.title}: discussion worksheet" + (" (with supports)" if support else "")
    story: list[Flowable] = student_header(text, styles, title)
    story.append(Paragraph(text.markup(lesson.compelling_question, ("compelling_question",)), styles.bold))
    if support and lesson.vocabulary:
        story.append(_word_bank(loaded, text, styles))
    part_heading: list[Flowable] = [Paragraph("Part 1. Discussion questions", styles.heading)]
    for number, question in enumerate(lesson.discussion_questions, start=1):
        path = ("discussion_questions", number - 1)
        block = part_heading + [Paragraph(f"{number}. " + text.markup(question.prompt, path + ("prompt",)),
                                          styles.bold)]
        part_heading = []
        if support:
            block.append(Paragraph("Start with: " + text.markup(question.sentence_starter,
                                                                path + ("sentence_starter",)), styles.body))
        lines = answer_lines(question)
        block.append(RuledLines(lines + SUPPORT_EXTRA_LINES if support else lines, spacing))
        block.append(Spacer(1, 10))
        story.append(KeepTogether(block))
    story += _matching(loaded, text, styles, spacing)
    story += _sequencing(loaded, text, styles)
    story += _source_analysis(loaded, text, styles, spacing, support)
    return render_pdf(loaded, text, story, title=title)


def _word_bank(loaded: LessonView, text: PrintText, styles: Styles) -> Flowable:
    """Return the boxed word bank; a bank too long for one page becomes a box of rows that breaks between pages."""
    terms = [word.term for word in loaded.lesson.vocabulary]
    heading = Paragraph("Word bank", styles.subheading)
    bank = boxed([heading, Paragraph(text.markup(" · ".join(terms), ("vocabulary",)), styles.body)], text.font)
    width, height = page_size(loaded)
    if bank.wrap(width - 2 * MARGIN, height)[1] <= (height - 2 * MARGIN) * 0.8:
        return bank
    rows = [[heading]] + [[Paragraph(text.markup(" · ".join(terms[start:start + WORD_BANK_ROW]), ("vocabulary",)),
                                     styles.body)] for start in range(0, len(terms), WORD_BANK_ROW)]
    return make_table(rows, text.font, [("BOX", (0, 0), (-1, -1), 1.0, INK), ("LEFTPADDING", (0, 0), (-1, -1), 8),
                                        ("RIGHTPADDING", (0, 0), (-1, -1), 8)], colWidths=["100%"], repeatRows=1)


def _matching(loaded: LessonView, text: PrintText, styles: Styles, spacing: float) -> list[Flowable]:
    lesson = loaded.lesson
    if not lesson.vocabulary:
        return []
    order = loaded.matching_order
    rows = []
    for position in range(len(lesson.vocabulary)):
        word = lesson.vocabulary[position]
        defined = lesson.vocabulary[order[position]]
        rows.append([
            Paragraph(BLANK, styles.body),
            Paragraph(f"{position + 1}. " + text.markup(word.term, ("vocabulary", position, "term")), styles.bold),
            Paragraph(f"{letter(position)}. " + text.markup(defined.definition,
                                                              ("vocabulary", order[position], "definition")),
                      styles.body),
        ])
    table = make_table(rows, text.font, [("VALIGN", (0, 0), (-1, -1), "TOP"),
                                         ("LINEBELOW", (0, 0), (-1, -1), 0.4, LIGHT)],
                       colWidths=[_blank_width(styles), 1.9 * inch, None])
    return [CondPageBreak(2 * inch), Paragraph("Part 2. Vocabulary matching", styles.heading),
            Paragraph("Write the letter of the matching meaning on the line before each term.", styles.body), table]


def _blank_width(styles: Styles) -> float:
    """Return the width of the column of blanks: the blank on one line at the edition's text size, never wrapped."""
    body = styles.body
    return max(0.7 * inch, stringWidth(BLANK, body.fontName, body.fontSize) + 2 * CELL_PADDING + 1)


def _sequencing(loaded: LessonView, text: PrintText, styles: Styles) -> list[Flowable]:
    lesson = loaded.lesson
    if not lesson.timeline:
        return []
    events = loaded.timeline
    rows = [[Paragraph(BLANK, styles.body),
             Paragraph(text.markup(events[index].event.label, ("timeline", events[index].lesson_index, "label")),
                       styles.body)]
            for index in loaded.sequencing_order]
    table = make_table(rows, text.font, [("VALIGN", (0, 0), (-1, -1), "TOP"),
                                         ("LINEBELOW", (0, 0), (-1, -1), 0.4, LIGHT)],
                       colWidths=[_blank_width(styles), None])
    return [CondPageBreak(2 * inch), Paragraph("Part 3. Put the events in order", styles.heading),
            Paragraph("Number the events from 1 (earliest) to "
                      f"{len(events)} (latest).", styles.body), table]


def _source_analysis(loaded: LessonView, text: PrintText, styles: Styles, spacing: float,
                     support: bool) -> list[Flowable]:
    quotes = loaded.sources
    if not quotes:
        return []
    story: list[Flowable] = [CondPageBreak(3 * inch)]
    part_heading: list[Flowable] = [Paragraph("Part 4. Analyse the sources", styles.heading)]  # kept with Source 1
    for source in quotes:
        block = part_heading + [source_box(text, styles, source.quote, source.path, source.label), Spacer(1, 4)]
        part_heading = []
        for _, prompt in ANALYSIS_PROMPTS:
            heading = Paragraph(prompt, styles.bold)
            heading.keepWithNext = True  # its lines follow it to the next page when a long source fills this one
            block += [heading, RuledLines(3 if support else 2, spacing)]
        story += [KeepTogether(block), Spacer(1, 12)]
    return story


def answer_key_pdf(loaded: LessonView) -> bytes:
    """Return the teacher's key: model answers, matching, sequence, source notes and quiz answers."""
    lesson = loaded.lesson
    text = PrintText(loaded)
    styles = Styles(text)
    story: list[Flowable] = [Paragraph(text.markup(f"{lesson.title}: answer key", ("title",)), styles.title),
                             Paragraph("Teacher copy. Question numbers match both worksheet editions.",
                                       styles.bold)]
    story.append(Paragraph("Part 1. Discussion questions", styles.heading))
    for number, question in enumerate(lesson.discussion_questions, start=1):
        path = ("discussion_questions", number - 1)
        story.append(KeepTogether([
            Paragraph(f"{number}. " + text.markup(question.prompt, path + ("prompt",)), styles.bold),
            Paragraph("Model answer: " + text.markup(question.model_answer, path + ("model_answer",)), styles.body),
        ]))
    if lesson.vocabulary:
        pairs = [f"{position + 1}. {lesson.vocabulary[position].term} = {loaded.matching_letter(position)}"
                 for position in range(len(lesson.vocabulary))]
        story.append(Paragraph("Part 2. Vocabulary matching", styles.heading))
        story += [Paragraph(text.markup(pair, ("vocabulary",)), styles.body) for pair in pairs]
    if lesson.timeline:
        events = [entry.event for entry in loaded.timeline]
        shown = loaded.sequencing_order
        story.append(Paragraph("Part 3. Correct order", styles.heading))
        story.append(Paragraph("Numbers to write, top to bottom as printed: "
                               + ", ".join(str(index + 1) for index in shown), styles.body))
        story += [Paragraph(text.markup(f"{rank}. {format_date(event.date)}: {event.label}", ("timeline",)),
                            styles.body) for rank, event in enumerate(events, start=1)]
    quotes = loaded.sources
    if quotes:
        story.append(Paragraph("Part 4. Source analysis notes", styles.heading))
        for source in quotes:
            quote, path = source.quote, source.path
            story.append(Paragraph(text.markup(f"{source.label}: {quote.speaker}, {format_date(quote.date)}",
                                               path + ("speaker",)), styles.subheading))
            if quote.analysis is None:
                story.append(Paragraph("No notes in the lesson; accept answers supported by the context: "
                                       + text.markup(quote.context, path + ("context",)), styles.body))
                continue
            for key, prompt in ANALYSIS_PROMPTS:
                label = prompt.split(":")[0]
                story.append(Paragraph(f"<b>{label}:</b> " + text.markup(getattr(quote.analysis, key),
                                                                          path + ("analysis", key)), styles.body))
    if lesson.quiz:
        story.append(Paragraph("Check for understanding (quiz)", styles.heading))
        for number, quiz_item in enumerate(loaded.quiz, start=1):
            item, answer, path = quiz_item.item, quiz_item.answer, ("quiz", quiz_item.index)
            story.append(KeepTogether([
                Paragraph(f"{number}. " + text.markup(item.prompt, path + ("prompt",)), styles.bold),
                Paragraph("Answer: " + text.markup(answer, path + ("answer",)) + ". "
                          + text.markup(item.explanation, path + ("explanation",)), styles.body)]))
    return render_pdf(loaded, text, story, title=f"{lesson.title}: answer key", header_label="Teacher copy")
