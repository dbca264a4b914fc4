"""The build driver: validate first, write atomically, skip what has not changed, keep good output on failure."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from support.paths import MINIMAL_LESSON as M


def _tree_digest(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_build_writes_each_lesson_into_its_own_folder(project, run_cli):
    (project / "lessons" / "first.yaml").write_text(M, "utf-8")
    (project / "lessons" / "second.yaml").write_text(M.replace("A Minimal Lesson", "Another Lesson"), "utf-8")
    result = run_cli(project, "build")
    assert result.code == 0, result.err
    assert (project / "build" / "first" / "overview.md").read_text("utf-8").startswith("# A Minimal Lesson\n")
    assert (project / "build" / "second" / "overview.md").read_text("utf-8").startswith("# Another Lesson\n")
    assert not [path for path in (project / "build").iterdir() if path.name.startswith(".staging")]


def test_files_starting_with_underscore_are_not_lessons(project, run_cli):
    (project / "lessons" / "first.yaml").write_text(M, "utf-8")
    (project / "lessons" / "_course.yaml").write_text("school: Lincoln High\n", "utf-8")
    result = run_cli(project, "build")
    assert result.code == 0
    assert sorted(path.name for path in (project / "build").iterdir() if path.is_dir()) == ["first"]


def test_second_build_with_nothing_changed_does_no_work(project, run_cli):
    (project / "lessons" / "first.yaml").write_text(M, "utf-8")
    assert run_cli(project, "build").code == 0
    output = project / "build" / "first" / "overview.md"
    before = output.stat().st_mtime_ns
    result = run_cli(project, "build")
    assert result.code == 0
    assert result.out.splitlines()[0] == "up to date: first"
    assert output.stat().st_mtime_ns == before


def test_changing_a_lesson_or_the_course_rebuilds_it(project, run_cli):
    lesson = project / "lessons" / "first.yaml"
    lesson.write_text(M, "utf-8")
    run_cli(project, "build")
    lesson.write_text(M.replace("One point.", "A changed point."), "utf-8")
    assert run_cli(project, "build").out.startswith("built first")
    assert "A changed point." in (project / "build" / "first" / "overview.md").read_text("utf-8")
    (project / "lessons" / "_course.yaml").write_text("teacher: Ms. Rivera\n", "utf-8")
    assert run_cli(project, "build").out.startswith("built first")
    assert "Teacher: Ms. Rivera" in (project / "build" / "first" / "overview.md").read_text("utf-8")


def test_deleted_output_is_rebuilt(project, run_cli):
    (project / "lessons" / "first.yaml").write_text(M, "utf-8")
    run_cli(project, "build")
    (project / "build" / "first" / "overview.md").unlink()
    assert run_cli(project, "build").out.startswith("built first")
    assert (project / "build" / "first" / "overview.md").exists()


def test_invalid_lesson_keeps_its_earlier_output_and_others_still_build(project, run_cli):
    good, bad = project / "lessons" / "good.yaml", project / "lessons" / "bad.yaml"
    good.write_text(M, "utf-8")
    bad.write_text(M, "utf-8")
    assert run_cli(project, "build").code == 0
    earlier = _tree_digest(project / "build" / "bad")
    good.write_text(M.replace("One point.", "A changed point."), "utf-8")
    bad.write_text(M.replace("    minutes: 20", "    minutes: 25"), "utf-8")
    result = run_cli(project, "build")
    assert result.code == 2
    assert "built good" in result.out
    assert result.err.splitlines()[-1] == "1 of 2 lesson(s) failed: bad; nothing was written for them"
    assert _tree_digest(project / "build" / "bad") == earlier
    assert "A changed point." in (project / "build" / "good" / "overview.md").read_text("utf-8")


def test_same_inputs_give_byte_identical_output(project, run_cli, monkeypatch):
    (project / "lessons" / "first.yaml").write_text(M, "utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    run_cli(project, "build")
    first = _tree_digest(project / "build")
    run_cli(project, "build", "--force")
    assert _tree_digest(project / "build") == first


def test_lessons_build_in_parallel_processes(project, run_cli):
    for number in range(3):
        (project / "lessons" / f"lesson-{number}.yaml").write_text(M, "utf-8")
    result = run_cli(project, "build", "--jobs", "2")
    assert result.code == 0, result.err
    assert sorted(path.name for path in (project / "build").iterdir() if path.is_dir()) == [
        "lesson-0", "lesson-1", "lesson-2"]


def test_read_only_build_folder_is_a_build_failure_not_a_traceback(project, run_cli):
    if os.geteuid() == 0:
        build = project / "build"
        build.write_text("a file where the build folder should be")
    else:
        (project / "build").mkdir()
        (project / "build").chmod(0o500)
    (project / "lessons" / "first.yaml").write_text(M, "utf-8")
    result = run_cli(project, "build")
    assert result.code == 1
    assert result.err.startswith("error: cannot write to build")
    assert "Traceback" not in result.err


def test_unknown_lesson_on_the_command_line_is_a_usage_error(project, run_cli):
    (project / "lessons" / "first.yaml").write_text(M, "utf-8")
    result = run_cli(project, "build", "nope")
    assert result.code == 2
    assert result.err == "error: no lesson file lessons/nope.yaml; the lessons are: first\n"


def test_check_writes_nothing(project, run_cli):
    (project / "lessons" / "first.yaml").write_text(M, "utf-8")
    result = run_cli(project, "check")
    assert result.code == 0
    assert not (project / "build").exists()


def test_a_generator_bug_is_reported_without_traceback(project, run_cli, monkeypatch):
    from generators.formats.overview import OverviewFormat

    def broken(self, view):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(OverviewFormat, "render", broken)
    (project / "lessons" / "first.yaml").write_text(M, "utf-8")
    result = run_cli(project, "build", "--jobs", "1")
    assert result.code == 1
    assert result.err.splitlines()[0] == ("error: internal error while building first: ZeroDivisionError: division "
                                          "by zero (run with --debug for details)")
    assert not (project / "build" / "first").exists()


def test_parallel_and_sequential_builds_give_the_same_files(project, run_cli, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    for number in range(2):
        (project / "lessons" / f"lesson-{number}.yaml").write_text(M.replace("A Minimal Lesson", f"Lesson {number}"),
                                                                   "utf-8")
    assert run_cli(project, "build", "--jobs", "1").code == 0
    sequential = _tree_digest(project / "build")
    result = run_cli(project, "build", "--force", "--jobs", "3")
    assert result.code == 0, result.err
    assert _tree_digest(project / "build") == sequential


def test_a_worker_that_dies_fails_its_lesson_and_writes_nothing(project, run_cli, monkeypatch):
    from generators.formats.printed import HandoutFormat

    def crash(self, view):
        os._exit(3)  # as if the worker were killed

    monkeypatch.setattr(HandoutFormat, "render", crash)
    (project / "lessons" / "first.yaml").write_text(M, "utf-8")
    result = run_cli(project, "build", "--jobs", "2")
    assert result.code == 1
    assert result.err.splitlines()[0] == "error: the worker building the handout of first stopped unexpectedly"
    assert not (project / "build" / "first").exists()


def test_remembered_hashes_follow_a_changed_file(tmp_path):
    from generators.driver.builder import FileHashes

    (tmp_path / "build").mkdir()
    tracked = tmp_path / "font.ttf"
    tracked.write_bytes(b"first")
    hashes = FileHashes(tmp_path / "build")
    first = hashes.of(tracked)
    hashes.save()
    tracked.write_bytes(b"second, longer")
    assert FileHashes(tmp_path / "build").of(tracked) == hashlib.sha256(b"second, longer").hexdigest() != first


def test_remembered_hashes_keep_only_the_files_still_in_use(tmp_path):
    from generators.driver.builder import FileHashes

    (tmp_path / "build").mkdir()
    (tmp_path / "kept.py").write_text("kept", "utf-8")
    (tmp_path / "gone.py").write_text("gone", "utf-8")
    hashes = FileHashes(tmp_path / "build")
    hashes.of(tmp_path / "kept.py")
    hashes.of(tmp_path / "gone.py")
    hashes.save()
    later = FileHashes(tmp_path / "build")
    later.of(tmp_path / "kept.py")
    later.save()
    assert list(FileHashes(tmp_path / "build").known) == [str(tmp_path / "kept.py")]


def test_staging_left_by_an_interrupted_build_is_removed_by_the_next(project, run_cli):
    (project / "lessons" / "first.yaml").write_text(M, "utf-8")
    leftover = project / "build" / ".staging-first-abc123"
    (leftover / "exports").mkdir(parents=True)
    (leftover / "exports" / "moodle.gift").write_text("half", "utf-8")
    assert run_cli(project, "build").code == 0
    assert not [path for path in (project / "build").iterdir() if path.name.startswith(".staging")]


def test_ctrl_c_mid_build_prints_one_line_and_leaves_no_staging(sample_project):
    import signal
    import subprocess
    import sys
    import time

    from support.paths import REPO

    build = subprocess.Popen([sys.executable, "-m", "generators", "--project", str(sample_project), "build"],
                             cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             start_new_session=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while not list(sample_project.glob("build/.staging-*")) and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)  # interrupt once the workers are writing
    os.killpg(build.pid, signal.SIGINT)
    out, err = build.communicate(timeout=60)
    assert "Traceback" not in out + err
    if build.returncode != 0:  # unless the build had already finished
        assert err.splitlines() == ["interrupted; files already written are complete, the rest were not started"]
    assert not list(sample_project.glob("build/.staging-*"))


def test_a_system_that_will_not_fork_builds_in_one_process(project, run_cli, monkeypatch):
    import generators.driver.parallel

    def refuse(self):
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(generators.driver.parallel._FORK.Process, "start", refuse)
    (project / "lessons" / "first.yaml").write_text(M, "utf-8")
    result = run_cli(project, "build", "--jobs", "2")
    assert result.code == 0, result.err
    assert (project / "build" / "first" / "slides.pptx").is_file()


def test_the_collector_is_paused_while_loading_and_left_as_found(project, run_cli, monkeypatch):
    import gc

    import generators.driver.builder

    seen = []
    original = generators.driver.builder.load_all
    monkeypatch.setattr(generators.driver.builder, "load_all",
                        lambda *arguments, **options: seen.append(gc.isenabled()) or original(*arguments, **options))
    (project / "lessons" / "first.yaml").write_text(M, "utf-8")
    for jobs in ("1", "2"):
        assert run_cli(project, "build", "--force", "--jobs", jobs).code == 0
        assert gc.isenabled() and gc.get_freeze_count() == 0
    assert seen == [False, False]
    gc.disable()
    try:  # a caller that turned the collector off keeps it off
        assert run_cli(project, "build", "--force").code == 0 and not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_lesson_is_committed_as_soon_as_its_own_formats_are_built(project, monkeypatch, jobs):
    """Lessons are built one after another, each committed when its last format is done: an interrupted course
    build keeps the lessons it finished."""
    import time

    from generators.driver.builder import Project, build
    from generators.formats.html import HtmlFormat
    from generators.formats.overview import OverviewFormat

    original = OverviewFormat.render
    stamp_of_a = project / "build" / "a" / ".lessonkit-stamp.json"

    def render_and_look(self, view):
        rendered = original(self, view)
        if view.id == "b":  # wait (in its own worker when parallel) for the parent to commit lesson a
            deadline = time.monotonic() + 20
            while not stamp_of_a.exists() and time.monotonic() < deadline:
                time.sleep(0.01)
            rendered.files["overview.md"] += f"a was committed: {stamp_of_a.exists()}\n"
        return rendered

    monkeypatch.setattr(OverviewFormat, "render", render_and_look)
    for name in ("a", "b"):
        (project / "lessons" / f"{name}.yaml").write_text(M, "utf-8")
    stamp_of_b = project / "build" / "b" / ".lessonkit-stamp.json"
    announced = []
    report = build(Project(project, project / "build"), formats=["overview", "html"], jobs=jobs,
                   on_built=lambda lesson_id, files: announced.append((lesson_id, len(files), stamp_of_b.exists())))
    assert sorted(report.built) == ["a", "b"] and not report.failed
    assert (project / "build" / "b" / "overview.md").read_text("utf-8").endswith("a was committed: True\n")
    files = 1 + len(HtmlFormat.files)  # overview.md and the HTML editions
    assert announced == [("a", files, False), ("b", files, True)]  # each told as it was committed


def test_the_command_line_prints_each_built_lesson_once(project, run_cli):
    for name in ("a", "b"):
        (project / "lessons" / f"{name}.yaml").write_text(M, "utf-8")
    result = run_cli(project, "build")
    assert result.code == 0, result.err
    built = [line.split()[1] for line in result.out.splitlines() if line.startswith("built ")]
    assert sorted(built) == ["a", "b"] and result.out.rstrip().splitlines()[-1].startswith("2 lesson(s) ok in")


def test_a_reader_that_stops_reading_neither_stops_the_build_nor_gets_a_traceback(project):
    import subprocess
    import sys

    from support.paths import REPO

    for name in ("a", "b"):
        (project / "lessons" / f"{name}.yaml").write_text(M, "utf-8")
    command = [sys.executable, "-m", "generators", "--project", str(project)]
    for arguments, expected_code in ((["build"], 0), (["build"], 1), (["check"], 1)):  # built, up to date, checked
        reader_gone = subprocess.Popen(command + arguments, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       text=True)
        reader_gone.stdout.close()  # like `make | head -0`: the first line written meets a closed pipe
        assert reader_gone.wait(timeout=120) == expected_code
        assert reader_gone.stderr.read() == ""
    assert all((project / "build" / name / ".lessonkit-stamp.json").is_file() for name in ("a", "b"))
    assert not [path for path in (project / "build").iterdir() if path.name.startswith(".staging")]
