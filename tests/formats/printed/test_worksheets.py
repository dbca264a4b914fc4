"""The worksheets and answer key: numbering, answer room, matching and sequencing keys, sources, no answers shown."""

from __future__ import annotations

import html
import re

import pdfplumber
import pytest
from support.pdf_text import STUDENT_DOCUMENTS, body_pages_text, by_date, document, flat, in_order, loaded, pages_text

from generators.view.lesson_view import ANALYSIS_PROMPTS, LessonView, letter


def test_worksheet_questions_are_numbered_and_keep_their_answer_lines(built_project):
    lesson = loaded(built_project, "mao-khrushchev").lesson
    with pdfplumber.open(built_project.build_dir / "mao-khrushchev" / "worksheet.pdf") as pdf:
        for number, question in enumerate(lesson.discussion_questions, start=1):
            start = f"{number}. {question.prompt.split()[0]}"
            page = next(page for page in pdf.pages if start in (page.extract_text() or ""))
            prompt_bottom = page.search(re.escape(start))[0]["bottom"]
            rules = [line for line in page.lines if line["top"] > prompt_bottom and line["width"] > 400]
            assert rules, f"question {number} is separated from its lines"


@pytest.mark.parametrize("name", ["worksheet.pdf", "worksheet-support.pdf"])
def test_every_source_analysis_prompt_has_its_lines_below_it_in_its_cell_on_the_same_page(built_project, name):
    view = LessonView(loaded(built_project, "mao-khrushchev"))
    quotes = sum(len(part.sources) for part in view.worksheet_parts)
    assert quotes == 2  # the sources the sample's source-analysis activity analyses
    found = 0
    with pdfplumber.open(built_project.build_dir / "mao-khrushchev" / name) as pdf:
        for page in pdf.pages:
            ruled = [line for line in page.lines if line["width"] > 150 and line["top"] < page.height - 90]
            for _, prompt in ANALYSIS_PROMPTS:
                for match in page.search(re.escape(prompt.split(":")[0] + ":")):
                    found += 1
                    below = [line for line in ruled if 0 < line["top"] - match["bottom"] < 120
                             and line["x0"] <= match["x0"] + 5 and line["x1"] > match["x1"]]
                    assert below, f"page {page.page_number}: '{prompt}' is separated from its lines"
    assert found == quotes * len(ANALYSIS_PROMPTS)


@pytest.mark.parametrize("lesson_id", ["mao-khrushchev", "stress"])
@pytest.mark.parametrize("name", ["worksheet.pdf", "worksheet-support.pdf"])
def test_the_source_analysis_heading_is_on_the_page_of_its_first_source(built_project, lesson_id, name):
    view = LessonView(loaded(built_project, lesson_id))
    part = next(part for part in view.worksheet_parts if part.sources)
    pages = [flat(page) for page in pages_text(built_project.build_dir / lesson_id / name)]
    page = next(page for page in pages if "Analyze the sources" in page)
    source = part.sources[0]  # its card stays with the headings; its questions may follow on the next page
    assert in_order(page, ["Analyze the sources", source.label, flat(source.quote.context)[:40]])


@pytest.mark.parametrize("name", ["worksheet.pdf", "worksheet-support.pdf"])
def test_blanks_for_letters_and_numbers_are_never_broken_over_two_lines(built_project, name):
    view = LessonView(loaded(built_project, "mao-khrushchev"))
    runs = re.findall(r"_+", document(built_project, "mao-khrushchev", name))
    assert len(runs) == sum(len(part.vocabulary) + (len(view.timeline) if part.timeline else 0)
                            for part in view.worksheet_parts) == 5 + len(view.timeline)
    assert set(runs) == {"______"}


@pytest.mark.parametrize("lesson_id", ["mao-khrushchev", "flow"])
def test_matching_key_pairs_each_term_with_its_own_definition(built_project, lesson_id):
    view = LessonView(loaded(built_project, lesson_id))
    worksheet = document(built_project, lesson_id, "worksheet.pdf")
    key = document(built_project, lesson_id, "answer-key.pdf")
    part = next(part for part in view.worksheet_parts if part.vocabulary)
    assert part.matching_order != list(range(len(part.matching_order)))
    previewed = [name.casefold() for step in view.steps for name in step.activity.uses.vocabulary]
    assert [row.word.term.casefold() for row in part.vocabulary] == [
        word.term.casefold() for word in view.lesson.vocabulary if word.term.casefold() in previewed]
    for position, row in enumerate(part.vocabulary):
        shown_at = part.matching_order.index(position)
        assert f"{position + 1}. {row.word.term} = {letter(shown_at)}" in key
        assert f"{letter(shown_at)}. {flat(row.word.definition)}" in worksheet


