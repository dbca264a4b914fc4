"""The question-bank exports, each read back the way the receiving tool reads it: GIFT, QTI, TSV and xlsx."""

from __future__ import annotations

import hashlib
import html
import io
import shutil
import time
import zipfile

import openpyxl
import pytest
from conftest import FIXTURES, REPO
from gift_reader import read_gift, read_question, split_questions
from lxml import etree

from generators.driver.builder import Project, build
from generators.driver.files import build_epoch
from generators.formats.lms.flashcards import card_front
from generators.formats.lms.kahoot import (
    KAHOOT_HEADINGS,
    KAHOOT_MAX_ANSWER,
    KAHOOT_MAX_QUESTION,
    KAHOOT_TIME_LIMITS,
    kahoot_length,
    kahoot_misfits,
)
from generators.model.lesson import CourseSettings, MultipleChoiceItem, VocabularyTerm
from generators.reading.loader import load_lesson

EXPORTS = ["moodle.gift", "canvas-qti.zip", "flashcards.tsv", "kahoot.xlsx"]
LESSONS = ["mao-khrushchev", "stress", "exports"]
QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
IMSCP = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
LEFT_OUT_OF_KAHOOT = ["long-question", "long-answer", "five-choices"]


def make_export_project(root) -> Project:
    """Return a project holding the sample, stress and exports lessons."""
    shutil.copytree(REPO / "assets" / "images", root / "assets" / "images")
    (root / "lessons").mkdir()
    for lesson in [REPO / "lessons" / "_course.yaml", REPO / "lessons" / "mao-khrushchev.yaml",
                   FIXTURES / "stress.yaml", FIXTURES / "exports.yaml"]:
        shutil.copy(lesson, root / "lessons" / lesson.name)
    return Project(root, root / "build")


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Project:
    """Return a project whose lessons have been exported once for the whole module."""
    project = make_export_project(tmp_path_factory.mktemp("exported"))
    report = build(project, force=True, jobs=1, formats=["moodle", "canvas", "flashcards", "kahoot"])
    assert not report.invalid and not report.failed, (report.invalid, report.failed)
    return project


def lesson_of(project: Project, lesson_id: str):
    return load_lesson(project.lessons_dir / f"{lesson_id}.yaml", CourseSettings(), project.root).lesson


def export_path(project: Project, lesson_id: str, name: str):
    return project.build_dir / lesson_id / "exports" / name


# The GIFT reader itself, on the examples of Moodle's GIFT documentation -----------------------------------------


def test_gift_reader_reads_moodles_documented_examples():
    questions = read_gift("// a comment\n\nWho's buried in Grant's tomb?{~Grant ~Jefferson =no one}\n\n"
                          "Grant is buried in Grant's tomb.{FALSE}\n\n::Essay::Write about Grant.{}\n")
    assert [question.kind for question in questions] == ["multichoice", "truefalse", "essay"]
    assert [(answer.text, answer.correct) for answer in questions[0].answers] == [
        ("Grant", False), ("Jefferson", False), ("no one", True)]
    assert questions[1].true_false_answer is False
    assert questions[2].name == "Essay" and questions[2].text == "Write about Grant."


def test_gift_reader_undoes_escapes_and_reads_feedback_and_format():
    question = read_question(r"::a\:b::[plain]Is 1\=1 \{really\}?{=yes \#1#right ~no\~#wrong ####C\:\\dir\n2}")
    assert (question.name, question.text, question.text_format) == ("a:b", "Is 1=1 {really}?", "plain")
    assert [(answer.text, answer.correct, answer.feedback) for answer in question.answers] == [
        ("yes #1", True, "right"), ("no~", False, "wrong")]
    assert question.general_feedback == "C:\\dir\n2"


def test_gift_reader_reads_answer_weights_and_answer_formats_as_moodle_does():
    question = read_question("Q{=full ~%50%half#so-so ~%-25%minus ~[html]<b>bold</b> ~%5 percent}")
    assert [(answer.text, answer.weight) for answer in question.answers] == [
        ("full", 1.0), ("half", 0.5), ("minus", -0.25), ("<b>bold</b>", 0.0), ("%5 percent", 0.0)]
    assert question.answers[1].feedback == "so-so"


def test_gift_reader_splits_questions_on_blank_lines_only():
    assert len(split_questions("Q1{TRUE}\n\n\nQ2{\n\t=a\n\t~b\n}\n")) == 2


