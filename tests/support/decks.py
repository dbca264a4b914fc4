"""Builds the decks the slide tests inspect (the sample lesson, the stress lesson, a small lesson with images), and
reads a deck's shapes back from slides.pptx and from its web edition."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from lxml import html as lxml_html
from PIL import Image
from pptx import Presentation

from generators.driver.builder import Project, build
from support.paths import FIXTURES, MINIMAL_LESSON, REPO

IMAGE_SECTION = """    images:
      - file: assets/images/flags.png
        alt: Two red flags side by side.
        caption: Two flags
        credit: "Drawing: test fixture, CC0"
      - file: assets/images/border.png
        decorative: true
"""


def make_project(root: Path, with_sample: bool = True) -> Project:
    """Create a project holding the stress lesson, the flow lesson (an agenda unlike the sample's), a small lesson
    with pictures and (if present) the sample."""
    lessons = root / "lessons"
    images = root / "assets" / "images"
    images.mkdir(parents=True)
    lessons.mkdir()
    Image.new("RGB", (400, 200), "#B22222").save(images / "flags.png")
    Image.new("RGB", (300, 30), "#888888").save(images / "border.png")
    shutil.copy(REPO / "lessons" / "_course.yaml", lessons / "_course.yaml")
    shutil.copy(FIXTURES / "stress.yaml", lessons / "stress.yaml")
    shutil.copy(FIXTURES / "flow.yaml", lessons / "flow.yaml")
    (lessons / "pictures.yaml").write_text(
        MINIMAL_LESSON.replace("      - One point.\n", "      - One point.\n" + IMAGE_SECTION, 1), "utf-8")
    sample = REPO / "lessons" / "mao-khrushchev.yaml"
    if with_sample and sample.exists():
        shutil.copy(sample, lessons / sample.name)
        for image in (REPO / "assets" / "images").glob("*"):
            shutil.copy(image, images / image.name)
    return Project(root, root / "build")


def build_decks(root: Path) -> Project:
    """Build every lesson of a fresh project and fail loudly if any lesson fails."""
    project = make_project(root)
    report = build(project, force=True, jobs=1)
    assert not report.invalid and not report.failed, (report.invalid, report.failed)
    return project


BLOCKS = "p | li | h1 | h2 | h3"


def words(text: str) -> str:
    return " ".join(text.split())


def percent(style: str, name: str) -> float:
    return float(re.search(rf"(?:^|;){name}:([\d.]+)%", style).group(1))


def container_points(style: str, name: str, slide_width: float) -> float:
    return float(re.search(rf"(?:^|;){name}:([\d.]+)cqw", style).group(1)) * slide_width / 100


def paragraph_size(paragraph) -> float | None:
    """Return the size of a paragraph's first run or field (the slide number is a field), in points."""
    sizes = paragraph._p.xpath("./a:r/a:rPr/@sz | ./a:fld/a:rPr/@sz")
    return int(sizes[0]) / 100 if sizes else None


def deck_shapes(path):
    """Return, slide by slide, each shape's text, box (EMU) and paragraph sizes (points), as python-pptx reads them."""
    presentation = Presentation(path)
    slides = []
    for slide in presentation.slides:
        shapes = []
        for shape in slide.shapes:
            text, sizes = "", []
            if shape.has_text_frame:
                paragraphs = shape.text_frame.paragraphs
                text = words(" ".join(paragraph.text for paragraph in paragraphs))
                sizes = [size for paragraph in paragraphs if (size := paragraph_size(paragraph)) is not None]
            shapes.append((text, (shape.left, shape.top, shape.width, shape.height), sizes))
        slides.append(shapes)
    return presentation.slide_width, presentation.slide_height, slides


def page_shapes(path, slide_width_points: float):
    """Return, slide by slide, each shape's text, box (a share of the slide) and paragraph sizes (points)."""
    document = lxml_html.fromstring(path.read_bytes())
    slides = []
    for section in document.xpath('//section[contains(@class, "slide")]'):
        shapes = []
        for shape in section.xpath('.//*[contains(concat(" ", @class, " "), " shape ")]'):
            style = shape.get("style")
            box = tuple(percent(style, name) / 100 for name in ("left", "top", "width", "height"))
            blocks = shape.xpath(f".//{BLOCKS.replace(' | ', ' | .//')}")
            sizes = [container_points(block.get("style"), "font-size", slide_width_points) for block in blocks
                     if block.text_content().strip()]
            text = " ".join(block.text_content() for block in blocks) if blocks else shape.text_content()
            shapes.append((words(text), box, sizes))
        slides.append((section, shapes))
    return slides


def template_project(root: Path, lesson: str) -> Path:
    """Write a project whose course uses python-pptx's default (4:3) template, its content layout renamed 'Content',
    with one lesson, lessons/x.yaml."""
    template = Presentation()
    template.slide_layouts[1].name = "Content"
    (root / "assets").mkdir()
    template.save(str(root / "assets" / "school.pptx"))
    (root / "lessons").mkdir()
    (root / "lessons" / "x.yaml").write_text(lesson + "course:\n  slide_template: assets/school.pptx\n", "utf-8")
    return root
