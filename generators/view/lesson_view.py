"""The lesson view: numbered sources, answer letters, seeded shuffles, vocabulary rows, the ordered timeline and
the clock, each computed once per lesson so that every document shows the same."""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generators.model.lesson import (
    Activity,
    CourseSettings,
    DiscussionQuestion,
    Image,
    Lesson,
    MultipleChoiceItem,
    Quote,
    TimelineEvent,
    TrueFalseItem,
    VocabularyTerm,
    format_date,
)
from generators.model.loaded import LoadedLesson
from generators.model.problems import Problem
from generators.reading.yaml_source import SourceMap, YamlPath

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
QUIZ_VERSIONS = ("A", "B")
TRUE_FALSE_LABELS = (("T", "True"), ("F", "False"))
ANALYSIS_PROMPTS = [
    ("historical_situation", "Historical situation: what was going on when this was said?"),
    ("audience", "Intended audience: who was it meant for?"),
    ("purpose", "Purpose: what did the speaker want to achieve?"),
    ("point_of_view", "Point of view: whose outlook does it show?"),
]


NOT_SHOWN = frozenset({"id", "section", "sections_read", "file", "type", "language", "course"})
"""Fields whose text no document shows as text: ids, references, file names, settings."""


def letter(index: int) -> str:
    """Return the label of the index-th item (from 0): A … Z, then AA … ZZ, then AAA, and so on without end."""
    label = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        label = LETTERS[remainder] + label
    return label


def answer_lines(question: DiscussionQuestion) -> int:
    """Return the ruled lines a question gets: the lesson's count, or one per ten words of the model answer."""
    if question.answer_lines:
        return question.answer_lines
    return max(3, min(12, math.ceil(len(question.model_answer.split()) / 10) + 1))


@dataclass(frozen=True)
class NumberedSource:
    """A primary source (a quotation) with the number every document gives it: Source 1, Source 2 …"""

    number: int
    quote: Quote
    path: YamlPath
    """Where the quotation is in the lesson file."""

    @property
    def label(self) -> str:
        return f"Source {self.number}"


@dataclass(frozen=True)
class VocabularyRow:
    """One vocabulary term with its original script and romanisation joined as the documents show them."""

    index: int
    word: VocabularyTerm
    original: str
    """The native script and romanisation, e.g. '修正主义 xiūzhèng zhǔyì'; empty when the lesson gives neither."""


@dataclass(frozen=True)
class OrderedEvent:
    """A timeline event in date order, with its place in the lesson file."""

    lesson_index: int
    event: TimelineEvent

    @property
    def date(self) -> str:
        """The date as students read it, e.g. 'February 1956'."""
        return format_date(self.event.date)


@dataclass(frozen=True)
class TimeWindow:
    """One activity of the lesson with the minutes from the start of class at which it starts and ends."""

    index: int
    start: int
    end: int
    activity: Activity


@dataclass(frozen=True)
class QuizItemView:
    """A quiz item as authored: its answers in the lesson's order with their labels, and the right one."""

    index: int
    item: MultipleChoiceItem | TrueFalseItem

    @property
    def answers(self) -> list[str]:
        """The answers offered, in the lesson's order (True and False for a true/false item)."""
        if isinstance(self.item, MultipleChoiceItem):
            return list(self.item.choices)
        return [text for _, text in TRUE_FALSE_LABELS]

    @property
    def correct(self) -> int:
        """Index of the right answer in answers."""
        if isinstance(self.item, MultipleChoiceItem):
            return self.item.choices.index(self.item.answer)
        return 0 if self.item.answer else 1

    @property
    def labels(self) -> list[str]:
        """The label of each answer: A, B, C … for multiple choice; T and F for true/false."""
        if isinstance(self.item, MultipleChoiceItem):
            return [letter(position) for position in range(len(self.item.choices))]
        return [label for label, _ in TRUE_FALSE_LABELS]

    @property
    def answer(self) -> str:
        """The right answer as a key shows it: 'B. text' for multiple choice, 'True' or 'False' otherwise."""
        if isinstance(self.item, MultipleChoiceItem):
            return f"{self.labels[self.correct]}. {self.item.answer}"
        return self.answers[self.correct]


@dataclass(frozen=True)
class PrintedItem:
    """One quiz item as a version prints it: its number there, its place in the lesson and its choices' order."""

    number: int
    lesson_index: int
    item: MultipleChoiceItem | TrueFalseItem
    choice_order: tuple[int, ...]
    """Indexes into the item's choices, in printed order; empty for a true/false item."""

    def options(self) -> list[tuple[str, str, YamlPath]]:
        """Return (bubble label, answer text, place in the lesson file) for each answer, in printed order."""
        path: YamlPath = ("quiz", self.lesson_index)
        if isinstance(self.item, TrueFalseItem):
            return [(label, text, path + ("answer",)) for label, text in TRUE_FALSE_LABELS]
        return [(letter(position), self.item.choices[index], path + ("choices", index))
                for position, index in enumerate(self.choice_order)]

    @property
    def correct_label(self) -> str:
        """Return the label of the bubble to fill in: a letter, or T or F."""
        if isinstance(self.item, TrueFalseItem):
            return "T" if self.item.answer else "F"
        return letter(self.choice_order.index(self.item.choices.index(self.item.answer)))


