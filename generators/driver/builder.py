"""The build driver: skip current lessons, validate the rest, render every format, commit each lesson at once.

The driver alone touches build/: formats return their files' contents, the driver stages them in a folder of the
lesson's own, moves them into build/<id>/ and writes the lesson's stamp last.
"""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from generators.driver.files import write_atomically
from generators.driver.index_page import index_template, write_index
from generators.driver.project import Project
from generators.driver.stamps import (
    STAMP_NAME,
    FileHashes,
    input_digests,
    is_up_to_date,
    lesson_stamp,
    read_stamp,
    toolchain_digest,
)
from generators.formats.registry import format_class, format_names, get_format, run_preparation
from generators.model.problems import BuildFailure, InvalidLesson, LessonkitError, UsageError
from generators.reading.yaml_source import display_name

if TYPE_CHECKING:
    from generators.view.lesson_view import LessonView

SLOWEST_FIRST = ("slides", "worksheets", "quiz-versions", "handout")  # each lesson's first, so the cores end together
STAGING_PREFIX = ".staging-"  # a lesson being built, swapped in whole when done
RETIRED_PREFIX = ".retired-"  # a lesson's last build, kept until its replacement is in place
LOCK_NAME = ".lessonkit-lock"


@contextmanager
def _long_lived_objects():
    """Pause the cyclic garbage collector while the build imports libraries and loads lessons, then freeze them.

    What is made here lives until the build ends, so collecting it is wasted work: every full collection walked
    all of it again (pydantic's and reportlab's tables). Frozen objects are skipped by later collections and
    shared with forked workers without being copied; build() unfreezes them when it is done.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


@dataclass
class BuildReport:
    """What happened to each lesson of one build (or check)."""

    built: dict[str, list[Path]] = field(default_factory=dict)
    up_to_date: list[str] = field(default_factory=list)
    invalid: dict[str, list[str]] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    warnings: dict[str, list[str]] = field(default_factory=dict)
    """Located warnings by lesson: design warnings (reading/lint.py) and what one output left out; not a reason to
    stop, unless strict."""
    checked: list[str] = field(default_factory=list)
    """Lessons a check found nothing wrong with (warnings aside)."""
    strict: bool = False
    """With --strict a warning fails its lesson: it is counted invalid and nothing of it is written."""
    on_built: Callable[[str, list[Path]], None] | None = field(default=None, repr=False, compare=False)
    on_waiting: Callable[[], None] | None = field(default=None, repr=False, compare=False)
    """Called once if another build holds the build folder and this one waits for it."""
    """Called with each lesson as soon as it is committed (the command line prints it there and then)."""

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 2 if self.invalid else 0

    def problem_lines(self) -> list[str]:
        """Return every located problem once, in lesson order (a broken course file is shared by all lessons)."""
        return list(dict.fromkeys(line for _, problems in sorted(self.invalid.items()) for line in problems))

    def refused_for_warnings(self) -> list[str]:
        """Return the lessons that --strict failed for their warnings alone."""
        return sorted(lesson_id for lesson_id, problems in self.invalid.items() if not problems)

    def warning_lines(self) -> list[str]:
        """Return every located warning once, in lesson order."""
        return list(dict.fromkeys(line for _, lines in sorted(self.warnings.items()) for line in lines))


@dataclass
class FormatResult:
    """What one format made of one lesson: the files staged (None when only checking), warnings, or the error."""

    lesson_id: str
    files: list[str] | None = None
    warnings: list[str] = field(default_factory=list)
    error: LessonkitError | None = None


def _run_format(task: tuple, debug: bool = False) -> FormatResult:
    """Render one format of one lesson; stage its files unless the staging folder is None (a check)."""
    view, staging, name = task
    try:
        if staging is None:
            return FormatResult(view.id, warnings=[str(problem) for problem in get_format(name).check(view)])
        rendered = get_format(name).render(view)
        declared = format_class(name).files
        if sorted(rendered.files) != sorted(declared):
            raise RuntimeError(f"the {name} format made {sorted(rendered.files)}, not the files it declares "
                               f"{sorted(declared)}")
        for relative, data in rendered.files.items():
            write_atomically(staging / relative, data)
        return FormatResult(view.id, list(rendered.files), [str(problem) for problem in rendered.warnings])
    except LessonkitError as error:
        return FormatResult(view.id, error=error)
    except OSError as error:
        return FormatResult(view.id, error=BuildFailure(_os_error_message(view.id, staging, error)))
    except Exception as error:  # a bug in a format: report it without a traceback unless asked
        detail = traceback.format_exc() if debug else f"{type(error).__name__}: {error} (run with --debug for details)"
        return FormatResult(view.id, error=BuildFailure(f"internal error while building {view.id}: {detail}"))


def _os_error_message(lesson_id: str, staging: Path | None, error: OSError) -> str:
    """Say which file failed: one being written into the staging folder, or one being read (a bundled font, a
    template, a picture), by its name."""
    name = Path(error.filename) if isinstance(error.filename, str) else None
    if name is not None and not (staging is not None and name.resolve().is_relative_to(staging.resolve())):
        return f"cannot read {display_name(name)} while building {lesson_id}: {error.strerror}"
    return f"cannot write the output of {lesson_id}: {error.strerror}"


def _commit(view: LessonView, staging: Path, made: list[str], project: Project, toolchain: str,
            inputs: dict[str, str | None], formats: list[str]) -> list[Path]:
    """Swap a complete new build/<id>/ in for the old one, all or nothing: the staging folder gets the lesson's
    files (a build of some formats only keeps the last build's other files, and its stamp never calls them
    current) and its stamp, then replaces the old folder, which is kept until the swap has succeeded."""
    out_dir = project.build_dir / view.id
    try:
        kept = _keep_other_formats(project, view.id, staging, made) if sorted(formats) != sorted(format_names()) else []
        outputs = sorted(made + kept)
        write_atomically(staging / STAMP_NAME, lesson_stamp(view, project, toolchain, inputs, outputs, formats))
        os.chmod(staging, 0o755)  # mkdtemp made it private; the build folder is for everyone who may read it
        old = None
        if out_dir.exists():
            old = project.build_dir / f"{RETIRED_PREFIX}{view.id}-{staging.name.removeprefix(STAGING_PREFIX)}"
            os.rename(out_dir, old)
        try:
            os.rename(staging, out_dir)
        except OSError:
            if old is not None:
                os.rename(old, out_dir)  # the last good build stays as it was
            raise
    except OSError as error:
        raise BuildFailure(f"cannot write the output of {view.id}: {error.strerror}; nothing of it was changed "
                           f"({display_name(Path(error.filename)) if error.filename else 'build folder'})") from None
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)  # what cannot be removed now goes at the next build's start
    return [out_dir / name for name in outputs]


def _keep_other_formats(project: Project, lesson_id: str, staging: Path, made: list[str]) -> list[str]:
    """Link the last build's files that this build of some formats did not make into the staging folder."""
    out_dir = project.build_dir / lesson_id
    kept = []
    for name in read_stamp(project, lesson_id).get("outputs", []):
        source = out_dir / str(name)
        if not isinstance(name, str) or name in made or ".." in Path(name).parts or not source.is_file():
            continue
        target = staging / name
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)
        kept.append(name)
    return kept


