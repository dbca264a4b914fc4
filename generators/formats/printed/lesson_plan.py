"""The teacher's lesson plan (lesson-plan.pdf): questions, objectives, standards, materials, timed procedure."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether

from generators.formats.printed.kit import INK, LIGHT, Paragraph, PrintText, Styles, make_table, render_pdf
from generators.formats.registry import output_files
from generators.model.lesson import format_clock
from generators.view.lesson_view import LessonView


def lesson_plan_pdf(loaded: LessonView) -> bytes:
    """Return a one- to two-page plan a department head would accept."""
    lesson = loaded.lesson
    text = PrintText(loaded)
    styles = Styles(text, body_size=10.5, leading_factor=1.2)
    course = loaded.course
    meta = [f"Grades {lesson.grade_band}", lesson.subject, f"{lesson.duration_minutes} minutes"]
    meta += [part for part in (course.course_title, course.teacher, course.school) if part]
    story: list[Flowable] = [
        Paragraph(text.markup(f"Lesson plan: {lesson.title}", ("title",)), styles.title),
        Paragraph(text.markup(" · ".join(meta)), styles.body),
        Paragraph("Compelling question", styles.subheading),
        Paragraph(text.markup(lesson.compelling_question, ("compelling_question",)), styles.bold),
    ]
    story += _list("Supporting questions", text, styles, lesson.supporting_questions, ("supporting_questions",))
    story += _list("Objectives", text, styles, lesson.objectives, ("objectives",))
    # keepWithNext would hold the heading to the whole table and push both to the next page; let the table split
    story += [CondPageBreak(1.5 * inch), Paragraph("Procedure", ParagraphStyle("procedure", styles.subheading,
                                                                               keepWithNext=False)),
              _procedure_table(loaded, text, styles)]
    checks = [f"Discussion: {len(lesson.discussion_questions)} questions with think-pair-share (slides)"]
    if lesson.quiz:
        checks.append(f"Quick check: {len(lesson.quiz)} quiz items on the slides; answers in the speaker notes "
                      "and the answer key")
    story += _list("Checks for understanding", text, styles, checks, ())
    differentiation = lesson.differentiation
    story += _list("Differentiation: support", text, styles,
                   differentiation.support + [f"Language learners: {note}" for note in
                                              differentiation.language_learners]
                   + ["worksheet-support.pdf: same questions with a word bank, sentence starters, larger text"],
                   ("differentiation",))
    story += _list("Differentiation: extension", text, styles, differentiation.extension, ("differentiation",))
    assessment = ["Worksheet (worksheet.pdf or worksheet-support.pdf), checked against answer-key.pdf"]
    assessment += [f"Exit ticket: {ticket.prompt}" for ticket in lesson.exit_ticket]
    story += _list("Assessment", text, styles, assessment, ("exit_ticket",))
    story += _list("Standards", text, styles,
                   [f"{s.code}{f' ({s.framework})' if s.framework else ''}: {s.text}" for s in lesson.standards],
                   ("standards",))
    materials = " · ".join(output_files())
    story += [Paragraph("Materials", styles.subheading), Paragraph(text.markup(materials), styles.body)]
    story.append(Paragraph("<b>Source:</b> " + text.markup(lesson.source.citation(), ("source",)), styles.body))
    return render_pdf(loaded, text, story, title=f"{lesson.title}: lesson plan", header_label="Teacher copy")


def _list(heading: str, text: PrintText, styles: Styles, items: list[str], path: tuple) -> list[Flowable]:
    if not items:
        return []
    paragraphs = [Paragraph(text.markup(item, path), styles.bullet, bulletText="•") for item in items]
    return [KeepTogether([Paragraph(heading, styles.subheading), paragraphs[0]]), *paragraphs[1:]]


def _procedure_table(loaded: LessonView, text: PrintText, styles: Styles):
    header = [Paragraph(label, styles.bold) for label in ("Time", "Min", "Activity", "Grouping", "What happens")]
    rows = [header]
    for window in loaded.schedule:
        index, start, end, activity = window.index, window.start, window.end, window.activity
        path = ("activities", index)
        rows.append([
            Paragraph(f"{format_clock(start)}–{format_clock(end)}", styles.body),
            Paragraph(str(activity.minutes), styles.body),
            Paragraph(text.markup(activity.name, path + ("name",)), styles.bold),
            Paragraph(text.markup(activity.grouping, path + ("grouping",)), styles.body),
            Paragraph(text.markup(activity.instructions, path + ("instructions",)), styles.body),
        ])
    total = loaded.lesson.duration_minutes
    rows.append([Paragraph(f"0:00–{format_clock(total)}", styles.bold), Paragraph(str(total), styles.bold),
                 Paragraph(f"Total: {total} minutes", styles.bold), "", ""])
    return make_table(rows, text.font, [
        ("LINEBELOW", (0, 0), (-1, 0), 1.2, INK), ("LINEBELOW", (0, 1), (-1, -2), 0.4, LIGHT),
        ("LINEABOVE", (0, -1), (-1, -1), 1.2, INK), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ], colWidths=[0.85 * inch, 0.45 * inch, 1.45 * inch, 1.0 * inch, None], repeatRows=1)
