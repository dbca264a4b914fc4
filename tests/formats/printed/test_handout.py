"""handout.pdf, read back: content in order, quotes in boxes, the glossary, the drawn timeline, Cornell notes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pdfplumber
from support.paths import FIXTURES
from support.pdf_text import POINTS_PER_INCH, by_date, document, flat, in_order, loaded, pages_text

from generators.driver.builder import Project, build
from generators.model.lesson import format_date
from generators.view.lesson_view import LessonView


def test_handout_has_header_question_sections_glossary_and_notes_in_order(built_project):
    lesson = loaded(built_project, "mao-khrushchev").lesson
    text = document(built_project, "mao-khrushchev", "handout.pdf")
    assert text.startswith("Name Date Period")
    expected = (["Compelling question", lesson.compelling_question]
                + [section.heading for section in lesson.sections]
                + ["Vocabulary", "Cornell notes", "Questions and cues", "Notes", "Summary"])
    assert in_order(text, [flat(item) for item in expected])
    for word in lesson.vocabulary:
        assert flat(f"{word.term}") in text


def test_the_handout_leaves_out_the_timeline_the_worksheet_asks_students_to_build(built_project):
    """Printed beside the reading, the timeline would answer the worksheet's 'put the events in order'."""
    handout = document(built_project, "mao-khrushchev", "handout.pdf")
    worksheet = document(built_project, "mao-khrushchev", "worksheet.pdf")
    assert "Put the events in order" in worksheet
    assert "Timeline" not in handout
    assert "Hungarian revolt; Soviet tanks enter Budapest" not in handout


def test_glossary_entries_are_whole_in_two_columns(built_project):
    """Each entry, term to the end of its meaning, reads whole within one column of one page."""
    lesson = loaded(built_project, "mao-khrushchev").lesson
    columns = []
    with pdfplumber.open(built_project.build_dir / "mao-khrushchev" / "handout.pdf") as pdf:
        for page in pdf.pages:
            half = page.width / 2
            columns += [flat(page.crop((0, 0, half, page.height)).extract_text() or ""),
                        flat(page.crop((half, 0, page.width, page.height)).extract_text() or "")]
    for word in lesson.vocabulary:
        holding = [column for column in columns if word.term in column]
        assert holding, word.term
        assert any(flat(word.definition) in column for column in holding), word.term


def timeline_handout(tmp_path) -> Path:
    """Build the flow lesson with its timeline taught by no activity (so the worksheet does not sequence it)."""
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    flow = (FIXTURES / "flow.yaml").read_text("utf-8")
    assert "      timeline: true\n" in flow
    (lessons / "flow.yaml").write_text(flow.replace("      timeline: true\n", "", 1), "utf-8")
    shutil.copy(FIXTURES.parent.parent / "lessons" / "_course.yaml", lessons / "_course.yaml")
    project = Project(tmp_path, tmp_path / "build")
    report = build(project, force=True, jobs=1)
    assert not report.invalid and not report.failed
    return tmp_path / "build" / "flow" / "handout.pdf"


def test_handout_sets_each_quote_in_a_box_with_speaker_date_and_source(built_project):
    path = built_project.build_dir / "mao-khrushchev" / "handout.pdf"
    with pdfplumber.open(path) as pdf:
        first = pdf.pages[0]
        text = flat(first.extract_text())
        assert "— Unsigned editorial article, 5 April 1956. People's Daily, \"On the Historical" in text
        word = first.search("outstanding Marxist-Leninist fighter")[0]
        wide = [line for line in first.lines if line["width"] > 300]
        tall = [line for line in first.lines if line["height"] > 30 and line["x0"] < word["x0"]]
        assert any(line["top"] < word["top"] for line in wide) and any(line["top"] > word["bottom"] for line in wide)
        assert any(line["top"] < word["top"] < line["bottom"] for line in tall)


def test_every_handout_page_has_the_citation_and_page_x_of_y(built_project):
    pages = pages_text(built_project.build_dir / "mao-khrushchev" / "handout.pdf")
    assert 3 <= len(pages) <= 10
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert "Richard Baum" in flat(text)


def test_cornell_notes_have_a_cue_column_and_summary_box_of_the_right_size(built_project):
    lesson = loaded(built_project, "mao-khrushchev").lesson
    with pdfplumber.open(built_project.build_dir / "mao-khrushchev" / "handout.pdf") as pdf:
        page = pdf.pages[-1]
        text = flat(page.extract_text())
        for question in lesson.supporting_questions:
            assert flat(question) in text
        frame = max(page.rects, key=lambda rect: rect["width"] * rect["height"])
        divider = [line for line in page.lines if abs(line["x0"] - line["x1"]) < 0.5 and line["height"] > 200]
        assert len(divider) == 1
        assert abs((divider[0]["x0"] - frame["x0"]) - 3.2 * POINTS_PER_INCH) < 1
        summary_top = [line for line in page.lines if line["width"] >= frame["width"] - 1]
        assert any(abs((frame["bottom"] - line["top"]) - 1.6 * POINTS_PER_INCH) < 1 for line in summary_top)
        assert divider[0]["height"] > 2.5 * POINTS_PER_INCH  # room to write beside the cues


def test_an_untaught_timeline_is_drawn_in_order_on_one_page_with_a_line_and_markers(tmp_path):
    path = timeline_handout(tmp_path)
    lesson = loaded(Project(tmp_path, tmp_path / "build"), "flow").lesson
    dates = [format_date(event.date) for event in by_date(lesson.timeline)]
    pages = pages_text(path)
    assert any(in_order(flat(page), ["Timeline", *dates]) for page in pages)
    with pdfplumber.open(path) as pdf:
        page = next(page for page in pdf.pages if "Timeline" in (page.extract_text() or ""))
        markers = [curve for curve in page.curves if curve["width"] < 12]
        assert len(markers) >= len(dates)
        assert not page.rects or all(rect["height"] > 100 for rect in page.rects)  # a drawing, not a table


def test_a_source_the_worksheet_analyzes_is_printed_there_in_full_and_pointed_to_from_the_handout(built_project):
    view = LessonView(loaded(built_project, "mao-khrushchev"))
    handout = document(built_project, "mao-khrushchev", "handout.pdf")
    worksheet = document(built_project, "mao-khrushchev", "worksheet.pdf")
    analysed = {source.quote.id: part.number for part in view.worksheet_parts for source in part.sources}
    assert analysed
    for source in view.sources:
        quote = flat(source.quote.text)[:40]
        if source.quote.id in analysed:
            assert quote not in handout and quote in worksheet
            assert f"{source.label} ({source.quote.speaker}" in handout
            assert f"you read and analyze it in Part {analysed[source.quote.id]} of the worksheet" in handout
        else:
            assert quote in handout
