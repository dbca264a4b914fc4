"""The build driver: find lessons, skip those already built, validate all the rest, then generate them atomically."""

from __future__ import annotations

import gc
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from generators import generator_names, get_generator, preparation_of, prepare
from generators.driver.files import write_atomically
from generators.model.problems import BuildFailure, InvalidLesson, LessonkitError, UsageError
from generators.reading.yaml_source import display_name

PACKAGE_DIR = Path(__file__).resolve().parent.parent
REPO_ASSETS = PACKAGE_DIR.parent / "assets"
STAMP_NAME = ".lessonkit-stamp.json"
HASHES_NAME = ".lessonkit-hashes.json"
COURSE_FILE_NAME = "_course.yaml"
SLOWEST_FIRST = ("slides", "worksheets", "quiz-versions", "handout")  # each lesson's first, so the cores end together


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
        """Return the lesson files to work on: all lessons/*.yaml not starting with '_', or the ones named."""
        if not selection:
            return sorted(path for path in self.lessons_dir.glob("*.yaml") if not path.name.startswith("_"))
        files = []
        for name in selection:
            path = Path(name) if name.endswith((".yaml", ".yml")) else self.lessons_dir / f"{name}.yaml"
            if not path.is_file():
                raise UsageError(f"no lesson file {display_name(path)}; the lessons are: "
                                 f"{', '.join(p.stem for p in self.lesson_files()) or 'none yet'}")
            files.append(path)
        return files


@dataclass
class BuildReport:
    """What happened to each lesson of one build."""

    built: dict[str, list[Path]] = field(default_factory=dict)
    up_to_date: list[str] = field(default_factory=list)
    invalid: dict[str, list[str]] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    on_built: Callable[[str, list[Path]], None] | None = field(default=None, repr=False, compare=False)
    """Called with each lesson as soon as it is committed (the command line prints it there and then)."""

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 2 if self.invalid else 0

    def problem_lines(self) -> list[str]:
        """Return every located problem once, in lesson order (a broken course file is shared by all lessons)."""
        return list(dict.fromkeys(line for _, problems in sorted(self.invalid.items()) for line in problems))


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
    digest.update(f"{os.environ.get('SOURCE_DATE_EPOCH', '')}|{','.join(generator_names())}".encode())
    return digest.hexdigest()


def _file_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _stamp_path(project: Project, lesson_id: str) -> Path:
    return project.build_dir / lesson_id / STAMP_NAME


def is_up_to_date(project: Project, lesson_file: Path, toolchain: str) -> bool:
    """Return True if the last build of this lesson used exactly the same inputs and its outputs are all there."""
    try:
        stamp = json.loads(_stamp_path(project, lesson_file.stem).read_text("utf-8"))
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


def _stage_format(task: tuple, debug: bool = False) -> tuple[str, list[str] | None, LessonkitError | None]:
    """Build one format of one lesson into the lesson's staging folder; return the files made or the error."""
    loaded, staging, name = task
    try:
        return loaded.id, [str(path.relative_to(staging)) for path in get_generator(name).build(loaded, staging)], None
    except LessonkitError as error:
        return loaded.id, None, error
    except OSError as error:
        return loaded.id, None, BuildFailure(f"cannot write the output of {loaded.id}: {error.strerror}")
    except Exception as error:  # a bug in a generator: report it without a traceback unless asked
        detail = traceback.format_exc() if debug else f"{type(error).__name__}: {error} (run with --debug for details)"
        return loaded.id, None, BuildFailure(f"internal error while building {loaded.id}: {detail}")


def _commit(loaded, staging: Path, relative: list[str], project: Project, toolchain: str) -> list[Path]:
    """Move a lesson's staged files into build/<id>/ (each an atomic rename) and write its stamp last."""
    out_dir = project.build_dir / loaded.id
    try:
        for name in relative:
            target = out_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / name, target)
        lesson = loaded.lesson
        stamp = {
            "summary": {"title": lesson.title, "subject": lesson.subject, "duration": lesson.duration_minutes,
                        "question": lesson.compelling_question},
            "lesson": str(loaded.path.resolve()),
            "toolchain": toolchain,
            "inputs": {_relative_to_root(path, project): _file_hash(path) for path in _inputs_of(loaded, project)},
            "outputs": relative,
        }
        write_atomically(out_dir / STAMP_NAME, json.dumps(stamp, indent=1, sort_keys=True) + "\n")
    except OSError as error:
        raise BuildFailure(f"cannot write the output of {loaded.id}: {error.strerror} "
                           f"({display_name(Path(error.filename)) if error.filename else 'build folder'})") from None
    return [out_dir / name for name in relative]


