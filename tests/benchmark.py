"""`make bench`: how fast Lessonkit builds, beside Pandoc doing less, plus `make watch` from save to page, a 100-lesson
course and peak memory."""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "lessons" / "mao-khrushchev.yaml"
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
COURSE_SIZE = int(os.environ.get("BENCH_COURSE", "100"))
TARGETS = {"one lesson, median (s)": 0.6, "ratio to Pandoc": 0.75, "course from clean (s)": 15.0,
           "course, nothing changed (s)": 0.5, "peak memory, one lesson (MB)": 250.0,
           "watch: save to page current, median (s)": 1.0}


def by_date(events):
    """Return timeline events sorted by date, as students see them."""
    return sorted(events, key=lambda event: event.date)


def timed(command: list[str], cwd: Path) -> tuple[float, int, str, float]:
    """Run a command; return its wall time, peak resident memory in MB, output, and CPU time of it and its workers."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)  # usage includes the workers it waited for
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(command)}\n{output}")
    return elapsed, usage.ru_maxrss // 1024, output, usage.ru_utime + usage.ru_stime


def lessonkit(root: Path, *arguments: str) -> list[str]:
    return [sys.executable, "-m", "generators", "--project", str(root), "build", *arguments]


def pandoc_sources(folder: Path) -> tuple[Path, Path]:
    """Write the sample lesson as the Markdown Pandoc needs for a deck and a handout (same content, less layout)."""
    sys.path.insert(0, str(REPO))
    from generators.model.lesson import CourseSettings, format_date
    from generators.reading.loader import load_lesson

    lesson = load_lesson(SAMPLE, CourseSettings(), REPO).lesson
    deck = [f"% {lesson.title}", "", f"# {lesson.compelling_question}", ""]
    deck += [f"- {objective}" for objective in lesson.objectives]
    for section in lesson.sections:
        deck += ["", f"# {section.heading}", ""] + [f"- {point}" for point in section.key_points]
        for quote in section.quotes:
            deck += ["", f"# {quote.speaker}", "", f"> {quote.text}"]
    for question in lesson.discussion_questions:
        deck += ["", "# Discuss", "", question.prompt]
    handout = [f"# {lesson.title}", "", f"**{lesson.compelling_question}**"]
    for section in lesson.sections:
        handout += ["", f"## {section.heading}", ""] + [paragraph + "\n" for paragraph in section.summary]
        handout += [f"> {quote.text}\n>\n> --- {quote.speaker}, {format_date(quote.date)}\n"
                    for quote in section.quotes]
    handout += ["", "## Vocabulary", ""] + [f"- **{word.term}**: {word.definition}" for word in lesson.vocabulary]
    handout += ["", "## Timeline", ""] + [f"- {format_date(e.date)}: {e.label}" for e in by_date(lesson.timeline)]
    handout += ["", "## Questions", ""] + [f"1. {q.prompt}" for q in lesson.discussion_questions]
    ascii_only = re.compile(r"[^\x00-\u024f–—“”‘’…]")  # pdflatex cannot set CJK; Lessonkit's run keeps it
    (folder / "deck.md").write_text("\n".join(deck) + "\n", "utf-8")
    (folder / "handout.md").write_text(ascii_only.sub("", "\n".join(handout)) + "\n", "utf-8")
    return folder / "deck.md", folder / "handout.md"


def one_lesson(work: Path) -> dict[str, float]:
    """Time the whole package for the sample lesson, cold, RUNS times, beside Pandoc's deck plus LaTeX handout.

    The runs alternate (ours, ours in one process, Pandoc), so a machine that slows down or speeds up during
    the benchmark moves both sides of the ratio alike.
    """
    project = work / "one"
    (project / "lessons").mkdir(parents=True)
    shutil.copytree(REPO / "assets" / "images", project / "assets" / "images")
    shutil.copy(SAMPLE, project / "lessons")
    shutil.copy(REPO / "lessons" / "_course.yaml", project / "lessons")
    pandoc = shutil.which("pandoc")
    compare = bool(pandoc and shutil.which("pdflatex"))
    if compare:
        deck, handout = pandoc_sources(work)
    else:
        print("Pandoc or pdflatex is not installed: the comparison is skipped "
              "(apt install pandoc texlive-latex-recommended lmodern)")
    ours, single, memory, cpu, theirs = [], [], [], [], []
    for _ in range(RUNS):
        elapsed, peak, _, used = timed(lessonkit(project, "--force"), REPO)
        ours.append(elapsed)
        memory.append(peak)
        cpu.append(used)
        elapsed, peak, _, _ = timed(lessonkit(project, "--force", "--jobs", "1"), REPO)
        single.append(elapsed)
        memory.append(peak)
        if compare:
            deck_time = timed([pandoc, deck.name, "-o", "deck.pptx"], work)[0]
            theirs.append(deck_time + timed([pandoc, handout.name, "-o", "handout.pdf"], work)[0])
    results = {"one lesson, median (s)": statistics.median(ours),
               "one lesson, CPU of all processes, median (s)": statistics.median(cpu),
               "one lesson, --jobs 1, median (s)": statistics.median(single),
               "peak memory, one lesson (MB)": max(memory)}
    if compare:
        results["Pandoc deck + LaTeX handout, median (s)"] = statistics.median(theirs)
        results["ratio to Pandoc"] = results["one lesson, median (s)"] / statistics.median(theirs)
    return results


def course(work: Path) -> dict[str, float]:
    """Build a course of COURSE_SIZE variations of the sample: from clean, unchanged, and with one lesson edited."""
    project = work / "course"
    lessons = project / "lessons"
    lessons.mkdir(parents=True)
    shutil.copytree(REPO / "assets" / "images", project / "assets" / "images")
    shutil.copy(REPO / "lessons" / "_course.yaml", lessons)
    text = SAMPLE.read_text("utf-8")
    for number in range(COURSE_SIZE):
        variation = text.replace('title: "Cracks in', f'title: "Part {number + 1}. Cracks in')
        (lessons / f"lesson-{number:03d}.yaml").write_text(variation, "utf-8")
    clean = timed(lessonkit(project), REPO)[0]
    unchanged, _, output, _ = timed(lessonkit(project), REPO)
    assert "up to date" in output and "built" not in output, output
    edited = lessons / f"lesson-{COURSE_SIZE // 2:03d}.yaml"
    original = edited.read_text("utf-8")
    assert "What drove Mao" in original, "the benchmark edits the compelling question; update the phrase it looks for"
    edited.write_text(original.replace("What drove Mao", "What drove Mao ", 1), "utf-8")
    one_changed, _, output, _ = timed(lessonkit(project), REPO)
    rebuilt = re.findall(r"^built (\S+)", output, re.MULTILINE)
    return {"course from clean (s)": clean, "course, nothing changed (s)": unchanged,
            "course, one lesson changed (s)": one_changed, "lessons rebuilt after one edit": len(rebuilt)}


def is_newer_build(generation: int, status: dict) -> bool:
    return status["state"] == "current" and status["generation"] > generation


def watch_mode(work: Path) -> dict[str, float]:
    """Time `make watch` from a saved edit of the sample to its preview page being current: the edit is written,
    the watcher notices it, the lesson is rebuilt in the long-lived process, the server announces the new build,
    and the preview page is fetched with the edit in it. RUNS edits, alternating between two wordings."""
    sys.path.insert(0, str(REPO / "tests"))
    from support.live import EventStream, WatchProcess

    project = work / "watch"
    (project / "lessons").mkdir(parents=True)
    shutil.copytree(REPO / "assets" / "images", project / "assets" / "images")
    shutil.copy(SAMPLE, project / "lessons")
    shutil.copy(REPO / "lessons" / "_course.yaml", project / "lessons")
    lesson = project / "lessons" / SAMPLE.name
    original = lesson.read_text("utf-8")
    assert 'title: "Cracks in' in original, "the benchmark edits the title; update the phrase it looks for"
    watching = WatchProcess(project)
    times = []
    try:
        watching.wait_for_status(lambda status: status["state"] == "current" and status["generation"] == 1)
        stream = EventStream(watching.port)
        try:
            generation = stream.next_status()["generation"]
            for run in range(RUNS):
                time.sleep(0.3)  # the watcher is idle, as it is between a teacher's saves
                title = f"Cracks (edit {run + 1}) in"
                started = time.perf_counter()
                lesson.write_text(original.replace('title: "Cracks in', f'title: "{title}', 1), "utf-8")
                stream.wait_for(partial(is_newer_build, generation))
                code, page = watching.get(f"/{SAMPLE.stem}/preview.html")
                times.append(time.perf_counter() - started)
                assert code == 200 and title in page
                generation += 1
        finally:
            stream.close()
    finally:
        watching.stop()
    return {"watch: save to page current, median (s)": statistics.median(times),
            "watch: save to page current, slowest (s)": max(times)}


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="lessonkit-bench-") as folder:
        work = Path(folder)
        results = one_lesson(work)
        results.update(watch_mode(work))
        results.update(course(work))
    order = ["ratio to Pandoc"] + [name for name in results if name != "ratio to Pandoc"]
    interpreter = Path(sys.executable).resolve()  # the venv's python links to the one it was made from
    print(f"Lessonkit benchmark: {os.cpu_count()} cores, Python {sys.version.split()[0]} ({interpreter}), "
          f"{RUNS} runs each")
    for name in order:
        if name not in results:
            continue
        target = TARGETS.get(name)
        verdict = "" if target is None else ("  ok" if results[name] <= target else f"  over target {target}")
        print(f"  {name:42s} {results[name]:8.2f}{verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
