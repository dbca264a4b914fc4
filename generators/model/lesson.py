"""The lesson model: every field a teacher writes in a lesson file, documented; the single source of truth."""

from __future__ import annotations

import calendar
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, WithJsonSchema

from generators.text.fonts import FONT_FAMILIES

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
"""A piece of text a teacher writes; surrounding spaces are ignored, it may not be empty, at most 5000 characters."""

ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
"""A name, title or label: at most 300 characters."""

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
MAX_ID_LENGTH = 100
"""Longest lesson id (its file name): build/<id>/ and its staging folder must fit a file system's 255-byte names."""
Identifier = Annotated[str, StringConstraints(strip_whitespace=True, pattern=ID_PATTERN)]
"""A short name used to refer to something: lowercase letters, digits and single hyphens."""

MONTH_NAMES = list(calendar.month_name)
_DATE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def check_historical_date(value: str) -> str:
    """Return the date unchanged if it is a real YYYY, YYYY-MM or YYYY-MM-DD date."""
    match = _DATE_PATTERN.match(value)
    if not match:
        raise ValueError(f"'{value}' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 1956-02")
    year, month, day = (int(part) if part else None for part in match.groups())
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"'{value}' is not a date: there is no month {month}")
    if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise ValueError(f"'{value}' is not a date: {MONTH_NAMES[month]} {year} has no day {day}")
    return value


HistoricalDate = Annotated[
    str,
    StringConstraints(strip_whitespace=True),
    AfterValidator(check_historical_date),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}),
]
"""A date as precise as the history allows: YYYY, YYYY-MM or YYYY-MM-DD."""


def format_date(value: str) -> str:
    """Return a YYYY[-MM[-DD]] date as readers write it: '1956', 'February 1956', '25 February 1956'."""
    parts = value.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTH_NAMES[int(parts[1])]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def check_objective(value: str) -> str:
    """Return a student-facing objective unchanged if it starts with 'I can'."""
    if not value.startswith("I can "):
        raise ValueError("objectives are written for students and start with 'I can …'")
    return value


def check_year(value: str) -> str:
    """Return a publication year (four digits) or 'n.d.' unchanged."""
    if not re.fullmatch(r"\d{4}|n\.d\.", value):
        raise ValueError(f"'{value}' is not a year; write four digits, e.g. 2021, or n.d. when the source gives none")
    return value


PublicationYear = Annotated[
    str,
    BeforeValidator(lambda value: str(value) if isinstance(value, int) else value),
    StringConstraints(strip_whitespace=True),
    AfterValidator(check_year),
    WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 1000, "maximum": 9999}, {"const": "n.d."}]}),
]
"""Year of publication, or n.d. (no date)."""

HexColor = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^#[0-9A-Fa-f]{6}$")]
"""A colour as #RRGGBB, e.g. #1F3A5F."""


FontFamily = Literal[tuple(FONT_FAMILIES)]  # type: ignore[valid-type]
"""The name of a font family bundled in assets/fonts/."""


class Model(BaseModel):
    """Base of every lesson-file mapping: unknown keys are errors; field docstrings are the schema's help."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Colors(Model):
    """Colours used by the slides and the screen editions; print stays black and white."""

    primary: HexColor = "#1F3A5F"
    """Titles and headings."""
    accent: HexColor = "#9E2A2B"
    """Rules, markers and highlights."""
    text: HexColor = "#1A1A1A"
    """Body text."""
    background: HexColor = "#FFFFFF"
    """Slide background. Text on it must stay readable (contrast of at least 4.5:1)."""


LOOKS = {
    "dark": Colors(primary="#9CC9FF", accent="#FFB454", text="#F2F2F2", background="#15202B"),
    "high contrast": Colors(primary="#000000", accent="#000000", text="#000000", background="#FFFFFF"),
}
"""The built-in looks besides classic, each a palette whose text and titles keep at least 7:1 on its ground."""


class Fonts(Model):
    """Font families, chosen from the fonts bundled in assets/fonts/."""

    heading: FontFamily = "Carlito"
    """Family for titles and headings."""
    body: FontFamily = "Carlito"
    """Family for body text."""


class CourseSettings(Model):
    """Course-wide defaults kept in lessons/_course.yaml; a lesson's `course:` mapping overrides any of them."""

    school: ShortText | None = None
    """School name, printed on the title slide and handouts."""
    course_title: ShortText | None = None
    """Name of the course, e.g. 'World History'."""
    teacher: ShortText | None = None
    """Teacher's name as students know it, e.g. 'Ms. Rivera'."""
    paper: Literal["Letter", "A4"] = "Letter"
    """Paper size for every printed document: Letter or A4."""
    colors: Colors = Colors()
    """Colours for slides and screen editions (the classic look)."""
    look: Literal["classic", "dark", "high contrast"] = "classic"
    """The deck's look: classic (the colours above), dark (light text on a dark ground, for projectors in bright
    rooms) or high contrast (black on white)."""
    fonts: Fonts = Fonts()
    """Font families for every document."""
    slide_template: Text | None = None
    """Optional PowerPoint template (.pptx), as a path from the project folder, e.g. assets/templates/school.pptx."""
    license: Text | None = None
    """Licence line for the lesson materials, e.g. 'Lesson text CC BY 4.0'."""