def _results_as_done(tasks: list[tuple], loaded: list, workers: int, debug: bool) -> Iterator[tuple[int, tuple]]:
    """Build every (lesson, staging folder, format) task; yield (task index, (lesson id, files, error)) as each ends.

    In parallel, the formats without a preparation are handed to workers forked at once (each imports what its
    formats need); then each preparation runs here, once, and the workers for its formats are forked after it.
    Every task yields exactly one result: a task whose worker died yields a failure.
    """
    stage = partial(_stage_format, debug=debug)
    if workers <= 1 or len(tasks) <= 1:
        yield from enumerate(stage(task) for task in tasks)
        return
    from generators.driver.parallel import Batch, results_as_done, stop

    families: dict[str | None, list[int]] = {}
    for index, (_, _, name) in enumerate(tasks):
        families.setdefault(preparation_of(name), []).append(index)
    batches, members = [], []
    try:
        for preparation in sorted(families, key=lambda target: target is not None):
            if preparation is not None:
                try:
                    with _long_lived_objects():
                        for name in {tasks[index][2] for index in families[preparation]}:
                            get_generator(name)  # imported here, once, for every worker
                        prepare(preparation, loaded)
                except Exception:  # only a head start: the workers meet the same problem and report it per lesson
                    pass
            # Workers forked before a preparation leave a core for it; later workers help them when done.
            share = workers - 1 if preparation is None and len(families) > 1 else workers
            members.append(families[preparation])
            batches.append(Batch([tasks[index] for index in families[preparation]], stage, share, batches))
        with suppress(Exception):  # a head start only: write_index() meets the same problem and reports it
            _index_template()  # the parent's last step, readied while the workers run rather than after them
    except OSError:  # the system would not start more processes: build here, one task after another
        stop(batches)
        yield from enumerate(stage(task) for task in tasks)
        return
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
            yield index, (lesson.id, None,
                          BuildFailure(f"the worker building the {name} of {lesson.id} stopped unexpectedly"))


def _generate(loaded: list, project: Project, toolchain: str, formats: list[str], workers: int, debug: bool,
              report: BuildReport) -> None:
    """Generate every (lesson, format) pair into staging folders; commit each lesson as soon as all its formats
    succeeded (while the others are still building), or report its first problem."""
    created_build_dir = not project.build_dir.exists()
    try:
        project.build_dir.mkdir(parents=True, exist_ok=True)
        for lesson in loaded:  # left behind by an interrupted build of the same lesson
            for leftover in project.build_dir.glob(f".staging-{lesson.id}-*"):
                shutil.rmtree(leftover, ignore_errors=True)
        staging = {lesson.id: Path(tempfile.mkdtemp(prefix=f".staging-{lesson.id}-", dir=project.build_dir))
                   for lesson in loaded}
    except OSError as error:
        for lesson in loaded:
            report.failed[lesson.id] = f"cannot write to {display_name(project.build_dir)}: {error.strerror}"
        return
    try:
        ordered = sorted(formats, key=lambda name: SLOWEST_FIRST.index(name) if name in SLOWEST_FIRST else 99)
        # lesson by lesson, so that lessons are finished (and committed) one after another from the start
        tasks = [(lesson, staging[lesson.id], name) for lesson in loaded for name in ordered]
        lessons = {lesson.id: lesson for lesson in loaded}
        pending = Counter(lesson.id for lesson, _, _ in tasks)
        made: dict[str, list[str]] = {lesson.id: [] for lesson in loaded}
        errors: dict[str, dict[int, LessonkitError]] = {lesson.id: {} for lesson in loaded}
        with closing(_results_as_done(tasks, loaded, workers, debug)) as results:
            for index, (lesson_id, files, error) in results:
                if error is not None:
                    errors[lesson_id][index] = error
                else:
                    made[lesson_id] += files or []
                pending[lesson_id] -= 1
                if not pending[lesson_id]:
                    # the problem of its first format in build order, so a lesson always reports the same one
                    first_error = errors[lesson_id][min(errors[lesson_id])] if errors[lesson_id] else None
                    _finish(lessons[lesson_id], staging[lesson_id], made[lesson_id], first_error, project, toolchain,
                            report)
    finally:
        for folder in staging.values():
            shutil.rmtree(folder, ignore_errors=True)
        if created_build_dir and not report.built:
            shutil.rmtree(project.build_dir, ignore_errors=True)  # a refused lesson leaves no trace


def _finish(lesson, staging: Path, made: list[str], error: LessonkitError | None, project: Project, toolchain: str,
            report: BuildReport) -> None:
    """Commit a lesson whose every format succeeded, or record why it was not built."""
    if error is None:
        try:
            report.built[lesson.id] = _commit(lesson, staging, sorted(made), project, toolchain)
            if report.on_built:
                report.on_built(lesson.id, report.built[lesson.id])
            return
        except BuildFailure as failure:
            error = failure
    if isinstance(error, InvalidLesson):
        report.invalid[lesson.id] = [str(problem) for problem in error.problems]
    else:
        report.failed[lesson.id] = str(error)


