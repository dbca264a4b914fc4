"""One lesson flow across the package: the deck's notes, the lesson plan, the overview, the worksheet and the keys
tell the same story on the same clock, for the sample and for a lesson with another agenda (flow.yaml)."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from pptx import Presentation
from support.gift_reader import read_gift
from support.pdf_text import document, flat, loaded

LESSONS = ["mao-khrushchev", "flow"]
TIMED = re.compile(r"^(?P<name>.+) · (?:whole class|individual|pairs|small groups) · "
                   r"(?:minutes (?P<start>\d+)–(?P<end>\d+)|minute (?P<at>\d+))$")


def slides(project, lesson_id):
    """Return (title, first line of the notes, the rest of the notes, the slide) for every slide."""
    deck = Presentation(project.build_dir / lesson_id / "slides.pptx")
    found = []
    for slide in deck.slides:
        first, _, rest = slide.notes_slide.notes_text_frame.text.partition("\n")
        found.append((slide.shapes.title.text_frame.text, first, rest, slide))
    return found


def windows(project, lesson_id):
    """Return (slide number, activity name, start, end) of every slide shown on the clock."""
    timed = []
    for number, (_, first, _, _) in enumerate(slides(project, lesson_id), start=1):
        match = TIMED.match(first)
        if match:
            start = int(match["start"] or match["at"])
            timed.append((number, match["name"], start, int(match["end"] or match["at"])))
    return timed


def numbers(text: str) -> list[int]:
    """Return the numbers of '5–7, 9' as [5, 6, 7, 9]."""
    found = []
    for part in text.split(","):
        first, _, last = part.strip().partition("–")
        found += list(range(int(first), int(last or first) + 1))
    return found


def plan_references(project, lesson_id) -> dict[str, dict[str, object]]:
    """Return, per activity, what the lesson plan cites: its slides, worksheet part and what it uses."""
    text = document(project, lesson_id, "lesson-plan.pdf")
    lesson = loaded(project, lesson_id).lesson
    rows, clock = {}, 0
    for activity in lesson.activities:
        start, clock = clock, clock + activity.minutes
        row = text.split(f"{start // 60}:{start % 60:02d}–{clock // 60}:{clock % 60:02d}", 1)[1]
        row = row.split("Find it:", 1)[0] + "Find it:" + row.split("Find it:", 1)[1].split("Teacher copy")[0]
        found = re.search(r"Find it: Slides? ([\d–, ]+?)(?: ·|\s+\d:\d\d|$| [A-Z])", row)
        part = re.search(r"Worksheet Part (\d+)", row.split("Find it:", 1)[1][:80])
        rows[activity.name] = {"slides": numbers(found.group(1)) if found else [],
                               "part": int(part.group(1)) if part else None, "text": row}
    return rows


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_the_notes_windows_run_without_gaps_from_minute_zero_to_the_end_of_the_lesson(built_project, lesson_id):
    lesson = loaded(built_project, lesson_id).lesson
    timed = windows(built_project, lesson_id)
    assert timed[0][2] == 0 and timed[-1][3] == lesson.duration_minutes
    assert all(earlier[3] == later[2] for earlier, later in zip(timed, timed[1:]))
    assert [number for number, *_ in timed] == list(range(timed[0][0], timed[-1][0] + 1))  # no untimed slide between
    spent = Counter()
    for _, name, start, end in timed:
        spent[name] += end - start
    assert list(dict.fromkeys(name for _, name, _, _ in timed)) == [activity.name for activity in lesson.activities]
    assert spent == Counter({activity.name: activity.minutes for activity in lesson.activities})


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_every_slide_outside_the_clock_says_so_and_no_two_slides_share_their_notes(built_project, lesson_id):
    found = slides(built_project, lesson_id)
    untimed = [first for _, first, _, _ in found if not TIMED.match(first)]
    duration = loaded(built_project, lesson_id).lesson.duration_minutes
    assert set(untimed) <= {"Opening · whole class · before minute 0", "Appendix · not timed · show only if needed",
                            f"Closing · whole class · after minute {duration}"}
    notes = [rest for _, _, rest, _ in found]
    assert len(set(notes)) == len(notes)


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_every_slide_the_plan_cites_is_one_whose_notes_name_that_activity(built_project, lesson_id):
    timed = windows(built_project, lesson_id)
    for name, cited in plan_references(built_project, lesson_id).items():
        assert cited["slides"] == [number for number, activity, _, _ in timed if activity == name], name
    overview = (built_project.build_dir / lesson_id / "overview.md").read_text("utf-8")
    for name, cited in plan_references(built_project, lesson_id).items():
        row = next(line for line in overview.splitlines() if line.startswith("| ") and f"| {name} (" in line)
        assert re.sub(r"\\", "", row).split(" | ")[-1].rstrip(" |").startswith(
            f"Slide{'s' if len(cited['slides']) > 1 else ''} "), row


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_the_plans_counts_equal_what_the_deck_and_the_worksheet_carry(built_project, lesson_id):
    lesson = loaded(built_project, lesson_id).lesson
    deck = slides(built_project, lesson_id)
    worksheet = document(built_project, lesson_id, "worksheet.pdf")
    cited = plan_references(built_project, lesson_id)
    for number, activity in enumerate(lesson.activities, start=1):
        uses, row = activity.uses, flat(cited[activity.name]["text"])
        shown = [deck[slide - 1] for slide in cited[activity.name]["slides"]]
        part_text = ""
        if cited[activity.name]["part"]:
            part = cited[activity.name]["part"]
            part_text = worksheet.split(f"Part {part}. {activity.name}", 1)[1].split(f"Part {part + 1}. ", 1)[0]
            assert f"Activity {number} of {len(lesson.activities)}" in part_text[:80]
        if uses.vocabulary:
            assert f"Vocabulary ({len(uses.vocabulary)})" in row
            rows = sum(len([shape for shape in slide.shapes if shape.name.startswith("Vocabulary card")])
                       for title, _, _, slide in shown if title.startswith("Vocabulary"))
            assert rows == len(uses.vocabulary) == len(re.findall(r"______ \d+\. ", part_text))
        if uses.sources:
            assert f"Source analysis ({len(uses.sources)})" in row
            assert len([title for title, *_ in shown if title.startswith("Source ")]) == len(uses.sources)
            assert part_text.count("Historical situation: what was going on") == len(uses.sources)
        if uses.discussion:
            count = len(uses.discussion)
            assert f"Discussion ({count} question{'s' if count > 1 else ''})" in row
            assert len([title for title, *_ in shown if title.startswith("Discuss")]) == count
            prompts = [flat(question.prompt) for question in lesson.discussion_questions
                       if question.id in uses.discussion]
            assert all(prompt in part_text for prompt in prompts)
        if uses.checks:
            assert f"Checks for understanding ({len(uses.checks)})" in row
            assert len([title for title, *_ in shown if title.startswith("Check for")]) == len(uses.checks)


def key_letters(project, lesson_id) -> dict[int, tuple[str, ...]]:
    text = "\n".join(document(project, lesson_id, "quiz-key.pdf").split("Question Version A Version B", 1)[1:])
    return {int(number): (a, b) for number, a, b in re.findall(r"(?:^|\s)(\d+) ([A-Z]) ([A-Z])(?=\s)", text)}


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_the_overviews_answer_letters_are_those_of_the_quiz_key_for_each_version(built_project, lesson_id):
    key = key_letters(built_project, lesson_id)
    overview = (built_project.build_dir / lesson_id / "overview.md").read_text("utf-8")
    places = re.findall(r"Version ([AB]): question (\d+), ([A-Z])", overview)
    assert len(places) == 2 * len(loaded(built_project, lesson_id).lesson.quiz)
    for version, number, label in places:
        assert key[int(number)]["AB".index(version)] == label


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_no_answer_position_holds_more_than_half_of_the_multiple_choice_items_in_any_output(built_project, lesson_id):
    lesson = loaded(built_project, lesson_id).lesson
    choice_items = {item.prompt for item in lesson.quiz if item.type == "multiple_choice"}
    assert len(choice_items) >= 4

    def spread(positions: list[object]) -> None:
        assert positions and max(Counter(positions).values()) <= len(positions) / 2, positions

    key = key_letters(built_project, lesson_id)
    for column in range(2):
        spread([letters[column] for letters in key.values() if letters[column] not in "TF"])
    gift = read_gift((built_project.build_dir / lesson_id / "exports" / "moodle.gift").read_text("utf-8"))
    spread([next(index for index, answer in enumerate(question.answers) if answer.correct)
            for question in gift if question.text in choice_items])
    if lesson_id == "flow":  # its checks are the deck's multiple-choice items
        letters = [re.search(r"Answer: ([A-F])\. ", rest).group(1) for title, _, rest, _ in slides(built_project,
                                                                                                  lesson_id)
                   if title.startswith("Check for") and "Answer: True" not in rest and "Answer: False" not in rest]
        spread(letters)
