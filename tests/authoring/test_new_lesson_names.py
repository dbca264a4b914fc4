"""`new NAME` refuses a name that cannot be a lesson id (too long, wrong characters) in one plain line with an id to
use instead, and writes nothing."""

from __future__ import annotations

import pytest

from generators.authoring.new_lesson import suggested_id
from generators.model.lesson import MAX_ID_LENGTH


def test_a_name_too_long_for_an_id_is_one_line_with_a_shorter_id(project, run_cli):
    name = "-".join(["the-long-telegram"] * 17)  # 305 characters: too long for a file name too
    result = run_cli(project, "new", name)
    assert result.code == 2
    assert result.out == ""
    suggestion = "-".join(["the-long-telegram"] * 5) + "-the-long"  # cut at a hyphen, 98 characters
    assert result.err == (f"error: '{name[:39]}…' is too long for a lesson id: {len(name)} characters, and at most "
                          f"{MAX_ID_LENGTH} fit in the names of its files and folders; use a shorter one, "
                          f"e.g. {suggestion}\n")
    assert list((project / "lessons").iterdir()) == []


def test_a_name_of_one_long_word_is_cut_to_the_longest_id(project, run_cli):
    result = run_cli(project, "new", "a" * 300)
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert result.err.endswith(f"use a shorter one, e.g. {'a' * MAX_ID_LENGTH}\n")


def test_the_longest_id_is_written(project, run_cli):
    name = "a" * MAX_ID_LENGTH
    assert run_cli(project, "new", name).code == 0
    assert (project / "lessons" / f"{name}.yaml").is_file()


@pytest.mark.parametrize(("name", "suggestion"), [
    ("Cuban Missile Crisis", "cuban-missile-crisis"),
    ("Über die Mauer!", "uber-die-mauer"),
    ("cold-war\n", "cold-war"),
    ("../../etc/passwd", "etc-passwd"),
    ("日本", "cuban-missile-crisis"),
    ("", "cuban-missile-crisis"),
])
def test_an_invalid_name_gets_an_id_made_from_it(project, run_cli, name, suggestion):
    result = run_cli(project, "new", name)
    assert result.code == 2
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert result.err.startswith("error: '")
    assert result.err.endswith(f"cannot be a lesson id; use lowercase letters, digits and hyphens, e.g. {suggestion}\n")
    assert list((project / "lessons").iterdir()) == []


def test_a_lessons_folder_that_cannot_be_written_is_one_line(project, run_cli):
    (project / "lessons" / "mine.yaml").mkdir()
    result = run_cli(project, "new", "mine", "--force")
    assert result.code == 2
    assert result.err.startswith("error: cannot write ") and result.err.count("\n") == 1


@pytest.mark.parametrize("name", ["x", "cold-war-2", "a" * MAX_ID_LENGTH])
def test_a_valid_id_is_its_own_suggestion(name):
    assert suggested_id(name) == name
