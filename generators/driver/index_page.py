"""build/index.html: every built lesson with its files, from the lessons' stamps."""

from __future__ import annotations

import json
from pathlib import Path

from generators.driver.files import write_atomically
from generators.driver.project import Project
from generators.driver.stamps import STAMP_NAME


def _human_size(size: int) -> str:
    return f"{size} bytes" if size < 1024 else f"{size / 1024:.0f} KB" if size < 1024 ** 2 else \
        f"{size / 1024 ** 2:.1f} MB"


def index_template():
    """Return the compiled template of build/index.html (importing jinja2 the first time)."""
    from generators.text.templating import html_environment

    return html_environment().get_template("index.html.j2")


def write_index(project: Project) -> Path | None:
    """Write build/index.html listing every built lesson and its files with sizes; skip it if nothing changed."""
    lessons = []
    for stamp_file in sorted(project.build_dir.glob(f"*/{STAMP_NAME}")):
        try:
            stamp = json.loads(stamp_file.read_text("utf-8"))
            summary = stamp["summary"]
        except (OSError, ValueError, KeyError):
            continue
        folder = stamp_file.parent
        files = [{"name": name, "href": f"{folder.name}/{name}", "size": _human_size((folder / name).stat().st_size)}
                 for name in stamp.get("outputs", []) if (folder / name).is_file()]
        lessons.append({"id": folder.name, "title": summary["title"], "subject": summary["subject"],
                        "duration": summary["duration"], "question": summary["question"], "files": files})
    if not lessons:
        return None
    html = index_template().render(lessons=lessons)
    index = project.build_dir / "index.html"
    if not index.exists() or index.read_text("utf-8") != html:
        write_atomically(index, html)
    return index


