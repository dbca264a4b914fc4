"""The printed documents, read back with pdfplumber and pypdf: content and order, fonts, answers only in the key."""

from __future__ import annotations

import hashlib
import re

import pdfplumber
import pytest
from conftest import MINIMAL_LESSON as M
from pypdf import PdfReader

from generators.driver.builder import build
from generators.model.lesson import CourseSettings, format_date
from generators.reading.loader import load_lesson
from generators.view.lesson_view import ANALYSIS_PROMPTS, LessonView, letter

STUDENT_DOCUMENTS = ["handout.pdf", "worksheet.pdf", "worksheet-support.pdf", "exit-tickets.pdf"]
ALL_DOCUMENTS = STUDENT_DOCUMENTS + ["answer-key.pdf"]
POINTS_PER_INCH = 72


def by_date(events):
    """Return timeline events sorted by date, as students see them."""
    return sorted(events, key=lambda event: event.date)


def loaded(project, lesson_id):
    return load_lesson(project.lessons_dir / f"{lesson_id}.yaml", CourseSettings(), project.root)


def pages_text(path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def document(project, lesson_id, name) -> str:
    return flat(" ".join(pages_text(project.build_dir / lesson_id / name)))


def in_order(haystack: str, needles: list[str]) -> bool:
    position = 0
    for needle in needles:
        position = haystack.find(needle, position)
        if position < 0:
            return False
    return True


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


def test_worksheet_questions_are_numbered_and_keep_their_answer_lines(built_project):
    lesson = loaded(built_project, "mao-khrushchev").lesson
    with pdfplumber.open(built_project.build_dir / "mao-khrushchev" / "worksheet.pdf") as pdf:
        for number, question in enumerate(lesson.discussion_questions, start=1):
            start = f"{number}. {question.prompt.split()[0]}"
            page = next(page for page in pdf.pages if start in (page.extract_text() or ""))
            prompt_bottom = page.search(re.escape(start))[0]["bottom"]
            rules = [line for line in page.lines if line["top"] > prompt_bottom and line["width"] > 400]
            assert rules, f"question {number} is separated from its lines"


@pytest.mark.parametrize("name", ["worksheet.pdf", "worksheet-support.pdf"])
def test_every_source_analysis_prompt_has_its_lines_below_it_on_the_same_page(built_project, name):
    lesson = loaded(built_project, "mao-khrushchev").lesson
    quotes = sum(len(section.quotes) for section in lesson.sections)
    found = 0
    with pdfplumber.open(built_project.build_dir / "mao-khrushchev" / name) as pdf:
        for page in pdf.pages:
            ruled = [line["top"] for line in page.lines if line["width"] > 300]
            ruled.remove(max(ruled))  # the footer's rule
            for _, prompt in ANALYSIS_PROMPTS:
                for match in page.search(re.escape(prompt)):
                    found += 1
                    rules = [top for top in ruled if 0 < top - match["bottom"] < 60]
                    assert rules, f"page {page.page_number}: '{prompt}' is separated from its lines"
    assert found == quotes * len(ANALYSIS_PROMPTS)


@pytest.mark.parametrize("lesson_id", ["mao-khrushchev", "stress"])
@pytest.mark.parametrize("name", ["worksheet.pdf", "worksheet-support.pdf"])
def test_the_source_analysis_heading_is_on_the_page_of_its_first_source(built_project, lesson_id, name):
    pages = [flat(page) for page in pages_text(built_project.build_dir / lesson_id / name)]
    page = next(page for page in pages if "Part 4. Analyse the sources" in page)
    assert in_order(page, ["Part 4. Analyse the sources", "Source 1", "Historical situation"])


@pytest.mark.parametrize("name", ["worksheet.pdf", "worksheet-support.pdf"])
def test_blanks_for_letters_and_numbers_are_never_broken_over_two_lines(built_project, name):
    lesson = loaded(built_project, "mao-khrushchev").lesson
    runs = re.findall(r"_+", document(built_project, "mao-khrushchev", name))
    assert len(runs) == len(lesson.vocabulary) + len(lesson.timeline)
    assert set(runs) == {"______"}


def test_matching_key_pairs_each_term_with_its_own_definition(built_project):
    lesson_id = "mao-khrushchev"
    lesson = loaded(built_project, lesson_id).lesson
    order = LessonView(loaded(built_project, lesson_id)).matching_order
    assert order != list(range(len(order)))
    worksheet = document(built_project, lesson_id, "worksheet.pdf")
    key = document(built_project, lesson_id, "answer-key.pdf")
    for position, word in enumerate(lesson.vocabulary):
        shown_at = order.index(position)
        assert f"{position + 1}. {word.term} = {letter(shown_at)}" in key
        assert f"{letter(shown_at)}. {flat(word.definition)}" in worksheet


def test_sequencing_key_gives_the_date_order_of_the_shuffled_events(built_project):
    lesson_id = "mao-khrushchev"
    lesson = loaded(built_project, lesson_id).lesson
    events = by_date(lesson.timeline)
    shown = LessonView(loaded(built_project, lesson_id)).sequencing_order
    worksheet = document(built_project, lesson_id, "worksheet.pdf")
    assert in_order(worksheet, [flat(events[index].label) for index in shown])
    key = document(built_project, lesson_id, "answer-key.pdf")
    assert "Numbers to write, top to bottom as printed: " + ", ".join(str(i + 1) for i in shown) in key


def test_source_analysis_box_for_every_quote(built_project):
    lesson = loaded(built_project, "mao-khrushchev").lesson
    text = document(built_project, "mao-khrushchev", "worksheet.pdf")
    quotes = [quote for section in lesson.sections for quote in section.quotes]
    assert text.count("Historical situation: what was going on") == len(quotes)
    assert text.count("Point of view: whose outlook does it show?") == len(quotes)


def test_support_edition_has_word_bank_starters_larger_text_and_the_same_numbers(built_project):
    lesson = loaded(built_project, "mao-khrushchev").lesson
    support = document(built_project, "mao-khrushchev", "worksheet-support.pdf")
    assert "Word bank" in support
    for number, question in enumerate(lesson.discussion_questions, start=1):
        assert f"{number}. {flat(question.prompt)}" in support
        assert "Start with: " + flat(question.sentence_starter) in support
    with pdfplumber.open(built_project.build_dir / "mao-khrushchev" / "worksheet-support.pdf") as pdf:
        body = [char["size"] for page in pdf.pages for char in page.chars if char["top"] < page.height - 80]
        assert min(body) >= 13.99


def test_answer_key_is_marked_teacher_copy_on_every_page_and_holds_the_answers(built_project):
    lesson = loaded(built_project, "mao-khrushchev").lesson
    pages = pages_text(built_project.build_dir / "mao-khrushchev" / "answer-key.pdf")
    assert all("Teacher copy" in page for page in pages)
    key = flat(" ".join(pages))
    for question in lesson.discussion_questions:
        assert flat(question.model_answer) in key
    for item in lesson.quiz:
        assert flat(item.explanation) in key


@pytest.mark.parametrize("lesson_id", ["mao-khrushchev", "stress", "pictures"])
def test_no_answer_appears_in_any_student_document(built_project, lesson_id):
    lesson = loaded(built_project, lesson_id).lesson
    answers = [question.model_answer for question in lesson.discussion_questions]
    answers += [item.explanation for item in lesson.quiz]
    answers += [ticket.look_for for ticket in lesson.exit_ticket if ticket.look_for]
    for section in lesson.sections:
        for quote in section.quotes:
            if quote.analysis:
                answers += [quote.analysis.purpose, quote.analysis.point_of_view]
    answers += ["Answer:", "Model answer", "Numbers to write"]
    for name in STUDENT_DOCUMENTS:
        text = document(built_project, lesson_id, name)
        for answer in answers:
            assert flat(answer)[:60] not in text, f"{name} shows an answer: {answer[:40]}"


@pytest.mark.parametrize("name", ALL_DOCUMENTS)
def test_every_font_is_embedded_and_none_is_italic(built_project, name):
    reader = PdfReader(built_project.build_dir / "stress" / name)
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            fonts[str(font["/BaseFont"])] = descendant["/FontDescriptor"].get_object()
    assert fonts
    for base_name, descriptor in fonts.items():
        assert "/FontFile2" in descriptor, f"{base_name} is not embedded"
        assert "Italic" not in base_name and "Oblique" not in base_name


def test_stress_lesson_prints_markup_pinyin_cjk_dashes_and_emoji_as_typed(built_project):
    handout = document(built_project, "stress", "handout.pdf")
    for expected in ["<b>Split</b>", "Mao & Khrushchev", "修正主义", "xiūzhèng", "“Quotes”", "—",
                     "Ann <Author> & Co", "北京", "“Quotes”, 🙂 and 修正主义"]:
        assert expected in handout, expected
    with pdfplumber.open(built_project.build_dir / "stress" / "handout.pdf") as pdf:
        assert any(char["text"] == "🙂" and "Symbola" in char["fontname"] for char in pdf.pages[0].chars)


def test_characters_beyond_u_ffff_copy_out_as_themselves_and_the_rest_as_reportlab_wrote_them():
    from reportlab.pdfbase import ttfonts

    from generators.formats.printed.kit import _to_unicode_cmap

    common = [*range(32, 127), 0xA0, 0x2014, 0x201C, 0x4FEE, 0xFFFD]
    reportlab_map = ttfonts.TTFont.__init__.__globals__["makeToUnicodeCMap"]  # the name reportlab calls
    assert reportlab_map is _to_unicode_cmap
    lines = _to_unicode_cmap("F", common + [0x1F642, 0x10000]).splitlines()
    pairs = lines[lines.index(f"{len(common) + 2} beginbfchar") + 1:lines.index("endbfchar")]
    assert pairs[-2:] == [f"<{len(common):02X}> <D83DDE42>", f"<{len(common) + 1:02X}> <D800DC00>"]
    assert pairs[:-2] == [f"<{code:02X}> <{value:04X}>" for code, value in enumerate(common)]  # reportlab's form


@pytest.mark.parametrize("name", ALL_DOCUMENTS)
def test_text_keeps_three_quarter_inch_margins(built_project, name):
    with pdfplumber.open(built_project.build_dir / "mao-khrushchev" / name) as pdf:
        for page in pdf.pages:
            for char in page.chars:
                assert char["x0"] >= 0.75 * POINTS_PER_INCH - 1
                assert char["x1"] <= page.width - 0.75 * POINTS_PER_INCH + 1
                assert char["top"] >= 0.75 * POINTS_PER_INCH - 1
                assert char["bottom"] <= page.height - 0.75 * POINTS_PER_INCH + 1


def test_body_text_is_at_least_12_points(built_project):
    lesson = loaded(built_project, "mao-khrushchev").lesson
    with pdfplumber.open(built_project.build_dir / "mao-khrushchev" / "handout.pdf") as pdf:
        page = pdf.pages[0]
        words = page.extract_words(extra_attrs=["size"])
        first_words = lesson.sections[0].summary[0].split()[:6]
        sizes = [word["size"] for word in words if word["text"] in first_words]
        assert sizes and min(sizes) >= 12


def test_paper_size_follows_the_course(tmp_path, run_cli):
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "_course.yaml").write_text("paper: A4\n", "utf-8")
    (tmp_path / "lessons" / "x.yaml").write_text(M, "utf-8")
    assert run_cli(tmp_path, "build", "--format", "handout").code == 0
    with pdfplumber.open(tmp_path / "build" / "x" / "handout.pdf") as pdf:
        assert (round(pdf.pages[0].width), round(pdf.pages[0].height)) == (595, 842)