def _lock_build_folder(project: Project, report: BuildReport) -> BinaryIO:
    """Return build/.lessonkit-lock, held until it is closed: a second build of the same folder waits (and says so)
    until the first is done; then what interrupted builds left (staging and retired folders) is cleared."""
    import fcntl

    lock = open(project.build_dir / LOCK_NAME, "a+b")  # noqa: SIM115 (held for the whole build, closed by the caller)
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if report.on_waiting:
                report.on_waiting()
            fcntl.flock(lock, fcntl.LOCK_EX)
        _clear_interrupted_builds(project)
    except BaseException:
        lock.close()
        raise
    return lock


def _clear_interrupted_builds(project: Project) -> None:
    """Remove what a killed build left (no other build is running while the lock is held): its staging folders,
    and its retired folders, unless the build was killed between moving a lesson's folder aside and putting the
    new one in place: then the retired folder is the lesson's last good build, and goes back."""
    for leftover in project.build_dir.glob(f"{RETIRED_PREFIX}*"):
        lesson_id = leftover.name.removeprefix(RETIRED_PREFIX).rsplit("-", 1)[0]
        home = project.build_dir / lesson_id
        if lesson_id and not home.exists() and leftover.is_dir():
            with suppress(OSError):
                os.rename(leftover, home)
                continue
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in project.build_dir.glob(f"{STAGING_PREFIX}*"):
        shutil.rmtree(leftover, ignore_errors=True)


