"""`check` says what `build` will say: a lesson that cannot be built is refused by both, with the same located
errors and exit code 2, and a lesson check accepts builds; neither ever reports an internal error."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from support.paths import MINIMAL_LESSON as M
from support.paths import CliResult
from support.strategies import EXAMPLES, FAMILIES, lessons

from generators.reading.yaml_source import MAX_FILE_BYTES, MAX_VALUES

KEY_POINT = "      - One point.\n"  # line 24 of the minimal lesson; the point starts in column 9
COURSE_FILE = "teacher: Ms. Rivera\nslide_template: assets/templates/bad.pptx\n"  # the template on line 2, column 17


def write_lesson(project: Path, text: str, name: str = "lesson.yaml") -> Path:
    path = project / "lessons" / name
    path.write_text(text, "utf-8")
    return path


def with_key_point(point: str) -> str:
    return M.replace(KEY_POINT, f"      - {point}\n", 1)


def with_vocabulary(terms: list[str]) -> str:
    return M + "vocabulary:\n" + "".join(f"  - term: {term}\n    definition: A short definition.\n" for term in terms)


def template_without_a_title_slide_layout(project: Path) -> None:
    """Save assets/templates/bad.pptx: PowerPoint's default presentation with its "Title Slide" layout deleted."""
    from pptx import Presentation

    presentation = Presentation()
    presentation.slide_layouts.remove(next(layout for layout in presentation.slide_layouts
                                           if layout.name == "Title Slide"))
    (project / "assets" / "templates").mkdir(parents=True)
    presentation.save(project / "assets" / "templates" / "bad.pptx")


def error_lines(result: CliResult) -> set[str]:
    return {line for line in result.err.splitlines() if ": error: " in line}


def both_outputs(check: CliResult, build: CliResult) -> str:
    return (f"\ncheck exited {check.code}:\n{check.err}{check.out}"
            f"\nbuild exited {build.code}:\n{build.err}{build.out}")


def check_and_build(project: Path, run_cli) -> tuple[CliResult, CliResult]:
    """Return `check` and then `build` of the project, once neither reported an internal error or a traceback."""
    check = run_cli(project, "check")
    build = run_cli(project, "build", "--jobs", "1")
    for result in (check, build):
        assert "internal error" not in result.err + result.out, both_outputs(check, build)
        assert "Traceback" not in result.err + result.out, both_outputs(check, build)
    return check, build


def refused_alike(project: Path, run_cli, lesson_file: str = "lesson.yaml",
                  shown_in: str = "lessons/lesson.yaml") -> list[str]:
    """Return the error lines check and build both print, once both exited 2 with the same located lines and build
    wrote nothing for the lesson."""
    check, build = check_and_build(project, run_cli)
    return alike_refusal(check, build, project, lesson_file, shown_in)


def alike_refusal(check: CliResult, build: CliResult, project: Path, lesson_file: str = "lesson.yaml",
                  shown_in: str = "lessons/lesson.yaml") -> list[str]:
    assert (check.code, build.code) == (2, 2), both_outputs(check, build)
    assert error_lines(check) == error_lines(build), both_outputs(check, build)
    assert error_lines(check), both_outputs(check, build)
    located = re.compile(rf"^{re.escape(shown_in)}:\d+:\d+: error: \S")
    assert [line for line in error_lines(check) if not located.match(line)] == []
    assert not (project / "build" / Path(lesson_file).stem).exists()
    assert list(project.glob("build/.staging-*")) == []
    return sorted(error_lines(check))


def built_or_refused_alike(project: Path, run_cli, reference: list[str]) -> None:
    """Pass if check and build agree: both accept the lesson and build wrote every output, or both refuse it with
    the same located errors and build wrote nothing for it."""
    check, build = check_and_build(project, run_cli)
    assert check.code == build.code, both_outputs(check, build)
    if build.code != 0:
        alike_refusal(check, build, project)
        return
    made = project / "build" / "lesson"
    assert [name for name in reference if not (made / name).is_file()] == []


@pytest.fixture
def reference(tmp_path: Path, run_cli) -> list[str]:
    """Return every file a build of the minimal lesson writes into build/<id>/, relative to that folder."""
    project = tmp_path / "reference"
    (project / "lessons").mkdir(parents=True)
    write_lesson(project, M)
    assert run_cli(project, "build", "--jobs", "1").code == 0
    made = project / "build" / "lesson"
    return sorted(str(path.relative_to(made)) for path in made.rglob("*") if path.is_file())


def test_the_minimal_lesson_every_case_starts_from_is_checked_and_built(project, run_cli, reference):
    write_lesson(project, M)
    check, build = check_and_build(project, run_cli)
    assert (check.code, build.code) == (0, 0), both_outputs(check, build)
    assert "slides.pptx" in reference and "worksheet-support.pdf" in reference


def test_a_heading_longer_than_any_heading_may_be_is_refused_alike(project, run_cli):
    write_lesson(project, M.replace("The first part", "A" * 400))
    assert refused_alike(project, run_cli) == [
        "lessons/lesson.yaml:20:14: error: sections[0].heading: is 400 characters long; at most 300 fit here, so "
        "shorten it"]


