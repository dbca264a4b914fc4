"""A build is never wrong about what is current: partial and interrupted builds, edits during a build, two builds at
once, hostile files where a lesson should be, corrupt state, and settings a build cannot use."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support.paths import MINIMAL_LESSON as M
from support.paths import REPO

from generators.driver import builder as builder_module
from generators.driver.builder import Project, build
from generators.driver.stamps import HASHES_NAME, STAMP_NAME, is_up_to_date, toolchain_digest


def lesson_project(root: Path, text: str = M) -> Project:
    (root / "lessons").mkdir(exist_ok=True)
    (root / "lessons" / "first.yaml").write_text(text, "utf-8")
    return Project(root, root / "build")


def fresh(project: Project) -> bool:
    from generators.driver.stamps import FileHashes

    return is_up_to_date(project, project.lessons_dir / "first.yaml", toolchain_digest(FileHashes(project.build_dir)))


def test_a_build_of_some_formats_never_makes_the_others_current(tmp_path, run_cli):
    project = lesson_project(tmp_path)
    assert run_cli(tmp_path, "build").code == 0
    lesson = project.lessons_dir / "first.yaml"
    lesson.write_text(M.replace("A Minimal Lesson", "An Edited Lesson"), "utf-8")
    assert run_cli(tmp_path, "build", "--format", "moodle").code == 0
    assert not fresh(project)  # the overview, PDFs and deck still hold the old title
    index = (tmp_path / "build" / "index.html").read_text("utf-8")
    assert "overview.md" in index and "slides.pptx" in index  # the last build's other files are still listed
    result = run_cli(tmp_path, "build")
    assert "up to date" not in result.out and "built first" in result.out
    assert (tmp_path / "build" / "first" / "overview.md").read_text("utf-8").startswith("# An Edited Lesson")
    assert fresh(project)


def test_an_edit_during_a_build_is_built_by_the_next_one(tmp_path, monkeypatch):
    """The stamp records the lesson as it was read, so an edit made while the formats run is never 'up to date'."""
    project = lesson_project(tmp_path)
    lesson = project.lessons_dir / "first.yaml"
    running = builder_module._each_lesson_done

    def edit_while_running(*arguments, **options):
        lesson.write_text(M.replace("A Minimal Lesson", "Edited Mid-Build"), "utf-8")
        yield from running(*arguments, **options)

    monkeypatch.setattr(builder_module, "_each_lesson_done", edit_while_running)
    assert not build(project, force=True, jobs=1).failed
    monkeypatch.setattr(builder_module, "_each_lesson_done", running)
    assert not fresh(project)
    report = build(project, jobs=1)
    assert report.built and (tmp_path / "build" / "first" / "overview.md").read_text("utf-8").startswith(
        "# Edited Mid-Build")


def test_a_failed_swap_keeps_the_last_good_build_whole(tmp_path, monkeypatch):
    project = lesson_project(tmp_path)
    assert not build(project, jobs=1).failed
    out = tmp_path / "build" / "first"
    before = {path.name: path.read_bytes() for path in out.iterdir() if path.is_file()}
    (project.lessons_dir / "first.yaml").write_text(M.replace("A Minimal Lesson", "Never Committed"), "utf-8")
    renamed = os.rename

    def refuse_the_swap(source, target):
        if Path(source).name.startswith(".staging-"):
            raise PermissionError(13, "Permission denied", str(target))
        return renamed(source, target)

    monkeypatch.setattr(builder_module.os, "rename", refuse_the_swap)
    report = build(project, jobs=1)
    assert "nothing of it was changed" in report.failed["first"]
    assert {path.name: path.read_bytes() for path in out.iterdir() if path.is_file()} == before
    assert not [path for path in (tmp_path / "build").iterdir() if path.name.startswith((".staging-", ".retired-"))]


def test_a_lesson_named_twice_is_built_once(tmp_path, run_cli):
    lesson_project(tmp_path)
    result = run_cli(tmp_path, "build", "first", "first", "lessons/first.yaml")
    assert result.code == 0, result.err
    assert result.out.count("built first") == 1


def test_what_an_interrupted_build_left_is_cleared_at_the_next_start(tmp_path, run_cli):
    lesson_project(tmp_path)
    assert run_cli(tmp_path, "build").code == 0
    for leftover in (".staging-first-abc123", ".retired-xyz789"):
        (tmp_path / "build" / leftover / "exports").mkdir(parents=True)
        (tmp_path / "build" / leftover / "exports" / "half.gift").write_text("half", "utf-8")
    (tmp_path / "lessons" / "first.yaml").write_text(M.replace("A Minimal Lesson", "Again"), "utf-8")
    assert run_cli(tmp_path, "build").code == 0
    assert not [path for path in (tmp_path / "build").iterdir() if path.name.startswith((".staging-", ".retired-"))]


def test_two_builds_of_the_same_folder_at_once_both_succeed(tmp_path):
    """Real processes: the second waits for the first's lock, neither deletes the other's staging."""
    lesson_project(tmp_path)
    command = [sys.executable, "-m", "generators", "--project", str(tmp_path), "build", "--force", "-j", "1"]
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    for _ in range(3):
        runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 env=environment, cwd=tmp_path) for _ in range(2)]
        results = [run.communicate(timeout=120) + (run.returncode,) for run in runs]
        assert [code for _, _, code in results] == [0, 0], results
        assert not any("cannot write" in err for _, err, _ in results), results
    assert (tmp_path / "build" / "first" / "overview.md").is_file()


@pytest.mark.parametrize("kind", ["fifo", "device", "huge"])
def test_a_lesson_that_is_a_pipe_a_device_or_huge_is_refused_without_reading_it(tmp_path, kind):
    """Real processes with a time limit: nothing hangs, nothing is read whole."""
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    path = lessons / "first.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    else:
        with path.open("wb") as stream:
            stream.truncate(3 * 1024 ** 3)  # sparse: 3 GB on paper, nothing on disk
    result = subprocess.run([sys.executable, "-m", "generators", "--project", str(tmp_path), "check"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 2
    expected = {"fifo": "'first.yaml' is not a regular file", "device": "'first.yaml' is not a regular file",
                "huge": "the file is 3,221,225,472 bytes; a lesson file may be at most 1,000,000 bytes"}[kind]
    assert f"lessons/first.yaml:1:1: error: {expected}" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("hashes", ["null", "[]", '{"x": [1]}', '{"x": "y"}', "{"])
@pytest.mark.parametrize("stamp", ["[]", "{}", '{"inputs": [], "outputs": {}}', "null", "not json"])
def test_corrupt_state_is_a_cache_miss(tmp_path, run_cli, hashes, stamp):
    lesson_project(tmp_path)
    assert run_cli(tmp_path, "build").code == 0
    (tmp_path / "build" / HASHES_NAME).write_text(hashes, "utf-8")
    (tmp_path / "build" / "first" / STAMP_NAME).write_text(stamp, "utf-8")
    (tmp_path / "build" / "stray").mkdir()
    (tmp_path / "build" / "stray" / STAMP_NAME).write_text('{"summary": {}}', "utf-8")
    result = run_cli(tmp_path, "build")
    assert result.code == 0, result.err
    assert "built first" in result.out and "Traceback" not in result.err


@pytest.mark.parametrize(("value", "expected"), [
    ("abc", "error: SOURCE_DATE_EPOCH='abc' is not a number of seconds since 1970"),
    ("99999999999", "error: SOURCE_DATE_EPOCH=99999999999 is after 2107"),
])
def test_a_source_date_epoch_a_build_cannot_use_is_one_plain_line(tmp_path, run_cli, monkeypatch, value, expected):
    lesson_project(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    for command in ("build", "check"):
        result = run_cli(tmp_path, command)
        assert result.code == 2 and result.err.startswith(expected) and len(result.err.splitlines()) == 1
    assert not (tmp_path / "build").exists()


def test_yml_files_are_reported_with_their_fix_not_ignored(tmp_path, run_cli):
    lesson_project(tmp_path)
    (tmp_path / "lessons" / "second.yml").write_text(M, "utf-8")
    result = run_cli(tmp_path, "build")
    assert result.code == 2
    assert ("lessons/second.yml:1:1: error: lesson files end in .yaml; rename 'second.yml' to 'second.yaml'"
            in result.err)
    assert (tmp_path / "build" / "first" / "overview.md").is_file()  # the other lesson still builds
    (tmp_path / "lessons" / "second.yml").unlink()
    (tmp_path / "lessons" / "_course.yml").write_text("school: Lincoln High\n", "utf-8")
    result = run_cli(tmp_path, "check")
    assert result.code == 2
    assert ("lessons/_course.yml:1:1: error: the course file must be named '_course.yaml'; rename '_course.yml' to "
            "'_course.yaml'") in result.err


def test_a_second_build_waits_for_the_first_and_says_so(tmp_path):
    """Hold the lock from another process; the build prints that it waits, then finishes once it is released."""
    lesson_project(tmp_path)
    (tmp_path / "build").mkdir()
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, sys, time\n"
        f"lock = open({str(tmp_path / 'build' / '.lessonkit-lock')!r}, 'a+b')\n"
        "fcntl.flock(lock, fcntl.LOCK_EX)\nprint('held', flush=True)\ntime.sleep(1.5)\n")],
        stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "generators", "--project", str(tmp_path), "build", "-j", "1"],
                            capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})
    holder.wait(timeout=30)
    assert result.returncode == 0, result.stderr
    assert f"waiting for another build of {tmp_path / 'build'}/ to finish" in result.stderr
    assert time.monotonic() - started > 0.5
    assert json.loads((tmp_path / "build" / "first" / STAMP_NAME).read_text("utf-8"))["outputs"]


def test_a_dangling_course_link_and_a_missing_lessons_folder_name_the_real_cause(tmp_path, run_cli):
    lesson_project(tmp_path)
    (tmp_path / "lessons" / "_course.yaml").symlink_to("nowhere.yaml")
    result = run_cli(tmp_path, "check")
    assert result.code == 2
    assert ("lessons/_course.yaml:1:1: error: the course file is a link to 'nowhere.yaml', which does not exist; "
            "fix the link or remove it") in result.err
    other = tmp_path / "other"
    other.mkdir()
    (other / "lessons").write_text("not a folder", "utf-8")
    result = run_cli(other, "check")
    assert result.code == 2
    assert result.err.strip() == "error: lessons is not a folder; lessons go in a folder named lessons/"
    (other / "lessons").unlink()
    result = run_cli(other, "build")
    assert result.code == 2 and "there is no lessons/ folder here" in result.err


def test_a_build_killed_at_any_moment_leaves_the_last_good_output_and_the_next_build_clears_up(tmp_path):
    """Real processes: SIGKILL a build after a varying delay; what build/first holds is always a whole build, and
    the next build leaves no staging or retired folder behind."""
    import signal

    lesson_project(tmp_path)
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "generators", "--project", str(tmp_path), "build", "--force", "-j", "2"]
    assert subprocess.run(command, capture_output=True, timeout=120, env=environment).returncode == 0
    for delay in (0.3, 0.6, 0.9, 1.2):
        run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment,
                               start_new_session=True)
        time.sleep(delay)
        os.killpg(run.pid, signal.SIGKILL)
        run.wait(timeout=30)
        # a whole build is in place, or (killed between the two renames of the swap) set aside to be put back
        homes = [tmp_path / "build" / "first", *(tmp_path / "build").glob(".retired-first-*")]
        home = next(folder for folder in homes if (folder / STAMP_NAME).is_file())
        stamp = json.loads((home / STAMP_NAME).read_text("utf-8"))
        assert all((home / name).is_file() for name in stamp["outputs"])
    again = [part for part in command if part != "--force"]
    assert subprocess.run(again, capture_output=True, timeout=120, env=environment).returncode == 0
    assert not [path for path in (tmp_path / "build").iterdir() if path.name.startswith((".staging-", ".retired-"))]
    assert (tmp_path / "build" / "first" / STAMP_NAME).is_file()


def test_a_lessons_last_build_set_aside_by_a_killed_swap_is_put_back(tmp_path, run_cli):
    lesson_project(tmp_path)
    assert run_cli(tmp_path, "build").code == 0
    os.rename(tmp_path / "build" / "first", tmp_path / "build" / ".retired-first-abc123")
    assert run_cli(tmp_path, "build").code == 0  # the inputs are unchanged: the last build is current again
    assert (tmp_path / "build" / "first" / "overview.md").is_file()
    assert not list((tmp_path / "build").glob(".retired-*"))


def test_a_file_that_cannot_be_read_is_named_not_reported_as_a_failed_write(tmp_path):
    staging = tmp_path / "build" / ".staging-abc"
    staging.mkdir(parents=True)
    missing_font = FileNotFoundError(2, "No such file or directory", str(REPO / "assets" / "fonts" / "Carlito.ttf"))
    message = builder_module._os_error_message("first", staging, missing_font)
    assert message.startswith("cannot read ") and message.endswith(
        "assets/fonts/Carlito.ttf while building first: No such file or directory")
    full_disk = OSError(28, "No space left on device", str(staging / "slides.pptx"))
    assert builder_module._os_error_message("first", staging, full_disk) == (
        "cannot write the output of first: No space left on device")


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_an_article_that_is_a_pipe_or_a_device_is_refused_by_import_without_hanging(tmp_path, kind):
    article = tmp_path / "article.txt"
    if kind == "fifo":
        os.mkfifo(article)
    else:
        article.symlink_to("/dev/zero")
    (tmp_path / "lessons").mkdir()
    result = subprocess.run([sys.executable, "-m", "generators", "--project", str(tmp_path), "import", str(article),
                             "-o", str(tmp_path / "lessons" / "draft.yaml")], capture_output=True, text=True,
                            timeout=60, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 2
    assert result.stderr.strip() == (f"error: {article} is not a regular file (it is a folder, a pipe or a device); "
                                     "import a text or Markdown file")
    assert not (tmp_path / "lessons" / "draft.yaml").exists()


@pytest.mark.parametrize("delay", [0.2, 0.5, 0.8])
def test_an_edit_while_a_real_build_runs_is_never_called_up_to_date(tmp_path, delay):
    """Start a build, edit the lesson a moment later, let the build end: the next build shows the edit."""
    lesson_project(tmp_path)
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "generators", "--project", str(tmp_path), "build", "-j", "2"]
    run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment)
    time.sleep(delay)
    (tmp_path / "lessons" / "first.yaml").write_text(M.replace("A Minimal Lesson", "Edited While Building"), "utf-8")
    assert run.wait(timeout=120) == 0
    assert subprocess.run(command, capture_output=True, timeout=120, env=environment).returncode == 0
    assert (tmp_path / "build" / "first" / "overview.md").read_text("utf-8").startswith("# Edited While Building")
