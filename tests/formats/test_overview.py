"""overview.md: the whole lesson in teaching order, with lesson text escaped so Markdown shows it as typed."""

from __future__ import annotations

import shutil

import lxml.html
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from support.paths import MINIMAL_LESSON as M
from support.paths import REPO

from generators.text.escaping import (
    escape_markdown,
    escape_markdown_cell,
    escape_markdown_line,
    markdown_code_span,
    markdown_link,
)


def github_html(markdown: str):
    """Return Markdown rendered as GitHub does (CommonMark with tables, strikethrough and raw HTML), parsed."""
    renderer = MarkdownIt("gfm-like", {"linkify": False})  # linkify only adds links to addresses; it needs a plugin
    document = lxml.html.fragment_fromstring(renderer.render(markdown), create_parent="body")
    for line_break in document.iter("br"):  # so text_content() shows where the lines break
        line_break.tail = "\n" + (line_break.tail or "")
    return document


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("text, expected", [
    ("Mao & <b>Khrushchev</b>", "Mao &amp; \\<b\\>Khrushchev\\</b\\>"),
    ("*not emphasis* and _not_ either", "\\*not emphasis\\* and \\_not\\_ either"),
    ("[a link](http://x)", "\\[a link\\](http://x)"),
    ("a | b", "a \\| b"),
    ("# not a heading", "\\# not a heading"),
    ("- not a list\n1. nor this", "\\- not a list\n1\\. nor this"),
    ("A line\n===", "A line\n\\==="),
    ("A line\n--- ", "A line\n\\---"),
    ("    not code\n\n\n  + nor a list", "not code\n\\+ nor a list"),
    ("costs $5–$10", "costs \\$5–\\$10"),
    ("xiūzhèng zhǔyì 修正主义", "xiūzhèng zhǔyì 修正主义"),
])
def test_markdown_escaping_keeps_text_as_typed(text, expected):
    assert escape_markdown(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("plain", "`plain`"),
    ("C:\\lessons\\a.png", "`C:\\lessons\\a.png`"),
    ("a`b", "``a`b``"),
    ("``x` y", "``` ``x` y ```"),
    (" padded ", "`  padded  `"),
    ("two\nlines", "`two lines`"),
])
def test_code_spans_are_fenced_longer_than_any_backtick_run_and_padded_when_needed(text, expected):
    assert markdown_code_span(text) == expected
    assert github_html(f"x {markdown_code_span(text)} y").findtext(".//code") == text.replace("\n", " ")


def test_cells_keep_to_one_line_and_links_keep_their_text_and_address():
    assert escape_markdown_cell("a | b\n\nc") == "a \\| b<br>c"
    assert escape_markdown_line("A\nheading #") == "A heading \\#"
    link = github_html(markdown_link("see [this] *now*", "https://example.com/a b?c=<d>")).find(".//a")
    assert link.text_content() == "see [this] *now*"
    assert link.get("href") == "https://example.com/a%20b?c=%3Cd%3E"


MARKDOWN_TEXT = st.text(st.sampled_from(list("ab 1.=-+*_#>|[]()<>&;`\\~$!:\n\t")), min_size=1, max_size=40)


@settings(max_examples=300, deadline=None)
@given(MARKDOWN_TEXT)
def test_any_text_renders_literally_in_a_paragraph_a_list_item_a_cell_and_a_code_span(text):
    """Whatever the signs, each place shows the text itself and keeps the document's structure."""
    if not text.strip():
        return
    document = github_html(f"{escape_markdown(text)}\n\n- {escape_markdown(text)}\n\n"
                           f"| a | b |\n| --- | --- |\n| {escape_markdown_cell(text)} | x |\n\n"
                           f"{markdown_code_span(text)}\n")
    paragraph, item, table, code = list(document)
    assert (paragraph.tag, item.tag, table.tag, code.tag) == ("p", "ul", "table", "p")
    assert flat(paragraph.text_content()) == flat(text) == flat(item.text_content())
    assert [len(row) for row in table.iter("tr")] == [2, 2]
    assert flat(table.find(".//td").text_content()) == flat(text)
    assert code.findtext("code") == text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")


HOSTILE_SUMMARY = ["A summary line\n===", "Another line\n---", "# not a heading\n> not a quote\n1. not a list\n"
                   "- not a bullet\n+ nor this\n    not code\n\n\nafter a blank line",
                   "*star* _under_ [link](http://x) <b>tag</b> &amp; \\back `tick` ~~strike~~ $x$ ![img](y)"]
HOSTILE_FILE = "assets/images/a`b\\c ``d.png"


