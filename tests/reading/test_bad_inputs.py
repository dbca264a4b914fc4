"""A corpus of bad input: each is refused with located, readable errors and the right exit code, and writes nothing."""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from support.paths import FIXTURES, CliResult
from support.paths import MINIMAL_LESSON as M

BAD = FIXTURES / "bad"
CASES = sorted(path.name for path in BAD.glob("*.yaml"))
LOCATED = re.compile(r"^lessons/[^:]+:\d+:\d+: error: \S")
ENVIRONMENT = re.compile(r"^error: \S")
SUMMARY = re.compile(r"^\d+ of \d+ lesson\(s\) failed: [^;]+; nothing was written for them$")
EARLIER_OUTPUT = ("index.html", "lesson/overview.md", "lesson/.lessonkit-stamp.json", "first/slides.pptx",
                  "second/handout.pdf")
IMAGE_BLOCK = "    images:\n      - file: {file}\n        alt: A flag.\n        credit: Me\n"

EXPECTED = {
    "01-unclosed-double-quote": [
        "lessons/lesson.yaml:7:11: error: invalid YAML: the quoted text that starts here runs on to line 29; "
        "add its closing quote mark",
    ],
    "02-unclosed-single-quote": [
        "lessons/lesson.yaml:40:13: error: invalid YAML: the quoted text that starts here is never closed; "
        "add the closing quote mark",
    ],
    "03-unclosed-bracket": [
        "lessons/lesson.yaml:49:11: error: invalid YAML: did not find expected ',' or ']'; the '[' on line "
        "48 needs a comma between items and a closing ']'",
    ],
    "04-unclosed-brace": [
        "lessons/lesson.yaml:16:9: error: invalid YAML: did not find expected ',' or '}'; the '{' on line 15 "
        "needs a comma between items and a closing '}'",
    ],
    "05-bad-indentation": [
        "lessons/lesson.yaml:9:2: error: invalid YAML: did not find expected key; check the indentation (the "
        "names of one mapping start in the same column) and that nothing follows a closing quote or bracket",
    ],
    "06-list-item-out-of-line": [
        "lessons/lesson.yaml:32:2: error: invalid YAML: did not find expected key; check the indentation "
        "(the names of one mapping start in the same column) and that nothing follows a closing quote or "
        "bracket",
    ],
    "07-lesson-is-a-list": [
        "lessons/lesson.yaml:2:1: error: expected a mapping of fields (name: value lines), got a list",
    ],
    "08-two-documents": [
        "lessons/lesson.yaml:65:1: error: invalid YAML: a second document starts here ('---'); keep one "
        "lesson per file",
    ],
    "09-bare-scalar": [
        "lessons/lesson.yaml:2:1: error: expected a mapping of fields (name: value lines), got 'A Minimal "
        "Lesson about World History'",
    ],
    "10-unknown-escape": [
        "lessons/lesson.yaml:8:15: error: invalid YAML: did not find expected hexdecimal number; inside "
        "double quotes a backslash starts an escape: write \\\\ for a backslash, or use single quotes",
    ],
    "11-character-that-starts-no-token": [
        "lessons/lesson.yaml:7:11: error: invalid YAML: found character that cannot start any token; a value "
        "starting with @, ` or % needs quotes around it",
    ],
    "12-list-on-the-same-line": [
        "lessons/lesson.yaml:12:13: error: invalid YAML: block sequence entries are not allowed in this "
        "context; start a list on the line after its name, one '- ' item per line",
    ],
    "13-control-character": [
        "lessons/lesson.yaml:24:12: error: the file contains the control character U+0007, which no document "
        "can show; delete it (it often comes with text pasted from another program)",
    ],
    "14-png-bytes": [
        "lessons/lesson.yaml:3:1: error: the file contains a NUL byte: it is not a text file; save the "
        "lesson as plain UTF-8 text",
    ],
    "15-escaped-control-character": [
        "lessons/lesson.yaml:24:9: error: sections[0].key_points[0]: the text contains the control character "
        "U+0001 (written as an escape such as \\x01), which no document can show; remove it",
    ],
    "16-title-is-a-list": [
        "lessons/lesson.yaml:3:3: error: title: expected text, got a list",
    ],
    "17-duration-is-a-fraction": [
        "lessons/lesson.yaml:5:19: error: duration_minutes: expected a whole number, got '29.5'",
    ],
    "18-source-is-text": [
        "lessons/lesson.yaml:6:9: error: source: expected a mapping of fields (name: value lines), got 'Ann "
        "Author, An Article, A Publisher, 202…'",
    ],
    "19-sections-is-a-mapping": [
        "lessons/lesson.yaml:19:3: error: sections: expected a list (one '- ' line per item), got a mapping "
        "of fields",
    ],
    "20-key-point-is-a-mapping": [
        "lessons/lesson.yaml:24:9: error: sections[0].key_points[0]: expected text, got a mapping of fields",
    ],
    "21-true-false-answer-is-not-a-boolean": [
        "lessons/lesson.yaml:54:13: error: quiz[1].answer: expected true or false, got 'maybe'",
    ],
    "22-answer-lines-is-text": [
        "lessons/lesson.yaml:67:19: error: exit_ticket[0].answer_lines: expected a whole number, got 'three'",
    ],
    "23-objectives-is-text": [
        "lessons/lesson.yaml:12:13: error: objectives: expected a list (one '- ' line per item), got 'I can "
        "explain one thing.'",
    ],
    "24-colour-is-a-name": [
        "lessons/lesson.yaml:67:14: error: course.colors.primary: 'navy blue' is not a colour; write it as "
        "#RRGGBB, e.g. #1F3A5F",
    ],
    "25-missing-title": [
        "lessons/lesson.yaml:2:1: error: title: required field 'title' is missing; add 'title: …' here",
    ],
    "26-missing-source-year": [
        "lessons/lesson.yaml:7:3: error: source.year: required field 'year' is missing; add 'year: …' here",
    ],
    "27-missing-analysis-field": [
        "lessons/lesson.yaml:33:11: error: sections[0].quotes[0].analysis.audience: required field "
        "'audience' is missing; add 'audience: …' here",
    ],
    "28-unknown-top-field": [
        "lessons/lesson.yaml:11:1: error: compeling_question: unknown field 'compeling_question'; did you "
        "mean 'compelling_question'?",
    ],
    "29-unknown-activity-field": [
        "lessons/lesson.yaml:62:5: error: activities[1].minuts: unknown field 'minuts'; did you mean "
        "'minutes'?",
    ],
    "30-unknown-colour-field": [
        "lessons/lesson.yaml:67:5: error: course.colors.primery: unknown field 'primery'; did you mean "
        "'primary'?",
    ],
    "31-quiz-item-without-type": [
        "lessons/lesson.yaml:51:5: error: quiz[1]: required field 'type' is missing; write type: "
        "multiple_choice or type: true_false",
    ],
    "32-deep-nesting-block": [
        "lessons/lesson.yaml:66:129: error: lists or mappings are nested more than 64 levels deep; a lesson "
        "never needs that",
    ],
    "33-deep-nesting-flow": [
        "lessons/lesson.yaml:65:75: error: lists or mappings are nested more than 64 levels deep; a lesson "
        "never needs that",
    ],
    "34-billion-laughs": [
        "lessons/lesson.yaml:65:41: error: anchors and aliases expand to more than 50,000 values; write the "
        "content out instead of repeating it with aliases",
    ],
    "35-alias-text-bomb": [
        "lessons/lesson.yaml:22:9: error: anchors and aliases expand to more than 1,000,000 characters of "
        "text; write the content out instead of repeating it with aliases",
    ],
    "36-recursive-alias": [
        "lessons/lesson.yaml:65:18: error: an alias refers to the list or mapping that contains it; remove "
        "the alias",
    ],
    "37-merge-key": [
        "lessons/lesson.yaml:62:5: error: merge keys ('<<') are not supported; write the fields out",
    ],
    "38-python-name-tag": [
        "lessons/lesson.yaml:55:18: error: the tag '!!python/name:os.system' is not allowed in a lesson "
        "file; remove it and write a plain value",
    ],
    "39-include-tag": [
        "lessons/lesson.yaml:32:5: error: the tag '!include' is not allowed in a lesson file; remove it and "
        "write a plain value",
    ],
    "40-set-tag": [
        "lessons/lesson.yaml:48:14: error: the tag '!!set' is not allowed in a lesson file; remove it and "
        "write a plain value",
    ],
    "41-nul-bytes": [
        "lessons/lesson.yaml:22:12: error: the file contains a NUL byte: it is not a text file; save the "
        "lesson as plain UTF-8 text",
    ],
    "42-utf16-with-bom": [
        "lessons/lesson.yaml:1:1: error: the file is saved as UTF-16 text; save it with the UTF-8 encoding",
    ],
    "43-latin1": [
        "lessons/lesson.yaml:7:16: error: the file is not UTF-8 text (byte 0xFC); save it with the UTF-8 "
        "encoding",
    ],
    "44-image-traversal-after-prefix": [
        "lessons/lesson.yaml:26:15: error: sections[0].images[0].file: "
        "'assets/images/../../../../etc/passwd' points outside the project folder; keep assets under assets/",
    ],
    "45-image-in-home-folder": [
        "lessons/lesson.yaml:26:15: error: sections[0].images[0].file: '~/.ssh/id_rsa' is an absolute path; "
        "write the path from the project folder, e.g. assets/images/map.png",
    ],
    "46-template-traversal": [
        "lessons/lesson.yaml:66:19: error: course.slide_template: '../../etc/passwd' points outside the "
        "project folder; keep assets under assets/",
    ],
    "47-template-absolute": [
        "lessons/lesson.yaml:66:19: error: course.slide_template: '/etc/passwd' is an absolute path; write "
        "the path from the project folder, e.g. assets/images/map.png",
    ],
    "48-template-text-file": [
        "lessons/lesson.yaml:66:19: error: course.slide_template: 'assets/templates/text.pptx' is not a "
        ".pptx file (it is damaged or another kind of file); save the template again from PowerPoint",
    ],
    "49-template-plain-zip": [
        "lessons/lesson.yaml:66:19: error: course.slide_template: 'assets/templates/archive.pptx' is a zip "
        "archive but not a PowerPoint presentation (a renamed .docx or .xlsx?); save the template from "
        "PowerPoint as a .pptx file",
    ],
    "50-template-wrong-extension": [
        "lessons/lesson.yaml:66:19: error: course.slide_template: 'assets/templates/archive.potx' is not a "
        "PowerPoint template; name a .pptx file",
    ],
    "51-image-truncated-png": [
        "lessons/lesson.yaml:26:15: error: sections[0].images[0].file: 'assets/images/truncated.png' is "
        "damaged (image file is truncated); save or export the picture again",
    ],
    "52-image-zero-bytes": [
        "lessons/lesson.yaml:26:15: error: sections[0].images[0].file: 'assets/images/empty.png' is not a "
        "PNG, JPEG or GIF image",
    ],
    "53-image-huge-dimensions": [
        "lessons/lesson.yaml:26:15: error: sections[0].images[0].file: 'assets/images/huge.png' has more "
        "than 89,478,485 pixels, too many to place; scale it down (3,000 pixels across is plenty for a slide "
        "or a page)",
    ],
    "54-image-path-is-a-folder": [
        "lessons/lesson.yaml:26:15: error: sections[0].images[0].file: 'assets/images' is a folder, not a "
        "file; name the file itself",
    ],
    "55-lesson-date-is-words": [
        "lessons/lesson.yaml:6:7: error: date: 'next Tuesday' is not a date; write YYYY, YYYY-MM or "
        "YYYY-MM-DD, e.g. 1956-02",
    ],
    "56-quote-date-month-zero": [
        "lessons/lesson.yaml:29:15: error: sections[0].quotes[0].date: '1956-00' is not a date: there is no "
        "month 0",
    ],
    "57-duplicate-quiz-id": [
        "lessons/lesson.yaml:52:9: error: quiz[1].id: duplicate quiz id 'q1' (first used on line 46); each "
        "must be different",
    ],
    "58-duplicate-vocabulary-term": [
        "lessons/lesson.yaml:68:11: error: vocabulary[1].term: duplicate vocabulary term 'détente' (first "
        "used on line 66); each must be different",
    ],
    "59-unknown-section-reference": [
        "lessons/lesson.yaml:51:14: error: quiz[0].section: no section has the id 'conclusion'; the section "
        "ids are: first, second",
    ],
    "60-choice-given-twice": [
        "lessons/lesson.yaml:48:14: error: quiz[0].choices: the choice 'Beta' is given twice; each choice "
        "must be different",
    ],
    "61-answer-differs-in-case": [
        "lessons/lesson.yaml:49:13: error: quiz[0].answer: the answer 'beta' is not one of the choices; did "
        "you mean 'Beta'?",
    ],
    "62-minutes-short-of-duration": [
        "lessons/lesson.yaml:57:3: error: activities: the activities add up to 30 minutes but "
        "duration_minutes is 45; make them equal",
    ],
    "63-no-sections": [
        "lessons/lesson.yaml:18:11: error: sections: needs at least 1 item(s), got 0",
    ],
    "64-empty-summary": [
        "lessons/lesson.yaml:34:14: error: sections[1].summary: needs at least 1 item(s), got 0",
    ],
    "65-no-activities": [
        "lessons/lesson.yaml:56:13: error: activities: needs at least 1 item(s), got 0",
    ],
    "66-one-choice": [
        "lessons/lesson.yaml:48:14: error: quiz[0].choices: needs at least 2 item(s), got 1",
    ],
    "67-course-broken-yaml": [
        "lessons/_course.yaml:4:1: error: invalid YAML: did not find expected ',' or ']'; the '[' on line 3 "
        "needs a comma between items and a closing ']'",
    ],
    "68-course-is-a-list": [
        "lessons/_course.yaml:2:1: error: expected a mapping of fields (name: value lines), got a list",
    ],
    "69-course-unknown-field": [
        "lessons/_course.yaml:3:1: error: teachr: unknown field 'teachr'; did you mean 'teacher'?",
    ],
    "70-course-missing-template": [
        "lessons/_course.yaml:2:17: error: slide_template: the file 'assets/templates/school.pptx' does not "
        "exist; did you mean 'assets/templates/archive.pptx'?",
    ],
}