# Moodle GIFT ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_gift_holds_every_quiz_item_and_each_discussion_question_as_an_essay(exported, lesson_id):
    lesson = lesson_of(exported, lesson_id)
    questions = read_gift(export_path(exported, lesson_id, "moodle.gift").read_text("utf-8"))
    expected_kinds = ["multichoice" if isinstance(item, MultipleChoiceItem) else "truefalse" for item in lesson.quiz]
    expected_kinds += ["essay"] * len(lesson.discussion_questions)
    assert [question.kind for question in questions] == expected_kinds
    names = [f"{lesson_id}/{item.id}" for item in lesson.quiz]
    names += [f"{lesson_id}/discussion/{question.id}" for question in lesson.discussion_questions]
    assert [question.name for question in questions] == names
    assert all(question.text_format == "plain" for question in questions)


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_gift_text_answers_and_feedback_read_back_exactly_as_typed(exported, lesson_id):
    lesson = lesson_of(exported, lesson_id)
    questions = read_gift(export_path(exported, lesson_id, "moodle.gift").read_text("utf-8"))
    for item, question in zip(lesson.quiz, questions):
        assert question.text == item.prompt
        assert question.general_feedback == item.explanation
        if isinstance(item, MultipleChoiceItem):
            assert [answer.text for answer in question.answers] == item.choices
            assert [answer.text for answer in question.answers if answer.correct] == [item.answer]
            assert [answer.weight for answer in question.answers] == [
                1.0 if choice == item.answer else 0.0 for choice in item.choices]
        else:
            assert question.true_false_answer is item.answer
    for discussion, question in zip(lesson.discussion_questions, questions[len(lesson.quiz):]):
        assert question.text == discussion.prompt
        assert question.general_feedback == f"Model answer: {discussion.model_answer}"


def test_every_gift_special_character_in_the_fixture_is_escaped_and_survives(exported):
    source = export_path(exported, "exports", "moodle.gift").read_text("utf-8")
    gift_signs = read_gift(source)[0]
    for sign in "~=#{}:\\":
        assert sign in gift_signs.text + "".join(answer.text for answer in gift_signs.answers)
    assert "C\\:\\\\new\\\\table" in source
    assert gift_signs.text.endswith("here?\n(A second line, and a path C:\\new\\table.)")
    assert "back\\slash \\n \\\\" in [answer.text for answer in gift_signs.answers]


def test_stress_lesson_markup_and_ampersands_stay_plain_text_in_gift(exported):
    question = read_gift(export_path(exported, "stress", "moodle.gift").read_text("utf-8"))[0]
    assert question.text == "Which is <b>right</b> & true?"
    assert [answer.text for answer in question.answers if answer.correct] == ["<b>C</b>"]


# Canvas QTI -----------------------------------------------------------------------------------------------------


def qti_package(project: Project, lesson_id: str) -> dict[str, bytes]:
    with zipfile.ZipFile(export_path(project, lesson_id, "canvas-qti.zip")) as package:
        return {name: package.read(name) for name in package.namelist()}


def qti_items(project: Project, lesson_id: str) -> list[etree._Element]:
    package = qti_package(project, lesson_id)
    manifest = etree.fromstring(package["imsmanifest.xml"])
    resource = manifest.find(f"{IMSCP}resources/{IMSCP}resource[@type='imsqti_xmlv1p2']")
    assessment = etree.fromstring(package[resource.find(f"{IMSCP}file").get("href")])
    return assessment.findall(f".//{QTI}item")


def mattext(element: etree._Element) -> str:
    """Return the text a Canvas page shows for a mattext of type text/html."""
    assert element.get("texttype") == "text/html"
    return html.unescape(element.text.replace("<br>", "\n"))


