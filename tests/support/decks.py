"""Builds the decks the slide tests inspect: the sample lesson, the stress lesson and a small lesson with images."""

from __future__ import annotations

import shutil
from pathlib import Path

from PIL import Image

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
