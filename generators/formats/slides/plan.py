"""What goes on each slide, in teaching order: text fitted to its box, long lists split onto continuation slides."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from generators.model.lesson import DiscussionQuestion, format_clock, format_date
from generators.model.problems import InvalidLesson
from generators.reading.yaml_source import YamlPath
from generators.text.fitting import TextBlock, block_height, font_metrics, largest_fitting_size, wrap_text
from generators.view.lesson_view import (
    LessonView,
    NumberedSource,
    QuizItemView,
    Step,
    VocabularyRow,
    format_window,
    share_minutes,
)

BODY_SIZES = range(24, 29)
TITLE_SIZES = range(36, 45)
QUOTE_SIZES = range(20, 37)  # a long source with its headnote and glosses may need 20 pt
SMALL_SIZES = range(20, 25)
TITLE_MAX_LINES = 2
ACTIVITY_NUMBER_WIDTH = 170.0  # the column of an activity slide that holds its number, large
WIDTH_SAFETY = 0.96  # renderers differ a little in kerning and hinting; keep a margin


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide, in points, and the text insets inside it."""

    left: float
    top: float
    width: float
    height: float
    inset: float = 7.2

    @property
    def text_width(self) -> float:
        return (self.width - 2 * self.inset) * WIDTH_SAFETY

    @property
    def text_height(self) -> float:
        return self.height - 2 * self.inset


SLIDE_WIDTH, SLIDE_HEIGHT = 960.0, 540.0  # 13.333 x 7.5 in, 16:9


@dataclass(frozen=True)
class Geometry:
    """Where titles, bodies and the footer sit on a slide; from the built-in look or a template's layouts."""

    width: float
    height: float
    title: Box
    body: Box
    footer_top: float


BUILT_IN_GEOMETRY = Geometry(
    width=SLIDE_WIDTH, height=SLIDE_HEIGHT,
    title=Box(43.2, 18.0, 873.6, 108.0),
    body=Box(43.2, 133.2, 873.6, 356.4),
    footer_top=498.0,
)


@dataclass
class Paragraphs:
    """Fitted text for one box: its paragraphs (those with an indent are bulleted) and the size chosen for them."""

    blocks: list[TextBlock]
    size: int
    sizes: list[int] | None = None
    """The size of each paragraph, when they differ more than that (a source card's headnote, words, speaker)."""


@dataclass
class TimelineMark:
    """One event on a timeline slide."""

    date: str
    label: str
    when: float = 0.0
    """Its date as a year with a fraction, where the timeline, drawn to scale, places it."""
    highlighted: bool = False
    """One of the events of the part being taught, when the timeline returns later in the lesson (a filled, larger
    marker; the others are hollow)."""


@dataclass(kw_only=True)
class Slide:
    """What every slide has, decided before any shape is drawn: a title, speaker notes, where the title comes from."""

    kind: ClassVar[str]
    """Which drawing the writer uses, and which layout role (see pptx_writer.ROLE_OF_KIND)."""
    title: str
    notes: str
    title_path: YamlPath = ()
    step: int | None = None
    """Index of the activity whose time the slide is shown in; None outside the clock."""
    window: tuple[int, int] | None = None
    """Its minutes in the class, from and to."""
    shows: str = ""
    """What kind of material it shows: vocabulary, section, timeline, source, discussion, check, exit-ticket."""


@dataclass(kw_only=True)
class TitleSlide(Slide):
    """The opening slide: the lesson's title, then its subtitle, course line and date."""

    kind = "title"
    subtitle: list[str]


@dataclass(kw_only=True)
class SectionSlide(Slide):
    """A divider before a part of the story."""

    kind = "section"
    subtitle: list[str]


@dataclass(kw_only=True)
class ContentSlide(Slide):
    """Fitted paragraphs under a title: points, questions, the agenda."""

    kind = "content"
    body: Paragraphs


@dataclass(kw_only=True)
class ActivitySlide(ContentSlide):
    """The opening slide of an activity: what students do, how they work and for how long."""

    kind = "activity"
    number: int = 0
    """The activity's number in the lesson, shown large on the built-in look."""


