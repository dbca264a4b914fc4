"""`import ARTICLE`: an article copied from the web (plain text or Markdown) -> a draft lesson that validates."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Literal
from urllib.parse import urlparse

from generators.driver.files import write_atomically
from generators.model.lesson import ID_PATTERN
from generators.model.problems import UsageError
from generators.text.templating import yaml_environment

MARKDOWN_SUFFIXES = (".md", ".markdown")


@dataclass(frozen=True)
class SourceDetails:
    """What the article says about itself; it becomes the lesson's source citation, never lesson text."""

    author: str | None = None
    affiliation: str | None = None
    series: str | None = None
    year: str | None = None
    platform: str | None = None
    """Where the article's promotion sends readers: a hint for the publisher, which articles rarely name."""


@dataclass(frozen=True)
class DraftImage:
    """A picture the article showed; it stays a commented placeholder until the teacher saves the file."""

    alt: str
    caption: str | None = None
    credit: str | None = None
    file: str = "assets/images/TODO.jpg"


@dataclass
class DraftQuote:
    """A quotation kept word for word, with its speaker and date when the text gives them."""

    text: str
    speaker: str | None
    date: str | None
    id: str = ""


@dataclass
class DraftSection:
    """The article's paragraphs under one heading; heading None is the part before the first heading."""

    heading: str | None
    paragraphs: list[str] = field(default_factory=list)
    quotes: list[DraftQuote] = field(default_factory=list)
    images: list[DraftImage] = field(default_factory=list)
    id: str = ""


@dataclass
class DraftQuestion:
    """A "Q: …" line of the article with the paragraphs that answer it."""

    prompt: str
    answer: list[str] = field(default_factory=list)
    id: str = ""


@dataclass(frozen=True)
class Article:
    """Everything the draft lesson is made from."""

    title: str | None
    source: SourceDetails
    sections: list[DraftSection]
    questions: list[DraftQuestion]
    dates: list[str]
    """Every date the paragraphs mention (YYYY or YYYY-MM), sorted: hints for the timeline."""
    cut_off: bool
    """True when the article stops mid-sentence."""


TokenKind = Literal["title", "heading", "questions", "paragraph", "dialogue", "blockquote", "question", "image"]


@dataclass(frozen=True)
class Token:
    """One line of the article once boilerplate is gone, and what it is."""

    kind: TokenKind
    text: str = ""
    image: DraftImage | None = None


_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
_NAME_WORD = rf"[{_UPPER}][\w.’'\-]*"
_PARTICLE = r"(?:al|bin|da|de|del|della|der|di|du|ibn|la|le|van|von|y)"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)*{_NAME_WORD})*"
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_SENTENCE_STOPS = (".", "!", "?", "…")
_CLOSING_MARKS = "”’\"')]»*_"
_OPENING_MARKS = "“‘\"'(«"

_BYLINE = re.compile(rf"^By\s+(?P<author>{_NAME}(?:\s+(?:and|&)\s+{_NAME})*)(?:\s*,\s*(?P<rest>[{_UPPER}].*))?$")
_DEGREE = re.compile(r"^(?:Ph\.?\s?D|D\.?Phil|Ed\.?D|M\.?A|M\.?Sc?|M\.?D|J\.?D|B\.?A)\.?(?![a-z])\s*,?\s*")
_ROLE = re.compile(r"^(?:(?:staff|senior|contributing|guest|freelance)\s+)?"
                   r"(?:writer|editor|contributor|correspondent|reporter|journalist|author)s?$", re.IGNORECASE)
_PUBLISHED = r"(?:Published|Updated|Posted)(?: on)?:?\s*"
# A bare "May 1968" may be a heading; only a full date or a "Published …" line is the article's own date.
_FULL_DATE = rf"(?:\d{{1,2}} (?:{_MONTHS})|(?:{_MONTHS}) \d{{1,2}},) (?P<year>\d{{4}})|(?P<iso>\d{{4}})-\d\d-\d\d"
_DATE_LINE = re.compile(rf"^(?:{_PUBLISHED}(?:(?:{_MONTHS}) )?(?P<stated>\d{{4}})|(?:{_PUBLISHED})?(?:{_FULL_DATE}))$")
_DATE_MENTION = re.compile(rf"\b(?:(?P<month>{_MONTHS})\s+(?:\d{{1,2}},\s+)?(?:of\s+)?)?(?P<year>1\d{{3}}|20\d\d)\b")
_COURSE_LINE = re.compile(r"^FROM THE (?:LECTURE |VIDEO |AUDIO )?(?:SERIES|COURSE):\s*(?P<series>\S.*)$", re.IGNORECASE)
_TRANSCRIPT_PROMOTION = re.compile(r"^This is a transcript from the (?:video |audio |lecture )?(?:series|course)\s+"
                                   r"(?P<series>.+?)\s*(?:Watch it now,?\s+(?:on|at)\s+(?P<platform>[^.]+?)\.?)?$",
                                   re.IGNORECASE)
