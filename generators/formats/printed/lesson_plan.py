"""The teacher's lesson plan (lesson-plan.pdf): questions, objectives, standards, materials, timed procedure."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether

from generators.formats.cross_references import References, activity_references
from generators.formats.printed.kit import INK, LIGHT, Paragraph, PrintText, Styles, make_table, render_pdf
from generators.formats.registry import output_files
from generators.model.lesson import format_clock
from generators.text.wording import number_ranges
from generators.view.lesson_view import LessonView


def lesson_plan_pdf(loaded: LessonView) -> bytes:
    """Return a one- to two-page plan a department head would accept."""
    lesson = loaded.lesson
    references = activity_references(loaded)
    text = PrintText(loaded)
    styles = Styles(text, body_size=11, leading_factor=1.2)
    styles.bullet.spaceAfter = 1  # a plan is scanned, not read: lists stay tight
    story: list[Flowable] = [
        Paragraph(text.markup(f"Lesson plan: {lesson.title}", ("title",)), styles.title),
        Paragraph(text.markup(loaded.plan_details()), styles.body),
        Paragraph("Compelling question", styles.subheading),
        Paragraph(text.markup(lesson.compelling_question, ("compelling_question",)), styles.bold),
    ]
    story += _list("Supporting questions", text, styles, lesson.supporting_questions, ("supporting_questions",))
    story += _list("Objectives", text, styles, lesson.objectives, ("objectives",))
    story += _list("Standards", text, styles,
                   [f"{s.code}{f' ({s.framework})' if s.framework else ''}: {s.text}" for s in lesson.standards],
                   ("standards",))
    # keepWithNext would hold the heading to the whole table and push both to the next page; let the table split
    story += [CondPageBreak(1.5 * inch), Paragraph("Procedure", ParagraphStyle("subheading", styles.subheading,
                                                                               keepWithNext=False)),
              _procedure_table(loaded, references, text, styles)]
    differentiation = lesson.differentiation
    story += _list("Differentiation: support", text, styles,
                   differentiation.support + [f"Language learners: {note}" for note in
                                              differentiation.language_learners]
                   + ["worksheet-support.pdf: larger text, the dates beside the events to order, the words each "
                      "question needs, sentence starters"],
                   ("differentiation",))
    story += _list("Differentiation: extension", text, styles, differentiation.extension, ("differentiation",))
    assessment = ["Worksheet (worksheet.pdf or worksheet-support.pdf), checked against answer-key.pdf"]
    assessment += _checks(loaded, references) + _homework(loaded)
    if lesson.exit_ticket:
        count = len(lesson.exit_ticket)
        assessment.append(f"Exit ticket: {count} question{'s' if count > 1 else ''} (exit-tickets.pdf; what to look "
                          "for: its slide's notes)")
    story += _list("Assessment", text, styles, assessment, ("exit_ticket",))
    files = [name for name in output_files() if name != "lesson-plan.pdf"]
    folders = dict.fromkeys(name.split("/")[0] for name in files if "/" in name)
    materials = " · ".join([name for name in files if "/" not in name]
                           + [f"{folder}/ ({sum(name.startswith(folder + '/') for name in files)} LMS files)"
                              for folder in folders])
    story.append(Paragraph("<b>Materials:</b> " + text.markup(materials), styles.body))
    return render_pdf(loaded, text, story, title=f"{lesson.title}: lesson plan", header_label="Teacher copy")


def _list(heading: str, text: PrintText, styles: Styles, items: list[str], path: tuple) -> list[Flowable]:
    if not items:
        return []
    paragraphs = [Paragraph(text.markup(item, path), styles.bullet, bulletText="•") for item in items]
    return [KeepTogether([Paragraph(heading, styles.subheading), paragraphs[0]]), *paragraphs[1:]]


def _homework(view: LessonView) -> list[str]:
    part = next((part for part in view.worksheet_parts if part.title == "Homework"), None)
    if part is None:
        return []
    return [f"Homework: worksheet Part {part.number}" + homework_detail(view, part)]


def homework_detail(view: LessonView, part) -> str:
    """Return what the homework part holds, by its question numbers when it holds questions."""
    numbers = [numbered.number for numbered in part.discussion]
    if numbers and not (part.vocabulary or part.timeline or part.sources):
        return f" (question{'s' if len(numbers) > 1 else ''} {number_ranges(numbers)})"
    return f" ({'; '.join(view.homework.described(view.lesson))})"


def _checks(view: LessonView, references: list[References]) -> list[str]:
    checks = [f"Checks for understanding in {step.activity.name}: {len(step.uses.checks)} question"
              f"{'s' if len(step.uses.checks) > 1 else ''} "
              f"on slide{'s' if len(found.check_slides) > 1 else ''} {number_ranges(found.check_slides)}, answers "
              "in the speaker notes"
              for step, found in zip(view.steps, references) if step.uses.checks]
    if view.lesson.quiz:
        checks.append(f"Quiz: {len(view.lesson.quiz)} items in two versions (quiz-A.pdf, quiz-B.pdf), graded with "
                      "quiz-key.pdf")
    return checks


def _procedure_table(loaded: LessonView, references: list[References], text: PrintText, styles: Styles):
    """Return the timed procedure, a row per activity, each row whole on one page."""
    header = [Paragraph(label, styles.bold) for label in ("Time", "Activity", "What happens")]
    rows = [header]
    for step, found in zip(loaded.steps, references):
        window, activity = step.window, step.activity
        path = ("activities", step.index)
        what = text.markup(activity.instructions, path + ("instructions",))
        uses = step.uses.described(loaded.lesson)
        if uses:
            what += "<br/><b>Uses:</b> " + text.markup(" · ".join(uses), path + ("uses",))
        if found.described():
            what += "<br/><b>Find it:</b> " + text.markup(found.described())
        rows.append([
            Paragraph(f"{format_clock(window.start)}–{format_clock(window.end)}<br/>{activity.minutes} min",
                      styles.body),
            Paragraph(f"<b>{text.markup(activity.name, path + ('name',))}</b><br/>"
                      + text.markup(activity.grouping, path + ("grouping",)), styles.body),
            Paragraph(what, styles.body),
        ])
    total = loaded.lesson.duration_minutes
    rows.append([Paragraph(f"0:00–{format_clock(total)}", styles.bold),
                 Paragraph(f"Total: {total} minutes", styles.bold), ""])
    return make_table(rows, text.font, [
        ("LINEBELOW", (0, 0), (-1, 0), 1.2, INK), ("LINEBELOW", (0, 1), (-1, -2), 0.4, LIGHT),
        ("LINEABOVE", (0, -1), (-1, -1), 1.2, INK), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ], colWidths=[0.9 * inch, 1.25 * inch, None])  # rows whole; (a repeated header row misplaces itself)
