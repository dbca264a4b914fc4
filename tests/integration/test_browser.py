"""Headless Chromium opens the index and each HTML edition from the file system: it renders, with no console errors."""

from __future__ import annotations

import html as html_module
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--enable-logging=stderr", "--v=0"]
CONSOLE_LINE = re.compile(r":CONSOLE(?::\d+|\(\d+\))\] (.*)")


def open_in_chromium(page: Path, profile: Path, screenshot: Path) -> tuple[str, list[str]]:
    """Return the rendered DOM and the console messages of a page, and save a screenshot of it."""
    url = page.resolve().as_uri()
    dump = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile / 'dom'}", "--dump-dom", url],
                          capture_output=True, text=True, timeout=120)
    subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile / 'shot'}", "--window-size=1200,1600",
                    f"--screenshot={screenshot}", url], capture_output=True, text=True, timeout=120)
    console = [match.group(1) for match in CONSOLE_LINE.finditer(dump.stderr)]
    return dump.stdout, console


def looks_rendered(screenshot: Path) -> bool:
    """Return True if the screenshot shows more than a blank page."""
    with Image.open(screenshot) as image:
        grey = image.convert("L").resize((300, 400))
        dark = sum(grey.histogram()[:160])
    return dark > 300


@pytest.mark.parametrize("page", ["index.html", "mao-khrushchev/handout.html", "mao-khrushchev/worksheet.html",
                                  "stress/handout.html", "pictures/handout.html", "mao-khrushchev/quiz-A.html",
                                  "mao-khrushchev/exit-tickets.html", "mao-khrushchev/lesson-plan.html",
                                  "mao-khrushchev/slides.html", "mao-khrushchev/preview.html"])
def test_page_renders_with_its_title_and_no_console_errors(built_project, tmp_path, page):
    screenshot = tmp_path / "page.png"
    dom, console = open_in_chromium(built_project.build_dir / page, tmp_path, screenshot)
    assert console == []
    title = re.search(r"<title>(.*?)</title>", dom, re.S)
    assert title and title.group(1).strip()
    assert screenshot.exists() and looks_rendered(screenshot)


def test_the_check_catches_a_console_error_and_a_blank_page(tmp_path):
    broken = tmp_path / "broken.html"
    broken.write_text('<!DOCTYPE html><html lang="en"><title>x</title><script>missingFunction()</script></html>')
    screenshot = tmp_path / "broken.png"
    _, console = open_in_chromium(broken, tmp_path, screenshot)
    assert any("missingFunction is not defined" in message for message in console)
    assert not looks_rendered(screenshot)


AXE = Path(os.environ.get("AXE_CORE_JS", Path(__file__).resolve().parents[2] / "node_modules" / "axe-core"
                          / "axe.min.js"))
AXE_RUN = ('<script src="{axe}"></script><script>axe.run(document, {{resultTypes: ["violations"]}}).then(r => '
           '{{ document.body.setAttribute("data-axe", JSON.stringify(r.violations.map(v => v.id + ":" + v.impact)));'
           ' }});</script>')


def axe_violations(page: Path, work: Path) -> list[str]:
    """Return the axe-core rules a page violates, as 'rule:impact' strings."""
    audited = work / f"audited-{page.name}"
    html = page.read_text("utf-8")
    audited.write_text(html.replace("</body>", AXE_RUN.format(axe=AXE.resolve().as_uri()) + "</body>"), "utf-8")
    dump = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={work / 'axe-profile'}", "--virtual-time-budget=15000",
                           "--dump-dom", audited.as_uri()], capture_output=True, text=True, timeout=120)
    found = re.search(r'data-axe="([^"]*)"', dump.stdout)
    assert found, "axe-core did not report"
    return json.loads(html_module.unescape(found.group(1)))


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed (.ci/run installs it from npm)")
@pytest.mark.parametrize("page", ["index.html", "mao-khrushchev/handout.html", "mao-khrushchev/worksheet.html",
                                  "pictures/handout.html", "mao-khrushchev/quiz-A.html", "mao-khrushchev/quiz-B.html",
                                  "mao-khrushchev/exit-tickets.html", "mao-khrushchev/lesson-plan.html",
                                  "stress/handout.html", "stress/worksheet.html", "stress/lesson-plan.html",
                                  "mao-khrushchev/slides.html", "pictures/slides.html", "stress/slides.html",
                                  "mao-khrushchev/preview.html"])
def test_axe_core_finds_no_accessibility_violations(built_project, tmp_path, page):
    assert axe_violations(built_project.build_dir / page, tmp_path) == []


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed (.ci/run installs it from npm)")
def test_axe_core_audit_reports_a_page_without_alt_text(tmp_path):
    page = tmp_path / "bad.html"
    page.write_text('<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><main><h1>x</h1>'
                    '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="40" height="40"></main></body>'
                    "</html>")
    assert "image-alt:critical" in axe_violations(page, tmp_path)


def dump_dom(url: str, profile: Path) -> str:
    """Return the DOM of a page as Chromium has it once the page has loaded and run its scripts."""
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", url], capture_output=True,
                          text=True, timeout=120).stdout