def metadata(item: etree._Element) -> dict[str, str]:
    return {field.findtext(f"{QTI}fieldlabel"): field.findtext(f"{QTI}fieldentry")
            for field in item.iter(f"{QTI}qtimetadatafield")}


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_qti_manifest_names_only_files_the_package_holds_and_every_file_is_xml(exported, lesson_id):
    package = qti_package(exported, lesson_id)
    manifest = etree.fromstring(package["imsmanifest.xml"])
    resources = manifest.findall(f"{IMSCP}resources/{IMSCP}resource")
    assert {resource.get("type") for resource in resources} == {
        "imsqti_xmlv1p2", "associatedcontent/imscc_xmlv1p1/learning-application-resource"}
    identifiers = {resource.get("identifier") for resource in resources}
    for resource in resources:
        for file in resource.findall(f"{IMSCP}file"):
            assert file.get("href") in package
        for dependency in resource.findall(f"{IMSCP}dependency"):
            assert dependency.get("identifierref") in identifiers
    for name, data in package.items():
        if name.endswith(".xml"):
            etree.fromstring(data)


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_every_qti_choice_item_has_exactly_one_correct_response_and_it_is_the_lessons_answer(exported, lesson_id):
    lesson = lesson_of(exported, lesson_id)
    items = qti_items(exported, lesson_id)
    assert len(items) == len(lesson.quiz) + len(lesson.discussion_questions)
    for item, element in zip(lesson.quiz, items):
        labels = {label.get("ident"): mattext(label.find(f".//{QTI}mattext"))
                  for label in element.iter(f"{QTI}response_label")}
        scoring = [condition for condition in element.iter(f"{QTI}respcondition")
                   if condition.findtext(f"{QTI}setvar") == "100"]
        assert len(scoring) == 1
        correct = scoring[0].findall(f".//{QTI}varequal")
        assert len(correct) == 1
        expected = item.answer if isinstance(item, MultipleChoiceItem) else ("True" if item.answer else "False")
        assert labels[correct[0].text] == expected
        expected_type = "multiple_choice_question" if isinstance(item, MultipleChoiceItem) else "true_false_question"
        assert metadata(element)["question_type"] == expected_type
        assert metadata(element)["original_answer_ids"].split(",") == list(labels)


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_qti_texts_read_back_exactly_as_typed_and_discussion_questions_are_essays(exported, lesson_id):
    lesson = lesson_of(exported, lesson_id)
    items = qti_items(exported, lesson_id)
    for item, element in zip(lesson.quiz, items):
        assert mattext(element.find(f"{QTI}presentation/{QTI}material/{QTI}mattext")) == item.prompt
        assert mattext(element.find(f"{QTI}itemfeedback//{QTI}mattext")) == item.explanation
        if isinstance(item, MultipleChoiceItem):
            assert [mattext(label.find(f".//{QTI}mattext"))
                    for label in element.iter(f"{QTI}response_label")] == item.choices
    for question, element in zip(lesson.discussion_questions, items[len(lesson.quiz):]):
        assert metadata(element)["question_type"] == "essay_question"
        assert element.get("title") == question.id
        assert mattext(element.find(f"{QTI}presentation/{QTI}material/{QTI}mattext")) == question.prompt
        assert element.find(f".//{QTI}response_str") is not None


def test_qti_identifiers_are_unique_within_the_package(exported):
    items = qti_items(exported, "mao-khrushchev")
    identifiers = [item.get("ident") for item in items]
    identifiers += [label.get("ident") for item in items for label in item.iter(f"{QTI}response_label")
                    if label.get("ident") != "answer1"]
    assert len(identifiers) == len(set(identifiers))


# Flashcards -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_flashcards_have_one_line_per_term_and_exactly_two_fields(exported, lesson_id):
    lesson = lesson_of(exported, lesson_id)
    data = export_path(exported, lesson_id, "flashcards.tsv").read_bytes()
    lines = data.decode("utf-8").split("\n")
    assert lines[-1] == "" and len(lines) - 1 == len(lesson.vocabulary)
    assert "\r" not in data.decode("utf-8")
    for line, word in zip(lines, lesson.vocabulary):
        front, back = line.split("\t")
        assert front.startswith(word.term.replace("\t", " "))
        assert back and "\n" not in back


def test_flashcards_clean_tabs_and_line_breaks_and_show_native_script_and_romanization(exported):
    lines = export_path(exported, "exports", "flashcards.tsv").read_text("utf-8").splitlines()
    assert lines[0] == ("tab term\tA definition with a tab here, a line break there and a carriage return at the "
                        "end.")
    assert lines[1] == "revisionism (修正主义, xiūzhèng zhǔyì)\tGiving up the core ideas."
    assert lines[2] == "{braces} & <tags>\tSigns ~ = # { } : \\ stay as typed."


def test_card_front_is_the_term_alone_unless_the_lesson_gives_script_or_romanization():
    assert card_front(VocabularyTerm(term="coexistence", definition="Living side by side.")) == "coexistence"
    assert card_front(VocabularyTerm(term="Dà Yuèjìn", definition="A plan.", romanization="dà yuèjìn")) == \
        "Dà Yuèjìn (dà yuèjìn)"


# Kahoot ---------------------------------------------------------------------------------------------------------


def kahoot_sheet(project: Project, lesson_id: str):
    workbook = openpyxl.load_workbook(export_path(project, lesson_id, "kahoot.xlsx"))
    return workbook.worksheets[0]


