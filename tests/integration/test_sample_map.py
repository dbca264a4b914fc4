"""The sample's map of the communist world in 1956–58: made by a committed script, credited, shown where it helps."""

from __future__ import annotations

import re

import pdfplumber
from pptx import Presentation
from pptx.util import Emu
from support.paths import REPO
from support.pdf_text import flat, loaded

from generators.formats.slides.plan import BUILT_IN_GEOMETRY

MAP = "assets/images/communist-world-1956-58.png"


def test_the_map_is_drawn_by_a_committed_script_from_natural_earth_run_by_make_map():
    script = (REPO / "assets" / "maps" / "communist_world_1956.py").read_text("utf-8")
    assert "naturalearth_lowres" in script and MAP.split("/")[-1] in script
    requirements = (REPO / "assets" / "maps" / "requirements.txt").read_text("utf-8")
    assert re.search(r"^geopandas==0\.", requirements, re.M)  # the releases that ship Natural Earth's countries
    makefile = (REPO / "Makefile").read_text("utf-8")
    assert re.search(r"^map: .*## ", makefile, re.M) and "assets/maps/communist_world_1956.py" in makefile
    assert (REPO / MAP).stat().st_size < 300_000


def test_the_sample_lesson_shows_the_map_with_alt_text_caption_and_a_public_domain_credit(built_project):
    lesson = loaded(built_project, "mao-khrushchev").lesson
    images = [image for section in lesson.sections for image in section.images if image.file == MAP]
    assert len(images) == 1
    image = images[0]
    assert not image.decorative and len(image.alt) > 100
    assert "1956–58" in image.caption
    assert "Natural Earth" in image.credit and "public domain" in image.credit


def test_the_deck_shows_the_map_under_its_caption_with_its_alt_text_and_credit(built_project):
    lesson = loaded(built_project, "mao-khrushchev").lesson
    image = next(image for section in lesson.sections for image in section.images if image.file == MAP)
    presentation = Presentation(built_project.build_dir / "mao-khrushchev" / "slides.pptx")
    slide = next(slide for slide in presentation.slides
                 if slide.shapes.title is not None and slide.shapes.title.text == image.caption)
    pictures = [shape for shape in slide.shapes if shape.shape_type == 13]
    assert len(pictures) == 1
    picture = pictures[0]
    assert picture._element.nvPicPr.cNvPr.get("descr") == image.alt.strip()
    text = " ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
    assert f"Credit: {image.credit}" in text
    body = BUILT_IN_GEOMETRY.body
    assert Emu(picture.height).pt >= body.height - 1  # as tall as the body allows
    credit = next(shape for shape in slide.shapes if shape.has_text_frame and "Credit:" in shape.text_frame.text)
    assert Emu(credit.left).pt >= Emu(picture.left + picture.width).pt  # beside the picture, not over it


def test_the_handout_shows_the_map_beside_the_first_reading_with_caption_and_credit(built_project):
    lesson = loaded(built_project, "mao-khrushchev").lesson
    image = next(image for section in lesson.sections for image in section.images if image.file == MAP)
    with pdfplumber.open(built_project.build_dir / "mao-khrushchev" / "handout.pdf") as pdf:
        page = pdf.pages[0]
        assert len(page.images) == 1
        picture = page.images[0]
        beside = page.crop((picture["x0"] - 1, picture["top"], page.width, picture["bottom"] + 60))
        assert flat(f"{image.caption}. Credit: {image.credit}") in flat(beside.extract_text())
        reading = page.search(lesson.sections[0].summary[0].split()[0])[0]
        assert reading["x1"] < picture["x0"]  # the reading runs beside the picture
        assert picture["width"] > 3 * 72


def test_the_handout_embeds_the_map_at_print_resolution_not_at_its_full_size(built_project):
    with pdfplumber.open(built_project.build_dir / "mao-khrushchev" / "handout.pdf") as pdf:
        picture = pdf.pages[0].images[0]
    pixels_per_inch = picture["srcsize"][0] / (picture["width"] / 72)
    assert 290 <= pixels_per_inch <= 310
