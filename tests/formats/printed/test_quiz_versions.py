"""The A/B quiz versions and their key, read back from the PDFs and checked against the lesson."""

from __future__ import annotations

import hashlib
import re
import shutil

import pdfplumber
import pytest
from pypdf import PdfReader
from support.paths import FIXTURES, MINIMAL_LESSON, REPO

from generators.driver.builder import Project, build
from generators.formats.printed.quiz_versions import version_code
from generators.model.lesson import CourseSettings, MultipleChoiceItem
from generators.reading.loader import load_lesson
from generators.view.lesson_view import QUIZ_VERSIONS as VERSIONS
from generators.view.lesson_view import quiz_versions

DOCUMENTS = ["quiz-A.pdf", "quiz-B.pdf", "quiz-key.pdf"]
READABLE_LESSONS = ["mao-khrushchev", "exports"]  # the stress lesson's emoji do not survive text extraction


@pytest.fixture(scope="module")
def quizzed(tmp_path_factory) -> Project:
    """Return a project with the sample, stress and exports lessons, their quiz versions built once."""
    root = tmp_path_factory.mktemp("quizzed")
    shutil.copytree(REPO / "assets" / "images", root / "assets" / "images")
    (root / "lessons").mkdir()
    for lesson in [REPO / "lessons" / "_course.yaml", REPO / "lessons" / "mao-khrushchev.yaml",
                   FIXTURES / "stress.yaml", FIXTURES / "exports.yaml"]:
        shutil.copy(lesson, root / "lessons" / lesson.name)
    project = Project(root, root / "build")
    report = build(project, force=True, jobs=1, formats=["quiz-versions"])
    assert not report.invalid and not report.failed, (report.invalid, report.failed)
    return project


def lesson_of(project: Project, lesson_id: str):
    return load_lesson(project.lessons_dir / f"{lesson_id}.yaml", CourseSettings(), project.root).lesson


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pages_text(project: Project, lesson_id: str, name: str) -> list[str]:
    with pdfplumber.open(project.build_dir / lesson_id / name) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def printed_segments(project: Project, lesson_id: str, version: str) -> list[str]:
    """Return the text of each numbered question of a version as printed, found by the lesson's own prompts."""
    lesson = lesson_of(project, lesson_id)
    text = flat(" ".join(pages_text(project, lesson_id, f"quiz-{version}.pdf")))
    starts, position = [], 0
    for printed in quiz_versions(lesson, lesson_id)[version]:
        position = text.find(f"{printed.number}. {flat(printed.item.prompt)}", position)
        assert position >= 0, f"question {printed.number} of version {version} is not where it should be"
        starts.append(position)
    return [text[start:end] for start, end in zip(starts, starts[1:] + [len(text)])]


def label_printed_beside(segment: str, answer: str) -> str:
    """Return the bubble label printed just before an answer's text."""
    return re.search(r"(?:^|\s)([A-Z]) " + re.escape(flat(answer)) + r"(?:\s|$)", segment).group(1)


def key_table(project: Project, lesson_id: str) -> dict[int, tuple[str, ...]]:
    """Return, per question number, the bubble the key gives for each version."""
    text = "\n".join(pages_text(project, lesson_id, "quiz-key.pdf"))
    table = text.split("Question " + " ".join(f"Version {version}" for version in VERSIONS), 1)[1]
    rows = re.findall(r"^(\d+) ((?:[A-Z] ?)+)$", table, flags=re.MULTILINE)
    return {int(number): tuple(letters.split()) for number, letters in rows}


@pytest.mark.parametrize("lesson_id", READABLE_LESSONS)
@pytest.mark.parametrize("version", VERSIONS)
def test_each_version_prints_every_item_once_with_its_choices_in_their_shuffled_order(quizzed, lesson_id, version):
    lesson = lesson_of(quizzed, lesson_id)
    items = quiz_versions(lesson, lesson_id)[version]
    assert sorted(printed.lesson_index for printed in items) == list(range(len(lesson.quiz)))
    for printed, segment in zip(items, printed_segments(quizzed, lesson_id, version)):
        expected = " ".join(f"{label} {flat(answer)}" for label, answer, _ in printed.options())
        assert expected in segment


@pytest.mark.parametrize("lesson_id", ["mao-khrushchev", "stress", "exports"])
def test_the_two_versions_put_the_items_in_different_orders(quizzed, lesson_id):
    versions = quiz_versions(lesson_of(quizzed, lesson_id), lesson_id)
    orders = [[printed.lesson_index for printed in items] for items in versions.values()]
    assert orders[0] != orders[1]


def test_two_versions_never_share_an_order_even_when_a_lesson_has_only_two_items(quizzed):
    lesson = lesson_of(quizzed, "stress")
    assert len(lesson.quiz) == 2
    for number in range(40):
        versions = quiz_versions(lesson, f"lesson-{number}")
        assert [item.lesson_index for item in versions["A"]] != [item.lesson_index for item in versions["B"]]


