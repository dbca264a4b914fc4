"""The loaded lesson: a validated lesson with its id, merged course settings and the positions of its fields."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generators.model.lesson import CourseSettings, Lesson
from generators.model.problems import Problem

if TYPE_CHECKING:
    from generators.reading.yaml_source import SourceMap, YamlPath


@dataclass(frozen=True)
class LoadedLesson:
    """A validated lesson with what formats need around it: its id, course settings and source positions."""

    id: str
    path: Path
    lesson: Lesson
    course: CourseSettings
    source_map: SourceMap
    project_root: Path
    course_source_map: SourceMap | None = None
    """Positions in lessons/_course.yaml, for problems with a course setting the lesson does not override."""

    def problem(self, path: YamlPath, message: str) -> Problem:
        """Return a Problem located at a field of the lesson file, for errors found while generating."""
        return self.source_map.problem(path, message)

    def course_problem(self, setting: str, message: str) -> Problem:
        """Return a Problem with a course setting, located where it is set: in the lesson's own `course:` or in
        lessons/_course.yaml."""
        own = self.lesson.course
        if (own is None or setting not in own.model_fields_set) and self.course_source_map is not None:
            return self.course_source_map.problem((setting,), message)
        return self.source_map.problem(("course", setting), message)
