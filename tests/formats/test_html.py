"""HTML editions and the materials index, parsed with lxml: structure, accessibility basics, working links."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import lxml.html
import pdfplumber
import pytest

from generators.model.lesson import CourseSettings
from generators.reading.loader import load_lesson
from generators.view.lesson_view import LessonView

PAGES = ["handout.html", "worksheet.html"]


def parse(path: Path):
    return lxml.html.fromstring(path.read_bytes())


def lesson_of(project, lesson_id):
    return load_lesson(project.lessons_dir / f"{lesson_id}.yaml", CourseSettings(), project.root).lesson


def lesson_of_loaded(project, lesson_id: str = "mao-khrushchev"):
    return load_lesson(project.lessons_dir / f"{lesson_id}.yaml", CourseSettings(), project.root)


def text_of(tree) -> str:
    return " ".join(tree.text_content().split())


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lesson_id", ["mao-khrushchev", "stress", "pictures"])
def test_headings_start_at_one_h1_and_never_skip_a_level(built_project, lesson_id, page):
    tree = parse(built_project.build_dir / lesson_id / page)
    levels = [int(element.tag[1]) for element in tree.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(later - earlier <= 1 for earlier, later in zip(levels, levels[1:]))


@pytest.mark.parametrize("page", PAGES)
def test_language_and_title_are_set(built_project, page):
    tree = parse(built_project.build_dir / "mao-khrushchev" / page)
    assert tree.get("lang") == "en"
    assert tree.findtext(".//title").startswith("Cracks in the Alliance")


def test_every_image_has_alt_text_or_is_marked_decorative(built_project):
    tree = parse(built_project.build_dir / "pictures" / "handout.html")
    images = tree.findall(".//img")
    assert len(images) == 2
    assert images[0].get("alt") == "Two red flags side by side."
    assert images[0].get("src").startswith("data:image/png;base64,")
    assert images[1].get("alt") == "" and images[1].get("role") == "presentation"


def test_vocabulary_is_a_real_table_with_header_cells(built_project):
    lesson = lesson_of(built_project, "mao-khrushchev")
    table = parse(built_project.build_dir / "mao-khrushchev" / "handout.html").find(".//table")
    assert [th.text_content() for th in table.findall("./thead/tr/th")] == ["Term", "Original", "Meaning"]
    assert all(th.get("scope") == "col" for th in table.findall("./thead/tr/th"))
    rows = table.findall("./tbody/tr")
    assert [row.find("th").text_content() for row in rows] == [word.term for word in lesson.vocabulary]


@pytest.mark.parametrize("page", PAGES)
def test_every_answer_field_has_a_label(built_project, page):
    tree = parse(built_project.build_dir / "mao-khrushchev" / page)
    labelled = {label.get("for") for label in tree.iter("label") if label.get("for")}
    fields = list(tree.iter("textarea", "input", "select"))
    assert fields
    for field in fields:
        wrapped = any(ancestor.tag == "label" for ancestor in field.iterancestors())
        assert wrapped or field.get("id") in labelled, lxml.html.tostring(field)[:80]


def test_handout_edition_has_the_same_content_as_the_pdf(built_project):
    lesson = lesson_of(built_project, "mao-khrushchev")
    html = text_of(parse(built_project.build_dir / "mao-khrushchev" / "handout.html"))
    with pdfplumber.open(built_project.build_dir / "mao-khrushchev" / "handout.pdf") as pdf:
        printed = " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)
    for section in lesson.sections:
        for paragraph in section.summary:
            assert " ".join(paragraph.split()) in html
        for quote in section.quotes:
            assert " ".join(quote.text.split()) in html
        assert section.heading in html and section.heading in printed
    for event in lesson.timeline:  # the worksheet asks students to order the events: neither edition lists them
        assert event.label not in html and event.label not in printed
    for question in lesson.supporting_questions:
        assert question in html


def test_worksheet_edition_has_every_question_and_no_answers(built_project):
    lesson = lesson_of(built_project, "mao-khrushchev")
    html = text_of(parse(built_project.build_dir / "mao-khrushchev" / "worksheet.html"))
    for number, question in enumerate(lesson.discussion_questions, start=1):
        assert f"{number}. {question.prompt}" in html
        assert question.model_answer[:50] not in html
    for item in lesson.quiz:
        assert item.explanation[:50] not in html


def test_markup_in_lesson_text_is_escaped(built_project):
    raw = (built_project.build_dir / "stress" / "handout.html").read_text("utf-8")
    assert "Mao &amp; Khrushchev &lt;b&gt;Split&lt;/b&gt;" in raw
    assert "<script>" not in raw


def test_index_lists_every_lesson_with_working_links_and_sizes(built_project):
    index = built_project.build_dir / "index.html"
    tree = parse(index)
    titles = [h2.text_content() for h2 in tree.iter("h2")]
    for lesson_id in ("mao-khrushchev", "stress", "pictures"):
        assert lesson_of(built_project, lesson_id).title in titles
    links = [anchor.get("href") for anchor in tree.iter("a")]
    assert len(links) >= 30
    for href in links:
        assert not urlparse(href).scheme, "links are relative so the page works from the file system"
        assert (index.parent / unquote(href)).is_file(), href
    assert "slides.pptx" in text_of(tree) and "KB)" in text_of(tree)


def test_lesson_plan_lists_every_activity_with_a_running_clock_and_fits_two_pages(built_project):
    lesson = lesson_of(built_project, "mao-khrushchev")
    with pdfplumber.open(built_project.build_dir / "mao-khrushchev" / "lesson-plan.pdf") as pdf:
        assert len(pdf.pages) <= 2
        text = " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)
    minutes = []
    starts = [sum(activity.minutes for activity in lesson.activities[:index])
              for index in range(len(lesson.activities))]
    for start, activity in zip(starts, lesson.activities):
        end = start + activity.minutes
        row = text.split(f"{start // 60}:{start % 60:02d}–{end // 60}:{end % 60:02d}", 1)[1][:300]
        assert all(word in row for word in activity.name.split()) and f"{activity.minutes} min" in row
        minutes.append(activity.minutes)
    assert sum(minutes) == lesson.duration_minutes
    assert f"Total: {lesson.duration_minutes} minutes" in text
    for name in ("slides.pptx", "handout.pdf", "worksheet.pdf", "answer-key.pdf", "exit-tickets.pdf"):
        assert name in text
    for heading in ("Compelling question", "Supporting questions", "Objectives", "Standards", "Materials",
                    "Procedure", "Checks for understanding", "Differentiation: support",
                    "Differentiation: extension", "Assessment", "Homework: worksheet Part 5", "Find it:"):
        assert heading in text


def test_the_lesson_plan_names_the_subject_once_in_its_header(built_project):
    with pdfplumber.open(built_project.build_dir / "mao-khrushchev" / "lesson-plan.pdf") as pdf:
        header = next(line for line in (pdf.pages[0].extract_text() or "").splitlines() if line.startswith("Grades"))
    assert header.count("World History") == 1


def test_the_lesson_plan_keeps_to_two_pages_with_its_text_at_11_points_or_more(built_project):
    with pdfplumber.open(built_project.build_dir / "mao-khrushchev" / "lesson-plan.pdf") as pdf:
        assert len(pdf.pages) <= 2
        sizes = [char["size"] for page in pdf.pages for char in page.chars if char["top"] < page.height - 90]
    assert min(sizes) >= 10.99


def test_each_row_of_the_lesson_plans_procedure_stays_on_one_page(built_project):
    """A page holds whole activities: each clock's row ends with its 'Find it:' line on the same page."""
    with pdfplumber.open(built_project.build_dir / "mao-khrushchev" / "lesson-plan.pdf") as pdf:
        for page in pdf.pages:
            text = page.extract_text() or ""
            clocks = re.findall(r"^\d:\d\d–\d:\d\d (?!Total)", text, re.M)
            assert len(clocks) == text.count("Find it:"), text