def _results_as_done(tasks: list[tuple], loaded: list, workers: int, debug: bool,
                     meanwhile: Callable[[], None] = lambda: None) -> Iterator[tuple[int, tuple]]:
    """Build every (lesson, staging folder, format) task; yield (task index, (lesson id, files, error)) as each ends.

    In parallel, the formats without a preparation are handed to workers forked at once (each imports what its
    formats need); then each preparation runs here, once, and the workers for its formats are forked after it;
    then meanwhile() runs here while the workers work (before any result is yielded, however the tasks run).
    Every task yields exactly one result: a task whose worker died yields a failure.
    """
    stage = partial(_run_format, debug=debug)
    if workers <= 1 or len(tasks) <= 1:
        meanwhile()
        yield from enumerate(stage(task) for task in tasks)
        return
    from generators.driver.parallel import Batch, results_as_done, stop

    families: dict[str | None, list[int]] = {}
    for index, (_, _, name) in enumerate(tasks):
        families.setdefault(format_class(name).preparation, []).append(index)
    batches, members = [], []
    try:
        for preparation in sorted(families, key=lambda target: target is not None):
            if preparation is not None:
                try:
                    with _long_lived_objects():
                        run_preparation(preparation, loaded)
                except Exception:  # only a head start: the workers meet the same problem and report it per lesson
                    pass
            # Workers forked before a preparation leave a core for it; later workers help them when done.
            share = workers - 1 if preparation is None and len(families) > 1 else workers
            members.append(families[preparation])
            batches.append(Batch([tasks[index] for index in families[preparation]], stage, share, batches))
        with suppress(Exception):  # a head start only: write_index() meets the same problem and reports it
            index_template()  # the parent's last step, readied while the workers run rather than after them
    except OSError:  # the system would not start more processes: build here, one task after another
        stop(batches)
        meanwhile()
        yield from enumerate(stage(task) for task in tasks)
        return
    except BaseException:
        stop(batches)
        raise
    try:
        meanwhile()
    except BaseException:
        stop(batches)
        raise
    received: set[int] = set()
    done = results_as_done(batches)
    try:
        for number, position, result in done:
            index = members[number][position]
            received.add(index)
            yield index, result
    except OSError:  # the results could not be read: stop the workers and build what is missing here
        stop(batches)
        yield from ((index, stage(task)) for index, task in enumerate(tasks) if index not in received)
        return
    finally:
        done.close()  # stops the workers if this generator is closed or interrupted before the end
    for index, (lesson, _, name) in enumerate(tasks):
        if index not in received:
            yield index, FormatResult(lesson.id, error=BuildFailure(f"the worker building the {name} of {lesson.id} "
                                                                    "stopped unexpectedly"))


def _ordered_tasks(views: list[LessonView], staging: dict[str, Path | None], formats: list[str]) -> list[tuple]:
    """Return the (view, staging folder, format) tasks lesson by lesson, each lesson's slowest formats first, so
    that lessons finish (and are committed) one after another from the start."""
    ordered = sorted(formats, key=lambda name: SLOWEST_FIRST.index(name) if name in SLOWEST_FIRST else 99)
    return [(view, staging[view.id], name) for view in views for name in ordered]


