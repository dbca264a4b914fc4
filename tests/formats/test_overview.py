"""overview.md: the whole lesson in teaching order, with lesson text escaped so Markdown shows it as typed."""

from __future__ import annotations

import pytest
from support.paths import MINIMAL_LESSON as M

from generators.text.escaping import escape_markdown


@pytest.mark.parametrize("text, expected", [
    ("Mao & <b>Khrushchev</b>", "Mao &amp; \\<b\\>Khrushchev\\</b\\>"),
    ("*not emphasis* and _not_ either", "\\*not emphasis\\* and \\_not\\_ either"),
    ("[a link](http://x)", "\\[a link\\](http://x)"),
    ("a | b", "a \\| b"),
    ("# not a heading", "\\# not a heading"),
    ("- not a list\n1. nor this", "\\- not a list\n1\\. nor this"),
    ("xiūzhèng zhǔyì 修正主义", "xiūzhèng zhǔyì 修正主义"),
])
def test_markdown_escaping_keeps_text_as_typed(text, expected):
    assert escape_markdown(text) == expected


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