def test_words_in_another_script_carry_their_language(built_project):
    """WCAG 3.1.2: the Chinese terms and their pinyin are tagged, so screen readers switch voice."""
    tree = parse(built_project.build_dir / "mao-khrushchev" / "handout.html")
    lesson = lesson_of(built_project, "mao-khrushchev")
    tagged = {span.text: span.get("lang") for span in tree.iter("span") if span.get("lang")}
    for word in lesson.vocabulary:
        if word.native_script:
            assert tagged.get(word.native_script) == "zh", word.term
        if word.romanization:
            assert tagged.get(word.romanization) == "zh-Latn-pinyin", word.term
    assert any(word.native_script for word in lesson.vocabulary)


def test_script_languages_are_read_from_the_characters():
    from generators.text.languages import romanisation_language, script_language

    assert (script_language("修正主义"), romanisation_language("修正主义")) == ("zh", "zh-Latn-pinyin")
    assert script_language("ひらがなと漢字") == "ja"
    assert script_language("Leninism") is None and romanisation_language("") is None


def test_each_sources_questions_are_a_fieldset_named_after_it_with_its_headnote_and_the_comparison(built_project):
    tree = parse(built_project.build_dir / "mao-khrushchev" / "worksheet.html")
    view = LessonView(lesson_of_loaded(built_project))
    sources = [source for part in view.worksheet_parts for source in part.sources]
    legends = [legend.text_content() for legend in tree.iter("legend")]
    assert legends == [f"Your notes on {source.label}" for source in sources]
    for fieldset in tree.iter("fieldset"):
        assert len(fieldset.findall(".//textarea")) == 4
    text = text_of(tree)
    for source in sources:
        assert " ".join(source.quote.context.split()) in text
    assert "Compare " + " and ".join(source.label for source in sources) in text