def _each_lesson_done(tasks: list[tuple], views: list[LessonView], workers: int, debug: bool,
                      meanwhile: Callable[[], None] = lambda: None) -> Iterator[tuple[LessonView, list[FormatResult]]]:
    """Run the tasks; yield each lesson with its formats' results (in build order) as soon as its last is done;
    meanwhile() runs here while the workers start (see _results_as_done)."""
    lessons = {view.id: view for view in views}
    pending = Counter(view.id for view, _, _ in tasks)
    results: dict[str, dict[int, FormatResult]] = {view.id: {} for view in views}
    with closing(_results_as_done(tasks, views, workers, debug, meanwhile)) as done:
        for index, result in done:
            results[result.lesson_id][index] = result
            pending[result.lesson_id] -= 1
            if not pending[result.lesson_id]:
                by_task = results[result.lesson_id]
                yield lessons[result.lesson_id], [by_task[number] for number in sorted(by_task)]


def _generate(views: list[LessonView], project: Project, toolchain: str, formats: list[str], workers: int,
              debug: bool, report: BuildReport) -> None:
    """Render every (lesson, format) pair into staging folders; commit each lesson as soon as all its formats
    succeeded (while the others are still building), or report its first problem."""
    created_build_dir = not project.build_dir.exists()
    inputs = {view.id: input_digests(view.loaded, project) for view in views}  # before anything is generated
    try:
        project.build_dir.mkdir(parents=True, exist_ok=True)
        lock = _lock_build_folder(project, report)
    except OSError as error:
        for view in views:
            report.failed[view.id] = f"cannot write to {display_name(project.build_dir)}: {error.strerror}"
        return
    staging: dict[str, Path | None] = {}
    try:
        for view in views:
            staging[view.id] = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=project.build_dir))
        tasks = _ordered_tasks(views, staging, formats)
        # the design warnings are read while the workers build: they matter only when a lesson is committed
        for view, results in _each_lesson_done(tasks, views, workers, debug, partial(_lint_all, views, report)):
            _record_warnings(view, results, report)
            error = next((result.error for result in results if result.error is not None), None)
            if error is None and _fails_strictly(view, report):
                continue
            made = sorted(name for result in results for name in result.files or [])
            _finish(view, staging[view.id], made, error, project, toolchain, inputs[view.id], formats, report)
    except OSError as error:
        for view in views:
            if view.id not in report.built:
                report.failed[view.id] = f"cannot write to {display_name(project.build_dir)}: {error.strerror}"
    except BaseException:  # Ctrl-C, perhaps mid-swap: put a set-aside lesson back now, not at the next build
        _clear_interrupted_builds(project)
        raise
    finally:
        for folder in staging.values():
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)
        lock.close()  # releases the lock
        if created_build_dir and not report.built:
            shutil.rmtree(project.build_dir, ignore_errors=True)  # a refused lesson leaves no trace


def _record_warnings(view: LessonView, results: list[FormatResult], report: BuildReport) -> None:
    warnings = [line for result in results for line in result.warnings]
    if warnings:
        report.warnings.setdefault(view.id, []).extend(warnings)


def _fails_strictly(view: LessonView, report: BuildReport) -> bool:
    """Return whether --strict refuses the lesson for its warnings, and record it as invalid if so (its warnings
    are its problems; they are printed once, as warnings)."""
    if report.strict and report.warnings.get(view.id):
        report.invalid[view.id] = []
        return True
    return False


def _record_error(view: LessonView, error: LessonkitError, report: BuildReport) -> None:
    if isinstance(error, InvalidLesson):
        report.invalid[view.id] = [str(problem) for problem in error.problems]
    else:
        report.failed[view.id] = str(error)


def _finish(view: LessonView, staging: Path, made: list[str], error: LessonkitError | None, project: Project,
            toolchain: str, inputs: dict[str, str | None], formats: list[str], report: BuildReport) -> None:
    """Commit a lesson whose every format succeeded, or record why it was not built."""
    if error is None:
        try:
            report.built[view.id] = _commit(view, staging, made, project, toolchain, inputs, formats)
            if report.on_built:
                report.on_built(view.id, report.built[view.id])
            return
        except BuildFailure as failure:
            error = failure
    _record_error(view, error, report)


def _lint_all(views: list[LessonView], report: BuildReport) -> None:
    """Record the design warnings (reading/lint.py) of each lesson, before any warning of its formats."""
    from generators.reading.lint import lint_lesson

    for view in views:
        warnings = [str(problem) for problem in lint_lesson(view.loaded)]
        if warnings:
            report.warnings[view.id] = warnings + report.warnings.get(view.id, [])