def snapshot(root: Path) -> dict[str, str]:
    """Return every folder, file and link under root with its content, so that any write or removal shows."""
    tree = {}
    for folder, folders, files in os.walk(root):
        for name in folders + files:
            path = Path(folder, name)
            key = str(path.relative_to(root))
            if path.is_symlink():
                tree[key] = f"link to {os.readlink(path)}"
            elif path.is_dir():
                tree[key] = "folder"
            else:
                tree[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return tree


def add_earlier_output(project: Path) -> None:
    """Put the output of an earlier build in place; a refused build must leave it exactly as it is."""
    for name in EARLIER_OUTPUT:
        (project / "build" / name).parent.mkdir(parents=True, exist_ok=True)
        (project / "build" / name).write_text(f"earlier output: {name}\n", "utf-8")


def place_case(project: Path, case: str) -> None:
    """Put a corpus case where it belongs: as the lesson, or as the course file beside two good lessons."""
    shutil.copytree(BAD / "assets", project / "assets", dirs_exist_ok=True)
    if "-course-" in case:
        shutil.copy(BAD / case, project / "lessons" / "_course.yaml")
        for name in ("first", "second"):
            (project / "lessons" / f"{name}.yaml").write_text(M, "utf-8")
    else:
        shutil.copy(BAD / case, project / "lessons" / "lesson.yaml")


def lesson_with_image(file: str) -> str:
    return M.replace("      - One point.\n", "      - One point.\n" + IMAGE_BLOCK.format(file=file), 1)


def refused(result: CliResult, code: int = 2, line_pattern: re.Pattern = LOCATED) -> list[str]:
    """Return the error lines of a refused build, once its exit code, summary and the form of every line are checked."""
    assert result.code == code, result.err
    assert "Traceback" not in result.err + result.out
    *errors, summary = result.err.splitlines()
    assert SUMMARY.match(summary), summary
    assert errors, result.err
    assert [line for line in errors if not line_pattern.match(line)] == []
    return errors


def build_refused(project: Path, run_cli, *arguments: str, code: int = 2,
                  line_pattern: re.Pattern = LOCATED) -> list[str]:
    """Return the error lines of a build over an earlier build's output, once no file was found written or removed."""
    add_earlier_output(project)
    before = snapshot(project)
    result = run_cli(project, "build", "--jobs", "1", *arguments)
    errors = refused(result, code, line_pattern)
    assert snapshot(project) == before
    return errors


def test_the_corpus_has_forty_cases_or_more_each_with_its_expected_errors():
    assert len(CASES) >= 40
    assert sorted(EXPECTED) == [case.removesuffix(".yaml") for case in CASES]


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_refused_with_located_errors_and_nothing_written(case, project, run_cli):
    place_case(project, case)
    errors = build_refused(project, run_cli)
    assert list(dict.fromkeys(errors)) == EXPECTED[case.removesuffix(".yaml")]


def test_a_two_megabyte_file_is_refused_before_it_is_read_as_yaml(project, run_cli):
    (project / "lessons" / "lesson.yaml").write_bytes(b"title: " + b"x" * 2_000_000 + b"\n")
    assert build_refused(project, run_cli) == [
        "lessons/lesson.yaml:1:1: error: the file is 2,000,008 bytes; a lesson file may be at most 1,000,000 bytes "
        "(is this the right file?)"]


def test_a_200_kb_title_is_reported_as_too_long_without_being_quoted_back(project, run_cli):
    title = "A title that goes on. " * 9_300
    (project / "lessons" / "lesson.yaml").write_text(M.replace("A Minimal Lesson", title), "utf-8")
    assert build_refused(project, run_cli) == [
        f"lessons/lesson.yaml:2:8: error: title: is {len(title.strip()):,} characters long; at most 300 fit here, so "
        "shorten it"]


def test_more_values_than_any_lesson_holds_are_refused_without_blaming_aliases(project, run_cli):
    (project / "lessons" / "lesson.yaml").write_text(
        M.replace("      - One point.\n", "      - One point.\n" + "      - x\n" * 60_000), "utf-8")
    assert build_refused(project, run_cli) == [
        "lessons/lesson.yaml:49999:9: error: the file holds more than 50,000 values; a lesson never needs that many "
        "(is this the right file?)"]


def test_an_image_linked_to_a_file_outside_the_project_is_refused(project, run_cli):
    (project / "assets" / "images" / "flag.png").symlink_to("/etc/passwd")
    (project / "lessons" / "lesson.yaml").write_text(lesson_with_image("assets/images/flag.png"), "utf-8")
    assert build_refused(project, run_cli) == [
        "lessons/lesson.yaml:26:15: error: sections[0].images[0].file: 'assets/images/flag.png' points outside the "
        "project folder; keep assets under assets/"]


def test_an_image_link_that_points_at_itself_is_reported_as_missing(project, run_cli):
    (project / "assets" / "images" / "loop.png").symlink_to("loop.png")
    (project / "lessons" / "lesson.yaml").write_text(lesson_with_image("assets/images/loop.png"), "utf-8")
    assert build_refused(project, run_cli) == [
        "lessons/lesson.yaml:26:15: error: sections[0].images[0].file: the file 'assets/images/loop.png' does not "
        "exist; check the spelling and the folder"]


def test_an_image_name_too_long_for_the_file_system_is_reported_shortened(project, run_cli):
    (project / "lessons" / "lesson.yaml").write_text(lesson_with_image("assets/images/" + "a" * 300 + ".png"), "utf-8")
    assert build_refused(project, run_cli) == [
        "lessons/lesson.yaml:26:15: error: sections[0].images[0].file: the file 'assets/images/" + "a" * 45
        + "…' cannot be opened (File name too long); check the path"]


def presentation_bytes() -> bytes:
    from pptx import Presentation

    stream = io.BytesIO()
    Presentation().save(stream)
    return stream.getvalue()


def with_broken_xml(package: bytes) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(stream, "w") as target:
        for name in source.namelist():
            target.writestr(name, b"<not xml" if name == "ppt/presentation.xml" else source.read(name))
    return stream.getvalue()


@pytest.mark.parametrize("damage", [lambda package: package[: len(package) // 2], with_broken_xml],
                         ids=["cut-short", "broken-xml"])
def test_a_damaged_template_is_refused(damage, project, run_cli):
    (project / "assets" / "templates").mkdir()
    (project / "assets" / "templates" / "school.pptx").write_bytes(damage(presentation_bytes()))
    (project / "lessons" / "lesson.yaml").write_text(
        M + "course:\n  slide_template: assets/templates/school.pptx\n", "utf-8")
    assert build_refused(project, run_cli) == [
        "lessons/lesson.yaml:71:19: error: course.slide_template: 'assets/templates/school.pptx' is not a .pptx file "
        "(it is damaged or another kind of file); save the template again from PowerPoint"]


def test_a_png_name_holding_jpeg_bytes_still_builds(project, run_cli):
    from PIL import Image

    Image.new("RGB", (40, 30), "#B22222").save(project / "assets" / "images" / "flag.png", "JPEG")
    (project / "lessons" / "lesson.yaml").write_text(lesson_with_image("assets/images/flag.png"), "utf-8")
    result = run_cli(project, "build", "--jobs", "1", "--format", "slides", "--format", "handout", "--format", "html")
    assert result.code == 0, result.err
    assert (project / "build" / "lesson" / "slides.pptx").is_file()


def test_a_file_where_the_build_folder_should_be_is_a_build_failure(project, run_cli):
    (project / "lessons" / "lesson.yaml").write_text(M, "utf-8")
    (project / "build").write_text("a file where the build folder should be\n", "utf-8")
    before = snapshot(project)
    errors = refused(run_cli(project, "build", "--jobs", "1"), code=1, line_pattern=ENVIRONMENT)
    assert errors == ["error: cannot write to build: File exists"]
    assert snapshot(project) == before


def test_a_build_folder_that_cannot_be_created_is_a_build_failure(project, run_cli):
    (project / "lessons" / "lesson.yaml").write_text(M, "utf-8")
    (project / "out").write_text("a file where a folder should be\n", "utf-8")
    before = snapshot(project)
    errors = refused(run_cli(project, "build", "--jobs", "1", "--build-dir", "out/build"), code=1,
                     line_pattern=ENVIRONMENT)
    assert errors == ["error: cannot write to out/build: Not a directory"]
    assert snapshot(project) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders; the tests above stand in for it")
def test_a_read_only_build_folder_is_a_build_failure(project, run_cli):
    (project / "lessons" / "lesson.yaml").write_text(M, "utf-8")
    add_earlier_output(project)
    (project / "build").chmod(0o500)
    try:
        before = snapshot(project)
        errors = refused(run_cli(project, "build", "--jobs", "1"), code=1, line_pattern=ENVIRONMENT)
        assert errors == ["error: cannot write to build: Permission denied"]
        assert snapshot(project) == before
    finally:
        (project / "build").chmod(0o700)


def test_a_missing_lessons_folder_is_a_usage_error(project, run_cli):
    (project / "lessons").rmdir()
    before = snapshot(project)
    result = run_cli(project, "build")
    assert (result.code, result.err) == (2, "error: there is no lessons/ folder here; start a lesson with `make new "
                                          "NAME=<id>`\n")
    assert snapshot(project) == before


def test_a_broken_course_file_is_reported_once_not_once_per_lesson(project, run_cli):
    place_case(project, "67-course-broken-yaml.yaml")
    errors = build_refused(project, run_cli)
    assert len(errors) == len(set(errors))


def test_a_lesson_refused_by_a_generator_leaves_no_build_folder_behind(project, run_cli):
    (project / "lessons" / "lesson.yaml").write_text(
        M.replace("      - One point.", "      - " + "A very long point that goes on. " * 100), "utf-8")
    result = run_cli(project, "build", "--jobs", "1", "--format", "slides")
    assert refused(result) == [
        "lessons/lesson.yaml:24:9: error: sections[0].key_points[0]: the key point 'A very long point that goes on. "
        "A very l…' is too long for one slide even at 24 pt (3199 characters); split it into shorter key points"]
    assert not (project / "build").exists()


def test_a_character_no_font_has_in_the_title_is_reported_at_the_title(project, run_cli):
    (project / "lessons" / "lesson.yaml").write_text(M.replace("A Minimal Lesson", "A Minimal \U00011caf Lesson"),
                                                     "utf-8")
    result = run_cli(project, "build", "--jobs", "1", "--format", "handout")
    assert refused(result) == [
        "lessons/lesson.yaml:2:8: error: title: the character '\U00011caf' (U+11CAF, MARCHEN SUBJOINED LETTER A) is "
        "in none of the bundled fonts, so it cannot be printed; replace it"]
