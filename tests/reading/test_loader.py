"""Every kind of bad input gets its own exact, located message and exit code 2, never a traceback."""

from __future__ import annotations

import pytest
from PIL import Image
from support.paths import MINIMAL_LESSON as M

IMAGE_BLOCK = "    images:\n      - file: {file}\n        alt: A flag.\n        credit: Me\n"


def with_image(file: str) -> str:
    return M.replace("      - One point.\n", "      - One point.\n" + IMAGE_BLOCK.format(file=file), 1)


def alias_bomb() -> str:
    levels = "".join(f"x{level}: &c{level} [" + ", ".join([f"*c{level - 1}" if level else "*b"] * 9) + "]\n"
                     for level in range(5))
    return (M + "exit_ticket: &a [" + ", ".join(["{prompt: x}"] * 8) + "]\n"
            + "standards: &b [" + ", ".join(["*a"] * 8) + "]\n" + levels)


CASES = {
    "duplicate_key": (
        M.replace("subject: World History\n", "subject: World History\nsubject: History\n"),
        "lessons/x.yaml:4:1: error: duplicate key 'subject' (first given on line 3); keep only one of them"),
    "python_tag": (
        M.replace("title: A Minimal Lesson", "title: !!python/object/apply:os.system ['ls']"),
        "lessons/x.yaml:2:8: error: the tag '!!python/object/apply:os.system' is not allowed in a lesson file; "
        "remove it and write a plain value"),
    "alias_bomb": (
        alias_bomb(),
        "lessons/x.yaml:70:14: error: anchors and aliases expand to more than 50,000 values; write the content out "
        "instead of repeating it with aliases"),
    "alias_loop": (
        M + "standards: &s [*s]\n",
        "lessons/x.yaml:70:12: error: an alias refers to the list or mapping that contains it; remove the alias"),
    "not_utf8": (
        M.replace("One paragraph.", "Caf\udce9 paragraph."),
        "lessons/x.yaml:22:12: error: the file is not UTF-8 text (byte 0xE9); save it with the UTF-8 encoding"),
    "nul_byte": (
        M.replace("One paragraph.", "One\0paragraph."),
        "lessons/x.yaml:22:12: error: the file contains a NUL byte: it is not a text file; save the lesson as plain "
        "UTF-8 text"),
    "tab_indent": (
        M.replace("    heading: The first part", "\theading: The first part"),
        "lessons/x.yaml:20:1: error: a tab is used for indentation; YAML indents with spaces only (replace the tab "
        "with spaces)"),
    "empty_file": (
        "\n# nothing here\n",
        "lessons/x.yaml:1:1: error: the file is empty; start from `make new NAME=<lesson-id>`"),
    "yaml_syntax": (
        M.replace("compelling_question: Why does this matter?", "compelling_question: Why: does this matter?"),
        "lessons/x.yaml:11:25: error: invalid YAML: mapping values are not allowed in this context; a value that "
        "contains ': ' needs quotes around it"),
    "unknown_key": (
        M.replace("    heading: The first part", "    haeding: The first part"),
        "lessons/x.yaml:20:5: error: sections[0].haeding: unknown field 'haeding'; did you mean 'heading'?"),
    "missing_field": (
        M.replace("        speaker: Someone\n", ""),
        "lessons/x.yaml:26:9: error: sections[0].quotes[0].speaker: required field 'speaker' is missing; "
        "add 'speaker: …' here"),
    "wrong_type": (
        M.replace("    key_points:\n      - One point.", "    key_points: One point."),
        "lessons/x.yaml:23:17: error: sections[0].key_points: expected a list (one '- ' line per item), "
        "got 'One point.'"),
    "not_a_number": (
        M.replace("    minutes: 20", "    minutes: twenty"),
        "lessons/x.yaml:62:14: error: activities[1].minutes: expected a whole number, got 'twenty'"),
    "bad_date": (
        M.replace("  - date: 1956-02", "  - date: 1957-02-30"),
        "lessons/x.yaml:15:11: error: timeline[0].date: '1957-02-30' is not a date: February 1957 has no day 30"),
    "unknown_section": (
        M.replace("    section: first\n    model_answer", "    section: frist\n    model_answer"),
        "lessons/x.yaml:41:14: error: discussion_questions[0].section: no section has the id 'frist'; "
        "did you mean 'first'?"),
    "duplicate_id": (
        M.replace("  - id: second", "  - id: first").replace("[first, second]", "[first]"),
        "lessons/x.yaml:32:9: error: sections[1].id: duplicate section id 'first' (first used on line 19); "
        "each must be different"),
    "bad_id": (
        M.replace("  - id: second", "  - id: Second Part").replace("[first, second]", "[first]"),
        "lessons/x.yaml:32:9: error: sections[1].id: 'Second Part' is not a valid id; use lowercase letters, digits "
        "and single hyphens, e.g. great-leap"),
    "answer_not_a_choice": (
        M.replace("    answer: Beta", "    answer: Delta"),
        "lessons/x.yaml:49:13: error: quiz[0].answer: the answer 'Delta' is not one of the choices; "
        "did you mean 'Beta'?"),
    "quiz_type": (
        M.replace("  - type: true_false", "  - type: truefalse"),
        "lessons/x.yaml:51:11: error: quiz[1].type: unknown item type 'truefalse'; write type: multiple_choice "
        "or type: true_false"),
    "minutes_do_not_add_up": (
        M.replace("    minutes: 20", "    minutes: 25"),
        "lessons/x.yaml:57:3: error: activities: the activities add up to 35 minutes but duration_minutes is 30; "
        "make them equal"),
    "grouping": (
        M.replace("    grouping: pairs", "    grouping: pair"),
        "lessons/x.yaml:63:15: error: activities[1].grouping: must be one of: whole class, individual, pairs, "
        "small groups; got 'pair'; did you mean 'pairs'?"),
    "objective": (
        M.replace("  - I can explain one thing.", "  - Explain one thing."),
        "lessons/x.yaml:13:5: error: objectives[0]: objectives are written for students and start with 'I can …'"),
    "image_missing": (
        with_image("assets/images/flag.png"),
        "lessons/x.yaml:26:15: error: sections[0].images[0].file: the file 'assets/images/flag.png' does not exist; "
        "check the spelling and the folder"),
    "image_outside_project": (
        with_image("../../etc/passwd"),
        "lessons/x.yaml:26:15: error: sections[0].images[0].file: '../../etc/passwd' points outside the project "
        "folder; keep assets under assets/"),
    "image_absolute": (
        with_image("/etc/passwd"),
        "lessons/x.yaml:26:15: error: sections[0].images[0].file: '/etc/passwd' is an absolute path; write the path "
        "from the project folder, e.g. assets/images/map.png"),
    "root_is_a_list": (
        "- title: x\n",
        "lessons/x.yaml:1:1: error: expected a mapping of fields (name: value lines), got a list"),
}


