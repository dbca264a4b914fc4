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
            known = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            known = {}
        self.known = known if isinstance(known, dict) else {}  # corrupt state is a cache miss, never a traceback
        self.used: dict[str, list] = {}

    def of(self, path: Path) -> str:
        status = path.stat()
        key, signature = str(path), [status.st_size, status.st_mtime_ns]
        entry = self.known.get(key)
        if not (isinstance(entry, list) and len(entry) == 3 and entry[:2] == signature and isinstance(entry[2], str)):
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



def read_stamp(project: Project, lesson_id: str) -> dict:
    """Return a lesson's stamp, or an empty one when it is missing or not a stamp (corrupt state is no stamp)."""
    try:
        stamp = json.loads(stamp_path(project, lesson_id).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return stamp if isinstance(stamp, dict) else {}


def is_up_to_date(project: Project, lesson_file: Path, toolchain: str) -> bool:
    """Return True if the last build of this lesson made every format from exactly the same inputs and its outputs
    are all there (a build of some formats only never makes the others current)."""
    stamp = read_stamp(project, lesson_file.stem)
    inputs, outputs = stamp.get("inputs"), stamp.get("outputs")
    if (stamp.get("toolchain") != toolchain or stamp.get("lesson") != str(lesson_file.resolve())
            or stamp.get("formats") != sorted(format_names())
            or not isinstance(inputs, dict) or not isinstance(outputs, list)):
        return False
    out_dir = project.build_dir / lesson_file.stem
    return (all(isinstance(name, str) and _file_hash(project.root / name) == digest for name, digest in inputs.items())
            and all(isinstance(name, str) and (out_dir / name).is_file() for name in outputs))


def input_digests(loaded, project: Project) -> dict[str, str | None]:
    """Return the hash of every file whose content shapes this lesson's output (besides the toolchain), taken before
    anything is generated: the lesson and course files as the loader read them, the pictures and the slide template
    as they are now. A file changed during the build then no longer matches its stamp, and is built again."""
    digests = {_relative_to_root(loaded.path, project): loaded.source_map.digest or _file_hash(loaded.path)}
    course_map = loaded.course_source_map
    digests[_relative_to_root(project.course_file, project)] = (course_map.digest if course_map is not None
                                                               else _file_hash(project.course_file))
    pictures = [project.root / image.file for section in loaded.lesson.sections for image in section.images]
    if loaded.course.slide_template:
        pictures.append(project.root / loaded.course.slide_template)
    digests.update({_relative_to_root(path, project): _file_hash(path) for path in pictures})
    return digests


def _relative_to_root(path: Path, project: Project) -> str:
    resolved = path.resolve()
    try:
        return str(resolved.relative_to(project.root.resolve()))
    except ValueError:
        return str(resolved)




def lesson_stamp(loaded, project: Project, toolchain: str, inputs: dict[str, str | None], outputs: list[str],
                 formats: list[str]) -> str:
    """Return the stamp of a built lesson: its summary for the index page, the hashes of the inputs it was built
    from, the formats built and its files."""
    lesson = loaded.lesson
    stamp = {
        "summary": {"title": lesson.title, "subject": lesson.subject, "duration": lesson.duration_minutes,
                    "question": lesson.compelling_question},
        "lesson": str(loaded.path.resolve()),
        "toolchain": toolchain,
        "inputs": inputs,
        "formats": sorted(formats),
        "outputs": outputs,
    }
    return json.dumps(stamp, indent=1, sort_keys=True) + "\n"


def stamp_path(project: Project, lesson_id: str) -> Path:
    """Return where the stamp of a lesson is kept: build/<id>/.lessonkit-stamp.json."""
    return project.build_dir / lesson_id / STAMP_NAME
