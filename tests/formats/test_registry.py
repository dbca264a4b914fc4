"""The registry of formats: each format declares its name and files once; wrong names list the right ones."""

from __future__ import annotations

import pytest
from support.paths import MINIMAL_LESSON as M

from generators.formats import registry
from generators.formats.base import Format, Rendered
from generators.formats.overview import OverviewFormat
from generators.model.problems import UsageError


def test_every_file_a_lesson_gets_is_declared_by_exactly_one_format():
    files = registry.output_files()
    assert len(files) == len(set(files))
    assert files == [name for name in registry.format_names() for name in registry.format_class(name).files]


def test_a_name_or_a_file_can_be_registered_only_once():
    class AnotherOverview(Format):
        name = "overview"
        files = ("other.md",)

        def render(self, view):
            return Rendered({})

    class SameFile(Format):
        name = "same-file"
        files = ("overview.md",)

        def render(self, view):
            return Rendered({})

    with pytest.raises(ValueError, match="already registered"):
        registry.register(AnotherOverview)
    with pytest.raises(ValueError, match="writes overview.md, which another format already writes"):
        registry.register(SameFile)
    assert "same-file" not in registry.format_names()


def test_an_unknown_format_name_lists_the_formats():
    with pytest.raises(UsageError, match="no output format named 'pdf'; the formats are: overview, slides, "):
        registry.format_class("pdf")


def test_the_lms_exports_are_four_formats():
    assert {"moodle", "canvas", "flashcards", "kahoot"} <= set(registry.format_names())


def test_a_format_that_makes_files_it_does_not_declare_fails_the_lesson(project, run_cli, monkeypatch):
    def render_extra(self, view):
        return Rendered({"overview.md": "# x\n", "stray.txt": "x"})

    monkeypatch.setattr(OverviewFormat, "render", render_extra)
    (project / "lessons" / "first.yaml").write_text(M, "utf-8")
    result = run_cli(project, "build", "--jobs", "1", "--format", "overview")
    assert result.code == 1
    assert "the overview format made ['overview.md', 'stray.txt'], not the files it declares ['overview.md']" \
        in result.err
    assert not (project / "build" / "first").exists()


def test_no_format_prints_or_writes_files_itself():
    from pathlib import Path

    sources = [path.read_text("utf-8") for path in Path(registry.__file__).parent.rglob("*.py")]
    assert not [text for text in sources if "print(" in text or "write_atomically" in text]


def test_the_quiz_versions_format_declares_a_file_per_version_of_the_view_and_the_key():
    from generators.formats.printed import QuizVersionsFormat
    from generators.view.lesson_view import QUIZ_VERSIONS

    assert QuizVersionsFormat.files == (*(f"quiz-{version}.pdf" for version in QUIZ_VERSIONS), "quiz-key.pdf")


def test_the_registry_is_known_without_importing_the_model_or_any_output_library():
    import subprocess
    import sys

    code = ("import sys, generators.formats.registry as r; r.output_files(); "
            "print(sorted(m for m in ('pydantic', 'reportlab', 'pptx', 'jinja2', 'lxml') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"  # a build with nothing to do stays fast