def test_sequencing_key_gives_the_date_order_of_the_shuffled_events(built_project):
    lesson_id = "mao-khrushchev"
    lesson = loaded(built_project, lesson_id).lesson
    events = by_date(lesson.timeline)
    shown = LessonView(loaded(built_project, lesson_id)).sequencing_order
    worksheet = document(built_project, lesson_id, "worksheet.pdf")
    assert in_order(worksheet, [flat(events[index].label) for index in shown])
    key = document(built_project, lesson_id, "answer-key.pdf")
    assert "Numbers to write, top to bottom as printed: " + ", ".join(str(i + 1) for i in shown) in key


def test_a_source_analysis_box_for_every_source_an_activity_analyses(built_project):
    lesson = loaded(built_project, "mao-khrushchev").lesson
    text = document(built_project, "mao-khrushchev", "worksheet.pdf")
    analysed = [source for activity in lesson.activities for source in activity.uses.sources]
    assert text.count("Historical situation: what was going on") == len(analysed) == 2
    assert text.count("Point of view: whose outlook does it show?") == len(analysed)


def test_support_edition_has_words_per_question_starters_on_the_first_line_and_larger_text(built_project):
    view = LessonView(loaded(built_project, "mao-khrushchev"))
    support = document(built_project, "mao-khrushchev", "worksheet-support.pdf")
    assert "with supports" not in support and "Word bank" not in support  # nothing a class would single out
    for part in view.worksheet_parts:
        for numbered in part.discussion:
            question = numbered.question
            words = [word.term for word in view.lesson.vocabulary
                     if word.term.casefold() in f"{question.prompt} {question.sentence_starter} "
                                                f"{question.model_answer}".casefold()]
            expected = [f"{numbered.number}. {flat(question.prompt)}", flat(question.sentence_starter)]
            if words:
                expected.insert(1, "Words you may use: " + " · ".join(words))
            assert in_order(support, expected), numbered.number
    with pdfplumber.open(built_project.build_dir / "mao-khrushchev" / "worksheet-support.pdf") as pdf:
        body = [char["size"] for page in pdf.pages for char in page.chars
                if 60 < char["top"] < page.height - 80]
        assert min(body) >= 11.99  # the sources' words at the handout's 12 pt; what students write about, larger
        prompts = [char["size"] for page in pdf.pages for word in page.search(r"Words you may use")
                   for char in page.chars if abs(char["top"] - word["top"]) < 1]
        assert prompts and min(prompts) >= 12.99
        for page in pdf.pages:  # the edition's discreet mark, top right
            assert [char["text"] for char in page.chars if char["top"] < 60] == ["•"]


def test_answer_key_is_marked_teacher_copy_on_every_page_and_holds_the_answers(built_project):
    lesson = loaded(built_project, "mao-khrushchev").lesson
    pages = pages_text(built_project.build_dir / "mao-khrushchev" / "answer-key.pdf")
    assert all("Teacher copy" in page for page in pages)
    key = flat(" ".join(pages))
    for question in lesson.discussion_questions:
        assert flat(question.model_answer) in key
    for item in lesson.quiz:  # one truth for the quiz: quiz-key.pdf, with a column per printed version
        assert flat(item.explanation) not in key
    assert "grade them with quiz-key.pdf" in key


@pytest.mark.parametrize("lesson_id", ["mao-khrushchev", "stress", "pictures"])
def test_no_answer_appears_in_any_student_document(built_project, lesson_id):
    lesson = loaded(built_project, lesson_id).lesson
    answers = [question.model_answer for question in lesson.discussion_questions]
    answers += [item.explanation for item in lesson.quiz]
    answers += [ticket.look_for for ticket in lesson.exit_ticket if ticket.look_for]
    for section in lesson.sections:
        for quote in section.quotes:
            if quote.analysis:
                answers += [quote.analysis.purpose, quote.analysis.point_of_view]
    answers += ["Answer:", "Model answer", "Numbers to write"]
    for name in STUDENT_DOCUMENTS:
        text = document(built_project, lesson_id, name)
        for answer in answers:
            assert flat(answer)[:60] not in text, f"{name} shows an answer: {answer[:40]}"


