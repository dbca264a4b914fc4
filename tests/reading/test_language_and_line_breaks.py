"""A lesson's language is a BCP 47 tag, and characters YAML alone reads as line breaks are refused at their place."""

from __future__ import annotations

import pytest
from support.paths import MINIMAL_LESSON as M


def lesson_with(project, text: str) -> None:
    (project / "lessons" / "lesson.yaml").write_text(text, "utf-8")


@pytest.mark.parametrize("tag", ["en", "en-US", "es-419", "zh-Hans", "zh-Hans-CN", "zh-Latn-pinyin", "pt-BR"])
def test_language_tags_are_accepted(project, run_cli, tag):
    lesson_with(project, M.replace("language: en", f"language: {tag}") if "language: en" in M
                else M + f"language: {tag}\n")
    result = run_cli(project, "check")
    assert result.code == 0, result.err


@pytest.mark.parametrize(("value", "advice"), [
    ("English", "did you mean 'en'?"), ("spanish", "did you mean 'es'?"), ("en_US", "did you mean 'en-US'?"),
    ("Klingon", "use a BCP 47 tag such as 'en', 'en-US', 'es' or 'zh-Hans'"),
])
def test_a_language_name_is_refused_at_its_line_with_the_tag_to_use(project, run_cli, value, advice):
    text = M.replace("language: en", f"language: {value}") if "language: en" in M else M + f"language: {value}\n"
    lesson_with(project, text)
    line = next(number for number, content in enumerate(text.splitlines(), start=1)
                if content.startswith("language:"))
    result = run_cli(project, "check")
    assert result.code == 2
    assert f"lessons/lesson.yaml:{line}:11: error: language: '{value}' is not a language tag; {advice}" in result.err


@pytest.mark.parametrize(("character", "name"), [("\u2028", "U+2028 (LINE SEPARATOR)"),
                                                 ("\u2029", "U+2029 (PARAGRAPH SEPARATOR)"), ("\x85", "U+0085")])
def test_a_line_break_only_yaml_sees_is_refused_where_the_editor_shows_it(project, run_cli, character, name):
    """Editors count lines by newline alone: the error's line is the editor's, and no later line number shifts."""
    lines = M.splitlines()
    lines.insert(3, f"# a comment with a{character}pasted break")
    lesson_with(project, "\n".join(lines) + "\n")
    result = run_cli(project, "check")
    assert result.code == 2
    assert result.err.splitlines()[0].startswith(f"lessons/lesson.yaml:4:19: error: the file contains {name}")


@pytest.mark.parametrize("kind", ["fifo", "huge"])
def test_a_picture_that_is_a_pipe_or_huge_is_refused_without_reading_it(project, run_cli, kind):
    import os

    picture = project / "assets" / "images" / "map.png"
    if kind == "fifo":
        os.mkfifo(picture)
    else:
        with picture.open("wb") as stream:
            stream.write(b"\x89PNG\r\n\x1a\n")
            stream.truncate(3 * 1024 ** 3)  # sparse
    images = ("    images:\n      - file: assets/images/map.png\n        alt: A map.\n        caption: A map\n"
              "        credit: Test\n")
    lesson_with(project, M.replace("      - One point.\n", "      - One point.\n" + images, 1))
    result = run_cli(project, "check")
    assert result.code == 2
    expected = ("'assets/images/map.png' is not a regular file (a pipe or a device)" if kind == "fifo" else
                "'assets/images/map.png' is 3,221 MB; a picture may be at most 50 MB")
    assert expected in result.err