def load_all(project: Project, files: list[Path], report: BuildReport) -> list:
    """Validate every file before anything is written; return the valid lessons and record the invalid ones."""
    from generators.reading.loader import load_course, load_lesson

    try:
        course = load_course(project.course_file, project.root)
    except InvalidLesson as error:
        for path in files:
            report.invalid[path.stem] = [str(problem) for problem in error.problems]
        return []
    loaded = []
    for path in files:
        try:
            loaded.append(load_lesson(path, course, project.root))
        except InvalidLesson as error:
            report.invalid[path.stem] = [str(problem) for problem in error.problems]
    return loaded


def build(project: Project, selection: list[str] | None = None, *, force: bool = False, jobs: int | None = None,
          formats: list[str] | None = None, debug: bool = False,
          on_built: Callable[[str, list[Path]], None] | None = None) -> BuildReport:
    """Build the selected lessons (all by default); lessons whose inputs have not changed are skipped.

    on_built(lesson id, files) is called as each lesson is committed, while the others may still be building.
    """
    formats = formats or generator_names()
    unknown = [name for name in formats if name not in generator_names()]
    if unknown:
        raise UsageError(f"no output format named '{unknown[0]}'; the formats are: {', '.join(generator_names())}")
    report = BuildReport(on_built=on_built)
    files = project.lesson_files(selection)
    if not files:
        raise UsageError(f"no lessons in {display_name(project.lessons_dir)}/; start one with `make new NAME=<id>`")
    hashes = FileHashes(project.build_dir)
    toolchain = toolchain_digest(hashes)
    stale = []
    for path in files:
        if not force and formats == generator_names() and is_up_to_date(project, path, toolchain):
            report.up_to_date.append(path.stem)
        else:
            stale.append(path)
    if not stale:
        hashes.save()
        return report
    try:
        with _long_lived_objects():
            loaded = load_all(project, stale, report)
        if loaded:
            _generate(loaded, project, toolchain, formats, jobs or os.cpu_count() or 1, debug, report)
    finally:
        gc.unfreeze()  # a caller that builds again (the tests) gets its memory back
    if report.built:
        hashes.save()
        try:
            write_index(project)
        except OSError as error:
            report.failed["index"] = f"cannot write {display_name(project.build_dir / 'index.html')}: {error.strerror}"
    return report


def _human_size(size: int) -> str:
    return f"{size} bytes" if size < 1024 else f"{size / 1024:.0f} KB" if size < 1024 ** 2 else \
        f"{size / 1024 ** 2:.1f} MB"


def _index_template():
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
    html = _index_template().render(lessons=lessons)
    index = project.build_dir / "index.html"
    if not index.exists() or index.read_text("utf-8") != html:
        write_atomically(index, html)
    return index


def print_built(project: Project, lesson_id: str, outputs: list[Path]) -> None:
    """Print one built lesson and its files, at once (a long build shows its progress)."""
    names = ", ".join(path.name for path in outputs)
    try:
        print(f"built {lesson_id} -> {display_name(project.build_dir / lesson_id)}/ ({names})", flush=True)
    except BrokenPipeError:  # the reader left (make | head): the build goes on, its output goes nowhere
        silence_stdout()


def silence_stdout() -> None:
    """Point standard output at the null device, so later prints and the final flush cannot fail."""
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, sys.stdout.fileno())
    os.close(null)


def print_report(report: BuildReport, project: Project, elapsed: float) -> None:
    """Tell the user what was built (unless each lesson was printed as it was built), what was already up to date
    and, one line per problem, what failed."""
    if report.on_built is None:
        for lesson_id, outputs in sorted(report.built.items()):
            print_built(project, lesson_id, outputs)
    if report.up_to_date:
        print(f"up to date: {', '.join(sorted(report.up_to_date))}")
    for problem in report.problem_lines():
        print(problem, file=sys.stderr)
    for _, message in sorted(report.failed.items()):
        print(f"error: {message}", file=sys.stderr)
    bad = sorted(report.invalid) + sorted(report.failed)
    total = len(report.built) + len(report.up_to_date) + len(bad)
    if bad:
        print(f"{len(bad)} of {total} lesson(s) failed: {', '.join(bad)}; nothing was written for them",
              file=sys.stderr)
    else:
        print(f"{total} lesson(s) ok in {elapsed:.2f} s")


def timed_build(project: Project, selection: list[str] | None = None, **options) -> int:
    """Build, print the report and return the exit code."""
    started = time.perf_counter()
    report = build(project, selection, on_built=partial(print_built, project), **options)
    print_report(report, project, time.perf_counter() - started)
    return report.exit_code