def test_shuffles_are_the_same_every_time_and_depend_on_the_lesson_id(quizzed):
    lesson = lesson_of(quizzed, "mao-khrushchev")
    assert quiz_versions(lesson, "mao-khrushchev") == quiz_versions(lesson, "mao-khrushchev")
    assert quiz_versions(lesson, "mao-khrushchev") != quiz_versions(lesson, "another-lesson")
    choice_orders = {printed.choice_order for items in quiz_versions(lesson, "mao-khrushchev").values()
                     for printed in items if isinstance(printed.item, MultipleChoiceItem)}
    assert len(choice_orders) > 1


@pytest.mark.parametrize("lesson_id", READABLE_LESSONS)
def test_key_gives_for_each_version_the_bubble_printed_beside_the_correct_answer(quizzed, lesson_id):
    lesson = lesson_of(quizzed, lesson_id)
    key = key_table(quizzed, lesson_id)
    assert sorted(key) == list(range(1, len(lesson.quiz) + 1))
    for column, version in enumerate(VERSIONS):
        for printed, segment in zip(quiz_versions(lesson, lesson_id)[version],
                                    printed_segments(quizzed, lesson_id, version)):
            item = printed.item
            if isinstance(item, MultipleChoiceItem):
                expected = label_printed_beside(segment, item.answer)
            else:
                assert "T True F False" in segment
                expected = "T" if item.answer else "F"
            assert key[printed.number][column] == expected, (version, printed.number)


@pytest.mark.parametrize("lesson_id", READABLE_LESSONS)
def test_key_explains_every_item_with_its_number_in_each_version(quizzed, lesson_id):
    lesson = lesson_of(quizzed, lesson_id)
    key = flat(" ".join(pages_text(quizzed, lesson_id, "quiz-key.pdf")))
    versions = quiz_versions(lesson, lesson_id)
    for index, item in enumerate(lesson.quiz):
        places = " ".join(f"Version {version}: question {printed.number}, {printed.correct_label}."
                          for version, items in versions.items()
                          for printed in items if printed.lesson_index == index)
        assert f"{flat(item.prompt)} {places} Answer: " in key
        assert flat(item.explanation) in key


@pytest.mark.parametrize("version", VERSIONS)
def test_version_code_is_printed_on_every_page_of_its_version_only(quizzed, version):
    pages = pages_text(quizzed, "mao-khrushchev", f"quiz-{version}.pdf")
    assert len(pages) >= 2
    other = next(code for code in VERSIONS if code != version)
    for page in pages:
        assert version_code(version) in page
        assert version_code(other) not in page


@pytest.mark.parametrize("lesson_id", ["mao-khrushchev", "stress", "exports"])
@pytest.mark.parametrize("version", VERSIONS)
def test_student_versions_have_a_name_line_and_show_no_answers(quizzed, lesson_id, version):
    lesson = lesson_of(quizzed, lesson_id)
    text = flat(" ".join(pages_text(quizzed, lesson_id, f"quiz-{version}.pdf")))
    assert text.startswith(version_code(version) + " Name Date Period")
    for forbidden in ["Teacher copy", "Answer:", "Answers explained"] + [item.explanation for item in lesson.quiz]:
        assert flat(forbidden)[:60] not in text


def test_key_is_marked_teacher_copy_on_every_page(quizzed):
    pages = pages_text(quizzed, "mao-khrushchev", "quiz-key.pdf")
    assert pages and all("Teacher copy" in page for page in pages)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_font_of_the_stress_quiz_is_embedded(quizzed, name):
    reader = PdfReader(quizzed.build_dir / "stress" / name)
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            assert "/FontFile2" in descendant["/FontDescriptor"].get_object(), font["/BaseFont"]


def test_quiz_pdfs_are_byte_identical_across_builds(quizzed):
    def digests() -> dict[str, str]:
        return {f"{lesson_id}/{name}": hashlib.sha256((quizzed.build_dir / lesson_id / name).read_bytes()).hexdigest()
                for lesson_id in ["mao-khrushchev", "stress", "exports"] for name in DOCUMENTS}

    before = digests()
    build(quizzed, force=True, jobs=1, formats=["quiz-versions"])
    assert digests() == before


def test_a_lesson_without_quiz_items_gets_a_note_instead_of_questions(project, run_cli):
    without_quiz = MINIMAL_LESSON[:MINIMAL_LESSON.index("quiz:")] + MINIMAL_LESSON[MINIMAL_LESSON.index("activities:"):]
    (project / "lessons" / "no-quiz.yaml").write_text(without_quiz, "utf-8")
    assert run_cli(project, "build", "--format", "quiz-versions").code == 0
    for name in DOCUMENTS:
        with pdfplumber.open(project / "build" / "no-quiz" / name) as pdf:
            assert "This lesson has no quiz items." in pdf.pages[0].extract_text()
