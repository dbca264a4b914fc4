"""`new NAME`: a commented lesson file that already validates, for the teacher to fill in."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from generators.driver.files import write_atomically
from generators.model.lesson import ID_PATTERN, MAX_ID_LENGTH
from generators.model.problems import UsageError
from generators.text.templating import yaml_environment

LONGEST_NAME_SHOWN = 40
EXAMPLE_ID = "cuban-missile-crisis"


def write_new_lesson(lessons_dir: Path, name: str, *, force: bool = False) -> Path:
    """Write lessons/<name>.yaml from the template and return its path; never overwrite without force."""
    problem = lesson_id_problem(name)
    if problem:
        raise UsageError(problem)
    path = lessons_dir / f"{name}.yaml"
    if path.exists() and not force:
        raise UsageError(f"{path} already exists; choose another name or add --force to overwrite it")
    title = name.replace("-", " ").capitalize()
    try:
        return write_atomically(path, yaml_environment().get_template("new-lesson.yaml.j2").render(title=title))
    except OSError as error:
        raise UsageError(f"cannot write {path} ({error.strerror}); check that lessons/ is a folder you can write "
                         "to") from None


def lesson_id_problem(name: str) -> str | None:
    """Return why a name cannot be a lesson id, with an id made from it to use instead, or None if it can."""
    if re.fullmatch(ID_PATTERN, name) and len(name) <= MAX_ID_LENGTH:
        return None
    suggestion = suggested_id(name)
    example = f"e.g. {suggestion}" if suggestion != name else f"e.g. {EXAMPLE_ID}"
    if re.fullmatch(ID_PATTERN, name):
        return (f"'{shown_name(name)}' is too long for a lesson id: {len(name)} characters, and at most "
                f"{MAX_ID_LENGTH} fit in the names of its files and folders; use a shorter one, {example}")
    return f"'{shown_name(name)}' cannot be a lesson id; use lowercase letters, digits and hyphens, {example}"


def suggested_id(name: str) -> str:
    """Return a lesson id made from a name: accents dropped, lowercase, runs of other characters as one hyphen,
    cut at a hyphen to fit MAX_ID_LENGTH; the example id if nothing of the name is left."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = [word for word in re.split(r"[^a-z0-9]+", plain) if word]
    suggestion = ""
    for word in words:
        longer = f"{suggestion}-{word}" if suggestion else word
        if len(longer) > MAX_ID_LENGTH:
            break
        suggestion = longer
    return suggestion or (words[0][:MAX_ID_LENGTH] if words else EXAMPLE_ID)


def shown_name(name: str) -> str:
    """Return the name as one printable line, shortened with an ellipsis when it would swamp the message."""
    printable = "".join(character if character.isprintable() else "?" for character in name)
    return printable if len(printable) <= LONGEST_NAME_SHOWN else printable[:LONGEST_NAME_SHOWN - 1] + "…"