_LEARN_MORE = re.compile(r"^Learn more (?:about|on)\b", re.IGNORECASE)
_KEEP_READING = re.compile(r"^Keep reading:?$", re.IGNORECASE)
_CREDIT_IN_PARENTHESES = re.compile(r"\s*\((?P<credit>(?:Image|Photo|Photograph|Picture|Illustration|Credit)s?:"
                                    r"\s*[^()]+)\)$")
_CREDIT_LINE = re.compile(r"^(?:Photo|Photograph|Image|Picture|Illustration)s?\s+(?:by|courtesy of)\s+\S.*$")
_QUESTION_LINE = re.compile(r"^Q:\s*(?P<prompt>\S.*)$")
_ANSWER_PREFIX = re.compile(r"^A:\s*")
_SPEAKER_LABEL = re.compile(r"^[A-Z][A-Z.’'\-]+(?:\s+[A-Z][A-Z.’'\-]+)*:(?:\s|$)")
_QUESTIONS_HEADING = re.compile(r"^(?:Common|Frequently Asked) Questions\b|^FAQs?$", re.IGNORECASE)
_MARKDOWN_HEADING_MARKS = re.compile(r"^#{1,6}\s+")
_MARKDOWN_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*#*$")
_MARKDOWN_IMAGE = re.compile(r"^!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]*)(?:\s+\"(?P<title>[^\"]*)\")?\)$")
_DIVIDER = re.compile(r"^(?:-{3,}|\*{3,}|_{3,}|={3,})$")
_MARKDOWN_LIST_ITEM = re.compile(r"^(?:[-*+]|\d+\.)\s")
_MARKDOWN_LINK = re.compile(r"(?<!!)\[([^\]]+)\]\([^)]*\)")
_MARKDOWN_EMPHASIS = (re.compile(r"(\*\*|\*)(?=\S)(.+?)(?<=\S)\1"),
                      re.compile(r"(?<!\w)(__|_)(?=\S)(.+?)(?<=\S)\1(?!\w)"),
                      re.compile(r"(`)([^`]+)`"))

_SPEECH_VERBS = ("said|says|told|tells|wrote|writes|complained|declared|announced|argued|stated|explained|remarked|"
                 "warned|insisted|noted|observed|recalled|replied|answered|asked|proclaimed|added|admitted|boasted|"
                 "claimed|cried|exclaimed|joked|promised|protested|reported|shouted|urged|put it")
_SPEAKER_BEFORE_VERB = re.compile(rf"(?P<name>{_NAME})\s+(?:[a-z]+ly\s+)?(?:{_SPEECH_VERBS})\b")
_VERB_BEFORE_SPEAKER = re.compile(rf"\b(?:said|says|asked|replied|added|wrote|recalled)\s+(?P<name>{_NAME})")
_SUBJECT_BEFORE_VERB = re.compile(rf"(?P<name>{_NAME})\s+(?:[a-z]+ly\s+)?(?:[a-z]+ed|had|has|was|is|would|will|"
                                  rf"could|did|gave|spoke|sent|began|made|took|wrote|said|told)\b")
_NOT_NAMES = frozenset("A An The This That These Those It He She They We I You One No Nobody Someone Everyone "
                       "In On At As After Before When While Then But And Or So Yet For Of To By With From During "
                       "Later Soon Still Once Here There Now Many Some Most Few His Her Their Its Our".split())
_DOUBLE_QUOTED = re.compile(r"“(?P<curly>[^“”]+)”|\"(?P<straight>[^\"]+)\"")
_SINGLE_QUOTED = re.compile(r"(?<!\w)‘(?P<text>[^‘’]+(?:’\w[^‘’]*)*)’(?!\w)")
_SENTENCE_BOUNDARY = re.compile(rf"(?:(?<=[.!?…])|(?<=[.!?…][”’\"]))\s+(?=[“‘\"{_UPPER}0-9])")
_SLUG_FILLER_WORDS = frozenset("a an the of to and or in on at did do does is was were be".split())
MAX_SCARE_TERM_WORDS = 3
MAX_HEADING_WORDS = 15
MAX_CAPTION_WORDS = 25