def test_the_preview_served_by_watch_is_the_deck_then_shows_an_invalid_saves_problems(sample_project, tmp_path):
    from lxml import html as lxml_html
    from support.decks import deck_shapes, page_shapes, words
    from support.live import WatchProcess

    watching = WatchProcess(sample_project)
    try:
        watching.wait_for_status(lambda status: status["state"] == "current" and status["generation"] == 1)
        url = f"http://127.0.0.1:{watching.port}/mao-khrushchev/preview.html"
        page = tmp_path / "preview.html"
        page.write_text(dump_dom(url, tmp_path / "first"), "utf-8")
        width, _, deck = deck_shapes(sample_project / "build" / "mao-khrushchev" / "slides.pptx")
        drawn = page_shapes(page, width / 12700)
        assert [[text for text, _, _ in shapes] for _, shapes in drawn] == \
            [[text for text, _, _ in slide] for slide in deck]  # titles and text, slide by slide, in order
        document = lxml_html.fromstring(page.read_bytes())
        assert document.xpath("//script[contains(@src, '/_lessonkit/live.js')]")
        assert not document.xpath("//*[@role='alert']")

        lesson = sample_project / "lessons" / "mao-khrushchev.yaml"
        lesson.write_text(lesson.read_text("utf-8").replace("duration_minutes: 50", "duration_minutes: 5O", 1),
                          "utf-8")
        status = watching.wait_for_status(lambda status: status["state"] == "current" and status["problems"])
        document = lxml_html.fromstring(dump_dom(url, tmp_path / "second"))
        alert = document.xpath("//*[@id='lessonkit-status']//*[@role='alert']")
        assert alert and status["problems"][0] in alert[0].text_content()
        assert document.xpath("//body/*")[0].get("id") == "lessonkit-status"  # at the top of the page
        titles = [words(heading.text_content()) for heading in document.xpath("//section[@class='slide']//h3")]
        assert titles[0].startswith("Cracks in the Alliance") and len(titles) == len(deck)  # the last good build
    finally:
        watching.stop()


def test_an_open_preview_reloads_itself_after_a_save_and_shows_then_clears_an_invalid_saves_problems(project,
                                                                                                   tmp_path):
    from support.browser import LivePage
    from support.live import WatchProcess
    from support.paths import MINIMAL_LESSON

    lesson = project / "lessons" / "a.yaml"
    lesson.write_text(MINIMAL_LESSON, "utf-8")
    watching = WatchProcess(project)
    page = None
    try:
        watching.wait_for_status(lambda status: status["state"] == "current" and status["generation"] == 1)
        page = LivePage(f"http://127.0.0.1:{watching.port}/a/preview.html", tmp_path / "profile")
        heading = "document.querySelector('h1') && document.querySelector('h1').textContent"
        page.wait_until(heading, lambda value: value == "Preview: A Minimal Lesson")
        page.evaluate("window.notReloaded = true")
        page.evaluate("document.querySelector('a[href=\"worksheet.html\"]').click()")  # the teacher picks one
        lesson.write_text(MINIMAL_LESSON.replace("title: A Minimal Lesson", "title: A Saved Edit"), "utf-8")
        page.wait_until(heading, lambda value: value == "Preview: A Saved Edit")  # it reloaded itself
        assert page.evaluate("window.notReloaded === undefined")
        viewer = "document.querySelector('iframe[name=viewer]').getAttribute('src')"
        assert page.wait_until(viewer, lambda value: value is not None) == "worksheet.html"  # and kept the choice

        page.evaluate("window.notReloaded = true")
        lesson.write_text(MINIMAL_LESSON.replace("duration_minutes: 30", "duration_minutes: 3O"), "utf-8")
        alert = "(document.querySelector('#lessonkit-status [role=alert]') || {}).textContent || ''"
        shown = page.wait_until(alert, lambda value: "duration_minutes" in value)
        problem = watching.status()["problems"][0]
        assert problem in shown and problem in watching.output  # the terminal's line, in the open page
        assert page.evaluate(heading) == "Preview: A Saved Edit"  # still the last good build
        assert page.evaluate("window.notReloaded") is True  # shown without a reload
        banner = "document.getElementById('lessonkit-status').getBoundingClientRect().height"
        plan = "getComputedStyle(document.querySelector('nav.plan')).top"
        below = float(page.evaluate(plan).removesuffix("px"))
        assert below > 40 and abs(below - page.evaluate(banner)) <= 1  # the plan column sits below the banner

        lesson.write_text(MINIMAL_LESSON.replace("title: A Minimal Lesson", "title: A Saved Edit"), "utf-8")
        page.wait_until(alert, lambda value: value == "")  # fixed: the problems are gone
    finally:
        if page is not None:
            page.close()
        watching.stop()


def test_the_arrow_keys_move_between_the_web_slides(built_project, tmp_path):
    from support.browser import LivePage

    page = LivePage((built_project.build_dir / "mao-khrushchev" / "slides.html").as_uri(), tmp_path / "profile")
    try:
        focused = "document.activeElement.id"
        for key, code, expected in (("ArrowRight", 39, "slide-2"), ("ArrowRight", 39, "slide-3"),
                                    ("ArrowLeft", 37, "slide-2")):
            page.press(key, code)
            page.wait_until(focused, lambda value, expected=expected: value == expected, timeout=10)
        top = "Math.round(document.getElementById('slide-2').getBoundingClientRect().top)"
        assert 0 <= page.evaluate(top) <= 40  # scrolled to the slide
    finally:
        page.close()