@pytest.mark.parametrize("lesson_id", ["mao-khrushchev", "flow"])
def test_matching_adds_two_unused_meanings_and_never_prints_a_meaning_at_its_terms_own_letter(built_project,
                                                                                               lesson_id):
    view = LessonView(loaded(built_project, lesson_id))
    part = next(part for part in view.worksheet_parts if part.vocabulary)
    assert len(part.distractors) == min(2, len(view.vocabulary) - len(part.vocabulary))
    assert all(part.matching_order[place] != place for place in range(len(part.vocabulary)))
    worksheet = document(built_project, lesson_id, "worksheet.pdf")
    assert "Some meanings match no term." in worksheet
    for distractor in part.distractors:
        assert flat(distractor.word.definition) in worksheet


@pytest.mark.parametrize("name", ["worksheet.pdf", "handout.pdf"])
def test_students_read_each_sources_headnote_above_its_words(built_project, name):
    view = LessonView(loaded(built_project, "mao-khrushchev"))
    text = document(built_project, "mao-khrushchev", name)
    analysed = [source for part in view.worksheet_parts for source in part.sources]
    sources = analysed if name == "worksheet.pdf" else [source for source in view.sources if source not in analysed]
    assert sources
    for source in sources:
        assert in_order(text, [source.label, flat(source.quote.context)[:50], flat(source.quote.text)[:30]])


@pytest.mark.parametrize("name", ["handout.pdf", "worksheet.pdf", "worksheet-support.pdf", "exit-tickets.pdf",
                                  "quiz-A.pdf", "quiz-B.pdf"])
def test_no_internal_id_is_printed_for_students(built_project, name):
    assert "mao-khrushchev" not in document(built_project, "mao-khrushchev", name)


@pytest.mark.parametrize("lesson_id", ["mao-khrushchev", "flow", "stress"])
@pytest.mark.parametrize("name", ["worksheet.pdf", "worksheet-support.pdf", "answer-key.pdf"])
def test_no_part_heading_or_note_is_left_at_the_foot_of_a_page(built_project, lesson_id, name):
    for number, page in enumerate(body_pages_text(built_project.build_dir / lesson_id / name)[:-1], start=1):
        body = [line for line in page.splitlines() if line.strip()]
        assert body, f"page {number} is empty"
        assert not re.match(r"^(Part \d+\. |Activity \d+ of \d+ · |Analyze the sources$|Source analysis notes$|"
                            r"Source \d+: |Comparing )", body[-1]), \
            f"{name} page {number} ends with '{body[-1]}'"


# (the printed handout points to the worksheet for the sample's glossed sources, the two it analyzes)
@pytest.mark.parametrize("name", ["worksheet.pdf", "worksheet.html", "handout.html"])
def test_the_glosses_of_a_source_are_printed_with_it(built_project, name):
    view = LessonView(loaded(built_project, "mao-khrushchev"))
    path = built_project.build_dir / "mao-khrushchev" / name
    text = document(built_project, "mao-khrushchev", name) if name.endswith(".pdf") else \
        flat(html.unescape(re.sub(r"<[^>]+>", "", path.read_text("utf-8"))))
    glossed = [source for source in view.sources if source.quote.glosses]
    assert glossed
    for source in glossed:
        for gloss in source.quote.glosses:
            assert f"{gloss.word}: {gloss.meaning}" in text


def test_the_support_edition_prints_each_events_date_beside_it_and_the_core_edition_does_not(built_project):
    view = LessonView(loaded(built_project, "mao-khrushchev"))
    support = document(built_project, "mao-khrushchev", "worksheet-support.pdf")
    core = document(built_project, "mao-khrushchev", "worksheet.pdf")
    for entry in view.timeline:
        assert f"{entry.date} {flat(entry.event.label)[:30]}" in support
        assert f"{entry.date} {flat(entry.event.label)[:30]}" not in core
    assert "The dates will help you." in support and "The dates will help you." not in core


def test_the_answer_key_says_what_to_look_for_in_the_comparison_of_the_sources(built_project):
    view = LessonView(loaded(built_project, "mao-khrushchev"))
    part = next(part for part in view.worksheet_parts if len(part.sources) > 1)
    labels = " and ".join(source.label for source in part.sources)
    assert f"Compare {labels}:" in document(built_project, "mao-khrushchev", "worksheet.pdf")
    assert in_order(document(built_project, "mao-khrushchev", "answer-key.pdf"),
                    [f"Comparing {labels}", "Look for: one point on which they agree"])