def parse_article(text: str, *, markdown: bool = False) -> Article:
    """Return what a draft lesson needs from an article: title, source details, sections, quotes and questions."""
    tokens, source = tokenize(group_lines(text, markdown=markdown), markdown=markdown)
    title = next((token.text for token in tokens if token.kind == "title"), None)
    sections, questions = assemble_sections(tokens)
    text_tokens = [token for token in tokens if token.kind not in ("title", "image", "questions")]
    cut_off = bool(text_tokens) and not ends_a_sentence(text_tokens[-1].text)
    dates = sorted({date for section in sections for paragraph in section.paragraphs
                    for date in dates_mentioned(paragraph)})
    return Article(title, source, sections, questions, dates, cut_off)


def group_lines(text: str, *, markdown: bool = False) -> list[list[str]]:
    """Return runs of adjacent non-blank lines, wrapped lines joined, dividers and Markdown inline marks gone."""
    blocks: list[list[str]] = [[]]
    for line in text.lstrip("\ufeff").splitlines():
        line = line.strip()
        if line and not _DIVIDER.match(line):
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    join = _join_markdown_paragraph_lines if markdown else _join_wrapped_lines
    return [[_strip_inline_markdown(line) if markdown else line for line in join(block)] for block in blocks if block]


def _join_wrapped_lines(block: list[str]) -> list[str]:
    """Plain text copied from a web page holds one paragraph a line; a line starting in lowercase continues one."""
    lines: list[str] = []
    for line in block:
        ends_clause = lines[-1].rstrip(_CLOSING_MARKS).endswith((*_SENTENCE_STOPS, ":", ";")) if lines else True
        if line[0].islower() and not ends_clause:
            lines[-1] += " " + line
        else:
            lines.append(line)
    return lines


def _join_markdown_paragraph_lines(block: list[str]) -> list[str]:
    lines: list[str] = []
    for line in block:
        if lines and lines[-1].startswith(">") and line.startswith(">"):
            lines[-1] = f"{lines[-1]} {line.lstrip('> ')}".rstrip()
        elif lines and not _starts_markdown_block(line) and not _starts_markdown_block(lines[-1]):
            lines[-1] += " " + line
        else:
            lines.append(line)
    return lines


def _starts_markdown_block(line: str) -> bool:
    plain = _strip_inline_markdown(line)
    return (line.startswith(("#", ">", "![")) or bool(_MARKDOWN_LIST_ITEM.match(line)) or _is_credit(plain)
            or bool(_QUESTION_LINE.match(plain)))


def _strip_inline_markdown(line: str) -> str:
    line = _MARKDOWN_LINK.sub(r"\1", line)
    for emphasis in _MARKDOWN_EMPHASIS:
        line = emphasis.sub(r"\2", line)
    return line


def _is_credit(line: str) -> bool:
    return bool(_CREDIT_IN_PARENTHESES.search(line)) or _is_credit_line(line)


def _is_credit_line(line: str) -> bool:
    return bool(_CREDIT_LINE.match(line)) and len(line.split()) <= 12 and not line.endswith(".")


def tokenize(blocks: list[list[str]], *, markdown: bool = False) -> tuple[list[Token], SourceDetails]:
    """Return the article's lines as tokens, and the source details gathered from its byline and boilerplate."""
    tokens: list[Token] = []
    source = SourceDetails()
    first_line = True
    for block in blocks:
        for item in _captions_as_images(block, markdown=markdown):
            if isinstance(item, DraftImage):
                tokens.append(Token("image", image=item))
                continue
            if _KEEP_READING.match(_MARKDOWN_HEADING_MARKS.sub("", item) if markdown else item):
                return _demote_trailing_heading(tokens), source
            in_header = all(token.kind in ("title", "image") for token in tokens)
            source, is_boilerplate = _read_source_details(item, source, in_header=in_header)
            if not is_boilerplate:
                has_title = any(token.kind == "title" for token in tokens)
                may_be_title = not has_title and (first_line or (markdown and in_header))
                tokens.append(_classify(item, markdown=markdown, may_be_title=may_be_title))
            first_line = False
    return _demote_trailing_heading(tokens), source


