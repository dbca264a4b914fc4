"""What every printed document shares: fonts embedded and chosen per character, margins, sizes, paper, bytes."""

from __future__ import annotations

import hashlib

import pdfplumber
import pytest
from pypdf import PdfReader
from support.paths import MINIMAL_LESSON as M
from support.pdf_text import ALL_DOCUMENTS, POINTS_PER_INCH, document, loaded

from generators.driver.builder import build


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
                     "Ann <Author> & Co", "“Quotes”, 🙂 and 修正主义"]:
        assert expected in handout, expected
    assert "Event 1: talks & <i>tension</i> in 北京 — “quoted” ✓" in document(built_project, "stress", "worksheet.pdf")
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
def test_text_keeps_half_inch_margins(built_project, name):
    with pdfplumber.open(built_project.build_dir / "mao-khrushchev" / name) as pdf:
        for page in pdf.pages:
            for char in page.chars:
                assert char["x0"] >= 0.5 * POINTS_PER_INCH - 1
                assert char["x1"] <= page.width - 0.5 * POINTS_PER_INCH + 1
                assert char["top"] >= 0.5 * POINTS_PER_INCH - 1
                assert char["bottom"] <= page.height - 0.5 * POINTS_PER_INCH + 1


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


@pytest.mark.parametrize("name", ["handout.pdf", "worksheet.pdf", "worksheet-support.pdf", "answer-key.pdf",
                                  "exit-tickets.pdf", "quiz-A.pdf", "quiz-B.pdf", "quiz-key.pdf"])
def test_every_printed_text_but_the_footer_is_12_points_or_more(built_project, name):
    with pdfplumber.open(built_project.build_dir / "mao-khrushchev" / name) as pdf:
        sizes = [char["size"] for page in pdf.pages for char in page.chars
                 if char["top"] < page.height - 90 and char["text"].strip()]
    assert min(sizes) >= 11.99


@pytest.mark.parametrize("name", ["handout.pdf", "worksheet.pdf", "worksheet-support.pdf", "answer-key.pdf",
                                  "lesson-plan.pdf", "exit-tickets.pdf", "quiz-A.pdf", "quiz-B.pdf", "quiz-key.pdf"])
def test_every_pdf_shows_its_title_not_its_file_name(built_project, name):
    from pypdf import PdfReader

    reader = PdfReader(built_project.build_dir / "mao-khrushchev" / name)
    assert bool(reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title.startswith("Cracks in the Alliance")


def test_the_pdfs_outline_lists_their_sections_and_parts_in_order(built_project):
    from pypdf import PdfReader

    def titles(name):
        found = []

        def walk(entries, depth):
            for entry in entries:
                if isinstance(entry, list):
                    walk(entry, depth + 1)
                else:
                    found.append(("  " * depth) + entry.title)
        walk(PdfReader(built_project.build_dir / "mao-khrushchev" / name).outline, 0)
        return found

    lesson = loaded(built_project, "mao-khrushchev").lesson
    assert titles("handout.pdf") == [section.heading for section in lesson.sections] + ["Vocabulary", "Cornell notes"]
    worksheet = titles("worksheet.pdf")
    assert worksheet[:5] == ["Part 1. Vocabulary preview", "Part 2. Reading and notes", "Part 3. Source analysis",
                             "Part 4. Discussion", "Part 5. Homework"]
    assert "  Vocabulary matching" in titles("answer-key.pdf")
    assert "Procedure" in titles("lesson-plan.pdf")
