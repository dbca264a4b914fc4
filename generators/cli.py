"""The command line, argument parsing only: build, check, watch, new, import and schema."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generators.model.problems import InvalidLesson, LessonkitError, UsageError
from generators.reading.yaml_source import display_name

EXIT_OK, EXIT_FAILURE, EXIT_INVALID = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generators",
                                     description="Turn lesson files (lessons/*.yaml) into classroom materials.")
    parser.add_argument("--project", type=Path, default=Path("."),
                        help="project folder holding lessons/ and assets/ (default: the current folder)")
    parser.add_argument("--debug", action="store_true", help="show a traceback for internal errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="validate lessons, then build each into build/<lesson-id>/")
    build.add_argument("lessons", nargs="*", metavar="LESSON", help="lesson ids or files (default: all)")
    build.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    build.add_argument("-j", "--jobs", type=int, default=None, help="lessons built at once (default: CPU count)")
    build.add_argument("--build-dir", type=Path, default=None, help="output folder (default: PROJECT/build)")
    build.add_argument("--format", action="append", dest="formats", metavar="NAME",
                       help="build only this output format (repeatable)")
    build.add_argument("--strict", action="store_true",
                       help="treat warnings as errors: a lesson with any warning is not written (exit code 2)")

    check = commands.add_parser("check", help="find every problem a build would meet, without writing anything")
    check.add_argument("lessons", nargs="*", metavar="LESSON", help="lesson ids or files (default: all)")
    check.add_argument("-j", "--jobs", type=int, default=None, help="lessons checked at once (default: CPU count)")
    check.add_argument("--format", action="append", dest="formats", metavar="NAME",
                       help="check only this output format (repeatable)")
    check.add_argument("--strict", action="store_true",
                       help="treat warnings as errors: a lesson with any warning fails the check (exit code 2)")

    watch = commands.add_parser("watch", help="build, serve build/ on this machine, and rebuild on every change")
    watch.add_argument("lessons", nargs="*", metavar="LESSON", help="lesson ids or files (default: all)")
    watch.add_argument("-j", "--jobs", type=int, default=None, help="lessons built at once (default: CPU count)")
    watch.add_argument("--port", type=int, default=None, help="port on 127.0.0.1 to serve on (default: a free one)")
    watch.add_argument("--strict", action="store_true", help="treat warnings as errors, as build --strict does")

    new = commands.add_parser("new", help="start a new lesson file from a commented template")
    new.add_argument("name", metavar="NAME", help="lesson id, e.g. cuban-missile-crisis")
    new.add_argument("--force", action="store_true", help="overwrite an existing lesson file")

    draft = commands.add_parser("import", help="draft a lesson from an article (plain text or Markdown)")
    draft.add_argument("article", type=Path, metavar="ARTICLE", help="the article, a .txt or .md file")
    draft.add_argument("-o", "--output", type=Path, default=None, metavar="FILE",
                       help="where to write the draft (default: lessons/<title-of-the-article>.yaml)")
    draft.add_argument("--force", action="store_true", help="overwrite an existing lesson file")

    schema = commands.add_parser("schema", help="write the JSON Schemas and the README authoring guide")
    schema.add_argument("--check", action="store_true", help="only report whether they are up to date")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command and return its exit code: 0 ok, 1 build failure, 2 invalid lesson or usage."""
    parser = _parser()
    try:
        arguments = parser.parse_args(argv)
    except SystemExit as exit_request:
        return EXIT_INVALID if exit_request.code else EXIT_OK
    try:
        return _run(arguments)
    except LessonkitError as error:
        if arguments.debug:
            raise
        print(error if isinstance(error, InvalidLesson) else f"error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("interrupted; files already written are complete, the rest were not started", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader of our output left before the end (make | head)
        from generators.driver.console import silence_stdout

        silence_stdout()
        return EXIT_FAILURE


def _run(arguments: argparse.Namespace) -> int:
    from generators.driver.project import Project

    root = arguments.project.resolve()
    project = Project(root, (getattr(arguments, "build_dir", None) or root / "build").resolve())
    if arguments.command in ("build", "check", "watch"):
        from generators.driver.files import source_date_problem

        problem = source_date_problem()
        if problem:
            raise UsageError(problem)
    if arguments.command == "build":
        from generators.driver.console import timed_build

        return timed_build(project, arguments.lessons, force=arguments.force, jobs=arguments.jobs,
                           formats=arguments.formats, debug=arguments.debug, strict=arguments.strict)
    if arguments.command == "watch":
        from generators.driver.watch import watch

        return watch(project, arguments.lessons, jobs=arguments.jobs, port=arguments.port, strict=arguments.strict)
    if arguments.command == "check":
        from generators.driver.console import run_check

        return run_check(project, arguments.lessons, jobs=arguments.jobs, formats=arguments.formats,
                         debug=arguments.debug, strict=arguments.strict)
    if arguments.command == "new":
        from generators.authoring.new_lesson import write_new_lesson

        path = write_new_lesson(project.lessons_dir, arguments.name, force=arguments.force)
        print(f"wrote {path}; fill it in, then run make")
        return EXIT_OK
    if arguments.command == "import":
        from generators.authoring.importer import write_draft_lesson

        path = write_draft_lesson(arguments.article, project.lessons_dir, output=arguments.output,
                                  force=arguments.force)
        print(f"wrote {display_name(path)}; replace its TODOs and rewrite the summaries, then run make")
        return EXIT_OK
    from generators.reading.schema import update_generated_files

    stale = update_generated_files(root, check_only=arguments.check)
    for path in stale:
        print(f"{display_name(path)} {'is out of date; run make schema' if arguments.check else 'updated'}")
    return EXIT_FAILURE if arguments.check and stale else EXIT_OK
