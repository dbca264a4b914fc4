"""`make watch`: build, then rebuild each lesson whose files change, in one long-lived process, while a service
process serves build/ on 127.0.0.1 and tells the open pages to reload.

The builder stays free of threads (it forks a build's workers); the service (live_server.py) has the watcher and
the server. Each save is one build of the watched lessons: lessons whose inputs did not change are current and
skipped by their stamps, exactly as `make` would skip them. A change to Lessonkit itself (its code, templates or
fonts) restarts the builder, so no page is ever made by code older than the files on disk.
"""

from __future__ import annotations

import multiprocessing
import os
import secrets
import sys
import time
from contextlib import suppress
from functools import partial
from pathlib import Path

from generators.driver.builder import BuildReport, build
from generators.driver.console import failure_lines, print_built, print_report, print_waiting
from generators.driver.live_server import LOCALHOST, local_listener, serve_and_watch
from generators.driver.project import Project
from generators.driver.stamps import PACKAGE_DIR, REPO_ASSETS, FileHashes, read_stamp, toolchain_digest
from generators.model.problems import UsageError
from generators.reading.yaml_source import display_name

_FORK = multiprocessing.get_context("fork")
PORT_VARIABLE = "LESSONKIT_WATCH_PORT"  # a restarted builder serves on the port its pages know


def watched_folders(project: Project, lesson_ids: list[str]) -> list[str]:
    """Return the folders to watch: lessons/ (the lessons and the course file), the project's assets/, Lessonkit's
    own code and assets, and the folder of every other file a lesson was last built from (a slide template kept
    elsewhere, say); none inside another."""
    folders = {project.lessons_dir.resolve(), (project.root / "assets").resolve(), PACKAGE_DIR, REPO_ASSETS}
    root = project.root.resolve()
    for lesson_id in lesson_ids:
        inputs = read_stamp(project, lesson_id).get("inputs")
        for name in inputs if isinstance(inputs, dict) else ():
            path = (root / name).resolve() if isinstance(name, str) else None
            if path is not None and path.is_relative_to(root) and not path.is_relative_to(project.build_dir.resolve()):
                folders.add(path.parent)
    kept = sorted(folder for folder in folders if folder.is_dir())
    return [str(folder) for folder in kept if not any(folder != other and folder.is_relative_to(other)
                                                      for other in kept)]


class Watcher:
    """The builder side of `make watch`: its builds, what it tells the service, and when it restarts."""

    def __init__(self, project: Project, selection: list[str] | None, jobs: int | None, strict: bool) -> None:
        self.project = project
        self.selection = selection or None
        self.jobs = jobs
        self.strict = strict
        self.instance = secrets.token_hex(4)  # a restarted builder is another instance: pages reload
        self.generation = 0
        self.toolchain = toolchain_digest(FileHashes(project.build_dir))

    def lesson_ids(self) -> list[str]:
        return [path.stem for path in self.project.lesson_files(self.selection)]

    def status(self, state: str, report: BuildReport | None = None, problems: list[str] | None = None) -> dict:
        """Return what the pages are told: this build's id, whether a build runs, and the terminal's lines."""
        status = {"instance": self.instance, "generation": self.generation, "state": state,
                  "problems": problems or [], "warnings": [], "built": []}
        if report is not None:
            status.update(problems=failure_lines(report), warnings=report.warning_lines(), built=sorted(report.built))
        return status

    def build_once(self) -> dict:
        """Build what is out of date, print it as `make` does, and return the status to publish."""
        started = time.perf_counter()
        try:
            report = build(self.project, self.selection, jobs=self.jobs, strict=self.strict,
                           on_built=partial(print_built, self.project),
                           on_waiting=partial(print_waiting, self.project))
        except UsageError as error:  # the lessons folder went away, or a named lesson: say so, keep watching
            print(f"error: {error}", file=sys.stderr, flush=True)
            return self.status("current", problems=[f"error: {error}"])
        except Exception as error:  # a bug of ours: say so in the terminal and the page, and keep watching
            message = f"error: internal error while building: {type(error).__name__}: {error}"
            print(message, file=sys.stderr, flush=True)
            return self.status("current", problems=[message])
        print_report(report, self.project, time.perf_counter() - started)
        sys.stdout.flush()
        if report.built:
            self.generation += 1
        return self.status("current", report)

    def watched(self) -> list[str]:
        """Return the folders to watch now (lessons/ itself, should it have gone, is still named)."""
        try:
            return watched_folders(self.project, self.lesson_ids())
        except UsageError:
            return watched_folders(self.project, [])

    def code_changed(self) -> bool:
        """Return whether Lessonkit's code, templates or fonts differ from those this process loaded."""
        return toolchain_digest(FileHashes(self.project.build_dir)) != self.toolchain


def watch(project: Project, selection: list[str] | None = None, *, jobs: int | None = None, port: int | None = None,
          strict: bool = False) -> int:
    """Build, serve build/ on 127.0.0.1 and rebuild on every change until Ctrl-C; return the exit code."""
    watcher = Watcher(project, selection, jobs, strict)
    watcher.lesson_ids()  # a missing lessons/ or an unknown lesson stops here, before anything starts
    project.build_dir.mkdir(parents=True, exist_ok=True)
    if port is None:
        with suppress(ValueError):
            port = int(os.environ.get(PORT_VARIABLE, ""))
    try:
        listener = local_listener(port or 0)
    except OSError as error:
        raise UsageError(f"cannot serve on {LOCALHOST}:{port}: {error.strerror}; choose another port with "
                         "--port, or leave it out for a free one") from None
    port = listener.getsockname()[1]
    changes_read, changes_write = _FORK.Pipe(duplex=False)
    statuses_read, statuses_write = _FORK.Pipe(duplex=False)
    service = _FORK.Process(target=serve_and_watch, daemon=True, name="lessonkit-watch",
                            args=(listener, project.build_dir, watcher.watched(),
                                  changes_write, statuses_read, (changes_read, statuses_write)))
    service.start()  # before the first build: the builder has no threads when it forks
    listener.close()
    changes_write.close()
    statuses_read.close()
    restart = False
    try:
        print(f"serving {display_name(project.build_dir)}/ at http://{LOCALHOST}:{port}/ (this machine only); "
              "each lesson's preview.html shows all of it; Ctrl-C stops", flush=True)
        statuses_write.send(watcher.status("building"))
        statuses_write.send(watcher.build_once() | {"watched": watcher.watched()})
        print("watching for changes…", flush=True)
        while True:
            try:
                changed = changes_read.recv()
            except EOFError:
                print("error: the preview server stopped unexpectedly", file=sys.stderr)
                return 1
            while changes_read.poll(0.05):  # a save is often several events: take them all
                changed += changes_read.recv()
            if watcher.code_changed():
                print("Lessonkit itself changed: restarting", flush=True)
                restart = True
                return 0
            names = sorted({display_name(Path(path)) for path in changed if Path(path).exists()})  # not temp files
            if names:
                print(f"changed: {', '.join(names[:5])}{' …' if len(names) > 5 else ''}", flush=True)
            statuses_write.send(watcher.status("building"))
            status = watcher.build_once()
            statuses_write.send(status | {"watched": watcher.watched()})
    except KeyboardInterrupt:
        print("\nstopped watching", flush=True)
        return 0
    finally:
        statuses_write.close()  # the service stops serving and watching when it reads the end
        service.join(5)
        if service.is_alive():
            service.terminate()
            service.join()
        if restart:
            os.environ[PORT_VARIABLE] = str(port)
            os.execv(sys.executable, [sys.executable, "-m", "generators", *sys.argv[1:]])