def kahoot_questions(project: Project, lesson_id: str) -> list[tuple]:
    return [row for row in kahoot_sheet(project, lesson_id).iter_rows(min_row=9, values_only=True) if any(row)]


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_kahoot_sheet_has_the_template_headings_on_row_8(exported, lesson_id):
    sheet = kahoot_sheet(exported, lesson_id)
    assert tuple(cell or "" for cell in next(sheet.iter_rows(min_row=8, max_row=8, values_only=True))) == \
        KAHOOT_HEADINGS


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_kahoot_rows_respect_every_limit_and_point_at_the_right_answer(exported, lesson_id):
    lesson = lesson_of(exported, lesson_id)
    by_prompt = {" ".join(item.prompt.split()): item for item in lesson.quiz}
    rows = kahoot_questions(exported, lesson_id)
    assert [row[0] for row in rows] == list(range(1, len(rows) + 1))
    for _, question, *answers, time_limit, correct in rows:
        answers = [answer for answer in answers if answer is not None]
        assert kahoot_length(question) <= KAHOOT_MAX_QUESTION
        assert 2 <= len(answers) <= 4 and all(kahoot_length(answer) <= KAHOOT_MAX_ANSWER for answer in answers)
        assert time_limit in KAHOOT_TIME_LIMITS
        item = by_prompt[question]
        if isinstance(item, MultipleChoiceItem):
            assert answers == item.choices and answers[correct - 1] == item.answer
        else:
            assert answers == ["True", "False"] and answers[correct - 1] == str(item.answer)


def test_kahoot_leaves_out_exactly_the_items_over_its_limits(exported):
    lesson = lesson_of(exported, "exports")
    questions = [row[1] for row in kahoot_questions(exported, "exports")]
    kept = [" ".join(item.prompt.split()) for item in lesson.quiz if item.id not in LEFT_OUT_OF_KAHOOT]
    assert questions == kept
    assert "This answer is written far too long" not in str(kahoot_questions(exported, "exports"))


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_an_item_is_in_the_kahoot_sheet_exactly_when_no_warning_is_given_for_it(exported, lesson_id):
    loaded = load_lesson(exported.lessons_dir / f"{lesson_id}.yaml", CourseSettings(), exported.root)
    questions = {row[1] for row in kahoot_questions(exported, lesson_id)}
    for index, item in enumerate(loaded.lesson.quiz):
        assert (" ".join(item.prompt.split()) in questions) == (not kahoot_misfits(loaded, index))


KAHOOT_WARNINGS = [
        ("lessons/exports.yaml:57:13: warning: quiz[2].prompt: the question is 143 characters long and Kahoot takes "
         "at most 120, so the item is left out of exports/kahoot.xlsx; shorten it to include it"),
        ("lessons/exports.yaml:68:9: warning: quiz[3].choices[1]: the answer is 94 characters long and Kahoot takes "
         "at most 75, so the item is left out of exports/kahoot.xlsx; shorten it to include it"),
        ("lessons/exports.yaml:74:14: warning: quiz[4].choices: Kahoot takes at most 4 answers and this item has 5, "
         "so the item is left out of exports/kahoot.xlsx"),
]


def test_items_left_out_of_kahoot_are_reported_as_warnings_with_their_line(project, run_cli):
    shutil.copy(FIXTURES / "exports.yaml", project / "lessons" / "exports.yaml")
    result = run_cli(project, "build", "--format", "kahoot")
    assert result.code == 0
    assert result.err.splitlines() == KAHOOT_WARNINGS
    assert (project / "build" / "exports" / "exports" / "kahoot.xlsx").is_file()


def test_check_reports_the_same_warnings_as_the_build_and_writes_nothing(project, run_cli):
    shutil.copy(FIXTURES / "exports.yaml", project / "lessons" / "exports.yaml")
    result = run_cli(project, "check")
    assert result.code == 0
    assert result.err.splitlines() == KAHOOT_WARNINGS
    assert result.out == "1 of 1 lesson(s) valid\n"
    assert not (project / "build").exists()


def test_warnings_are_printed_once_by_the_driver_in_a_parallel_build(project, run_cli):
    shutil.copy(FIXTURES / "exports.yaml", project / "lessons" / "exports.yaml")
    result = run_cli(project, "build", "--jobs", "2")
    assert result.code == 0
    assert result.err.splitlines() == KAHOOT_WARNINGS


def test_kahoot_counts_an_emoji_as_two_characters_as_a_browser_does():
    assert kahoot_length("🙂") == 2 and kahoot_length("修正主义") == 4


# Reproducible bytes ---------------------------------------------------------------------------------------------


def test_exports_are_byte_identical_across_builds(exported):
    def digests() -> dict[str, str]:
        return {f"{lesson_id}/{name}": hashlib.sha256(export_path(exported, lesson_id, name).read_bytes()).hexdigest()
                for lesson_id in LESSONS for name in EXPORTS}

    before = digests()
    build(exported, force=True, jobs=1, formats=["moodle", "canvas", "flashcards", "kahoot"])
    assert digests() == before


@pytest.mark.parametrize("name", ["canvas-qti.zip", "kahoot.xlsx"])
def test_every_zip_entry_is_stamped_with_the_build_time(exported, name):
    with zipfile.ZipFile(io.BytesIO(export_path(exported, "stress", name).read_bytes())) as package:
        assert {entry.date_time for entry in package.infolist()} == {time.gmtime(build_epoch())[:6]}