def _captions_as_images(block: list[str], *, markdown: bool) -> list[str | DraftImage]:
    """Return the block with each caption (a short line and its credit line, or a credit line alone) as one image."""
    items: list[str | DraftImage] = []
    for line in block:
        image = _markdown_image(line) if markdown else None
        if image is not None:
            items.append(image)
        elif _is_credit(line):
            items.append(_caption_image(line, items))
        else:
            items.append(line)
    return items


def _markdown_image(line: str) -> DraftImage | None:
    match = _MARKDOWN_IMAGE.match(line)
    if match is None:
        return None
    file_name = PurePosixPath(urlparse(match["src"]).path).name or "TODO.jpg"
    return DraftImage(alt=match["alt"] or "TODO: what the picture shows", caption=match["title"] or None,
                      file=f"assets/images/{file_name}")


def _caption_image(credit_line: str, earlier: list[str | DraftImage]) -> DraftImage:
    """Return the image a credit line belongs to, taking the line before it (or the image it follows) from earlier."""
    in_parentheses = _CREDIT_IN_PARENTHESES.search(credit_line)
    credit = in_parentheses["credit"] if in_parentheses else credit_line
    caption = credit_line[:in_parentheses.start()].strip() if in_parentheses else ""
    previous = earlier[-1] if earlier else None
    if isinstance(previous, DraftImage):
        earlier.pop()
        return replace(previous, caption=caption or previous.caption, credit=credit)
    description = None
    if isinstance(previous, str) and _could_be_caption(previous):
        description = earlier.pop()
    return DraftImage(alt=description or caption or "TODO: what the picture shows", caption=caption or None,
                      credit=credit)


def _could_be_caption(line: str) -> bool:
    return (len(line.split()) <= MAX_CAPTION_WORDS and not line.endswith(":") and not _QUESTION_LINE.match(line)
            and not _SPEAKER_LABEL.match(line) and not line.startswith(("#", ">")))


def _read_source_details(line: str, source: SourceDetails, *, in_header: bool) -> tuple[SourceDetails, bool]:
    """Return the source details with what this line adds, and whether the line is boilerplate to drop."""
    if course := _COURSE_LINE.match(line):
        return replace(source, series=source.series or course["series"].strip()), True
    if promotion := _TRANSCRIPT_PROMOTION.match(line):
        return replace(source, series=source.series or promotion["series"].rstrip(". "),
                       platform=source.platform or promotion["platform"]), True
    if _LEARN_MORE.match(line) and len(line.split()) <= MAX_CAPTION_WORDS:
        return source, True
    if not in_header:
        return source, False
    if date := _DATE_LINE.match(line):
        return replace(source, year=source.year or date["stated"] or date["year"] or date["iso"]), True
    if source.author is None and (byline := _read_byline(line)):
        author, affiliation = byline
        return replace(source, author=author, affiliation=affiliation), True
    return source, False


def _read_byline(line: str) -> tuple[str, str | None] | None:
    """Return author and affiliation from "By Name, Ph.D.University …" or "By Name, Staff Writer", else None."""
    match = _BYLINE.match(line)
    if match is None:
        return None
    rest = _DEGREE.sub("", match["rest"] or "").strip()
    if rest.endswith(".") or len(rest.split()) > MAX_HEADING_WORDS:
        return None
    return match["author"], rest if rest and not _ROLE.match(rest) else None


def _classify(line: str, *, markdown: bool, may_be_title: bool) -> Token:
    if markdown and (heading := _MARKDOWN_HEADING.match(line)):
        text = heading["text"]
        if may_be_title and len(heading["hashes"]) == 1:
            return Token("title", text)
        return Token("questions" if _QUESTIONS_HEADING.match(text) else "heading", text)
    if markdown and line.startswith(">"):
        return Token("blockquote", line.lstrip("> "))
    if question := _QUESTION_LINE.match(line):
        return Token("question", question["prompt"])
    if _SPEAKER_LABEL.match(line):
        return Token("dialogue", line)
    if not markdown and looks_like_heading(line):
        if may_be_title:
            return Token("title", line)
        return Token("questions" if _QUESTIONS_HEADING.match(line) else "heading", line)
    return Token("paragraph", line)