class Source(Model):
    """The article the lesson is drawn from; it is cited on every handout page and the credits slide."""

    author: ShortText
    """Author as the byline gives it, e.g. 'Richard Baum'."""
    title: ShortText
    """Title of the article."""
    publisher: ShortText
    """Who published it, e.g. a magazine, website or course provider."""
    year: PublicationYear
    """Year of publication, or 'n.d.' when the source gives none."""
    url: Text | None = None
    """Web address of the article, if it has one."""
    affiliation: ShortText | None = None
    """The author's university or employer, as the byline gives it."""
    series: ShortText | None = None
    """Series or course the article belongs to, e.g. a lecture series."""


    def citation(self) -> str:
        """Return the source as a citation line: author, title, series, publisher, year, address."""
        parts = [f"{self.author}.", f"“{self.title}.”"]
        if self.series:
            parts.append(f"From the series {self.series}.")
        parts.append(f"{self.publisher}, {self.year}".rstrip(".") + ".")
        if self.url:
            parts.append(self.url)
        return " ".join(parts)


class Standard(Model):
    """A curriculum standard the lesson addresses."""

    code: ShortText
    """Its code, e.g. 'D2.His.1.9-12'."""
    text: Text
    """What it says, in full or shortened."""
    framework: ShortText | None = None
    """Which framework it comes from, e.g. 'C3 Framework'."""


class VocabularyTerm(Model):
    """A word students need, with a definition in student language."""

    term: ShortText
    """The word or phrase as it appears in the lesson."""
    definition: Text
    """A short definition a student can read on their own."""
    native_script: ShortText | None = None
    """The term in its original script, e.g. 修正主义."""
    romanization: ShortText | None = None
    """How to say it in Latin letters, e.g. xiūzhèng zhǔyì (pinyin with tone marks)."""


class TimelineEvent(Model):
    """One dated event on the lesson's timeline."""

    date: HistoricalDate
    """When it happened: YYYY, YYYY-MM or YYYY-MM-DD."""
    label: ShortText
    """What happened, in a few words."""
    section: Identifier | None = None
    """The id of the section that tells this part of the story."""


class SourceAnalysis(Model):
    """Teacher's notes for analysing a primary source (shown only in the answer key)."""

    historical_situation: Text
    """What was going on when it was said or written."""
    audience: Text
    """Who it was meant for."""
    purpose: Text
    """What the speaker wanted to achieve."""
    point_of_view: Text
    """Whose outlook it shows and how that shapes it."""


class Gloss(Model):
    """A hard word of a quotation and what it means there."""

    word: ShortText
    """The word or phrase as the quotation has it."""
    meaning: ShortText
    """What it means, in a few words a student understands."""


class Quote(Model):
    """A primary-source quotation, copied word for word and attributed."""

    id: Identifier
    """A short name for the quote, unique in the lesson, e.g. 'sword-of-lenin'."""
    text: Text
    """The words exactly as the source gives them; mark cuts with … and additions with [ ]."""
    speaker: ShortText
    """Who said or wrote it, e.g. 'Mao Zedong'."""
    date: HistoricalDate
    """When: YYYY, YYYY-MM or YYYY-MM-DD."""
    source: ShortText
    """Where it was said or printed, e.g. 'Speech to the Party Central Committee'."""
    context: Text
    """One or two sentences that tell students the situation."""
    glosses: list[Gloss] = []
    """Hard words of the quotation with their meanings, shown under it on the slide and the students' copies."""
    analysis: SourceAnalysis | None = None
    """Notes for the source-analysis box in the answer key."""