@dataclass(kw_only=True)
class QuoteSlide(ContentSlide):
    """A primary source: the quotation, then its attribution in a smaller size."""

    kind = "quote"


@dataclass(frozen=True)
class Card:
    """One vocabulary card: the term, its original script and romanisation (if any), and its meaning."""

    term: str
    original: str
    definition: str
    box: Box
    """Where the card sits on the slide."""


@dataclass(kw_only=True)
class CardsSlide(Slide):
    """Vocabulary as cards in a grid, every card's text at the same sizes."""

    kind = "cards"
    cards: list[Card]
    size: int
    """The size of the original script and of the meaning (card_blocks sets the term 4 pt larger)."""


@dataclass(kw_only=True)
class TimelineSlide(Slide):
    """Events along a line, labels alternating above and below it."""

    kind = "timeline"
    marks: list[TimelineMark]
    label_size: int


@dataclass(kw_only=True)
class ImageSlide(Slide):
    """A picture under its caption (the title), with its credit (if any) as the caption paragraphs."""

    kind = "image"
    image_file: str
    alt: str | None
    decorative: bool
    caption: Paragraphs | None


DISCUSSION_STEPS = {
    "pairs": ["Think on your own first.", "Talk it over with your partner.", "Share what you agreed on."],
    "small groups": ["Think on your own first.", "Discuss it in your group.", "Agree on one answer to share."],
    "whole class": ["Think on your own first.", "Then we discuss it together."],
    "individual": ["Write your answer on your worksheet."],
}
"""What a discussion slide asks students to do, by the activity's grouping."""


