"""What Moodle's GIFT and XML imports share: the question category path and stable question idnumbers."""

from __future__ import annotations

import hashlib

from generators.text.escaping import one_line
from generators.view.lesson_view import LessonView

IDNUMBER_LIMIT = 100
"""Moodle keeps a question's idnumber in a column of 100 characters."""


def category_path(loaded: LessonView) -> str:
    """Return the question bank category, $course$/<course title or Lessonkit>/<lesson title>.

    Moodle splits a category path on '/' and reads '//' as a slash inside a name, so slashes in titles are doubled.
    """
    names = [loaded.course.course_title or "Lessonkit", loaded.lesson.title]
    return "$course$/" + "/".join(one_line(name).replace("/", "//") for name in names)


def idnumber(lesson_id: str, *parts: str) -> str:
    """Return a question's idnumber, the same in every build: lesson id and parts joined by '-', at most 100 long."""
    value = "-".join((lesson_id, *parts))
    if len(value) <= IDNUMBER_LIMIT:
        return value
    digest = hashlib.sha256(value.encode("utf-8")).hexdigest()[:16]
    return f"{value[:IDNUMBER_LIMIT - 17]}-{digest}"