def test_the_html_worksheet_names_the_words_each_question_needs(built_project):
    from generators.view.lesson_view import words_for

    tree = parse(built_project.build_dir / "mao-khrushchev" / "worksheet.html")
    view = LessonView(lesson_of_loaded(built_project))
    for part in view.worksheet_parts:
        for numbered in part.discussion:
            words = words_for(view, numbered.question)
            hint = tree.find(f".//p[@id='words-{numbered.number}']")
            if words:
                assert hint is not None and hint.text_content() == "Words you may use: " + " · ".join(words)
                area = tree.find(f".//textarea[@id='question-{numbered.number}']")
                assert f"words-{numbered.number}" in area.get("aria-describedby").split()
            else:
                assert hint is None


@pytest.mark.parametrize("version", ["A", "B"])
def test_each_quiz_version_has_an_html_edition_in_the_printed_order(built_project, version):
    from support.pdf_text import document, in_order

    view = LessonView(lesson_of_loaded(built_project))
    tree = parse(built_project.build_dir / "mao-khrushchev" / f"quiz-{version}.html")
    assert tree.get("lang") == "en" and tree.findtext(".//title").endswith(f"quiz, version {version}")
    legends = [" ".join(legend.text_content().split()) for legend in tree.iter("legend")]
    items = view.quiz_versions[version]
    assert legends == [f"{printed.number}. {' '.join(printed.item.prompt.split())}" for printed in items]
    printed_pdf = document(built_project, "mao-khrushchev", f"quiz-{version}.pdf")
    assert in_order(printed_pdf, [" ".join(printed.item.prompt.split())[:40] for printed in items])
    for fieldset, printed in zip(tree.iter("fieldset"), items):
        radios = fieldset.findall(".//input[@type='radio']")
        assert [radio.get("value") for radio in radios] == [label for label, _, _ in printed.options()]
        assert len({radio.get("name") for radio in radios}) == 1
        for radio in radios:  # every choice labelled
            assert tree.find(f".//label[@for='{radio.get('id')}']") is not None
    assert "Answer" not in text_of(tree) and "explanation" not in text_of(tree).lower()


def test_the_exit_ticket_and_the_lesson_plan_have_html_editions(built_project):
    view = LessonView(lesson_of_loaded(built_project))
    lesson = view.lesson
    ticket = parse(built_project.build_dir / "mao-khrushchev" / "exit-tickets.html")
    labels = [" ".join(label.text_content().split()) for label in ticket.iter("label")
              if (label.get("for") or "").startswith("ticket-")]
    assert labels == [f"{number}. {' '.join(q.prompt.split())}" for number, q in enumerate(lesson.exit_ticket, 1)]
    assert len(ticket.findall(".//textarea")) == len(lesson.exit_ticket)
    plan = parse(built_project.build_dir / "mao-khrushchev" / "lesson-plan.html")
    text = text_of(plan)
    assert plan.findtext(".//h1") == f"Lesson plan: {lesson.title}"
    rows = plan.findall(".//tbody/tr")
    assert len(rows) == len(view.steps)
    for row, step in zip(rows, view.steps):
        cells = " ".join(row.text_content().split())
        assert cells.startswith(f"{step.window.start // 60}:{step.window.start % 60:02d}–")
        assert step.activity.name in cells
    for objective in lesson.objectives:
        assert objective in text
    for question in lesson.exit_ticket:
        assert " ".join(question.look_for.split()) in text


def test_the_lesson_plan_is_a_teacher_copy_without_student_fields(built_project):
    plan = parse(built_project.build_dir / "mao-khrushchev" / "lesson-plan.html")
    assert plan.find(".//input") is None and "Teacher copy" in text_of(plan)
    quiz = parse(built_project.build_dir / "mao-khrushchev" / "quiz-A.html")
    assert quiz.find(".//input[@name='student-name']") is not None
