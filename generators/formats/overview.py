"""Teacher-readable Markdown overview of a lesson (overview.md), rendered from a jinja2 template."""

from __future__ import annotations

import re
from pathlib import Path

from generators import Generator
from generators.driver.files import write_atomically
from generators.reading.loader import LoadedLesson
from generators.text.templating import markdown_environment


class OverviewGenerator(Generator):
    """Writes overview.md: the whole lesson on one page, for the teacher to read or print."""

    name = "overview"

    def build(self, lesson: LoadedLesson, out_dir: Path) -> list[Path]:
        template = markdown_environment().get_template("overview.md.j2")
        text = template.render(lesson=lesson, course=lesson.course)
        text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
        return [write_atomically(out_dir / "overview.md", text)]