@pytest.mark.parametrize("name", CASES)
def test_bad_input_is_reported_word_for_word_with_line_and_column(name, project, run_cli):
    text, expected = CASES[name]
    (project / "lessons" / "x.yaml").write_bytes(text.encode("utf-8", "surrogateescape"))
    result = run_cli(project, "check")
    assert result.code == 2
    assert result.err.splitlines()[:-1] == [expected]
    assert "Traceback" not in result.err


def test_every_problem_of_a_file_is_reported_one_per_line(project, run_cli):
    text = (M.replace("    heading: The first part", "    haeding: The first part")
            .replace("    answer: Beta", "    answer: Delta")
            .replace("  - date: 1956-02", "  - date: 1956-13"))
    (project / "lessons" / "x.yaml").write_text(text, "utf-8")
    result = run_cli(project, "check")
    assert result.err.splitlines() == [
        "lessons/x.yaml:15:11: error: timeline[0].date: '1956-13' is not a date: there is no month 13",
        "lessons/x.yaml:20:5: error: sections[0].haeding: unknown field 'haeding'; did you mean 'heading'?",
        "lessons/x.yaml:49:13: error: quiz[0].answer: the answer 'Delta' is not one of the choices; "
        "did you mean 'Beta'?",
        "0 of 1 lesson(s) valid",
    ]


def test_image_that_is_not_an_image_is_reported(project, run_cli):
    (project / "assets" / "images" / "flag.png").write_text("not a picture")
    (project / "lessons" / "x.yaml").write_text(with_image("assets/images/flag.png"), "utf-8")
    result = run_cli(project, "check")
    assert "sections[0].images[0].file: 'assets/images/flag.png' is not a PNG, JPEG or GIF image" in result.err


def test_image_without_alt_text_needs_decorative(project, run_cli):
    Image.new("RGB", (4, 4)).save(project / "assets" / "images" / "flag.png")
    text = with_image("assets/images/flag.png").replace("        alt: A flag.\n", "")
    (project / "lessons" / "x.yaml").write_text(text, "utf-8")
    result = run_cli(project, "check")
    assert result.err.splitlines()[0] == (
        "lessons/x.yaml:26:9: error: sections[0].images[0].alt: an image needs alt text (alt: what the picture "
        "shows) unless it is marked decorative: true")
    decorative = text.replace("        credit: Me\n", "        decorative: true\n")
    (project / "lessons" / "x.yaml").write_text(decorative, "utf-8")
    assert run_cli(project, "check").code == 0


def test_course_file_problems_are_located_in_the_course_file(project, run_cli):
    (project / "lessons" / "x.yaml").write_text(M, "utf-8")
    (project / "lessons" / "_course.yaml").write_text("school: Lincoln High\npaper: A5\n", "utf-8")
    result = run_cli(project, "check")
    assert result.code == 2
    assert result.err.splitlines()[0] == (
        "lessons/_course.yaml:2:8: error: paper: must be one of: Letter, A4; got 'A5'")


