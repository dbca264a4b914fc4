"""Generated valid lessons build, or are refused only with located errors, and their decks keep to the font sizes."""

from __future__ import annotations

import contextlib
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import yaml
from hypothesis import given, settings
from pptx import Presentation
from support.paths import MINIMAL_LESSON, REPO
from support.strategies import EXAMPLES, lessons

from generators.driver.builder import Project, build

LOCATED = re.compile(r"^lessons/[^:]+:\d+:\d+: error: ")


FOOTER_SHAPES = ("Footer", "Slide number")


def runs_by_shape(deck_path: Path) -> Iterator[tuple[str, str, float]]:
    """Yield (shape name, run text, size in points) for every run of text in the deck, table cells included."""
    for slide in Presentation(str(deck_path)).slides:
        for shape in slide.shapes:
            frames = [shape.text_frame] if shape.has_text_frame else []
            if shape.has_table:
                frames += [cell.text_frame for row in shape.table.rows for cell in row.cells]
            for frame in frames:
                for paragraph in frame.paragraphs:
                    for run in paragraph.runs:
                        yield shape.name, run.text, run.font.size.pt


@settings(max_examples=EXAMPLES, deadline=None)
@given(lesson=lessons())
def test_a_valid_lesson_builds_or_is_refused_with_located_errors(lesson):
    with tempfile.TemporaryDirectory() as folder, contextlib.chdir(folder):
        root = Path(folder)
        (root / "lessons").mkdir()
        (root / "lessons" / "lesson.yaml").write_text(yaml.safe_dump(lesson, allow_unicode=True, sort_keys=False),
                                                      "utf-8")
        report = build(Project(root, root / "build"), force=True, jobs=1)
        assert report.failed == {}, "an unexpected crash"
        assert [line for lines in report.invalid.values() for line in lines if not LOCATED.match(line)] == []
        if "lesson" in report.built:
            for shape, text, size in runs_by_shape(root / "build" / "lesson" / "slides.pptx"):
                if shape == "Activity number":
                    assert size in (96, 20)  # the number, and its "activity n of m" label
                else:
                    assert (12 <= size <= 14) if shape in FOOTER_SHAPES else (20 <= size <= 44), (shape, text, size)


def test_a_lesson_set_in_dejavu_sans_builds_after_one_that_borrowed_its_glyphs(tmp_path):
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "a-hebrew-title.yaml").write_text(MINIMAL_LESSON.replace("A Minimal Lesson", "שלום"),
                                                              "utf-8")
    (tmp_path / "lessons" / "b-dejavu.yaml").write_text(
        MINIMAL_LESSON + "course:\n  fonts:\n    body: DejaVu Sans\n", "utf-8")
    # A fresh process: which fonts reportlab has registered is process-wide and earlier tests would change it.
    result = subprocess.run([sys.executable, "-m", "generators", "--project", str(tmp_path), "build", "--jobs", "1",
                             "--format", "handout"], cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