def test_a_character_no_bundled_font_has_is_an_error_with_its_line(tmp_path, run_cli):
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "x.yaml").write_text(M.replace("One paragraph.", "One \ue000 paragraph."), "utf-8")
    result = run_cli(tmp_path, "build")
    assert result.code == 2
    assert result.err.splitlines()[0] == (
        "lessons/x.yaml:22:9: error: sections[0].summary[0]: the character '\ue000' (U+E000, unnamed) is in none of "
        "the bundled fonts, so it cannot be printed; replace it")
    assert not (tmp_path / "build" / "x").exists()


def test_printed_documents_are_byte_identical_across_builds(built_project):
    folder = built_project.build_dir / "stress"
    before = {name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in ALL_DOCUMENTS}
    build(built_project, ["stress"], force=True, jobs=1)
    assert {name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in ALL_DOCUMENTS} == before


def test_exit_tickets_fit_several_to_a_page_with_cut_lines(built_project):
    lesson = loaded(built_project, "mao-khrushchev").lesson
    with pdfplumber.open(built_project.build_dir / "mao-khrushchev" / "exit-tickets.pdf") as pdf:
        assert len(pdf.pages) == 1
        text = pdf.pages[0].extract_text()
        copies = text.count("Exit ticket:")
        assert copies >= 2
        assert text.count(lesson.exit_ticket[0].prompt[:30]) == copies
        assert text.count("✂") == copies - 1