def test_lesson_overrides_course_defaults_field_by_field(project):
    from generators.model.lesson import CourseSettings
    from generators.reading.loader import load_course, load_lesson

    (project / "lessons" / "_course.yaml").write_text(
        "school: Lincoln High\nteacher: Ms. Rivera\ncolors:\n  primary: '#112233'\n", "utf-8")
    lesson_file = project / "lessons" / "x.yaml"
    lesson_file.write_text(M + "course:\n  teacher: Mr. Chen\n  colors:\n    accent: '#445566'\n", "utf-8")
    course = load_course(project / "lessons" / "_course.yaml", project)
    loaded = load_lesson(lesson_file, course, project)
    assert loaded.course.school == "Lincoln High"
    assert loaded.course.teacher == "Mr. Chen"
    assert (loaded.course.colors.primary, loaded.course.colors.accent) == ("#112233", "#445566")
    assert loaded.course.paper == CourseSettings().paper


def test_yaml_one_point_one_surprises_stay_text(project):
    from generators.model.lesson import CourseSettings
    from generators.reading.loader import load_lesson

    lesson_file = project / "lessons" / "x.yaml"
    lesson_file.write_text(M.replace("  - One point.", "  - no").replace("title: A Minimal Lesson", "title: 1e3"))
    loaded = load_lesson(lesson_file, CourseSettings(), project)
    assert loaded.lesson.title == "1e3"
    assert loaded.lesson.sections[0].key_points == ["no"]


def test_file_name_must_be_a_valid_lesson_id(project, run_cli):
    (project / "lessons" / "My Lesson.yaml").write_text(M, "utf-8")
    result = run_cli(project, "check")
    assert result.err.splitlines()[0] == (
        "lessons/My Lesson.yaml:1:1: error: the file name 'My Lesson.yaml' cannot be a lesson id; rename it to "
        "'my-lesson.yaml' (lowercase letters, digits, hyphens)")


def test_a_material_an_activity_names_must_exist_with_a_suggestion(project, run_cli):
    (project / "lessons" / "x.yaml").write_text(M.replace("[first, second]", "[first, secnd]")
                                                .replace("discussion: [why]", "discussion: [how]"), "utf-8")
    result = run_cli(project, "check")
    assert result.code == 2
    assert result.err.splitlines()[:-1] == [
        "lessons/x.yaml:66:25: error: activities[1].uses.sections[1]: no section id 'secnd'; did you mean 'second'?",
        "lessons/x.yaml:69:20: error: activities[1].uses.discussion[0]: no discussion question id 'how'; the "
        "lesson's discussion question ids are: why",
    ]


def test_vocabulary_is_named_by_term_whatever_its_capitals(project, run_cli):
    lesson = M + "vocabulary:\n  - term: Great Leap Forward\n    definition: A plan.\n"
    lesson = lesson.replace("      discussion: [why]",
                            "      discussion: [why]\n      vocabulary: [great leap forward]")
    (project / "lessons" / "x.yaml").write_text(lesson, "utf-8")
    assert run_cli(project, "check").code == 0
    (project / "lessons" / "x.yaml").write_text(lesson.replace("[great leap forward]", "[great leap]"), "utf-8")
    result = run_cli(project, "check")
    assert result.err.splitlines()[0] == ("lessons/x.yaml:70:20: error: activities[1].uses.vocabulary[0]: no "
                                          "vocabulary term 'great leap'; did you mean 'Great Leap Forward'?")


def test_material_no_activity_uses_is_a_located_warning_from_check_and_build(project, run_cli):
    lesson = M.replace("      sections: [first, second]\n", "      sections: [first]\n").replace(
        "      discussion: [why]\n", "")
    (project / "lessons" / "x.yaml").write_text(lesson, "utf-8")
    warnings = [
        "lessons/x.yaml:32:5: warning: sections[1]: no activity uses the section(s) second: they are in the handout "
        "but not in the deck; name them under an activity's uses: sections",
        "lessons/x.yaml:39:5: warning: discussion_questions[0]: no activity or homework uses the discussion "
        "question(s) why: they are on the worksheet (More questions) but not in the deck; name them under an "
        "activity's uses: discussion, or under homework:",
    ]
    checked = run_cli(project, "check")
    assert checked.code == 0 and checked.err.splitlines() == warnings
    built = run_cli(project, "build", "--jobs", "1")
    assert built.code == 0 and built.err.splitlines() == warnings


def test_a_gloss_must_explain_a_word_its_quotation_uses(project, run_cli):
    lesson = M.replace("        context: Why it was said.\n", "        context: Why it was said.\n"
                       "        glosses:\n          - word: exactly\n            meaning: just so\n"
                       "          - word: elsewhere\n            meaning: not here\n")
    (project / "lessons" / "x.yaml").write_text(lesson, "utf-8")
    result = run_cli(project, "check")
    assert result.code == 2
    assert result.err.splitlines()[0] == ("lessons/x.yaml:35:19: error: sections[0].quotes[0].glosses[1].word: "
                                          "'elsewhere' is not in the quotation; gloss a word as the quotation "
                                          "writes it")
