"""Lesson design warnings: what a careful colleague would point out in a valid lesson, each located at its line."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator
from functools import cache

from generators.model.lesson import Lesson, Materials, MultipleChoiceItem
from generators.model.loaded import LoadedLesson
from generators.model.problems import Problem
from generators.reading.yaml_source import YamlPath

CHOICE_LETTERS = "ABCDEF"
FEWEST_ITEMS_FOR_A_PATTERN = 4
SHARE_ON_ONE_POSITION = 0.6

READING_MEASURE = "Flesch–Kincaid grade"
FEWEST_WORDS_TO_GRADE = 30
"""Shorter texts give reading-level estimates too unsteady to act on."""
GRADES_BEYOND_BAND = 3

FEWEST_WORDS_TO_ANALYSE = 6
"""Below this a quotation is a phrase, not a passage one can weigh for audience, purpose and point of view."""

READING_WORDS_PER_MINUTE = 100
"""A careful pace for reading a section while taking notes."""
MINUTES_PER_MATERIAL = {"sources": 3, "discussion": 2, "checks": 1, "vocabulary": 0.5}
MINUTES_FOR_TIMELINE = 2
MINUTES_PER_EXIT_QUESTION = 1
MATERIAL_NAMES = {"sources": "source(s) analysed", "discussion": "discussion question(s)",
                  "checks": "check(s) for understanding", "vocabulary": "vocabulary term(s)"}


def lint_lesson(loaded: LoadedLesson) -> list[Problem]:
    """Return the design warnings of a valid lesson, in the order of the file."""
    found = [*answer_position_warnings(loaded), *year_only_date_warnings(loaded), *reading_level_warnings(loaded),
             *unassessed_objective_warnings(loaded), *short_source_warnings(loaded), *crowded_activity_warnings(loaded)]
    return sorted(problem.as_warning() for problem in found)


def answer_position_warnings(loaded: LoadedLesson) -> list[Problem]:
    """Warn when, among at least 4 multiple-choice items as written, 60% or more have the answer in one position,
    or the answer is the single longest choice in more than half: students learn the pattern, not the content."""
    items = [item for item in loaded.lesson.quiz if isinstance(item, MultipleChoiceItem)]
    if len(items) < FEWEST_ITEMS_FOR_A_PATTERN:
        return []
    warnings = []
    position, count = Counter(item.choices.index(item.answer) for item in items).most_common(1)[0]
    if count >= SHARE_ON_ONE_POSITION * len(items):
        warnings.append(loaded.problem(("quiz",), f"the answer is choice {CHOICE_LETTERS[position]} in {count} of "
                                       f"{len(items)} multiple-choice items as written; the exports spread the "
                                       "answers, but a key read here shows the pattern: move some answers"))
    longest = sum(1 for item in items if _is_single_longest(item.answer, item.choices))
    if longest > len(items) / 2:
        warnings.append(loaded.problem(("quiz",), f"the answer is the longest choice in {longest} of {len(items)} "
                                       "multiple-choice items; students learn to pick the longest: lengthen some "
                                       "wrong choices or trim some answers"))
    return warnings


def _is_single_longest(answer: str, choices: list[str]) -> bool:
    return all(len(choice) < len(answer) for choice in choices if choice != answer)


def year_only_date_warnings(loaded: LoadedLesson) -> list[Problem]:
    """Warn about a timeline event or quote dated by its year alone when the timeline dates another event of that
    year by its month: where it falls among them is unclear."""
    lesson = loaded.lesson
    years_with_months = {event.date[:4] for event in lesson.timeline if len(event.date) > 4}
    dates: list[tuple[YamlPath, str]] = [(("timeline", index, "date"), event.date)
                                         for index, event in enumerate(lesson.timeline)]
    dates += [(("sections", section_index, "quotes", index, "date"), quote.date)
              for section_index, section in enumerate(lesson.sections) for index, quote in enumerate(section.quotes)]
    return [loaded.problem(path, f"'{date}' gives only the year, but the timeline dates other events of {date} by "
                                 "month, so where this falls among them is unclear; add its month "
                                 f"({date}-MM) if it is known")
            for path, date in dates if len(date) == 4 and date in years_with_months]


def reading_level_warnings(loaded: LoadedLesson) -> list[Problem]:
    """Warn about student-facing text of 30 words or more whose Flesch–Kincaid grade is more than 3 grades above
    or below the lesson's grade band. Only for English lessons with a band such as '9-12', 'K-5' or '7'."""
    lesson = loaded.lesson
    band = grade_band_limits(lesson.grade_band)
    if band is None or not lesson.language.lower().startswith("en"):
        return []
    lowest, highest = band
    warnings = []
    for path, text in student_facing_texts(lesson):
        if len(_words(text)) < FEWEST_WORDS_TO_GRADE:
            continue
        grade = round(flesch_kincaid_grade(text), 1)  # compared as shown, so a 6.0 is never 'below 6'
        if grade > highest + GRADES_BEYOND_BAND:
            warnings.append(loaded.problem(path, f"the {READING_MEASURE} of this text is {grade:.1f}, far above the "
                                           f"lesson's grade band {lesson.grade_band}; shorter sentences and plainer "
                                           "words bring it down"))
        elif grade < lowest - GRADES_BEYOND_BAND:
            warnings.append(loaded.problem(path, f"the {READING_MEASURE} of this text is {grade:.1f}, far below the "
                                           f"lesson's grade band {lesson.grade_band}; it may talk down to students: "
                                           "join choppy sentences and use the subject's own words"))
    return warnings


