"""build/index.html: every built lesson with its files, from the lessons' stamps."""

from __future__ import annotations

from pathlib import Path

from generators.driver.files import write_atomically
from generators.driver.project import Project
from generators.driver.stamps import STAMP_NAME, read_stamp


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
        stamp = read_stamp(project, stamp_file.parent.name)
        summary, outputs = stamp.get("summary"), stamp.get("outputs")
        fields = ("title", "subject", "duration", "question")
        if not (isinstance(summary, dict) and all(key in summary for key in fields) and isinstance(outputs, list)):
            continue  # not a stamp this build wrote: no lesson to list
        folder = stamp_file.parent
        files = [{"name": name, "href": f"{folder.name}/{name}", "size": _human_size((folder / name).stat().st_size)}
                 for name in outputs if isinstance(name, str) and (folder / name).is_file()]
        preview = next((file["href"] for file in files if file["name"] == "preview.html"), None)
        lessons.append({"id": folder.name, **{key: summary[key] for key in fields}, "files": files, "preview": preview})
    if not lessons:
        return None
    html = index_template().render(lessons=lessons)
    index = project.build_dir / "index.html"
    if not index.exists() or index.read_text("utf-8") != html:
        write_atomically(index, html)
    return index