class Image(Model):
    """A picture shown with a section."""

    file: Text
    """Path from the project folder, e.g. assets/images/flags.png (PNG, JPEG or GIF)."""
    alt: Text | None = None
    """What the picture shows, for students who cannot see it. Required unless decorative."""
    caption: ShortText | None = None
    """Caption printed under the picture."""
    credit: ShortText | None = None
    """Who made it and its licence, e.g. 'Drawing: J. Doe, CC BY 4.0'. Required unless decorative."""
    decorative: bool = False
    """true when the picture adds nothing a reader would miss; screen readers then skip it."""


class Section(Model):
    """One part of the story, drawn from a part of the article."""

    id: Identifier
    """A short name that other parts of the lesson use to point here, e.g. 'great-leap'."""
    heading: ShortText
    """Heading printed above the section."""
    summary: list[Text] = Field(min_length=1)
    """Paragraphs in student language (your own words, not the article's)."""
    key_points: list[Text] = Field(min_length=1)
    """Short statements students should remember; they become the section's slide bullets."""
    quotes: list[Quote] = []
    """Primary-source quotations from this part of the story."""
    images: list[Image] = []
    """Pictures for this section."""
    teacher_notes: list[Text] = []
    """Notes for the teacher only: what to stress, what students get wrong."""


class DiscussionQuestion(Model):
    """An open question for discussion and the worksheet."""

    id: Identifier
    """A short name, unique in the lesson."""
    prompt: Text
    """The question as students read it."""
    section: Identifier | None = None
    """The id of the section it is about, if one."""
    model_answer: Text
    """A strong answer, for the answer key and the teacher's notes."""
    sentence_starter: ShortText
    """The opening words of an answer, for students who need a start."""
    answer_lines: int | None = Field(default=None, ge=1, le=30)
    """How many ruled lines to print for the answer; left out, it follows the model answer's length."""
    objectives: list[int] = []
    """Numbers of the objectives it assesses, 1 for the first listed, e.g. [1, 3]; once any item names objectives,
    `make check` warns about an objective nothing assesses."""


class MultipleChoiceItem(Model):
    """A quiz question with one correct choice."""

    type: Literal["multiple_choice"]
    """Write multiple_choice."""
    id: Identifier
    """A short name, unique in the lesson."""
    prompt: Text
    """The question."""
    choices: list[Text] = Field(min_length=2, max_length=6)
    """Two to six possible answers, written out in full."""
    answer: Text
    """The correct choice, copied exactly from the choices."""
    explanation: Text
    """Why it is right, for the answer key and feedback."""
    section: Identifier | None = None
    """The id of the section it checks, if one."""
    objectives: list[int] = []
    """Numbers of the objectives it assesses, 1 for the first listed, e.g. [1, 3]; once any item names objectives,
    `make check` warns about an objective nothing assesses."""


class TrueFalseItem(Model):
    """A quiz statement that is either true or false."""

    type: Literal["true_false"]
    """Write true_false."""
    id: Identifier
    """A short name, unique in the lesson."""
    prompt: Text
    """The statement students judge."""
    answer: bool
    """true or false."""
    explanation: Text
    """Why, for the answer key and feedback."""
    section: Identifier | None = None
    """The id of the section it checks, if one."""
    objectives: list[int] = []
    """Numbers of the objectives it assesses, 1 for the first listed, e.g. [1, 3]; once any item names objectives,
    `make check` warns about an objective nothing assesses."""


QuizItem = Annotated[MultipleChoiceItem | TrueFalseItem, Field(discriminator="type")]


class Materials(Model):
    """Lesson materials named by kind: vocabulary by term, the rest by id."""

    vocabulary: list[ShortText] = []
    """Vocabulary terms, written as in vocabulary (capitals do not matter)."""
    sections: list[Identifier] = []
    """Ids of sections."""
    timeline: bool = False
    """true for the timeline."""
    sources: list[Identifier] = []
    """Ids of quotes (primary sources) analysed."""
    discussion: list[Identifier] = []
    """Ids of discussion questions."""
    checks: list[Identifier] = []
    """Ids of quiz items asked as checks for understanding (the slide never shows the answer)."""
    exit_ticket: bool = False
    """true for the exit ticket."""