def grade_band_limits(band: str) -> tuple[int, int] | None:
    """Return the lowest and highest grade of a band such as '9-12', 'K-5' or '7' (K is 0), or None if unreadable."""
    match = re.fullmatch(r"\s*(K|\d{1,2})\s*(?:[-–]\s*(K|\d{1,2}))?\s*", band, re.IGNORECASE)
    if match is None:
        return None
    grades = [0 if part.upper() == "K" else int(part) for part in match.groups() if part is not None]
    return min(grades), max(grades)


def student_facing_texts(lesson: Lesson) -> Iterator[tuple[YamlPath, str]]:
    """Yield the texts students read in the lesson's own words, in sentences: not the sources' words, not teacher
    notes, not key points (slide bullets, often fragments)."""
    yield ("compelling_question",), lesson.compelling_question
    for index, question in enumerate(lesson.supporting_questions):
        yield ("supporting_questions", index), question
    for index, word in enumerate(lesson.vocabulary):
        yield ("vocabulary", index, "definition"), word.definition
    for section_index, section in enumerate(lesson.sections):
        for index, paragraph in enumerate(section.summary):
            yield ("sections", section_index, "summary", index), paragraph
        for index, quote in enumerate(section.quotes):
            yield ("sections", section_index, "quotes", index, "context"), quote.context
    for index, question in enumerate(lesson.discussion_questions):
        yield ("discussion_questions", index, "prompt"), question.prompt
    for index, item in enumerate(lesson.quiz):
        yield ("quiz", index, "prompt"), item.prompt
        yield ("quiz", index, "explanation"), item.explanation
        for choice_index, choice in enumerate(getattr(item, "choices", [])):
            yield ("quiz", index, "choices", choice_index), choice
    for index, activity in enumerate(lesson.activities):
        if activity.prompt:
            yield ("activities", index, "prompt"), activity.prompt
    for index, question in enumerate(lesson.exit_ticket):
        yield ("exit_ticket", index, "prompt"), question.prompt


def flesch_kincaid_grade(text: str) -> float:
    """Return the Flesch–Kincaid grade level of English text: 0.39 × words per sentence + 11.8 × syllables per word
    − 15.59, with syllables counted by pyphen's hyphenation dictionary."""
    words = _words(text)
    sentences = max(1, len(re.findall(r"[.!?]+[\"'”’)\]]*(?=\s|$)", text)))
    syllables = sum(_syllables(word) for word in words)
    return 0.39 * len(words) / sentences + 11.8 * syllables / len(words) - 15.59


def _words(text: str) -> list[str]:
    return [word for word in text.split() if any(character.isalnum() for character in word)]


def _syllables(word: str) -> int:
    parts = [part for part in re.split(r"[^\w']+", word.lower()) if part]
    return sum(len(_hyphenator().positions(part)) + 1 for part in parts) or 1