def looks_like_heading(line: str) -> bool:
    """Return True for a short line that starts like a title and does not end like a sentence or clause."""
    if not 1 <= len(line.split()) <= MAX_HEADING_WORDS or len(line) > 100:
        return False
    if not (line[0].isupper() or line[0].isdigit() or line[0] in _OPENING_MARKS):
        return False
    return not line.rstrip(_CLOSING_MARKS).endswith((".", ",", ";", ":", "…"))


def _demote_trailing_heading(tokens: list[Token]) -> list[Token]:
    """A heading-like last line has nothing under it: it is the article's cut-off end, so it is a paragraph."""
    if tokens and tokens[-1].kind == "heading":
        return [*tokens[:-1], Token("paragraph", tokens[-1].text)]
    return tokens


def assemble_sections(tokens: list[Token]) -> tuple[list[DraftSection], list[DraftQuestion]]:
    """Return the sections (paragraphs, quotes, images under each heading) and the Q&A discussion questions."""
    sections = [DraftSection(heading=None)]
    questions: list[DraftQuestion] = []
    open_question: DraftQuestion | None = None
    introduction = ""  # the paragraph just read, which introduces a block quote when it ends with a colon
    last_date: str | None = None
    for token in tokens:
        section = sections[-1]
        if token.kind == "image" and token.image is not None:
            section.images.append(token.image)
        elif token.kind in ("heading", "questions", "question"):
            open_question = DraftQuestion(token.text) if token.kind == "question" else None
            if open_question is not None:
                questions.append(open_question)
            if token.kind == "heading":
                sections.append(DraftSection(heading=token.text))
            introduction = ""
        elif open_question is not None:
            open_question.answer.append(_ANSWER_PREFIX.sub("", token.text))
        elif token.kind == "blockquote" or (token.kind == "paragraph" and introduction.endswith(":")):
            section.quotes.append(DraftQuote(token.text, speaker_introduced_by(introduction), last_date))
            introduction = ""
        elif token.kind == "dialogue":
            section.paragraphs.append(token.text)
            introduction = ""
        elif token.kind == "paragraph":
            section.paragraphs.append(token.text)
            introduction = token.text
            quotes, last_date = inline_quotes(token.text, last_date)
            section.quotes += quotes
    return _assign_ids(_without_empty_opening(sections)), _assign_question_ids(questions)


def _without_empty_opening(sections: list[DraftSection]) -> list[DraftSection]:
    """Drop the part before the first heading when it holds no text, handing its pictures to the next section."""
    opening = sections[0]
    if opening.paragraphs or opening.quotes or len(sections) == 1:
        return sections
    sections[1].images[:0] = opening.images
    return sections[1:]


def _assign_ids(sections: list[DraftSection]) -> list[DraftSection]:
    section_ids: dict[str, int] = {}
    quote_ids: dict[str, int] = {}
    for section in sections:
        section.id = unique_id(slug(section.heading or "introduction") or "section", section_ids)
        for quote in section.quotes:
            quote.id = unique_id(slug(quote.text, max_words=4) or "quote", quote_ids)
    return sections


def _assign_question_ids(questions: list[DraftQuestion]) -> list[DraftQuestion]:
    taken: dict[str, int] = {}
    for question in questions:
        question.id = unique_id(slug(question.prompt, max_words=5) or "question", taken)
    return questions