class Activity(Model):
    """One step of the lesson plan; the minutes of all activities add up to the lesson's duration."""

    name: ShortText
    """Short name, e.g. 'Warm-up'."""
    minutes: int = Field(ge=1, le=600)
    """How long it takes."""
    grouping: Literal["whole class", "individual", "pairs", "small groups"]
    """How students work: whole class, individual, pairs or small groups."""
    instructions: Text
    """What the teacher and students do (for the lesson plan and the speaker notes)."""
    prompt: Text | None = None
    """What students see on the activity's opening slide: a task or question in their words. Without it, an
    activity that uses materials starts straight with them."""
    uses: Materials = Materials()
    """The materials it teaches: their slides follow in its time, its worksheet part holds their exercises."""


class Differentiation(Model):
    """Ways to adapt the lesson."""

    support: list[Text] = []
    """Scaffolds for students who need more help."""
    extension: list[Text] = []
    """Challenges for students ready to go further."""
    language_learners: list[Text] = []
    """Help for students still learning English."""


class ExitTicketQuestion(Model):
    """A question students answer on a slip at the end of class."""

    prompt: Text
    """The question."""
    answer_lines: int = Field(default=3, ge=1, le=12)
    """Ruled lines to print for the answer."""
    look_for: Text | None = None
    """What a good answer contains (teacher only)."""
    objectives: list[int] = []
    """Numbers of the objectives it assesses, 1 for the first listed, e.g. [1, 3]; once any item names objectives,
    `make check` warns about an objective nothing assesses."""


class Lesson(Model):
    """One lesson: everything the generators need to make its slides, handouts, worksheets and exports."""

    title: ShortText
    """Lesson title."""
    subtitle: ShortText | None = None
    """A line under the title."""
    subject: ShortText
    """Subject, e.g. 'World History'."""
    grade_band: ShortText
    """Grades it is written for, e.g. '9-12'."""
    duration_minutes: int = Field(ge=5, le=600)
    """Length of the class in minutes."""
    date: HistoricalDate | None = None
    """Day the lesson is taught (YYYY-MM-DD), shown on the title slide; left out, no date is shown."""
    language: Text = "en"
    """Language of the lesson text as a code, e.g. en or en-US."""
    source: Source
    """The article the lesson is drawn from."""
    compelling_question: Text
    """The big question the lesson explores."""
    supporting_questions: list[Text] = []
    """Smaller questions that lead to the compelling one; they seed the note-taking cues."""
    objectives: list[Annotated[Text, AfterValidator(check_objective)]] = Field(min_length=1)
    """What students will be able to do, each starting 'I can …'."""
    standards: list[Standard] = []
    """Curriculum standards addressed."""
    vocabulary: list[VocabularyTerm] = []
    """Key terms with definitions."""
    timeline: list[TimelineEvent] = []
    """Dated events, in any order; they are shown sorted by date."""
    sections: list[Section] = Field(min_length=1)
    """The parts of the story, in teaching order."""
    discussion_questions: list[DiscussionQuestion] = []
    """Open questions for discussion and the worksheet."""
    quiz: list[QuizItem] = []
    """Check-for-understanding items: type multiple_choice or true_false."""
    activities: list[Activity] = Field(min_length=1)
    """The lesson plan, in order; minutes must add up to duration_minutes."""
    differentiation: Differentiation = Differentiation()
    """Ways to adapt the lesson."""
    exit_ticket: list[ExitTicketQuestion] = []
    """Questions for the end of class."""
    homework: Materials = Materials()
    """Materials for after class: in the worksheet (a part of their own) and the plan, not in the deck."""
    course: CourseSettings | None = None
    """Overrides for this lesson of any course default from lessons/_course.yaml."""

    def section(self, section_id: str) -> Section:
        """Return the section with this id."""
        return next(section for section in self.sections if section.id == section_id)


def format_clock(minutes: int) -> str:
    """Return minutes from the start of class as a clock reading, e.g. 65 -> '1:05'."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def merge_course_settings(defaults: CourseSettings, overrides: CourseSettings | None) -> CourseSettings:
    """Return the defaults with every field the lesson set explicitly replaced, nested mappings merged."""
    if overrides is None:
        return defaults
    update = {}
    for name in overrides.model_fields_set:
        value = getattr(overrides, name)
        current = getattr(defaults, name)
        if isinstance(value, Model) and isinstance(current, Model):
            value = current.model_copy(update={key: getattr(value, key) for key in value.model_fields_set})
        update[name] = value
    return defaults.model_copy(update=update)