@cache
def _hyphenator():
    import pyphen

    return pyphen.Pyphen(lang="en_US")


def unassessed_objective_warnings(loaded: LoadedLesson) -> list[Problem]:
    """Warn about each objective that no quiz item, exit-ticket question or discussion question names under its
    objectives:. Applies only once at least one of them names an objective, so that lessons written without the
    feature are not flooded with warnings."""
    lesson = loaded.lesson
    assessed = {number for item in [*lesson.quiz, *lesson.exit_ticket, *lesson.discussion_questions]
                for number in item.objectives}
    if not assessed:
        return []
    return [loaded.problem(("objectives", number - 1), f"nothing assesses objective {number}: no quiz item, "
                                                       "exit-ticket or discussion question names it under "
                                                       f"objectives:; add {number} to one that assesses it")
            for number in range(1, len(lesson.objectives) + 1) if number not in assessed]


def short_source_warnings(loaded: LoadedLesson) -> list[Problem]:
    """Warn about a quote of fewer than 6 words that an activity (or the homework) analyses as a source: too little
    to weigh its situation, audience, purpose and point of view."""
    quotes = {quote.id: quote for section in loaded.lesson.sections for quote in section.quotes}
    uses: list[tuple[YamlPath, Materials]] = [(("activities", index, "uses"), activity.uses)
                                              for index, activity in enumerate(loaded.lesson.activities)]
    uses.append((("homework",), loaded.lesson.homework))
    warnings = []
    for path, materials in uses:
        for index, quote_id in enumerate(materials.sources):
            count = len(_words(quotes[quote_id].text))
            if count < FEWEST_WORDS_TO_ANALYSE:
                warnings.append(loaded.problem(path + ("sources", index), f"the quote '{quote_id}' has {count} "
                                               "word(s), too few to analyse as a source; quote at least "
                                               f"{FEWEST_WORDS_TO_ANALYSE} words, or let students read it with its "
                                               "section"))
    return warnings


def crowded_activity_warnings(loaded: LoadedLesson) -> list[Problem]:
    """Warn about an activity whose minutes are fewer than its material needs, counting 3 minutes a source
    analysed, 2 a discussion question, 1 a check for understanding, half a minute a vocabulary term, a minute per
    100 words of a section's summary, 2 minutes for the timeline and 1 per exit-ticket question."""
    warnings = []
    for index, activity in enumerate(loaded.lesson.activities):
        needed, parts = material_minutes(loaded.lesson, activity.uses)
        if activity.minutes < needed:
            warnings.append(loaded.problem(("activities", index, "minutes"), f"{activity.minutes} minutes cannot fit "
                                           f"what the activity uses, which needs about {math.ceil(needed)} "
                                           f"({'; '.join(parts)}); give it more time or move some material to "
                                           "another activity"))
    return warnings


def material_minutes(lesson: Lesson, uses: Materials) -> tuple[float, list[str]]:
    """Return the minutes an activity's material needs and what they are made of, e.g. '7 discussion
    question(s) × 2'."""
    needed, parts = 0.0, []
    for kind, minutes in MINUTES_PER_MATERIAL.items():
        count = len(getattr(uses, kind))
        if count:
            needed += count * minutes
            parts.append(f"{count} {MATERIAL_NAMES[kind]} × {minutes:g}")
    words = sum(len(_words(paragraph)) for section in lesson.sections if section.id in uses.sections
                for paragraph in section.summary)
    if words:
        needed += words / READING_WORDS_PER_MINUTE
        parts.append(f"{words} words to read at {READING_WORDS_PER_MINUTE} a minute")
    if uses.timeline and lesson.timeline:
        needed += MINUTES_FOR_TIMELINE
        parts.append(f"the timeline {MINUTES_FOR_TIMELINE}")
    if uses.exit_ticket and lesson.exit_ticket:
        needed += len(lesson.exit_ticket) * MINUTES_PER_EXIT_QUESTION
        parts.append(f"{len(lesson.exit_ticket)} exit-ticket question(s) × {MINUTES_PER_EXIT_QUESTION}")
    return needed, parts
