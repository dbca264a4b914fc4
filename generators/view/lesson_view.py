"""The lesson view: numbered sources, answer letters, seeded shuffles, vocabulary rows, the ordered timeline and
the clock, each computed once per lesson so that every document shows the same."""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generators.model.lesson import (
    Activity,
    CourseSettings,
    DiscussionQuestion,
    Image,
    Lesson,
    Materials,
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
    ("historical_situation", "Historical situation: what was going on?"),
    ("audience", "Intended audience: who was it meant for?"),
    ("purpose", "Purpose: what did the speaker want?"),
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


def words_for(view: LessonView, question: DiscussionQuestion) -> list[str]:
    """Return the vocabulary terms a question's answer needs: those its prompt, starter or model answer uses."""
    said = " ".join((question.prompt, question.sentence_starter, question.model_answer)).casefold()
    return [row.word.term for row in view.vocabulary if row.word.term.casefold() in said]


def answer_lines(question: DiscussionQuestion) -> int:
    """Return the ruled lines a question gets: the lesson's count, or one per twenty words of the model answer
    (students write shorter answers than the model), from three to four."""
    if question.answer_lines:
        return question.answer_lines
    return max(3, min(4, math.ceil(len(question.model_answer.split()) / 20) + 1))


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
    """A quiz item as the class sees it (slides, Canvas, Kahoot, Moodle): answers in their presented order, in
    which the right answers of the lesson's items are spread over the positions rather than piled on one."""

    index: int
    item: MultipleChoiceItem | TrueFalseItem
    order: tuple[int, ...]
    """Indexes into the item's choices in presented order; (0, 1) for True, False."""

    @property
    def answers(self) -> list[str]:
        """The answers offered, in presented order (True and False for a true/false item)."""
        if isinstance(self.item, MultipleChoiceItem):
            return [self.item.choices[index] for index in self.order]
        return [text for _, text in TRUE_FALSE_LABELS]

    @property
    def correct(self) -> int:
        """Index of the right answer in answers."""
        if isinstance(self.item, MultipleChoiceItem):
            return self.order.index(self.item.choices.index(self.item.answer))
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


@dataclass(frozen=True)
class NumberedQuestion:
    """A discussion question with the number the worksheet and the key give it."""

    number: int
    index: int
    question: DiscussionQuestion


@dataclass(frozen=True)
class UsedMaterials:
    """What an activity (or the homework) uses, resolved from names to the lesson's materials, in lesson order."""

    vocabulary: list[VocabularyRow]
    sections: list[int]
    """Indexes of the sections."""
    timeline: bool
    sources: list[NumberedSource]
    discussion: list[DiscussionQuestion]
    checks: list[QuizItemView]
    exit_ticket: bool

    def is_empty(self) -> bool:
        return not any((self.vocabulary, self.sections, self.timeline, self.sources, self.discussion, self.checks,
                        self.exit_ticket))

    def described(self, lesson: Lesson) -> list[str]:
        """Return what it uses as the lesson plan lists it, one line per kind."""
        lines = []
        if self.vocabulary:
            lines.append(f"Vocabulary ({len(self.vocabulary)}): " + ", ".join(row.word.term for row in self.vocabulary))
        if len(self.sections) == len(lesson.sections) > 1:
            lines.append(f"Reading: all {len(self.sections)} sections of the handout")
        elif self.sections:
            lines.append("Reading: " + "; ".join(lesson.sections[index].heading for index in self.sections))
        if self.timeline:
            lines.append(f"Timeline ({len(lesson.timeline)} event{'s' if len(lesson.timeline) > 1 else ''})")
        if self.sources:
            lines.append(f"Source analysis ({len(self.sources)}): "
                         + "; ".join(f"{source.label}, {source.quote.speaker}" for source in self.sources))
        if self.discussion:
            lines.append(f"Discussion ({len(self.discussion)} question{'s' if len(self.discussion) > 1 else ''})")
        if self.checks:
            lines.append(f"Checks for understanding ({len(self.checks)}), answers in the speaker notes")
        if self.exit_ticket:
            count = len(lesson.exit_ticket)
            lines.append(f"Exit ticket ({count} question{'s' if count > 1 else ''})")
        return lines

    @property
    def has_worksheet_work(self) -> bool:
        """Whether it brings an exercise to the worksheet: matching, sequencing, source analysis or questions."""
        return bool(self.vocabulary or self.timeline or self.sources or self.discussion)


@dataclass(frozen=True)
class WorksheetPart:
    """One part of the worksheet: the exercises of one activity (or the homework, or questions left over)."""

    number: int
    title: str
    activity: int | None
    """Index of the activity it belongs to; None for the homework and the questions no activity uses."""
    vocabulary: list[VocabularyRow]
    timeline: bool
    sources: list[NumberedSource]
    discussion: list[NumberedQuestion]
    matching_order: list[int]
    """Indexes into meanings in the order the matching exercise prints them (shuffled, seeded, no meaning
    beside the letter of its own term's place)."""
    note: str
    """The line under its heading: the activity it belongs to and when, or when to do it."""
    distractors: list[VocabularyRow] = field(default_factory=list)
    """Up to two terms no activity teaches, whose meanings the matching exercise adds as wrong answers."""

    @property
    def heading(self) -> str:
        return f"Part {self.number}. {self.title}"

    def matching_letter(self, index: int) -> str:
        """Return the letter of the meaning that matches the index-th term of the part's matching exercise."""
        return letter(self.matching_order.index(index))

    @property
    def meanings(self) -> list[VocabularyRow]:
        """The rows whose meanings the matching exercise prints: its terms', then the distractors'."""
        return self.vocabulary + self.distractors


@dataclass(frozen=True)
class Step:
    """An activity in the lesson's flow: its place on the clock, what it uses and its worksheet part."""

    window: TimeWindow
    uses: UsedMaterials
    worksheet_part: WorksheetPart | None

    @property
    def activity(self) -> Activity:
        return self.window.activity

    @property
    def index(self) -> int:
        return self.window.index


def share_minutes(start: int, end: int, weights: list[float]) -> list[tuple[int, int]]:
    """Return the windows (from, to) in whole minutes that share start..end among slides in proportion to their
    weights: contiguous, in order, the first starting at start and the last ending at end."""
    total = sum(weights) or 1.0
    bounds, running = [start], 0.0
    for weight in weights:
        running += weight
        bounds.append(start + round((end - start) * running / total))
    bounds[-1] = end
    return list(zip(bounds, bounds[1:]))


def format_window(start: int, end: int) -> str:
    """Return a window as notes and plans say it: 'minutes 25–35', or 'minute 25' when it has no length."""
    return f"minutes {start}–{end}" if end > start else f"minute {start}"


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


def _shuffled_apart(terms: int, extra: int, seed: str) -> list[int]:
    """Return the order of terms + extra meanings, shuffled (seeded) so that no term's meaning is printed at its
    own place: a student who writes A, B, C … down the list gets none right by the list's order."""
    shuffler = random.Random(seed)
    order = list(range(terms + extra))
    for _ in range(1000):
        shuffler.shuffle(order)
        if terms < 2 or all(order[place] != place for place in range(terms)):
            break
    return order


def _seeded_order(count: int, seed: str) -> list[int]:
    order = list(range(count))
    random.Random(seed).shuffle(order)
    return order


def quiz_versions(lesson: Lesson, lesson_id: str) -> dict[str, list[PrintedItem]]:
    """Return each version's items in printed order: items and choices shuffled, the same every build.

    The shuffles are seeded by the lesson id and the version; when two versions come out in the same item order,
    the later one is rotated by one so that neighbours never see the same question at the same number. The
    right answers are spread over the positions (see spread_choices).
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
        choice_orders = spread_choices([lesson.quiz[index] for index in order], shuffler, shuffle_others=True)
        versions[version] = [PrintedItem(number, index, lesson.quiz[index], choice_order)
                             for number, (index, choice_order) in enumerate(zip(order, choice_orders), start=1)]
    return versions


def spread_choices(items: list[MultipleChoiceItem | TrueFalseItem], chooser: random.Random, *,
                   shuffle_others: bool) -> list[tuple[int, ...]]:
    """Return each item's choice order with the right answers spread over the positions.

    Each multiple-choice item's right answer goes to the position used least so far (ties drawn by the seeded
    chooser), so no letter holds the answer much more often than another; the other choices keep the lesson's
    order, or are shuffled. A true/false item's order is empty.
    """
    used: dict[int, int] = {}
    orders: list[tuple[int, ...]] = []
    for item in items:
        if isinstance(item, TrueFalseItem):
            orders.append(())
            continue
        count = len(item.choices)
        fewest = min(used.get(position, 0) for position in range(count))
        position = chooser.choice([place for place in range(count) if used.get(place, 0) == fewest])
        used[position] = used.get(position, 0) + 1
        right = item.choices.index(item.answer)
        others = [index for index in range(count) if index != right]
        if shuffle_others:
            chooser.shuffle(others)
        orders.append(tuple(others[:position] + [right] + others[position:]))
    return orders


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
        presented = spread_choices(lesson.quiz, random.Random(f"{loaded.id}:presented"), shuffle_others=False)
        self.quiz = [QuizItemView(index, item, order or (0, 1)) for index, (item, order)
                     in enumerate(zip(lesson.quiz, presented))]
        """The quiz items as the class sees them, right answers spread over the positions."""
        self.quiz_versions = quiz_versions(lesson, loaded.id)
        """The printed versions' items, in printed order, by version letter."""
        self.sequencing_order = _seeded_order(len(lesson.timeline), f"{loaded.id}:sequencing")
        """Indexes into timeline (date order) in the shuffled order the sequencing exercise prints them."""
        self.image_sizes = _image_sizes(lesson, loaded.project_root)
        """Each picture's size in pixels, by file."""
        self.layout: dict[str, object] = {}
        """Facts only a laid-out document knows (the handout's pages, the deck's slides), kept by the format that
        lays it out, once per process, for the documents that refer to them."""
        self.steps: list[Step] = []
        """The activities in order, each with its window, what it uses and its worksheet part."""
        self.homework = self._resolve(lesson.homework)
        """What students do after class."""
        self.worksheet_parts: list[WorksheetPart] = []
        """The worksheet's parts in order: the activities' exercises, then homework, then questions left over."""
        self.handout_timeline: list[OrderedEvent] = []
        """The timeline the handout prints: none when the worksheet asks students to put its events in order (the
        handout would answer it)."""
        self.analysed_in: dict[str, int] = {}
        """The worksheet part that prints each analysed source in full, by quote id: the printed handout points
        there rather than printing it twice."""
        self._plan_flow()

    def _resolve(self, materials: Materials) -> UsedMaterials:
        lesson = self.lesson
        terms = {name.casefold() for name in materials.vocabulary}
        sections = set(materials.sections)
        sources, questions, checks = set(materials.sources), set(materials.discussion), set(materials.checks)
        return UsedMaterials(
            vocabulary=[row for row in self.vocabulary if row.word.term.casefold() in terms],
            sections=[index for index, section in enumerate(lesson.sections) if section.id in sections],
            timeline=materials.timeline and bool(lesson.timeline),
            sources=[source for source in self.sources if source.quote.id in sources],
            discussion=[question for question in lesson.discussion_questions if question.id in questions],
            checks=[item for item in self.quiz if item.item.id in checks],
            exit_ticket=materials.exit_ticket and bool(lesson.exit_ticket),
        )

    def _plan_flow(self) -> None:
        numbers: dict[str, int] = {}
        parts: list[WorksheetPart] = []

        def add_part(title: str, activity: int | None, uses: UsedMaterials) -> WorksheetPart | None:
            fresh = [question for question in uses.discussion if question.id not in numbers]
            if not (uses.vocabulary or uses.timeline or uses.sources or fresh):
                return None
            for question in fresh:
                numbers[question.id] = len(numbers) + 1
            indexes = {question.id: index for index, question in enumerate(self.lesson.discussion_questions)}
            number = len(parts) + 1
            distractors = self._distractors(uses.vocabulary, f"{self.id}:distractors:{number}")
            part = WorksheetPart(number, title, activity, uses.vocabulary, uses.timeline, uses.sources,
                                 [NumberedQuestion(numbers[q.id], indexes[q.id], q) for q in fresh],
                                 _shuffled_apart(len(uses.vocabulary), len(distractors),
                                                 f"{self.id}:matching:{number}"),
                                 self._part_note(activity, title), distractors)
            parts.append(part)
            return part

        for window in self.schedule:
            uses = self._resolve(window.activity.uses)
            self.steps.append(Step(window, uses, add_part(window.activity.name, window.index, uses)))
        add_part("Homework", None, self.homework)
        left = [question for question in self.lesson.discussion_questions if question.id not in numbers]
        add_part("More questions", None, UsedMaterials([], [], False, [], left, [], False))
        self.worksheet_parts = parts
        self.handout_timeline = [] if any(part.timeline for part in parts) else self.timeline
        self.analysed_in = {source.quote.id: part.number for part in parts for source in part.sources}

    def _distractors(self, terms: list[VocabularyRow], seed: str) -> list[VocabularyRow]:
        if not terms:
            return []
        taught = {name.casefold() for activity in self.lesson.activities for name in activity.uses.vocabulary}
        taught |= {name.casefold() for name in self.lesson.homework.vocabulary}
        others = [row for row in self.vocabulary if row.word.term.casefold() not in taught]
        chooser = random.Random(seed)
        return sorted(chooser.sample(others, min(2, len(others))), key=lambda row: row.index)

    def _part_note(self, activity: int | None, title: str) -> str:
        if activity is not None:
            window = self.schedule[activity]
            return (f"Activity {activity + 1} of {len(self.schedule)} · {window.activity.grouping} · "
                    f"{format_window(window.start, window.end)} of the lesson")
        return "After class, as your teacher tells you." if title == "Homework" else \
            "Extra questions, if your teacher gives them."

    def plan_details(self) -> str:
        """Return the lesson plan's header line: grades, subject, minutes, then the course, teacher and school, each
        once (a course titled like the subject is not named twice)."""
        lesson, course = self.lesson, self.course
        return " · ".join(dict.fromkeys(part for part in (
            f"Grades {lesson.grade_band}", lesson.subject, f"{lesson.duration_minutes} minutes",
            course.course_title, course.teacher, course.school) if part))

    def source_at(self, path: YamlPath) -> NumberedSource:
        """Return the numbered source of the quote at a place in the lesson file."""
        return next(source for source in self.sources if source.path == path)

    def used_anywhere(self) -> UsedMaterials:
        """Return everything the activities and the homework use, together."""
        everything = [step.uses for step in self.steps] + [self.homework]
        return UsedMaterials(
            vocabulary=[row for row in self.vocabulary if any(row in uses.vocabulary for uses in everything)],
            sections=sorted({index for uses in everything for index in uses.sections}),
            timeline=any(uses.timeline for uses in everything),
            sources=[source for source in self.sources if any(source in uses.sources for uses in everything)],
            discussion=[question for question in self.lesson.discussion_questions
                        if any(question in uses.discussion for uses in everything)],
            checks=[item for item in self.quiz if any(item in uses.checks for uses in everything)],
            exit_ticket=any(uses.exit_ticket for uses in everything),
        )

    def unused_material_warnings(self) -> list[Problem]:
        """Return a located warning for each kind of material that no activity (nor the homework) uses and that
        therefore has no place in the deck's teaching sequence. Unused vocabulary and an unused timeline go to the
        deck's appendix, unused quiz items to the printed quiz: those are not warned about."""
        used = self.used_anywhere()
        lesson = self.lesson
        warnings = []
        sections = [index for index in range(len(lesson.sections)) if index not in used.sections]
        if sections:
            names = ", ".join(lesson.sections[index].id for index in sections)
            warnings.append(self.problem(("sections", sections[0]), f"no activity uses the section(s) {names}: "
                                         "they are in the handout but not in the deck; name them under an "
                                         "activity's uses: sections"))
        read = {lesson.sections[index].id for index in used.sections}
        sources = [source for source in self.sources if source not in used.sources
                   and lesson.sections[source.path[1]].id not in read]
        if sources:
            names = ", ".join(source.quote.id for source in sources)
            warnings.append(self.problem(sources[0].path, f"no activity reads or analyses the quote(s) {names}: "
                                         "they are in the handout but not in the deck; name them under an "
                                         "activity's uses: sources"))
        questions = [index for index, question in enumerate(lesson.discussion_questions)
                     if question not in used.discussion]
        if questions:
            names = ", ".join(lesson.discussion_questions[index].id for index in questions)
            warnings.append(self.problem(("discussion_questions", questions[0]),
                                         f"no activity or homework uses the discussion question(s) {names}: they "
                                         "are on the worksheet (More questions) but not in the deck; name them "
                                         "under an activity's uses: discussion, or under homework:"))
        if lesson.exit_ticket and not used.exit_ticket:
            warnings.append(self.problem(("exit_ticket",), "no activity uses the exit ticket: exit-tickets.pdf "
                                         "is made but the deck has no slide for it; add exit_ticket: true to an "
                                         "activity's uses:"))
        return [warning.as_warning() for warning in warnings]

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

    def image_file(self, image: Image) -> Path:
        """Return the picture's file on disk."""
        return self.loaded.project_root / image.file
