"""What a build tells its user: each lesson as it is committed, then what was current, warned about or failed."""

from __future__ import annotations

import os
import sys
import time
from functools import partial
from pathlib import Path

from generators.driver.builder import BuildReport, build, check
from generators.driver.project import Project
from generators.reading.yaml_source import display_name


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
    for line in report.warning_lines() + failure_lines(report):
        print(line, file=sys.stderr)
    bad = sorted(report.invalid) + sorted(report.failed)
    total = len(report.built) + len(report.up_to_date) + len(bad)
    if bad:
        print(f"{len(bad)} of {total} lesson(s) failed: {', '.join(bad)}; nothing was written for them",
              file=sys.stderr)
    else:
        print(f"{total} lesson(s) ok in {elapsed:.2f} s")


def print_waiting(project: Project) -> None:
    """Say why the build pauses: another build of the same folder is running."""
    print(f"waiting for another build of {display_name(project.build_dir)}/ to finish…", file=sys.stderr, flush=True)


def timed_build(project: Project, selection: list[str] | None = None, **options) -> int:
    """Build, print the report and return the exit code."""
    started = time.perf_counter()
    report = build(project, selection, on_built=partial(print_built, project),
                   on_waiting=partial(print_waiting, project), **options)
    print_report(report, project, time.perf_counter() - started)
    return report.exit_code


def print_check(report: BuildReport) -> None:
    """Tell the user every warning and located problem a check found, then how many lessons are valid."""
    for line in report.warning_lines() + failure_lines(report):
        print(line, file=sys.stderr)
    total = len(report.checked) + len(report.invalid) + len(report.failed)
    print(f"{len(report.checked)} of {total} lesson(s) valid",
          file=sys.stderr if report.invalid or report.failed else sys.stdout)


def failure_lines(report: BuildReport) -> list[str]:
    """Return what the user is told failed, as the terminal prints it (and make watch's pages show it): each located
    problem, each error, and which lessons --strict failed for their warnings alone."""
    lines = report.problem_lines() + [f"error: {message}" for _, message in sorted(report.failed.items())]
    refused = report.refused_for_warnings()
    if refused:
        lines.append(f"--strict: {', '.join(refused)} failed for the warnings above")
    return lines


def run_check(project: Project, selection: list[str] | None = None, **options) -> int:
    """Check, print what was found and return the exit code (as a build of the same lessons would)."""
    report = check(project, selection, **options)
    print_check(report)
    return report.exit_code