def test_sixty_five_long_terms_are_built_or_refused_alike(project, run_cli, reference):
    terms = [f"A rather long vocabulary term {number:05d}" for number in range(65)]
    assert {len(term) for term in terms} == {35}
    write_lesson(project, with_vocabulary(terms))
    built_or_refused_alike(project, run_cli, reference)


def test_more_vocabulary_terms_than_letters_from_a_to_zz_are_built_or_refused_alike(project, run_cli, reference):
    # 703 is the first count past ZZ (26 + 26 * 26 = 702 labels); a full build of it takes about a second.
    text = with_vocabulary([f"term-{number:04d}" for number in range(1, 704)])
    # Still a file the reader takes in: each line holds at most a key, a value and the mapping they start.
    assert len(text.encode()) < MAX_FILE_BYTES and 3 * text.count("\n") < MAX_VALUES
    write_lesson(project, text)
    built_or_refused_alike(project, run_cli, reference)


def test_a_key_point_in_a_script_no_bundled_font_has_is_refused_alike_at_its_line(project, run_cli):
    write_lesson(project, with_key_point("한국어"))
    errors = refused_alike(project, run_cli)
    assert all(line.startswith("lessons/lesson.yaml:24:9: error: sections[0].key_points[0]: ") for line in errors)
    assert "U+D55C" in "".join(errors)


def test_a_title_in_a_script_no_bundled_font_has_is_refused_alike_at_its_line(project, run_cli):
    write_lesson(project, M.replace("A Minimal Lesson", "A Minimal 한국어 Lesson"))
    assert refused_alike(project, run_cli) == [
        f"lessons/lesson.yaml:2:8: error: title: the character '{character}' (U+{ord(character):04X}, HANGUL "
        f"SYLLABLE {name}) is in none of the bundled fonts, so it cannot be printed; replace it"
        for character, name in (("국", "GUG"), ("어", "EO"), ("한", "HAN"))]


def test_a_key_point_too_long_for_any_slide_is_refused_alike(project, run_cli):
    write_lesson(project, with_key_point("x" * 2000))
    assert refused_alike(project, run_cli) == [
        "lessons/lesson.yaml:24:9: error: sections[0].key_points[0]: the key point '" + "x" * 40 + "…' is too long "
        "for one slide even at 24 pt (2000 characters); split it into shorter key points"]


def test_a_heading_too_long_for_any_slide_title_is_refused_alike(project, run_cli):
    write_lesson(project, M.replace("The first part", "A" * 300))
    errors = refused_alike(project, run_cli)
    assert len(errors) == 1
    assert errors[0].startswith("lessons/lesson.yaml:20:14: error: sections[0].heading: the slide title 'AAA")
    assert errors[0].endswith("' is too long to fit on a slide even at 36 pt; shorten it")


def test_a_course_template_without_a_title_slide_layout_is_refused_alike_in_the_course_file(project, run_cli):
    template_without_a_title_slide_layout(project)
    (project / "lessons" / "_course.yaml").write_text(COURSE_FILE, "utf-8")
    write_lesson(project, M)
    assert refused_alike(project, run_cli, shown_in="lessons/_course.yaml") == [
        "lessons/_course.yaml:2:17: error: slide_template: the slide template 'assets/templates/bad.pptx' lacks a "
        "layout named 'Title Slide' (for title slides)"]


def test_a_lesson_template_without_a_title_slide_layout_is_refused_alike_in_the_lesson(project, run_cli):
    template_without_a_title_slide_layout(project)
    write_lesson(project, M + "course:\n  slide_template: assets/templates/bad.pptx\n")
    assert refused_alike(project, run_cli) == [
        "lessons/lesson.yaml:71:19: error: course.slide_template: the slide template 'assets/templates/bad.pptx' "
        "lacks a layout named 'Title Slide' (for title slides)"]


# 200 is the length asked for; 250 is past the 237 at which the staging folder's name (.staging-<id>-XXXXXXXX)
# outgrows the usual 255-byte limit on a file name.
@pytest.mark.parametrize("length", [200, 250])
def test_a_lesson_id_too_long_for_a_file_name_is_refused_alike_at_the_start_of_the_file(length, project, run_cli):
    name = "a" * length + ".yaml"
    write_lesson(project, M, name)
    errors = refused_alike(project, run_cli, name, shown_in=f"lessons/{name}")
    assert [line for line in errors if line.startswith(f"lessons/{name}:1:1: error: ") and "too long" in line] != []


# Failures are not shrunk: each example is a check and a whole build, and shrinking would take minutes.
@pytest.mark.parametrize("family", FAMILIES)
@settings(max_examples=EXAMPLES, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(lesson=lessons())
def test_a_lesson_check_accepts_builds_in_every_bundled_font_family(family, lesson, tmp_path, run_cli):
    lesson = {**lesson, "course": {**lesson["course"], "fonts": {"heading": family, "body": family}}}
    project = Path(tempfile.mkdtemp(dir=tmp_path))
    (project / "lessons").mkdir()
    write_lesson(project, yaml.safe_dump(lesson, allow_unicode=True, sort_keys=False))
    check, build = check_and_build(project, run_cli)
    assert check.code == build.code, both_outputs(check, build)
    assert error_lines(check) == error_lines(build), both_outputs(check, build)
