"""handout.pdf, read back: content in order, quotes in boxes, the drawn timeline, Cornell notes."""

from __future__ import annotations

import pdfplumber
from support.pdf_text import POINTS_PER_INCH, by_date, document, flat, in_order, loaded, pages_text

from generators.model.lesson import format_date


def test_handout_has_header_question_sections_timeline_glossary_and_notes_page_in_order(built_project):
    lesson = loaded(built_project, "mao-khrushchev").lesson
    text = document(built_project, "mao-khrushchev", "handout.pdf")
    assert text.startswith("Name Date Period")
    expected = (["Compelling question", lesson.compelling_question, "Background"]
                + [section.heading for section in lesson.sections]
                + ["Timeline"] + [format_date(event.date) for event in by_date(lesson.timeline)]
                + ["Vocabulary"] + [word.term.split()[0] for word in lesson.vocabulary]
                + ["Cornell notes", "Questions and cues", "Notes", "Summary"])
    assert in_order(text, [flat(item) for item in expected])


def test_handout_sets_each_quote_in_a_box_with_speaker_date_and_source(built_project):
    path = built_project.build_dir / "mao-khrushchev" / "handout.pdf"
    with pdfplumber.open(path) as pdf:
        first = pdf.pages[0]
        text = flat(first.extract_text())
        assert "— People's Daily (unsigned article), 1956. People's Daily." in text
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


def test_cornell_page_has_a_cue_column_and_summary_box_of_the_right_size(built_project):
    lesson = loaded(built_project, "mao-khrushchev").lesson
    with pdfplumber.open(built_project.build_dir / "mao-khrushchev" / "handout.pdf") as pdf:
        page = pdf.pages[-1]
        text = flat(page.extract_text())
        for question in lesson.supporting_questions:
            assert flat(question) in text
        frame = max(page.rects, key=lambda rect: rect["width"] * rect["height"])
        divider = [line for line in page.lines if abs(line["x0"] - line["x1"]) < 0.5 and line["height"] > 200]
        assert len(divider) == 1
        assert abs((divider[0]["x0"] - frame["x0"]) - 2.5 * POINTS_PER_INCH) < 1
        summary_top = [line for line in page.lines if line["width"] >= frame["width"] - 1]
        assert any(abs((frame["bottom"] - line["top"]) - 2 * POINTS_PER_INCH) < 1 for line in summary_top)


def test_timeline_is_drawn_with_a_line_and_markers_not_a_table(built_project):
    with pdfplumber.open(built_project.build_dir / "mao-khrushchev" / "handout.pdf") as pdf:
        page = next(page for page in pdf.pages if "Timeline" in (page.extract_text() or ""))
        markers = [curve for curve in page.curves if curve["width"] < 12]
        assert len(markers) >= 6
        labels = page.search(r"Mao launches the Great Leap Forward|Hungarian revolt", regex=True)
        assert labels


def test_the_timeline_is_drawn_on_one_page(built_project):
    pages = pages_text(built_project.build_dir / "mao-khrushchev" / "handout.pdf")
    dates = ["February 1956", "April 1956", "November 1956", "May 1957", "1958"]
    assert any(all(date in page for date in dates) for page in pages)