def slug(text: str, *, max_words: int | None = None) -> str:
    """Return text as an id: ASCII lowercase words joined by hyphens; with max_words, filler words left out."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.sub(r"['’]", "", ascii_text)
    parts = re.findall(r"[a-z0-9]+", words)
    if max_words is not None:
        parts = [part for part in parts if part not in _SLUG_FILLER_WORDS][:max_words]
    return "-".join(parts)


def unique_id(base: str, taken: dict[str, int]) -> str:
    """Return base, or base-2, base-3 … if already taken; taken maps every id given to the next number to try."""
    candidate, number = base, taken.get(base, 1)
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    taken[base] = number
    taken.setdefault(candidate, 1)
    return candidate


def dates_mentioned(text: str) -> list[str]:
    """Return the dates the text mentions, in order, as YYYY or YYYY-MM ("November 1956" -> "1956-11")."""
    dates = []
    for match in _DATE_MENTION.finditer(text):
        month = _MONTHS.split("|").index(match["month"]) + 1 if match["month"] else None
        dates.append(f"{match['year']}-{month:02d}" if month else match["year"])
    return dates


def ends_a_sentence(text: str) -> bool:
    """Return True when text ends with a full stop, question or exclamation mark (closing quotes aside)."""
    return text.rstrip(_CLOSING_MARKS).endswith(_SENTENCE_STOPS)


def speaker_named_in(sentence: str, *, subject_counts: bool = False) -> str | None:
    """Return the person a sentence says spoke or wrote ("Mao complained", "said Mao"), optionally its subject."""
    patterns = [_SPEAKER_BEFORE_VERB, _VERB_BEFORE_SPEAKER] + ([_SUBJECT_BEFORE_VERB] if subject_counts else [])
    for pattern in patterns:
        for match in pattern.finditer(sentence):
            words = match["name"].split()
            while words and words[0] in _NOT_NAMES:
                words.pop(0)
            if words and not words[-1].endswith(("’s", "'s")):
                return " ".join(words)
    return None


def speaker_introduced_by(paragraph: str) -> str | None:
    """Return the speaker of a block quote, named in the last sentence of the paragraph that introduces it."""
    sentences = split_sentences(paragraph)
    return speaker_named_in(sentences[-1], subject_counts=True) if sentences else None


def split_sentences(text: str) -> list[str]:
    """Return the text's sentences; full stops inside quotation marks do not end a sentence."""
    masked = _mask_quotations(text)
    starts = [0] + [match.end() for match in _SENTENCE_BOUNDARY.finditer(masked)]
    ends = [match.start() for match in _SENTENCE_BOUNDARY.finditer(masked)] + [len(text)]
    return [text[start:end] for start, end in zip(starts, ends) if text[start:end].strip()]


def _quotations(text: str) -> list[re.Match[str]]:
    """Return double-quoted spans and single-quoted spans longer than a scare term, in order."""
    single = [match for match in _SINGLE_QUOTED.finditer(text)
              if len(match["text"].split()) > MAX_SCARE_TERM_WORDS]
    return sorted([*_DOUBLE_QUOTED.finditer(text), *single], key=lambda match: match.start())


def _mask_quotations(text: str) -> str:
    """Return text with the letters inside quotations replaced by x, so quoted words name no speaker or sentence."""
    for match in _quotations(text):
        start, end = match.span()
        text = text[:start] + re.sub(r"[^\W\d_]", "x", text[start:end]) + text[end:]
    return text


def inline_quotes(paragraph: str, last_date: str | None) -> tuple[list[DraftQuote], str | None]:
    """Return the paragraph's quotations whose sentence names a speaker, and the last date mentioned so far."""
    quotes = []
    masked_paragraph = _mask_quotations(paragraph)
    offset = 0
    for sentence in split_sentences(paragraph):
        start = paragraph.index(sentence, offset)
        offset = start + len(sentence)
        last_date = (dates_mentioned(masked_paragraph[start:offset]) or [last_date])[-1]
        speaker = speaker_named_in(masked_paragraph[start:offset])
        if speaker is None:
            continue
        for match in _quotations(sentence):
            words = next(text for text in match.groups() if text is not None)
            quotes.append(DraftQuote(words.strip().rstrip(","), speaker, last_date))
    return quotes, last_date


def render_draft(article: Article, source_name: str) -> str:
    """Return the draft lesson file for an article: every string quoted, every gap a commented TODO."""
    template = yaml_environment().get_template("draft-lesson.yaml.j2")
    return template.render(article=article, source_name=source_name)


def write_draft_lesson(article_path: Path, lessons_dir: Path, *, output: Path | None = None,
                       force: bool = False) -> Path:
    """Write the draft lesson for an article (default lessons/<slug of its title>.yaml) and return its path."""
    article = parse_article(_read_article(article_path), markdown=article_path.suffix.lower() in MARKDOWN_SUFFIXES)
    path = output or lessons_dir / f"{slug(article.title or article_path.stem) or 'imported-lesson'}.yaml"
    if not re.match(ID_PATTERN, path.stem) or path.suffix != ".yaml":
        raise UsageError(f"'{path.name}' cannot be a lesson file; name it like lessons/cuban-missile-crisis.yaml "
                         "(lowercase letters, digits and hyphens)")
    if path.exists() and not force:
        raise UsageError(f"{path} already exists; choose another name with -o or add --force to overwrite it")
    return write_atomically(path, render_draft(article, article_path.name))


def _read_article(path: Path) -> str:
    try:
        return path.read_text("utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{path} is not UTF-8 text; save the article as plain text (UTF-8) or Markdown") from None
    except OSError as error:
        raise UsageError(f"cannot read the article {path}: {error.strerror}") from None
