"""`new NAME`: a commented lesson file that already validates, for the teacher to fill in."""

from __future__ import annotations

import re
from pathlib import Path

from generators.driver.files import write_atomically
from generators.model.lesson import ID_PATTERN
from generators.model.problems import UsageError
from generators.text.templating import yaml_environment


def write_new_lesson(lessons_dir: Path, name: str, *, force: bool = False) -> Path:
    """Write lessons/<name>.yaml from the template and return its path; never overwrite without force."""
    if not re.match(ID_PATTERN, name):
        raise UsageError(f"'{name}' cannot be a lesson id; use lowercase letters, digits and hyphens, "
                         "e.g. cuban-missile-crisis")
    path = lessons_dir / f"{name}.yaml"
    if path.exists() and not force:
        raise UsageError(f"{path} already exists; choose another name or add --force to overwrite it")
    title = name.replace("-", " ").capitalize()
    return write_atomically(path, yaml_environment().get_template("new-lesson.yaml.j2").render(title=title))