@pytest.fixture(scope="module")
def hostile_overview(tmp_path_factory):
    """Return the rendered overview of the minimal lesson with every Markdown-active pattern in its text."""
    from generators.cli import main

    project = tmp_path_factory.mktemp("hostile")
    (project / "lessons").mkdir()
    (project / "assets" / "images").mkdir(parents=True)
    shutil.copy(REPO / "assets" / "images" / "communist-world-1956-58.png", project / HOSTILE_FILE)
    lesson = yaml.safe_load(M)
    lesson["title"] = "Title *with* `ticks` | pipes\nand a break #"
    first, second = lesson["sections"]
    first["heading"] = "Heading\n==="
    first["summary"] = HOSTILE_SUMMARY
    first["key_points"] = ["1. numbered", "- dashed\n---"]
    first["images"] = [{"file": HOSTILE_FILE, "alt": "Alt with `code` and <i>tags</i>", "credit": "_Me_"}]
    first["quotes"][0]["text"] = "First line\n\n> nested?\n---"
    second["heading"] = "+ plus"
    lesson["activities"][0] |= {"name": "Warm | up", "instructions": "Line one\nline | two\n\n- three"}
    lesson["vocabulary"] = [{"term": "=HYPERLINK(\"http://x\")", "definition": "cell | with\nbreak",
                             "native_script": "修正|主义", "romanization": "a\nb"},
                            {"term": "@SUM(A1)", "definition": "-x"}]
    (project / "lessons" / "hostile.yaml").write_text(yaml.safe_dump(lesson, allow_unicode=True), "utf-8")
    assert main(["--project", str(project), "build", "--format", "overview"]) == 0
    return (project / "build" / "hostile" / "overview.md").read_text("utf-8")


def test_hostile_lesson_text_shows_literally_under_the_intended_headings_only(hostile_overview):
    document = github_html(hostile_overview)
    headings = [(element.tag, element.text_content()) for element in document.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert headings == [("h1", "Title *with* `ticks` | pipes and a break #"), ("h2", "Compelling question"),
                        ("h2", "Objectives"), ("h2", "Plan (30 minutes)"), ("h2", "Vocabulary"), ("h2", "Timeline"),
                        ("h2", "1. Heading ==="), ("h2", "2. + plus"), ("h2", "Discussion questions"), ("h2", "Quiz")]
    paragraphs = [flat(paragraph.text_content()) for paragraph in document.iter("p")]
    for text in HOSTILE_SUMMARY:
        assert flat(text) in paragraphs
    assert not document.findall(".//a") and not document.findall(".//img") and not document.findall(".//del")
    assert not document.findall(".//pre") and not document.findall(".//hr")
    first_key_points = document.xpath("(//p[.='Key points:'])[1]/following-sibling::ul[1]/li")
    assert [flat(item.text_content()) for item in first_key_points] == ["1. numbered", "- dashed ---"]
    quote = document.find(".//blockquote")
    assert flat(quote.text_content()).startswith("First line > nested? --- —") and not quote.findall(".//blockquote")
    assert [flat(element.text_content()) for element in document.iter("em", "strong")] == [
        "Why does this matter?", "February 1956", "Why?"]


def test_hostile_table_cells_keep_their_rows_and_text(hostile_overview):
    plan, vocabulary = github_html(hostile_overview).iter("table")
    assert {len(row) for row in plan.iter("tr")} == {6} and len(plan.findall(".//tr")) == 3
    assert [cell.text_content() for cell in plan.findall(".//tbody/tr[1]/td")][1:4] == [
        "Warm | up (10 min)", "whole class", "Line one\nline | two\n- three"]
    assert len(plan.findall(".//tbody/tr[1]/td[4]/br")) == 2
    assert [len(row) for row in vocabulary.iter("tr")] == [3, 3, 3]
    assert [[cell.text_content() for cell in row] for row in vocabulary.findall(".//tbody/tr")] == [
        ['=HYPERLINK("http://x")', "修正|主义 (a\nb)", "cell | with\nbreak"], ["@SUM(A1)", "", "-x"]]


def test_hostile_file_name_shows_exactly_in_its_code_span(hostile_overview):
    codes = [code.text for code in github_html(hostile_overview).iter("code")]
    assert codes == [HOSTILE_FILE]
    assert flat(github_html(hostile_overview).xpath("//p[code]")[0].text_content()) == \
        f"Image: {HOSTILE_FILE}: Alt with `code` and <i>tags</i> Credit: _Me_"


def test_overview_lists_the_lesson_in_order_with_a_running_clock(project, run_cli):
    text = M.replace("title: A Minimal Lesson", 'title: "Mao & <b>Khrushchev</b> | *split*"')
    (project / "lessons" / "x.yaml").write_text(text, "utf-8")
    assert run_cli(project, "build").code == 0
    overview = (project / "build" / "x" / "overview.md").read_text("utf-8")
    assert overview.splitlines()[0] == "# Mao &amp; \\<b\\>Khrushchev\\</b\\> \\| \\*split\\*"
    assert "| 0:00–0:10 | Warm-up (10 min) | whole class | Talk. |  | Slide 4 |" in overview
    assert ("| 0:10–0:30 | Work (20 min) | pairs | Work. | Reading: all 2 sections of the handout; Timeline (1 event); "
            "Source analysis (1): Source 1, Someone; Discussion (1 question) | Slides 5–9 · Worksheet Part 1 · "
            "Handout p. 1 |") in overview
    headings = [line for line in overview.splitlines() if line.startswith("## ")]
    assert headings == ["## Compelling question", "## Objectives", "## Plan (30 minutes)", "## Timeline",
                        "## 1. The first part", "## 2. The second part", "## Discussion questions",
                        "## Quiz"]
    assert "   - Answer: Beta. Beta is right." in overview
    assert "   - Version A: question 2, " in overview
    assert "- **February 1956**: Something happens" in overview
