"""A project whose lessons are exported for the LMS tests, and where to find each export."""

from __future__ import annotations

import shutil

from generators.driver.builder import Project
from generators.model.lesson import CourseSettings
from generators.reading.loader import load_lesson
from support.paths import FIXTURES, REPO

EXPORTS = ["moodle.gift", "moodle.xml", "canvas-qti.zip", "flashcards.tsv", "flashcards.apkg", "kahoot.xlsx"]


EXPORT_FORMATS = ["moodle", "moodle-xml", "canvas", "flashcards", "anki", "kahoot"]


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


def lesson_of(project: Project, lesson_id: str):
    return load_lesson(project.lessons_dir / f"{lesson_id}.yaml", CourseSettings(), project.root).lesson


def export_path(project: Project, lesson_id: str, name: str):
    return project.build_dir / lesson_id / "exports" / name
