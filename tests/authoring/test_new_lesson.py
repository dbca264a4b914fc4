"""`new NAME` writes a commented lesson that validates and never overwrites one by accident."""

from __future__ import annotations


def test_new_lesson_validates_and_builds(project, run_cli):
    result = run_cli(project, "new", "cuban-missile-crisis")
    assert result.code == 0
    text = (project / "lessons" / "cuban-missile-crisis.yaml").read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=lesson.schema.json\n")
    assert 'title: "Cuban missile crisis"' in text
    checked = run_cli(project, "check")
    assert checked.code == 0 and "warning" not in checked.err  # its activities already use its materials
    assert run_cli(project, "build").code == 0


def test_new_never_overwrites_an_existing_lesson(project, run_cli):
    lesson = project / "lessons" / "mine.yaml"
    lesson.write_text("title: my work\n", "utf-8")
    result = run_cli(project, "new", "mine")
    assert result.code == 2
    assert "already exists; choose another name or add --force to overwrite it" in result.err
    assert lesson.read_text("utf-8") == "title: my work\n"


def test_new_refuses_a_name_that_cannot_be_an_id(project, run_cli):
    result = run_cli(project, "new", "My Lesson")
    assert result.code == 2
    assert result.err == ("error: 'My Lesson' cannot be a lesson id; use lowercase letters, digits and hyphens, "
                          "e.g. my-lesson\n")