def load_all(project: Project, files: list[Path], report: BuildReport, *, lint: bool = True) -> list[LessonView]:
    """Validate every file before anything is written; return the valid lessons' views, record the invalid ones and
    (unless lint is False: the build reads them while its workers run) the design warnings of the valid ones."""
    from generators.reading.loader import load_course_with_positions, load_lesson
    from generators.view.lesson_view import LessonView

    try:
        course, course_positions = load_course_with_positions(project.course_file, project.root)
    except InvalidLesson as error:
        for path in files:
            report.invalid[path.stem] = [str(problem) for problem in error.problems]
        return []
    views = []
    for path in files:
        try:
            view = LessonView(load_lesson(path, course, project.root, course_positions))
        except InvalidLesson as error:
            report.invalid[path.stem] = [str(problem) for problem in error.problems]
            continue
        views.append(view)
    if lint:
        _lint_all(views, report)
    return views


def _checked_formats(formats: list[str] | None) -> list[str]:
    formats = formats or format_names()
    for name in formats:
        format_class(name)  # raises UsageError listing the formats
    return formats


def build(project: Project, selection: list[str] | None = None, *, force: bool = False, jobs: int | None = None,
          formats: list[str] | None = None, debug: bool = False, strict: bool = False,
          on_built: Callable[[str, list[Path]], None] | None = None,
          on_waiting: Callable[[], None] | None = None) -> BuildReport:
    """Build the selected lessons (all by default); lessons whose inputs have not changed are skipped.

    on_built(lesson id, files) is called as each lesson is committed, while the others may still be building.
    With strict, a lesson with any warning is not written and counts as invalid.
    """
    formats = _checked_formats(formats)
    report = BuildReport(on_built=on_built, on_waiting=on_waiting, strict=strict)
    files = _lesson_files(project, selection)
    hashes = FileHashes(project.build_dir)
    toolchain = toolchain_digest(hashes)
    stale = []
    for path in files:
        if not force and formats == format_names() and is_up_to_date(project, path, toolchain):
            report.up_to_date.append(path.stem)
        else:
            stale.append(path)
    if not stale:
        hashes.save()
        return report
    try:
        with _long_lived_objects():
            views = load_all(project, stale, report, lint=False)
        if views:
            _generate(views, project, toolchain, formats, jobs or os.cpu_count() or 1, debug, report)
    finally:
        gc.unfreeze()  # a caller that builds again (the tests) gets its memory back
    if report.built:
        hashes.save()
        try:
            write_index(project)
        except OSError as error:
            report.failed["index"] = f"cannot write {display_name(project.build_dir / 'index.html')}: {error.strerror}"
    return report


def check(project: Project, selection: list[str] | None = None, *, jobs: int | None = None,
          formats: list[str] | None = None, debug: bool = False, strict: bool = False) -> BuildReport:
    """Find every problem a build of the selected lessons would meet, writing nothing: each format checks each
    lesson exactly as it would render it. With strict, a lesson with any warning counts as invalid."""
    formats = _checked_formats(formats)
    report = BuildReport(strict=strict)
    files = _lesson_files(project, selection)
    try:
        with _long_lived_objects():
            views = load_all(project, files, report)
        tasks = _ordered_tasks(views, dict.fromkeys((view.id for view in views), None), formats)
        for view, results in _each_lesson_done(tasks, views, jobs or os.cpu_count() or 1, debug):
            _record_warnings(view, results, report)
            error = next((result.error for result in results if result.error is not None), None)
            if error is None and not _fails_strictly(view, report):
                report.checked.append(view.id)
            elif error is not None:
                _record_error(view, error, report)
    finally:
        gc.unfreeze()
    return report


def _lesson_files(project: Project, selection: list[str] | None) -> list[Path]:
    files = project.lesson_files(selection)
    if not files:
        raise UsageError(f"no lessons in {display_name(project.lessons_dir)}/; start one with `make new NAME=<id>`")
    return files
