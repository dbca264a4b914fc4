"""`make watch` on a temporary project, as a real process: rebuilds on save, signals the pages, keeps the last good
build through an invalid save, serves this machine only, and stops cleanly on Ctrl-C."""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

import pytest
from PIL import Image
from support.live import EventStream, WatchProcess
from support.paths import MINIMAL_LESSON

from generators.driver.live_server import local_listener
from generators.driver.project import Project
from generators.driver.watch import watched_folders

LESSON_B = MINIMAL_LESSON.replace("title: A Minimal Lesson", "title: Another Lesson")


@pytest.fixture
def two_lessons(project: Path) -> Path:
    (project / "lessons" / "a.yaml").write_text(MINIMAL_LESSON, "utf-8")
    (project / "lessons" / "b.yaml").write_text(LESSON_B, "utf-8")
    return project


@pytest.fixture
def watching(two_lessons: Path):
    process = WatchProcess(two_lessons)
    try:
        process.wait_for_status(lambda status: status["state"] == "current" and status["generation"] == 1)
        yield process
    finally:
        process.stop()


def files_of(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {str(path.relative_to(folder)): (path.stat().st_mtime_ns, path.read_bytes())
            for path in sorted(folder.rglob("*")) if path.is_file()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_a_save_rebuilds_that_lesson_alone_and_tells_the_pages_to_reload(watching, two_lessons):
    build = two_lessons / "build"
    assert "built a" in watching.output and "built b" in watching.output
    before_b = files_of(build / "b")
    code, index = watching.get("/")
    assert code == 200 and '<a href="a/preview.html">Preview the whole lesson</a>' in index
    code, page = watching.get("/a/preview.html")
    assert code == 200 and 'data-build="' in page and ':1"' in page  # the page knows which build it shows
    stream = EventStream(watching.port)
    try:
        assert stream.next_status()["generation"] == 1
        edit(two_lessons / "lessons" / "a.yaml", "title: A Minimal Lesson", "title: An Edited Lesson")
        building = stream.next_status()
        assert building["state"] == "building"
        current = stream.next_status()
    finally:
        stream.close()
    assert current["state"] == "current" and current["generation"] == 2 and current["built"] == ["a"]
    assert current["problems"] == []
    assert "An Edited Lesson" in (build / "a" / "slides.html").read_text("utf-8")
    assert "An Edited Lesson" in (build / "a" / "preview.html").read_text("utf-8")
    assert files_of(build / "b") == before_b  # the other lesson was current: not one byte or time changed
    code, page = watching.get("/a/preview.html")
    assert "An Edited Lesson" in page and ':2"' in page
    assert "_lessonkit" not in (build / "a" / "preview.html").read_text("utf-8")  # built files never carry it


def test_an_invalid_save_shows_its_problems_keeps_the_last_good_build_and_a_fix_clears_them(watching, two_lessons):
    build = two_lessons / "build"
    before = files_of(build / "a")
    lesson = two_lessons / "lessons" / "a.yaml"
    edit(lesson, "duration_minutes: 30", "duration_minutes: thirty")
    status = watching.wait_for_status(lambda status: status["state"] == "current" and status["problems"])
    line = next(number for number, text in enumerate(lesson.read_text("utf-8").splitlines(), 1)
                if text.startswith("duration_minutes"))
    assert len(status["problems"]) == 1
    problem = status["problems"][0]
    assert problem.endswith(f"a.yaml:{line}:19: error: duration_minutes: expected a whole number, got 'thirty'")
    assert problem in watching.output  # the same text as the terminal
    assert status["generation"] == 1 and status["built"] == []
    assert files_of(build / "a") == before  # the last good build stays on screen
    assert watching.get("/a/slides.html")[0] == 200
    edit(lesson, "duration_minutes: thirty", "duration_minutes: 30")
    fixed = watching.wait_for_status(lambda status: status["state"] == "current" and not status["problems"])
    # the file is as it was built from: that build is current, and the page that shows it need not reload
    assert fixed["generation"] == 1 and fixed["built"] == []
    assert "up to date: a, b" in watching.output
    assert files_of(build / "a") == before


def test_a_changed_picture_rebuilds_the_lessons_that_show_it(project):
    images = project / "assets" / "images"
    Image.new("RGB", (300, 150), "#336699").save(images / "map.png")
    with_picture = MINIMAL_LESSON.replace("      - One point.\n", "      - One point.\n    images:\n"
                                          "      - file: assets/images/map.png\n        alt: A blue field.\n"
                                          "        credit: Test fixture, CC0\n", 1)
    (project / "lessons" / "a.yaml").write_text(with_picture, "utf-8")
    (project / "lessons" / "b.yaml").write_text(LESSON_B, "utf-8")
    process = WatchProcess(project)
    try:
        process.wait_for_status(lambda status: status["state"] == "current" and status["generation"] == 1)
        Image.new("RGB", (300, 150), "#993333").save(images / "map.png")
        status = process.wait_for_status(lambda status: status["state"] == "current" and status["generation"] == 2)
        assert status["built"] == ["a"]
    finally:
        process.stop()


def test_the_server_refuses_other_machines_by_construction_and_other_sites_by_name(watching):
    listener = local_listener()
    try:
        assert listener.getsockname()[0] == "127.0.0.1"  # bound to the loopback address, not 0.0.0.0
    finally:
        listener.close()
    # the watch's port, asked for at other addresses of this machine: 127.0.0.2 answers any socket bound to all
    # addresses, and the address other machines reach us at (if this machine has one)
    for address in ("127.0.0.2", _non_loopback_address()):
        if address is not None:
            with pytest.raises(ConnectionRefusedError):
                socket.create_connection((address, watching.port), timeout=2).close()
    code, body = watching.get("/index.html", host="attacker.example")  # a DNS-rebinding page's request
    assert code == 403 and "Lesson materials" not in body
    assert watching.get("/index.html", host=f"localhost:{watching.port}")[0] == 200


def _non_loopback_address() -> str | None:
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # a documentation address: nothing is sent, the route picks our address
        address = probe.getsockname()[0]
    except OSError:
        return None
    finally:
        probe.close()
    return None if address.startswith("127.") else address


def test_ctrl_c_during_a_rebuild_stops_cleanly(watching, two_lessons):
    edit(two_lessons / "lessons" / "a.yaml", "title: A Minimal Lesson", "title: Interrupted")
    watching.wait_for_status(lambda status: status["state"] == "building")
    time.sleep(0.15)  # the build has started its workers
    assert watching.interrupt() == 0
    assert "stopped watching" in watching.output
    build = two_lessons / "build"
    assert not list(build.glob(".staging-*")) and not list(build.glob(".retired-*"))
    assert (build / "a" / "slides.pptx").is_file()  # a lesson is there whole, old or new
    with pytest.raises(ProcessLookupError):
        os.killpg(watching.process.pid, 0)  # the server process and every worker are gone
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", watching.port), timeout=2).close()


def test_the_watched_folders_are_the_lessons_the_assets_lessonkit_and_any_template_kept_elsewhere(project):
    templates = project / "templates"
    templates.mkdir()
    (project / "build" / "a").mkdir(parents=True)
    (project / "build" / "a" / ".lessonkit-stamp.json").write_text(
        '{"inputs": {"lessons/a.yaml": "x", "templates/look.pptx": "y", "assets/images/map.png": "z", '
        '"../outside.pptx": "w"}}', "utf-8")
    folders = watched_folders(Project(project, project / "build"), ["a"])
    root = project.resolve()
    assert str(root / "lessons") in folders and str(root / "assets") in folders
    assert str(templates.resolve()) in folders
    assert str(root / "assets" / "images") not in folders  # inside assets/, already watched
    assert str(root.parent) not in folders  # nothing outside the project
    assert any(folder.endswith("generators") for folder in folders)


def test_a_change_to_lessonkit_itself_is_noticed_so_the_watcher_restarts(two_lessons, monkeypatch):
    from generators.driver import watch as watch_module

    watcher = watch_module.Watcher(Project(two_lessons, two_lessons / "build"), None, 1, False)
    assert not watcher.code_changed()
    monkeypatch.setattr(watch_module, "toolchain_digest", lambda hashes: "code edited since the watcher started")
    assert watcher.code_changed()
