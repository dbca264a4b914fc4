"""Where a course lives: lessons/ for the YAML files, build/ for the output, and which lessons a command means."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from generators.model.problems import UsageError
from generators.reading.yaml_source import display_name

COURSE_FILE_NAME = "_course.yaml"


@dataclass(frozen=True)
class Project:
    """Where a course lives: lessons/ for the YAML files, build/ for the output, assets relative to root."""

    root: Path
    build_dir: Path

    @property
    def lessons_dir(self) -> Path:
        return self.root / "lessons"

    @property
    def course_file(self) -> Path:
        return self.lessons_dir / COURSE_FILE_NAME

    def lesson_files(self, selection: list[str] | None = None) -> list[Path]:
        """Return the lesson files to work on, each once: all lessons/*.yaml (and *.yml, which the loader refuses
        with its fix) not starting with '_', or the ones named."""
        if not selection:
            folder = self.lessons_dir
            if not folder.is_dir():
                raise UsageError(f"{display_name(folder)} is not a folder; lessons go in a folder named lessons/"
                                 if folder.exists() or folder.is_symlink() else
                                 f"there is no {display_name(folder)}/ folder here; start a lesson with "
                                 "`make new NAME=<id>`")
            try:
                names = [entry.name for entry in os.scandir(folder)]
            except OSError as error:
                raise UsageError(f"cannot list {display_name(folder)}/: {error.strerror}") from None
            return sorted(folder / name for name in names
                          if name.endswith((".yaml", ".yml")) and not name.startswith("_"))
        files: dict[Path, Path] = {}
        for name in selection:
            path = Path(name) if name.endswith((".yaml", ".yml")) else self.lessons_dir / f"{name}.yaml"
            if not path.is_file():
                raise UsageError(f"no lesson file {display_name(path)}; the lessons are: "
                                 f"{', '.join(p.stem for p in self.lesson_files()) or 'none yet'}")
            files.setdefault(path.resolve(), path)  # a lesson named twice is built once
        return list(files.values())