class DeckPlanner:
    """Plans the slides of one lesson against a geometry, raising InvalidLesson for text that cannot fit."""

    def __init__(self, loaded: LessonView, geometry: Geometry) -> None:
        self.loaded = loaded
        self.lesson = loaded.lesson
        self.geometry = geometry
        self.family = loaded.course.fonts.body
        self.heading_family = loaded.course.fonts.heading
        self.slides: list[Slide] = []

    def plan(self) -> list[Slide]:
        """Return the slides in teaching order with unique, fitted titles and timed notes.

        The opening (title, question, agenda), then each activity with the slides of what it uses, sharing its
        minutes; then the closing and the credits; then, outside the clock, an appendix with the vocabulary and
        timeline no activity teaches.
        """
        self._title_slide()
        self._question_slides()
        self._agenda_slides()
        opening = len(self.slides)
        for step in self.loaded.steps:
            first = len(self.slides)
            self._step_slides(step)
            windows = share_minutes(step.window.start, step.window.end,
                                    [0.5 if slide.kind == "activity" else 1.0 for slide in self.slides[first:]])
            for slide, window in zip(self.slides[first:], windows):
                slide.step, slide.window = step.index, window
        closing = len(self.slides)
        self._closing_slides()
        self._credits_slides()
        appendix = len(self.slides)
        self._appendix_slides()
        self._make_titles_unique()
        for number, slide in enumerate(self.slides, start=1):
            self.fit_title(slide.title, self.geometry.title, slide.title_path)
            slide.notes = f"{self._notes_heading(number, opening, closing, appendix, slide)}\n{slide.notes}"
        return self.slides

    def _notes_heading(self, number: int, opening: int, closing: int, appendix: int, slide: Slide) -> str:
        """Return the first line of a slide's notes: its activity, grouping and minutes in the class."""
        if slide.step is not None and slide.window is not None:
            activity = self.lesson.activities[slide.step]
            return f"{activity.name} · {activity.grouping} · {format_window(*slide.window)}"
        if number <= opening:
            return "Opening · whole class · before minute 0"
        if number <= appendix:
            return f"Closing · whole class · after minute {self.lesson.duration_minutes}"
        return "Appendix · not timed · show only if needed"

    # --- fitting helpers -------------------------------------------------------------------------------------

    def _fail(self, path: YamlPath, message: str) -> InvalidLesson:
        return InvalidLesson([self.loaded.problem(path, message)])

    def fit_title(self, title: str, box: Box, path: YamlPath = ()) -> int:
        """Return the largest title size at which the title fits the box in at most two lines."""
        metrics = font_metrics(self.heading_family, True)
        for size in sorted(TITLE_SIZES, reverse=True):
            lines = wrap_text(title, metrics, size, box.text_width)
            if len(lines) <= TITLE_MAX_LINES and len(lines) * metrics.line_height * size <= box.text_height:
                return size
        raise self._fail(path, f"the slide title '{title}' is too long to fit on a slide even at "
                               f"{TITLE_SIZES.start} pt; shorten it")

    def _split_into_slides(self, blocks: list[TextBlock], paths: list[YamlPath], box_height: float | None = None,
                           what: str = "point", narrower_by: float = 0.0) -> list[Paragraphs]:
        """Fit paragraphs into the body box (less narrower_by points of its width), splitting at paragraph
        boundaries onto as few slides as needed."""
        width = (self.geometry.body.width - narrower_by - 2 * self.geometry.body.inset) * WIDTH_SAFETY
        height = box_height if box_height is not None else self.geometry.body.text_height
        chunks: list[list[TextBlock]] = []
        current: list[TextBlock] = []
        for block, path in zip(blocks, paths):
            if largest_fitting_size([block], self.family, width, height, BODY_SIZES) is None:
                opening = block.text if len(block.text) <= 40 else block.text[:40].rstrip() + "…"
                raise self._fail(path, f"the {what} '{opening}' is too long for one slide even at "
                                       f"{BODY_SIZES.start} pt ({len(block.text)} characters); split it into shorter "
                                       f"{what}s")
            candidate = current + [block]
            if current and largest_fitting_size(candidate, self.family, width, height, BODY_SIZES) is None:
                chunks.append(current)
                candidate = [block]
            current = candidate
        if current:
            chunks.append(current)
        sizes = [largest_fitting_size(chunk, self.family, width, height, BODY_SIZES) or BODY_SIZES.start
                 for chunk in chunks]
        size = min(sizes)  # one size across continuation slides reads as one list
        return [Paragraphs(chunk, size) for chunk in chunks]

    def _add_split(self, title: str, notes: str | list[str], parts: list[Paragraphs],
                   title_path: YamlPath = (), kind: type[ContentSlide] = ContentSlide) -> None:
        """Add one slide per part, titled "… (2 of 3)" when there are several; notes may differ per part."""
        for index, part in enumerate(parts, start=1):
            suffix = f" ({index} of {len(parts)})" if len(parts) > 1 else ""
            if isinstance(notes, str):  # a later part gets notes of its own, not the first part's again
                text = notes if index == 1 else (f"{title}, continued ({index} of {len(parts)}): take the points on "
                                                 "this slide the same way.")
            else:
                text = notes[min(index, len(notes)) - 1]
            self.slides.append(kind(title=title + suffix, notes=text, body=part, title_path=title_path))

    # --- the opening ------------------------------------------------------------------------------------------

    def _title_slide(self) -> None:
        course = self.loaded.course
        lesson = self.lesson
        lines = [lesson.subtitle] if lesson.subtitle else []
        lines.append(" · ".join(part for part in (course.course_title, course.teacher, course.school) if part)
                     or lesson.subject)
        if lesson.date:
            lines.append(format_date(lesson.date))
        notes = speaker_notes("title", lesson)
        self.slides.append(TitleSlide(title=lesson.title, notes=notes, subtitle=lines, title_path=("title",)))

    def _question_slides(self) -> None:
        lesson = self.lesson
        blocks = [TextBlock(lesson.compelling_question, bold=True)]
        paths: list[YamlPath] = [("compelling_question",)]
        blocks.append(TextBlock("Today I can:", space_before=0.4))
        paths.append(("objectives",))
        for index, objective in enumerate(lesson.objectives):
            blocks.append(TextBlock(objective.removeprefix("I can "), indent=1.0, space_before=0.2))
            paths.append(("objectives", index))
        notes = speaker_notes("question", lesson)
        self._add_split("Today's Question", notes, self._split_into_slides(blocks, paths))

    def _agenda_slides(self) -> None:
        blocks, paths = [], []
        for window in self.loaded.schedule:
            activity = window.activity
            blocks.append(TextBlock(f"{format_clock(window.start)}–{format_clock(window.end)}  {activity.name} "
                                    f"({activity.grouping})", space_before=0.3 if window.index else 0.0,
                                    indent=1.0))
            paths.append(("activities", window.index))
        notes = speaker_notes("agenda", self.loaded)
        self._add_split("Agenda", notes, self._split_into_slides(blocks, paths, what="activity"))

    # --- each activity ------------------------------------------------------------------------------------------

    def _step_slides(self, step: Step) -> None:
        """Add an activity's slides: its opening slide (when it has a prompt or uses nothing), then what it uses."""
        uses = step.uses
        if step.activity.prompt or uses.is_empty():
            self._activity_slide(step)
        if uses.vocabulary:
            self._showing("vocabulary", self._vocabulary_slides, uses.vocabulary, "Vocabulary")
        for index in uses.sections:
            self._showing("section", self._section_slides, index, step.activity.grouping)
        if uses.timeline:
            shown_before = any(slide.shows == "timeline" for slide in self.slides)
            reading = {self.lesson.sections[index].id for index in uses.sections}
            self._showing("timeline", self._timeline_slides, reading if shown_before else set())
        for source in uses.sources:
            self._showing("source", self._quote_slide, source, step)
        for number, question in enumerate(uses.discussion, start=1):
            self._showing("discussion", self._discussion_slides, question, number, len(uses.discussion), step)
        for number, quiz_item in enumerate(uses.checks, start=1):
            self._showing("check", self._check_slides, quiz_item, number, len(uses.checks))
        if uses.exit_ticket:
            self._showing("exit-ticket", self._exit_ticket_slides)

    def _showing(self, shows: str, add_slides, *arguments) -> None:
        first = len(self.slides)
        add_slides(*arguments)
        for slide in self.slides[first:]:
            slide.shows = shows

    def _activity_slide(self, step: Step) -> None:
        activity = step.activity
        path: YamlPath = ("activities", step.index)
        blocks, paths = [], []
        if activity.prompt:
            blocks.append(TextBlock(activity.prompt, bold=True))
            paths.append(path + ("prompt",))
        blocks.append(TextBlock(f"{activity.grouping.capitalize()} · {activity.minutes} minutes",
                                space_before=0.6 if blocks else 0.0))
        paths.append(path + ("minutes",))
        notes = speaker_notes("activity", activity)
        self._add_split(activity.name, notes, self._split_into_slides(blocks, paths, what="prompt",
                                                                      narrower_by=ACTIVITY_NUMBER_WIDTH),
                        path + ("name",), kind=ActivitySlide)
        for slide in self.slides:
            if isinstance(slide, ActivitySlide) and not slide.number:
                slide.number = step.index + 1

    def _vocabulary_slides(self, rows: list[VocabularyRow], title: str) -> None:
        """Add the terms as cards, two across, as many to a slide as fit at a readable size, shared evenly."""
        for per_slide in (6, 4, 2):
            boxes = card_boxes(self.geometry.body, per_slide)
            size = self._card_size(rows, boxes[0])
            if size is not None:
                break
        else:
            index = next(row.index for row in rows if self._card_size([row], card_boxes(self.geometry.body, 2)[0])
                         is None)
            raise self._fail(("vocabulary", index), "this vocabulary entry is too long for one slide; shorten the "
                                                    "definition")
        count = -(-len(rows) // per_slide)
        pages = even_shares(rows, count)  # 7 terms at 6 a slide read better as 4 + 3 than 6 + 1
        boxes = card_boxes(self.geometry.body, per_slide if len(pages) > 1 else max(2, len(rows) + len(rows) % 2))
        for number, page in enumerate(pages, start=1):
            suffix = f" ({number} of {len(pages)})" if len(pages) > 1 else ""
            cards = [Card(row.word.term, row.original, row.word.definition, box) for row, box in zip(page, boxes)]
            notes = speaker_notes("vocabulary", [row.word for row in page], number > 1)
            self.slides.append(CardsSlide(title=title + suffix, notes=notes, cards=cards, size=size))

    def _card_size(self, rows: list[VocabularyRow], box: Box) -> int | None:
        """Return the largest size (20 to 28 pt, terms 4 pt larger) at which every card's text fits its box."""
        for size in sorted(range(SMALL_SIZES.start, 29), reverse=True):
            if all(sum(block_height([block], self.family, block_size, box.text_width)
                       for block, block_size in card_blocks(row.word.term, row.original, row.word.definition, size))
                   <= box.text_height for row in rows):
                return size
        return None

    def _timeline_slides(self, focus: set[str] = frozenset()) -> None:
        """Add the timeline, drawn to scale; the events of the sections in focus (when the timeline returns for a
        later part) are highlighted, if some are and some are not."""
        entries = self.loaded.timeline
        if not entries:
            return
        highlighted = {entry.event.date for entry in entries if entry.event.section in focus}
        if len(highlighted) in (0, len(entries)):
            highlighted = set()
        events = [entry.event for entry in entries]
        per_slide, size = self._timeline_capacity(events)
        slide_count = -(-len(events) // per_slide)
        balanced = -(-len(events) // slide_count)  # 8 events at 6 a slide read better as 4 + 4 than 6 + 2
        chunks = [entries[start:start + balanced] for start in range(0, len(entries), balanced)]
        for index, chunk in enumerate(chunks, start=1):
            suffix = f" ({index} of {len(chunks)})" if len(chunks) > 1 else ""
            marks = [TimelineMark(entry.date, entry.event.label, year_fraction(entry.event.date),
                                  entry.event.date in highlighted) for entry in chunk]
            notes = speaker_notes("timeline", chunk, index == 1, index == len(chunks),
                                  [entry for entry in chunk if entry.event.date in highlighted])
            self.slides.append(TimelineSlide(title="Timeline" + suffix, notes=notes, marks=marks, label_size=size))

    def _timeline_capacity(self, events) -> tuple[int, int]:
        """Return how many events fit on one timeline slide, and the label size, trying the most first."""
        for count in range(min(len(events), 6), 0, -1):
            size = min((self.timeline_label_size(event, count) for event in events), default=None)
            if size is not None and size >= SMALL_SIZES.start:
                return count, size
        index = next(i for i, event in enumerate(self.lesson.timeline) if self.timeline_label_size(event, 1) == 0)
        raise self._fail(("timeline", index, "label"), "this timeline label is too long to fit on a slide; shorten it")

    def timeline_label_size(self, event, count: int) -> int:
        """Return the largest label size at which one event's date and label fit its box, or 0."""
        box = timeline_label_box(self.geometry, count)
        blocks = [TextBlock(format_date(event.date), bold=True), TextBlock(event.label)]
        return largest_fitting_size(blocks, self.family, box.text_width, box.text_height, SMALL_SIZES) or 0

    def _section_slides(self, index: int, grouping: str | None = None) -> None:
        section = self.lesson.sections[index]
        path: YamlPath = ("sections", index)
        blocks = [TextBlock(point, space_before=0.3 if i else 0.0, indent=1.0)
                  for i, point in enumerate(section.key_points)]
        paths = [path + ("key_points", i) for i in range(len(section.key_points))]
        questions = [q.prompt for q in self.lesson.discussion_questions if q.section == section.id]
        parts = self._split_into_slides(blocks, paths, what="key point")
        notes = [speaker_notes("section", section, questions[0] if questions and len(parts) == 1 else None, grouping)]
        notes += [speaker_notes("section_more", section, number, len(parts),
                                questions[0] if questions and number == len(parts) else None)
                  for number in range(2, len(parts) + 1)]
        self._add_split(section.heading, notes, parts, path + ("heading",))
        for image_index, image in enumerate(section.images):
            self._image_slide(section, image, path + ("images", image_index))

    def _quote_slide(self, source: NumberedSource, step: Step) -> None:
        """Add a source as a document card: the headnote (its situation), the words, then who said them, where."""
        quote, path = source.quote, source.path
        attribution = f"— {quote.speaker}, {quote.source}, {format_date(quote.date)}"
        body = self.geometry.body
        for size in sorted(QUOTE_SIZES, reverse=True):
            small = max(SMALL_SIZES.start, min(SMALL_SIZES.stop - 1, size - 8))
            blocks = [TextBlock(quote.context), TextBlock(f"“{quote.text}”", space_before=0.5),
                      TextBlock(attribution, space_before=0.5)]
            if quote.glosses:
                blocks.append(TextBlock("Words: " + "; ".join(f"{gloss.word}: {gloss.meaning}"
                                                              for gloss in quote.glosses), space_before=0.3))
            sizes = [small, size] + [small] * (len(blocks) - 2)
            height = sum(block_height([block], self.family, block_size, body.text_width)
                         for block, block_size in zip(blocks, sizes))
            if height <= body.text_height:
                notes = speaker_notes("quote", quote, source, step.worksheet_part)
                self.slides.append(QuoteSlide(title=f"{source.label}: {quote.speaker}", notes=notes,
                                              body=Paragraphs(blocks, size, sizes=sizes),
                                              title_path=path + ("speaker",)))
                return
        raise self._fail(path + ("text",), f"this quote is too long for one slide even at {QUOTE_SIZES.start} pt "
                                           "with its context above it; shorten it with … where words are left out")

    def _image_slide(self, section, image, path: YamlPath) -> None:
        """Add a picture under its caption as the title, its credit in a line beneath it (beside it on a template's
        picture layout)."""
        lines = [TextBlock(f"Credit: {image.credit}")] if image.credit else []
        boxes = [image_text_box(self.geometry), picture_boxes(self.geometry, self.loaded.image_sizes[image.file])[1]]
        sizes = [largest_fitting_size(lines, self.family, box.text_width, box.text_height, SMALL_SIZES)
                 for box in boxes] if lines else [SMALL_SIZES.stop - 1]
        if None in sizes:
            raise self._fail(path + ("credit",), "this image's credit is too long for the slide; shorten it")
        notes = speaker_notes("image", image)
        title = image.caption or f"{section.heading}: Picture"
        caption = Paragraphs(lines, min(sizes)) if lines else None
        self.slides.append(ImageSlide(title=title, notes=notes, caption=caption, image_file=image.file, alt=image.alt,
                                      decorative=image.decorative, title_path=path + ("caption",)))

    def _discussion_slides(self, question: DiscussionQuestion, number: int, count: int, step: Step) -> None:
        index = self.lesson.discussion_questions.index(question)
        path: YamlPath = ("discussion_questions", index, "prompt")
        steps = DISCUSSION_STEPS[step.activity.grouping]
        blocks = [TextBlock(question.prompt, bold=True)]
        blocks += [TextBlock(line, space_before=0.6 if not i else 0.2) for i, line in enumerate(steps)]
        numbered = next((entry for part in self.loaded.worksheet_parts for entry in part.discussion
                         if entry.question is question), None)
        part = next((part for part in self.loaded.worksheet_parts if numbered in part.discussion), None)
        notes = speaker_notes("discussion", question, numbered, part)
        parts = self._split_into_slides(blocks, [path] * len(blocks), what="question")
        self._add_split(f"Discuss: Question {number} of {count}" if count > 1 else "Discuss", notes, parts)

    def _check_slides(self, quiz_item: QuizItemView, number: int, count: int) -> None:
        item, index = quiz_item.item, quiz_item.index
        blocks = [TextBlock(item.prompt, bold=True)]
        paths: list[YamlPath] = [("quiz", index, "prompt")]
        for label, choice, position in zip(quiz_item.labels, quiz_item.answers, quiz_item.order):
            blocks.append(TextBlock(f"{label}. {choice}" if item.type == "multiple_choice" else choice,
                                    space_before=0.3))
            paths.append(("quiz", index, "choices", position) if item.type == "multiple_choice"
                         else ("quiz", index, "prompt"))
        notes = speaker_notes("check", quiz_item)
        title = f"Check for Understanding {number} of {count}" if count > 1 else "Check for Understanding"
        self._add_split(title, notes, self._split_into_slides(blocks, paths, what="quiz text"))

    def _exit_ticket_slides(self) -> None:
        tickets = self.lesson.exit_ticket
        if not tickets:
            return
        blocks = [TextBlock(f"{number}. {ticket.prompt}", space_before=0.4 if number > 1 else 0.0)
                  for number, ticket in enumerate(tickets, start=1)]
        paths: list[YamlPath] = [("exit_ticket", index, "prompt") for index in range(len(tickets))]
        notes = speaker_notes("exit_ticket", self.lesson)
        self._add_split("Exit Ticket", notes, self._split_into_slides(blocks, paths, what="exit-ticket question"))

    # --- the closing, the credits and the appendix ------------------------------------------------------------

    def _closing_slides(self) -> None:
        lesson = self.lesson
        blocks = [TextBlock(lesson.compelling_question, bold=True),
                  TextBlock("What would you answer now? What evidence from today would you use?", space_before=0.6)]
        notes = speaker_notes("closing", lesson)
        self._add_split("Back to the Question", notes,
                        self._split_into_slides(blocks, [("compelling_question",)] * 2), ("compelling_question",))

    def _credits_slides(self) -> None:
        lesson = self.lesson
        lines = [f"Source: {lesson.source.citation()}"]
        paths: list[YamlPath] = [("source",)]
        for s_index, section in enumerate(lesson.sections):
            for i_index, image in enumerate(section.images):
                if image.credit:
                    lines.append(f"Image: {image.credit}")
                    paths.append(("sections", s_index, "images", i_index, "credit"))
        if self.loaded.course.license:
            lines.append(f"License: {self.loaded.course.license}")
            paths.append(("course",))
        lines.append("Lesson text written for students in our own words; quotations are from the source above.")
        paths.append(())
        blocks = [TextBlock(line, space_before=0.3 if i else 0.0, indent=1.0) for i, line in enumerate(lines)]
        notes = speaker_notes("credits")
        self._add_split("Sources and Credits", notes, self._split_into_slides(blocks, paths, what="credit line"))

    def _appendix_slides(self) -> None:
        """Add, after a divider, the vocabulary and the timeline that no activity teaches (for questions)."""
        used = self.loaded.used_anywhere()
        vocabulary = [row for row in self.loaded.vocabulary if row not in used.vocabulary]
        timeline = bool(self.loaded.timeline) and not used.timeline
        if not (vocabulary or timeline):
            return
        self.slides.append(SectionSlide(title="Appendix", notes=speaker_notes("appendix"),
                                        subtitle=["Extra slides, outside the timed lesson"]))
        if vocabulary:
            self._vocabulary_slides(vocabulary, "More Vocabulary")
        if timeline:
            self._timeline_slides()

    def _make_titles_unique(self) -> None:
        seen: dict[str, int] = {}
        for slide in self.slides:
            count = seen.get(slide.title, 0) + 1
            seen[slide.title] = count
            if count > 1:
                slide.title = f"{slide.title} ({count})"


def year_fraction(date: str) -> float:
    """Return YYYY, YYYY-MM or YYYY-MM-DD as a year and the fraction of it gone by, e.g. '1956-04' -> 1956.25."""
    parts = [int(part) for part in date.split("-")]
    month = parts[1] if len(parts) > 1 else 1
    day = parts[2] if len(parts) > 2 else 1
    return parts[0] + (month - 1) / 12 + (day - 1) / 365


def scaled_centres(whens: list[float], first: float, last: float, same_row_gap: float,
                   marker_gap: float) -> list[float]:
    """Return the centres of a timeline's marks between first and last, placed by date, then pushed apart just
    enough that neighbours' markers and the labels two apart (on the same side of the line) do not overlap."""
    if len(whens) == 1:
        return [(first + last) / 2]
    span = (whens[-1] - whens[0]) or 1.0
    centres = [first + (when - whens[0]) / span * (last - first) for when in whens]
    for index in range(1, len(centres)):  # push right, then pull back from the end
        centres[index] = max(centres[index], centres[index - 1] + marker_gap,
                             centres[index - 2] + same_row_gap if index > 1 else first)
    centres[-1] = min(centres[-1], last)
    for index in range(len(centres) - 2, -1, -1):
        centres[index] = min(centres[index], centres[index + 1] - marker_gap,
                             centres[index + 2] - same_row_gap if index + 2 < len(centres) else last)
    return centres


def speaker_notes(kind: str, *values: object) -> str:
    """Return the speaker notes of one kind of slide, from assets/templates/speaker-notes.txt.j2."""
    from generators.text.templating import as_paragraph, paragraph_environment

    notes = paragraph_environment().get_template("speaker-notes.txt.j2").module
    return as_paragraph(str(getattr(notes, kind)(*values)))


def even_shares(items: list, count: int) -> list[list]:
    """Return items split in order into count groups whose sizes differ by one at most (10 in 3: 4, 3, 3)."""
    base, extra = divmod(len(items), count)
    groups, start = [], 0
    for number in range(count):
        size = base + (1 if number < extra else 0)
        groups.append(items[start:start + size])
        start += size
    return groups


def card_boxes(body: Box, count: int) -> list[Box]:
    """Return the boxes of count cards (an even number) in two columns filling the body."""
    gap = 14.0
    rows = count // 2
    width = (body.width - gap) / 2
    height = (body.height - gap * (rows - 1)) / rows
    return [Box(body.left + column * (width + gap), body.top + row * (height + gap), width, height, inset=10.0)
            for row in range(rows) for column in range(2)]


def card_blocks(term: str, original: str, definition: str, size: int) -> list[tuple[TextBlock, int]]:
    """Return a card's paragraphs with their sizes: the term, large and bold; its original form; its meaning."""
    blocks = [(TextBlock(term, bold=True), size + 4)]
    if original:
        blocks.append((TextBlock(original), size))
    blocks.append((TextBlock(definition, space_before=0.3), size))
    return blocks


def timeline_label_box(geometry: Geometry, count: int) -> Box:
    """Return the box of one timeline label when count events share a slide (labels alternate above and below)."""
    body = geometry.body
    gap = 10.0
    spacing = (body.width + gap) / (count + 1)
    width = min(2 * spacing - gap, body.width)
    return Box(0, 0, width, body.height / 2 - 18, inset=3.6)


def image_text_box(geometry: Geometry) -> Box:
    """Return the credit's box beside a picture on a template's picture layout: the right third of the body."""
    body = geometry.body
    width = body.width / 3
    return Box(body.left + body.width - width, body.top, width, body.height)


CREDIT_STRIP = 42.0  # a line of small text under a picture
CREDIT_BESIDE = 200.0  # the least width for the credit beside a picture


def picture_boxes(geometry: Geometry, pixel_size: tuple[int, int]) -> tuple[Box, Box]:
    """Return where a picture and its credit go in the built-in look: the picture as large as the body allows, the
    credit beside it when a wide body leaves room at the side, else in a line beneath it."""
    body = geometry.body
    pixel_width, pixel_height = pixel_size
    width = pixel_width * body.height / pixel_height
    if width <= body.width - CREDIT_BESIDE - 14.4:
        return (Box(body.left, body.top, width, body.height),
                Box(body.left + width + 14.4, body.top, body.width - width - 14.4, body.height))
    height = body.height - CREDIT_STRIP - 7.2
    return (Box(body.left, body.top, body.width, height),
            Box(body.left, body.top + body.height - CREDIT_STRIP, body.width, CREDIT_STRIP))
