"""Stamps and hashes: what a lesson's last build was made from, so that only changed lessons are built again."""

from __future__ import annotations

import hashlib
import json
import os
from contextlib import suppress
from pathlib import Path

from generators.driver.files import write_atomically
from generators.driver.project import Project
from generators.formats.registry import format_names

PACKAGE_DIR = Path(__file__).resolve().parent.parent
REPO_ASSETS = PACKAGE_DIR.parent / "assets"
STAMP_NAME = ".lessonkit-stamp.json"
HASHES_NAME = ".lessonkit-hashes.json"


class FileHashes:
    """SHA-256 of files, remembered in build/.lessonkit-hashes.json by size and modification time.

    The toolchain's fonts alone are 15 MB; hashing them on every run would cost more than a no-op build needs.
    """

    def __init__(self, build_dir: Path) -> None:
        self.path = build_dir / HASHES_NAME
        try:
            self.known = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            self.known = {}
        self.used: dict[str, list] = {}

    def of(self, path: Path) -> str:
        status = path.stat()
        key, signature = str(path), [status.st_size, status.st_mtime_ns]
        entry = self.known.get(key)
        if not isinstance(entry, list) or entry[:2] != signature:
            entry = signature + [hashlib.sha256(path.read_bytes()).hexdigest()]
        self.used[key] = entry
        return entry[2]

    def save(self) -> None:
        """Remember the hashes used this run (and only those), if they changed and the build folder exists."""
        if self.used != self.known and self.path.parent.is_dir():
            with suppress(OSError):  # only a cache
                write_atomically(self.path, json.dumps(self.used, indent=0, sort_keys=True) + "\n")


def toolchain_digest(hashes: FileHashes) -> str:
    """Return a hash of everything besides the lesson that shapes the output: code, templates, fonts, build time."""
    files = sorted(PACKAGE_DIR.rglob("*.py")) + sorted(p for p in REPO_ASSETS.rglob("*")
                                                       if p.is_file() and "images" not in p.parts)
    digest = hashlib.sha256()
    for path in files:
        digest.update(f"{path.relative_to(PACKAGE_DIR.parent)}\0{hashes.of(path)}\0".encode())
    digest.update(f"{os.environ.get('SOURCE_DATE_EPOCH', '')}|{','.join(format_names())}".encode())
    return digest.hexdigest()


def _file_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None



def is_up_to_date(project: Project, lesson_file: Path, toolchain: str) -> bool:
    """Return True if the last build of this lesson used exactly the same inputs and its outputs are all there."""
    try:
        stamp = json.loads(stamp_path(project, lesson_file.stem).read_text("utf-8"))
    except (OSError, ValueError):
        return False
    if stamp.get("toolchain") != toolchain or stamp.get("lesson") != str(lesson_file.resolve()):
        return False
    out_dir = project.build_dir / lesson_file.stem
    return (all(_file_hash(project.root / name) == digest for name, digest in stamp.get("inputs", {}).items())
            and all((out_dir / name).is_file() for name in stamp.get("outputs", [])))


def _inputs_of(loaded, project: Project) -> list[Path]:
    """Return every file whose content shapes this lesson's output (besides the toolchain)."""
    inputs = [loaded.path, project.course_file]
    for section in loaded.lesson.sections:
        inputs += [project.root / image.file for image in section.images]
    if loaded.course.slide_template:
        inputs.append(project.root / loaded.course.slide_template)
    return inputs


def _relative_to_root(path: Path, project: Project) -> str:
    resolved = path.resolve()
    try:
        return str(resolved.relative_to(project.root.resolve()))
    except ValueError:
        return str(resolved)




def lesson_stamp(loaded, project: Project, toolchain: str, outputs: list[str]) -> str:
    """Return the stamp of a built lesson: its summary for the index page, its inputs' hashes and its files."""
    lesson = loaded.lesson
    stamp = {
        "summary": {"title": lesson.title, "subject": lesson.subject, "duration": lesson.duration_minutes,
                    "question": lesson.compelling_question},
        "lesson": str(loaded.path.resolve()),
        "toolchain": toolchain,
        "inputs": {_relative_to_root(path, project): _file_hash(path) for path in _inputs_of(loaded, project)},
        "outputs": outputs,
    }
    return json.dumps(stamp, indent=1, sort_keys=True) + "\n"


def stamp_path(project: Project, lesson_id: str) -> Path:
    """Return where the stamp of a lesson is kept: build/<id>/.lessonkit-stamp.json."""
    return project.build_dir / lesson_id / STAMP_NAME
