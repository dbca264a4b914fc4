"""LibreOffice renders each deck to PDF: no word outside its text box or the slide, nothing small but footers."""

from __future__ import annotations

import shutil
import subprocess

import pdfplumber
import pytest
from pptx import Presentation

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
EMU_PER_POINT = 12700
TOLERANCE = 2.0  # points: anti-aliasing and glyph side bearings
LESSONS = ["pictures", "stress", "mao-khrushchev"]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, built_project):
    """Convert each built deck to PDF with its own LibreOffice profile, all at once."""
    root = tmp_path_factory.mktemp("render")
    project = built_project
    processes = {}
    for lesson_id in LESSONS:
        deck = project.build_dir / lesson_id / "slides.pptx"
        if not deck.exists():
            continue
        profile = root / f"profile-{lesson_id}"
        out_dir = root / f"pdf-{lesson_id}"
        processes[lesson_id] = (deck, out_dir / "slides.pdf", subprocess.Popen(
            [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(out_dir), str(deck)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    results = {}
    for lesson_id, (deck, pdf, process) in processes.items():
        assert process.wait(timeout=300) == 0 and pdf.exists(), f"LibreOffice could not convert {lesson_id}"
        results[lesson_id] = (deck, pdf)
    return results


def text_boxes(shape):
    """Yield the rectangles (points) inside which a shape's text may appear."""
    if shape.has_text_frame and shape.text_frame.text.strip() or shape.has_table:
        yield (shape.left / EMU_PER_POINT, shape.top / EMU_PER_POINT,
               (shape.left + shape.width) / EMU_PER_POINT, (shape.top + shape.height) / EMU_PER_POINT)


def inside(word, box) -> bool:
    left, top, right, bottom = box
    return (word["x0"] >= left - TOLERANCE and word["x1"] <= right + TOLERANCE
            and word["top"] >= top - TOLERANCE and word["bottom"] <= bottom + TOLERANCE)


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_every_word_stays_inside_its_text_box_and_the_slide(rendered, lesson_id):
    if lesson_id not in rendered:
        pytest.skip("lesson not present")
    deck_path, pdf_path = rendered[lesson_id]
    presentation = Presentation(str(deck_path))
    width, height = presentation.slide_width / EMU_PER_POINT, presentation.slide_height / EMU_PER_POINT
    with pdfplumber.open(pdf_path) as pdf:
        assert len(pdf.pages) == len(presentation.slides)
        for number, (slide, page) in enumerate(zip(presentation.slides, pdf.pages), start=1):
            boxes = [box for shape in slide.shapes for box in text_boxes(shape)]
            words = page.extract_words(keep_blank_chars=False, use_text_flow=True)
            assert words, f"slide {number} rendered no text"
            for word in words:
                assert word["x0"] >= 0 and word["x1"] <= width and word["top"] >= 0 and word["bottom"] <= height
                assert any(inside(word, box) for box in boxes), \
                    f"slide {number}: '{word['text']}' at {word['x0']:.0f},{word['top']:.0f} is outside every text box"


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_no_glyph_under_20_points_outside_the_footer_band(rendered, lesson_id):
    if lesson_id not in rendered:
        pytest.skip("lesson not present")
    deck_path, pdf_path = rendered[lesson_id]
    presentation = Presentation(str(deck_path))
    with pdfplumber.open(pdf_path) as pdf:
        for number, (slide, page) in enumerate(zip(presentation.slides, pdf.pages), start=1):
            footer = [shape for shape in slide.shapes if shape.name in ("Footer", "Slide number")]
            band_top = min((shape.top / EMU_PER_POINT for shape in footer), default=page.height)
            for char in page.chars:
                if char["text"].strip() and char["size"] < 19.5:
                    assert char["top"] >= band_top - TOLERANCE, \
                        f"slide {number}: '{char['text']}' is {char['size']:.1f} pt outside the footer band"
                    assert 11.5 <= char["size"] <= 14.5