def _texts_with_paths(value: object, path: YamlPath) -> Iterator[tuple[YamlPath, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in NOT_SHOWN:
                yield from _texts_with_paths(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts_with_paths(item, path + (index,))


def _seeded_order(count: int, seed: str) -> list[int]:
    order = list(range(count))
    random.Random(seed).shuffle(order)
    return order


def quiz_versions(lesson: Lesson, lesson_id: str) -> dict[str, list[PrintedItem]]:
    """Return each version's items in printed order: items and choices shuffled, the same every build.

    The shuffles are seeded by the lesson id and the version; when two versions come out in the same item order,
    the later one is rotated by one so that neighbours never see the same question at the same number.
    """
    versions: dict[str, list[PrintedItem]] = {}
    orders: list[list[int]] = []
    for version in QUIZ_VERSIONS:
        shuffler = random.Random(f"{lesson_id}:quiz-{version}")
        order = list(range(len(lesson.quiz)))
        shuffler.shuffle(order)
        if order in orders:
            order = order[1:] + order[:1]
        orders.append(order)
        versions[version] = [PrintedItem(number, index, lesson.quiz[index], _choice_order(lesson.quiz[index], shuffler))
                             for number, index in enumerate(order, start=1)]
    return versions


def _choice_order(item: MultipleChoiceItem | TrueFalseItem, shuffler: random.Random) -> tuple[int, ...]:
    if isinstance(item, TrueFalseItem):
        return ()
    order = list(range(len(item.choices)))
    shuffler.shuffle(order)
    return tuple(order)


def _image_sizes(lesson: Lesson, project_root: Path) -> dict[str, tuple[int, int]]:
    images = [image for section in lesson.sections for image in section.images]
    if not images:
        return {}
    from PIL import Image as Pillow  # only for lessons with pictures

    sizes = {}
    for image in images:
        with Pillow.open(project_root / image.file) as picture:
            sizes[image.file] = picture.size
    return sizes


class LessonView:
    """A loaded lesson and every fact more than one document shows, computed once, before any format runs.

    Formats read the lesson through a view: what two documents both show (a source's number, an answer's
    letter, a shuffled order, an activity's minutes) comes from here, so the documents cannot disagree.
    """

    def __init__(self, loaded: LoadedLesson) -> None:
        self.loaded = loaded
        lesson = loaded.lesson
        self.sources = [NumberedSource(number, quote, path) for number, (path, quote) in enumerate(
            ((("sections", s_index, "quotes", q_index), quote) for s_index, section in enumerate(lesson.sections)
             for q_index, quote in enumerate(section.quotes)), start=1)]
        """Every quotation of the lesson, numbered in reading order."""
        self.has_original_script = any(word.native_script or word.romanization for word in lesson.vocabulary)
        """Whether any term gives its original script or romanisation (the documents then add a column)."""
        self.vocabulary = [VocabularyRow(index, word, " ".join(part for part in (word.native_script,
                                                                                  word.romanization) if part))
                           for index, word in enumerate(lesson.vocabulary)]
        self.timeline = [OrderedEvent(index, event) for index, event in
                         sorted(enumerate(lesson.timeline), key=lambda pair: pair[1].date)]
        """The timeline in date order (events of the same date keep their order)."""
        self.schedule = []
        """Each activity with its start and end minute from the start of class."""
        clock = 0
        for index, activity in enumerate(lesson.activities):
            self.schedule.append(TimeWindow(index, clock, clock + activity.minutes, activity))
            clock += activity.minutes
        self.quiz = [QuizItemView(index, item) for index, item in enumerate(lesson.quiz)]
        """The quiz items as authored, with their answer labels."""
        self.quiz_versions = quiz_versions(lesson, loaded.id)
        """The printed versions' items, in printed order, by version letter."""
        self.matching_order = _seeded_order(len(lesson.vocabulary), f"{loaded.id}:matching")
        """Vocabulary indexes in the order the matching exercise prints their definitions."""
        self.sequencing_order = _seeded_order(len(lesson.timeline), f"{loaded.id}:sequencing")
        """Indexes into timeline (date order) in the shuffled order the sequencing exercise prints them."""
        self.image_sizes = _image_sizes(lesson, loaded.project_root)
        """Each picture's size in pixels, by file."""

    @property
    def id(self) -> str:
        return self.loaded.id

    @property
    def path(self) -> Path:
        return self.loaded.path

    @property
    def lesson(self) -> Lesson:
        return self.loaded.lesson

    @property
    def course(self) -> CourseSettings:
        return self.loaded.course

    @property
    def source_map(self) -> SourceMap:
        return self.loaded.source_map

    @property
    def project_root(self) -> Path:
        return self.loaded.project_root

    def problem(self, path: YamlPath, message: str) -> Problem:
        """Return a Problem located at a field of the lesson file."""
        return self.loaded.problem(path, message)

    def course_problem(self, setting: str, message: str) -> Problem:
        """Return a Problem with a course setting, located where the setting is made (see LoadedLesson)."""
        return self.loaded.course_problem(setting, message)

    def texts(self) -> Iterator[tuple[YamlPath, str]]:
        """Yield every piece of text the documents may show, with its place in the lesson file."""
        yield from _texts_with_paths(self.lesson.model_dump(exclude_none=True), ())

    def matching_letter(self, index: int) -> str:
        """Return the letter of the definition that matches the index-th term in the matching exercise."""
        return letter(self.matching_order.index(index))

    def image_file(self, image: Image) -> Path:
        """Return the picture's file on disk."""
        return self.loaded.project_root / image.file