def test_common_chinese_comes_from_the_small_cjk_slice_and_rare_characters_from_the_full_font(tmp_path, run_cli):
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "x.yaml").write_text(M.replace("One paragraph.", "北京 and the rare 鑫.", 1), "utf-8")
    assert run_cli(tmp_path, "build", "--format", "handout").code == 0
    with pdfplumber.open(tmp_path / "build" / "x" / "handout.pdf") as pdf:
        fonts = {char["text"]: char["fontname"] for page in pdf.pages for char in page.chars}
    assert fonts["北"].endswith("DroidSansFallbackCommon") and fonts["京"] == fonts["北"]
    assert fonts["鑫"].endswith("DroidSansFallback")


def test_a_paragraph_breaks_its_lines_once_per_width_and_again_for_a_new_width(monkeypatch):
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph as ReportlabParagraph

    from generators.formats.printed.kit import Paragraph

    breaks = []
    original = ReportlabParagraph.breakLines
    monkeypatch.setattr(ReportlabParagraph, "breakLines",
                        lambda self, widths: breaks.append(type(self)) or original(self, widths))
    style = ParagraphStyle("body", fontName="Helvetica", fontSize=12, leading=15)
    text = "Mao and Khrushchev disagreed about Stalin, about war, and about who led world communism. " * 4
    paragraph, plain = Paragraph(text, style), ReportlabParagraph(text, style)
    assert paragraph.wrap(200, 500) == plain.wrap(200, 500)
    first_lines = paragraph.blPara.lines
    assert paragraph.wrap(200, 10) == plain.wrap(200, 10)  # the height offered does not change the lines
    assert breaks.count(Paragraph) == 1 and paragraph.blPara.lines is first_lines
    for width in (400, 100, 400):
        assert paragraph.wrap(width, 500) == plain.wrap(width, 500)
    assert breaks.count(Paragraph) == 3 and breaks.count(ReportlabParagraph) == 5
    assert paragraph.wrap(200, 500) == plain.wrap(200, 500) and paragraph.blPara.lines is first_lines
    assert [part.wrap(200, 500) for part in paragraph.split(200, 100)] == [
        part.wrap(200, 500) for part in plain.split(200, 100)]
