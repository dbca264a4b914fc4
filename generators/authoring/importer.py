"""`import ARTICLE`: an article copied from the web (plain text or Markdown) -> a draft lesson that validates."""

from __future__ import annotations

import re
import tempfile
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Literal
from urllib.parse import urlparse

from markdown_it import MarkdownIt
from markdown_it.token import Token as MarkdownToken

from generators.driver.files import write_atomically
from generators.model.lesson import ID_PATTERN, MAX_ID_LENGTH, CourseSettings, ShortText, Text
from generators.model.problems import InvalidLesson, UsageError
from generators.reading.loader import load_lesson
from generators.reading.yaml_source import MAX_FILE_BYTES
from generators.text.escaping import NOT_IN_XML
from generators.text.templating import yaml_environment

MARKDOWN_SUFFIXES = (".md", ".markdown")
MAX_ARTICLE_BYTES = MAX_FILE_BYTES // 4
"""The longest article imported: its draft repeats some text (quotes) and adds a page of fields per section."""


def _max_length(text_type: object) -> int:
    return next(rule.max_length for rule in getattr(text_type, "__metadata__", ()) if hasattr(rule, "max_length"))


MAX_TEXT_CHARACTERS = _max_length(Text)
MAX_SHORT_TEXT_CHARACTERS = _max_length(ShortText)


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


TokenKind = Literal["title", "heading", "questions", "paragraph", "item", "dialogue", "blockquote", "question",
                    "image"]


@dataclass(frozen=True)
class Token:
    """One line of the article once boilerplate is gone, and what it is."""

    kind: TokenKind
    text: str = ""
    image: DraftImage | None = None


LineKind = Literal["text", "heading", "blockquote", "item", "image"]


@dataclass(frozen=True)
class Line:
    """One line of the article as read: text, or what its Markdown made it (a heading, a block quote, a list item,
    a picture)."""

    text: str
    kind: LineKind = "text"
    level: int = 0
    """A Markdown heading's level: 1 for a title."""
    image: DraftImage | None = None


_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
_NAME_WORD = rf"[{_UPPER}][\w.’'\-]*"
_PARTICLE = r"(?:al|bin|da|de|del|della|der|di|du|ibn|la|le|van|von|y)"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)*{_NAME_WORD})*"
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_SENTENCE_STOPS = (".", "!", "?", "…")
_CLOSING_MARKS = "”’\"')]»*_"
_OPENING_MARKS = "“‘\"'(«"

_BYLINE = re.compile(rf"^By\s+(?P<author>{_NAME}(?:\s+(?:and|&)\s+{_NAME})*)(?:\s*,\s*(?P<rest>\S.*))?$")
_GLUED_AFFILIATION = re.compile(rf"(?<=[a-zß-öø-ÿ])(?=[{_UPPER}][\w’'\-]*(?:\s|,|$))")
_NAME_PREFIXES = frozenset("Mc Mac Fitz De Di Da Du La Le Van Von".split())
_DEGREE = re.compile(r"^(?:Ph\.?\s?D|D\.?Phil|Ed\.?D|M\.?A|M\.?Sc?|M\.?D|J\.?D|B\.?A)\.?(?![a-z])\s*,?\s*")
_ROLE = re.compile(r"(?:^|\s)(?:writer|editor|contributor|correspondent|reporter|journalist|author|columnist|staff)s?$",
                   re.IGNORECASE)
_AFFILIATION_WORDS = re.compile(r"\b(?:University|Universit[éà]|College|Institute|School|Academy|Museum|Library|"
                                r"Society|Cent(?:er|re)|Foundation|Laboratory|Seminary|Conservatory)\b")
_PUBLISHED = r"(?:Published|Updated|Posted)(?: on)?:?\s*"
# A bare "May 1968" may be a heading; only a full date or a "Published …" line is the article's own date.
_FULL_DATE = rf"(?:\d{{1,2}} (?:{_MONTHS})|(?:{_MONTHS}) \d{{1,2}},) (?P<year>\d{{4}})|(?P<iso>\d{{4}})-\d\d-\d\d"
_DATE_LINE = re.compile(rf"^(?:{_PUBLISHED}(?:(?:{_MONTHS}) )?(?P<stated>\d{{4}})|(?:{_PUBLISHED})?(?:{_FULL_DATE}))$")
_DATE_MENTION = re.compile(rf"\b(?:(?P<month>{_MONTHS})\s+(?:\d{{1,2}},\s+)?(?:of\s+)?)?(?P<year>1\d{{3}}|20\d\d)\b")
_COURSE_LABEL = r"^FROM THE (?:LECTURE |VIDEO |AUDIO )?(?:SERIES|COURSE)\s*"
_COURSE_LINE = re.compile(rf"{_COURSE_LABEL}:\s*(?P<series>\S.*)$", re.IGNORECASE)
_COURSE_LABEL_ALONE = re.compile(rf"{_COURSE_LABEL}:?$", re.IGNORECASE)
_PROMOTION = re.compile(r"^This (?:is an? (?:transcript|excerpt)|(?:article|lesson|piece|post|story|content) "
                        r"(?:comes|came|is (?:taken|adapted|drawn|excerpted)|was (?:taken|adapted|drawn))"
                        r"(?: directly)?) from (?:(?:the )?(?:content|material)s? (?:in|of|from) )?"
                        r"the (?:video |audio |lecture )?(?:series|course)\s+(?P<series>.+?)\s*"
                        r"(?:Watch it now,?\s+(?:on|at)\s+(?P<platform>[^.]+?)\.?)?$", re.IGNORECASE)
_LEARN_MORE = re.compile(r"^Learn more (?:about|on)\b", re.IGNORECASE)
_KEEP_READING = re.compile(r"^Keep reading:?$", re.IGNORECASE)
_PICTURE_KINDS = "Image|Photo|Photograph|Picture|Illustration|Credit"
_CREDIT_IN_PARENTHESES = re.compile(rf"\s*\((?P<credit>(?:{_PICTURE_KINDS})s?(?::|\s+(?:by|courtesy of)\b)"
                                    r"\s*[^()]+(?:\([^()]*\)[^()]*)*)\)$")
_CREDIT_LINE = re.compile(rf"^(?:(?:{_PICTURE_KINDS})s?\s+(?:by|courtesy of)\s|(?:(?:{_PICTURE_KINDS})s?\s+)?"
                          r"[Cc]redits?:|(?:Image|Photo|Photograph|Picture|Illustration)s?:)\s*\S.*$")
_DESCRIBES_PICTURE = re.compile(r"^(?:(?:An?|The)\s+)?(?:(?:old|early|historic(?:al)?|vintage|black-and-white|colou?r"
                                r"|aerial|close-up|stock|\d{4}s?)\s+)*(?:image|illustration|photo|photograph|picture"
                                r"|portrait|painting|drawing|map|engraving|etching|woodcut|lithograph|sketch|cartoon"
                                r"|poster|statue|bust|sculpture|mural|fresco|mosaic|diagram|screenshot|rendering"
                                r"|depiction|view)s?\s+(?:of|showing|from|depicting)\b", re.IGNORECASE)
_QUESTION_LINE = re.compile(r"^Q:\s*(?P<prompt>\S.*)$")
_ANSWER_PREFIX = re.compile(r"^A:\s*")
_SPEAKER_LABEL = re.compile(r"^[A-Z][A-Z.’'\-]+(?:\s+[A-Z][A-Z.’'\-]+)*:(?:\s|$)")
_QUESTIONS_HEADING = re.compile(r"^(?:Common|Frequently Asked) Questions\b|^FAQs?$", re.IGNORECASE)
_DIVIDER = re.compile(r"^(?:-{3,}|\*{3,}|_{3,}|={3,})$")

_SPEECH_VERBS = ("said|says|told|tells|wrote|writes|complained|declared|announced|argued|stated|explained|remarked|"
                 "warned|insisted|noted|observed|recalled|replied|answered|asked|proclaimed|added|admitted|boasted|"
                 "claimed|cried|exclaimed|joked|promised|protested|reported|shouted|urged|put it")
# Verbs that report words without naming whose they are for sure: "the paper defended Stalin as ‘…’".
_REPORTING_VERBS = re.compile(rf"\b(?:{_SPEECH_VERBS}|calls|called|describes|described|defends|defended|praised|"
                              r"hailed|welcomed|dismissed|ridiculed|condemned|denounced|labell?ed|dubbed|branded|"
                              r"termed|published|printed|quoted|cited|accused|critici[sz]ed|attacked|mocked|lamented|"
                              r"celebrated|referred to)\b")
_SPEAKER_BEFORE_VERB = re.compile(rf"(?P<name>{_NAME})\s+(?:[a-z]+ly\s+)?(?:{_SPEECH_VERBS})\b")
_VERB_BEFORE_SPEAKER = re.compile(rf"\b(?:said|says|asked|replied|added|wrote|recalled)\s+(?P<name>{_NAME})")
_SUBJECT_BEFORE_VERB = re.compile(rf"(?P<name>{_NAME})\s+(?:[a-z]+ly\s+)?(?:[a-z]+ed|had|has|was|is|would|will|"
                                  rf"could|did|gave|spoke|sent|began|made|took|wrote|said|told)\b")
_INSTITUTION_NAME = re.compile(rf"{_NAME}(?:\s+(?:of|of the|for)\s+{_NAME})*")
_PREPOSITION_BEFORE = re.compile(r"\b(?:in|at|to|of|from|for|on|with|near|by|into|across)\s+(?:the\s+)?$")
_NOT_NAMES = frozenset("A An The This That These Those It He She They We I You One No Nobody Someone Everyone "
                       "In On At As After Before When While Then But And Or So Yet For Of To By With From During "
                       "Later Soon Still Once Here There Now Many Some Most Few His Her Their Its Our".split())
_DOUBLE_QUOTED = re.compile(r"“(?P<curly>[^“”]+)”|\"(?P<straight>[^\"]+)\"")
_SINGLE_QUOTED = re.compile(r"(?<!\w)‘(?P<curly>[^‘’]+(?:’\w[^‘’]*)*)’(?!\w)"
                            r"|(?<![\w'])'(?P<straight>[^'\n]+?(?:'\w[^'\n]*?)*)'(?![\w'])")
_SENTENCE_BOUNDARY = re.compile(rf"(?:(?<=[.!?…])|(?<=[.!?…][”’\"]))\s+(?=[“‘\"{_UPPER}0-9])")
_SLUG_FILLER_WORDS = frozenset("a an the of to and or in on at did do does is was were be".split())
_TITLE_SMALL_WORDS = frozenset("a an the of to and or in on at for by with from as nor but".split())
MAX_SCARE_TERM_WORDS = 2
"""A quoted phrase this short ('candy bombers') is a term the article uses, not somebody's words."""
MAX_HEADING_WORDS = 15
MAX_CAPTION_WORDS = 25
MAX_GUESSED_NAME_WORDS = 5
# What the deck's smallest sizes still fit beside a draft's TODO text: a title (a heading, a speaker after
# "Source 1: ") on two lines, a quote or a discussion question on one slide.
MAX_HEADING_CHARACTERS = 100
MAX_NAME_CHARACTERS = 60
MAX_SLIDE_TEXT_CHARACTERS = 700


def parse_article(text: str, *, markdown: bool = False) -> Article:
    """Return what a draft lesson needs from an article: title, source details, sections, quotes and questions."""
    blocks = read_markdown(text) if markdown else group_lines(text)
    tokens, source = tokenize(blocks, markdown=markdown)
    title = next((token.text for token in tokens if token.kind == "title"), None)
    sections, questions = assemble_sections(tokens)
    text_tokens = [token for token in tokens if token.kind not in ("title", "image", "questions")]
    cut_off = bool(text_tokens) and not ends_a_sentence(text_tokens[-1].text)
    dates = sorted({date for section in sections for paragraph in section.paragraphs
                    for date in dates_mentioned(paragraph)})
    return Article(title, source, sections, questions, dates, cut_off)


def group_lines(text: str) -> list[list[Line]]:
    """Return the plain-text article's runs of adjacent non-blank lines, wrapped lines joined, dividers gone."""
    blocks: list[list[str]] = [[]]
    for line in text.lstrip("\ufeff").splitlines():
        line = line.strip()
        if line and not _DIVIDER.match(line):
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [[Line(line) for line in _join_wrapped_lines(block)] for block in blocks if block]


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


def read_markdown(text: str) -> list[list[Line]]:
    """Return the Markdown article's blocks as lines: each heading, paragraph, list item, code block and block quote
    (one line for the whole quote); raw HTML is left out and inline marks (emphasis, links) are dropped."""
    blocks: list[list[Line]] = []
    quote_depth = list_depth = 0
    quoted: list[str] = []
    tokens = MarkdownIt("commonmark").parse(text.lstrip("\ufeff"))
    for index, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open", "bullet_list_close", "ordered_list_close"):
            list_depth += 1 if token.type.endswith("open") else -1
        elif token.type == "blockquote_open":
            quote_depth += 1
        elif token.type == "blockquote_close":
            quote_depth -= 1
            if quote_depth == 0 and quoted:
                blocks.append([Line(" ".join(quoted), "blockquote")])
                quoted = []
        elif token.type in ("inline", "fence", "code_block"):
            if token.type == "inline":
                lines = _inline_lines(token.children or [])
            else:  # code is rare in an article; its lines are kept as the text of one paragraph
                lines = [Line(" ".join(line.strip() for line in token.content.splitlines() if line.strip()))]
            lines = [line for line in lines if line.text or line.image]
            if quote_depth:
                quoted += [line.text for line in lines if line.text]
            elif lines and tokens[index - 1].type == "heading_open":
                level = int(tokens[index - 1].tag[1:])
                blocks.append([Line(" ".join(line.text for line in lines), "heading", level=level)])
            elif lines:
                blocks.append([replace(line, kind="item") if list_depth and line.kind == "text" else line
                               for line in lines])
    return blocks


def _inline_lines(children: list[MarkdownToken]) -> list[Line]:
    """Return a paragraph's lines: a picture, a caption with its credit and a "Q: …" line each stand on their own;
    the other lines are joined, as Markdown joins them."""
    lines: list[Line] = []
    for segment in _split_at_line_breaks(children):
        images = [token for token in segment if token.type == "image"]
        text = _inline_text(segment)
        if not text and not images:
            continue
        if images and not text:
            lines += [Line(_inline_text(image.children or []), "image", image=_markdown_image(image))
                      for image in images]
        elif lines and lines[-1].kind == "text" and not _stands_alone(lines[-1].text) and not _stands_alone(text):
            lines[-1] = Line(f"{lines[-1].text} {text}")
        else:
            lines.append(Line(text))
    return lines


def _split_at_line_breaks(children: list[MarkdownToken]) -> list[list[MarkdownToken]]:
    segments: list[list[MarkdownToken]] = [[]]
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            segments.append([])
        else:
            segments[-1].append(child)
    return segments


def _inline_text(children: list[MarkdownToken]) -> str:
    """Return the words of inline Markdown: text, code and link text, without marks, HTML tags or pictures."""
    parts = [child.content for child in children if child.type in ("text", "code_inline")]
    return "".join(parts).strip()


def _stands_alone(text: str) -> bool:
    return _is_credit(text) or bool(_QUESTION_LINE.match(text))


def _markdown_image(token: MarkdownToken) -> DraftImage:
    source = str(token.attrGet("src") or "")
    file_name = PurePosixPath(urlparse(source).path).name or "TODO.jpg"
    alt = _inline_text(token.children or [])
    return DraftImage(alt=alt or "TODO: what the picture shows", caption=str(token.attrGet("title") or "") or None,
                      file=f"assets/images/{file_name}")


def _is_credit(line: str) -> bool:
    return bool(_CREDIT_IN_PARENTHESES.search(line)) or _is_credit_line(line)


def _is_credit_line(line: str) -> bool:
    return bool(_CREDIT_LINE.match(line)) and len(line.split()) <= 12 and not line.endswith(".")


def tokenize(blocks: list[list[Line]], *, markdown: bool = False) -> tuple[list[Token], SourceDetails]:
    """Return the article's lines as tokens, and the source details gathered from its byline and boilerplate."""
    tokens: list[Token] = []
    source = SourceDetails()
    series_follows = False
    for block in blocks:
        for item in _captions_as_images(block, tokens):
            if isinstance(item, DraftImage):
                tokens.append(Token("image", image=item))
                continue
            if _KEEP_READING.match(item.text):
                return _demote_trailing_heading(tokens), source
            if series_follows:
                series_follows = False
                if len(item.text.split()) <= MAX_HEADING_WORDS and not item.text.endswith("."):
                    source = replace(source, series=source.series or _short_text(_unquoted(item.text)))
                    continue
            if _COURSE_LABEL_ALONE.match(item.text):
                series_follows = True
                continue
            in_header = all(token.kind in ("title", "image") for token in tokens)
            source, is_boilerplate = _read_source_details(item.text, source, in_header=in_header)
            if not is_boilerplate:
                has_title = any(token.kind == "title" for token in tokens)
                may_be_title = not has_title and (not tokens or (markdown and in_header))
                tokens += _within_limits(_classify(item, markdown=markdown, may_be_title=may_be_title))
    return _demote_trailing_heading(tokens), source


def _captions_as_images(block: list[Line], earlier_tokens: list[Token]) -> list[Line | DraftImage]:
    """Return the block with each caption (a short line and its credit line, or a credit line alone) as one image.

    A credit line that opens the block belongs to the picture just before it, or to the line before it when that
    line describes a picture ("Image of …"); those are taken from earlier_tokens."""
    items: list[Line | DraftImage] = []
    for line in block:
        if line.kind == "image" and line.image is not None:
            items.append(line.image)
        elif line.kind == "text" and _is_credit(line.text):
            if not items and earlier_tokens:
                items += _described_picture(earlier_tokens)
            items.append(_caption_image(line.text, items))
        else:
            items.append(line)
    return items


def _described_picture(tokens: list[Token]) -> list[Line | DraftImage]:
    """Take and return the last token when it is a picture without a credit or a line that describes a picture."""
    last = tokens[-1]
    if last.kind == "image" and last.image is not None and last.image.credit is None:
        tokens.pop()
        return [last.image]
    describes_picture = bool(_DESCRIBES_PICTURE.match(last.text)) and _could_be_caption(last.text)
    if last.kind in ("heading", "paragraph", "item") and describes_picture:
        tokens.pop()
        return [Line(last.text)]
    return []


def _caption_image(credit_line: str, earlier: list[Line | DraftImage]) -> DraftImage:
    """Return the image a credit line belongs to, taking the line before it (or the image it follows) from earlier."""
    in_parentheses = _CREDIT_IN_PARENTHESES.search(credit_line)
    credit = in_parentheses["credit"] if in_parentheses else credit_line
    caption = credit_line[:in_parentheses.start()].strip() if in_parentheses else ""
    previous = earlier[-1] if earlier else None
    if isinstance(previous, DraftImage):
        earlier.pop()
        return replace(previous, caption=caption or previous.caption, credit=credit)
    description = None
    if isinstance(previous, Line) and previous.kind == "text" and _could_be_caption(previous.text):
        description = earlier.pop()
    alt = description.text if isinstance(description, Line) else caption or "TODO: what the picture shows"
    return DraftImage(alt=alt, caption=caption or None, credit=credit)


def _could_be_caption(line: str) -> bool:
    return (len(line.split()) <= MAX_CAPTION_WORDS and not line.endswith(":") and not _QUESTION_LINE.match(line)
            and not _SPEAKER_LABEL.match(line))


def _read_source_details(line: str, source: SourceDetails, *, in_header: bool) -> tuple[SourceDetails, bool]:
    """Return the source details with what this line adds, and whether the line is boilerplate to drop."""
    if course := _COURSE_LINE.match(line):
        return replace(source, series=source.series or _short_text(_unquoted(course["series"]))), True
    if promotion := _PROMOTION.match(line):
        series = _short_text(_unquoted(promotion["series"].rstrip(". ")))
        return replace(source, series=source.series or series, platform=source.platform or promotion["platform"]), True
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
    """Return author and affiliation from "By Name, Ph.D.University …", "By NameUniversity …" (the affiliation
    glued on) or "By Name, Staff Writer" (a role, no affiliation), else None."""
    match = _BYLINE.match(_unglued_byline(line))
    if match is None:
        return None
    rest = _DEGREE.sub("", match["rest"] or "").strip()
    if rest.endswith(".") or len(rest.split()) > MAX_HEADING_WORDS or (rest[:1].islower() and not _ROLE.search(rest)):
        return None
    author = _short_text(match["author"])
    return (author, _short_text(rest) if rest and not _ROLE.search(rest) else None) if author else None


def _unglued_byline(line: str) -> str:
    """Return a byline with a comma where the affiliation was glued to the name ("BaumUniversity" -> "Baum, U…")."""
    if not line.startswith("By "):
        return line
    name_end = line.find(",") if "," in line else len(line)
    for glue in _GLUED_AFFILIATION.finditer(line, 0, name_end):
        capital_run = re.search(rf"[{_UPPER}][^{_UPPER}\s]*$", line[:glue.start()])
        rest = line[glue.start():]
        if capital_run is None or capital_run.group() in _NAME_PREFIXES:
            continue
        if len(rest[:name_end - glue.start()].split()) > 1 or _AFFILIATION_WORDS.search(rest) or _ROLE.search(rest):
            return f"{line[:glue.start()]}, {rest}"
    return line


def _unquoted(text: str) -> str:
    return text.strip().strip("“”\"‘’'*_").strip()


def _short_text(text: str) -> str | None:
    """Return the text if a name or title field of a lesson can hold it, else None."""
    return text if 0 < len(text.strip()) <= MAX_SHORT_TEXT_CHARACTERS else None


def _name(text: str) -> str | None:
    """Return the name if a slide title can hold it, else None."""
    return text if 0 < len(text.strip()) <= MAX_NAME_CHARACTERS else None


def _classify(line: Line, *, markdown: bool, may_be_title: bool) -> Token:
    text = line.text
    if line.kind == "heading":
        if may_be_title and line.level == 1:
            return Token("title", text)
        return Token("questions" if _QUESTIONS_HEADING.match(text) else "heading", text)
    if line.kind in ("blockquote", "item"):
        return Token(line.kind, text)
    if (question := _QUESTION_LINE.match(text)) and len(question["prompt"]) <= MAX_SLIDE_TEXT_CHARACTERS:
        return Token("question", question["prompt"])
    if _SPEAKER_LABEL.match(text):
        return Token("dialogue", text)
    if not markdown and looks_like_heading(text):
        if may_be_title:
            return Token("title", text)
        return Token("questions" if _QUESTIONS_HEADING.match(text) else "heading", text)
    return Token("paragraph", text)


def _within_limits(token: Token) -> list[Token]:
    """Return the token as tokens a lesson and its slides can hold: a heading or title too long for a slide is a
    paragraph, a paragraph too long for a lesson's text is cut between sentences."""
    if token.kind in ("title", "heading", "questions") and len(token.text) > MAX_HEADING_CHARACTERS:
        token = Token("paragraph", token.text)
    if len(token.text) <= MAX_TEXT_CHARACTERS:
        return [token]
    return [Token(token.kind, part) for part in split_into_parts(token.text, MAX_TEXT_CHARACTERS)]


def split_into_parts(text: str, limit: int) -> list[str]:
    """Return the text cut into parts of at most limit characters, between sentences where it can, else words."""
    parts: list[str] = []
    for sentence in split_sentences(text):
        pieces = [sentence.strip()]
        while len(pieces[-1]) > limit:
            cut = pieces[-1].rfind(" ", 0, limit + 1)
            cut = cut if cut > 0 else limit
            pieces[-1:] = [pieces[-1][:cut].strip(), pieces[-1][cut:].strip()]
        for piece in pieces:
            if parts and len(parts[-1]) + 1 + len(piece) <= limit:
                parts[-1] += " " + piece
            elif piece:
                parts.append(piece)
    return parts


def looks_like_heading(line: str) -> bool:
    """Return True for a short line that starts like a title and does not end like a sentence or clause."""
    if not 1 <= len(line.split()) <= MAX_HEADING_WORDS or len(line) > MAX_HEADING_CHARACTERS:
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
        if open_question is not None and len(" ".join([*open_question.answer, token.text])) > MAX_TEXT_CHARACTERS:
            open_question = None  # the rest of an answer too long for a model answer stays in the section's text
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
            speaker = speaker_introduced_by(introduction)
            section.quotes += [DraftQuote(part, speaker, last_date) for part in quote_parts(token.text)]
            introduction = ""
        elif token.kind == "dialogue":
            section.paragraphs.append(token.text)
            introduction = ""
        elif token.kind in ("paragraph", "item"):
            section.paragraphs.append(token.text)
            introduction = token.text if token.kind == "paragraph" else ""  # a list item introduces no quote
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
                return _name(" ".join(words))
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
              if len(quoted_words(match).split()) > MAX_SCARE_TERM_WORDS]
    return sorted([*_DOUBLE_QUOTED.finditer(text), *single], key=lambda match: match.start())


def quoted_words(match: re.Match[str]) -> str:
    """Return the words inside a quotation found by _DOUBLE_QUOTED or _SINGLE_QUOTED, without the marks."""
    return next(text for text in match.groups() if text is not None)


def _mask_quotations(text: str) -> str:
    """Return text with the letters inside quotations replaced by x, so quoted words name no speaker or sentence."""
    for match in _quotations(text):
        start, end = match.span()
        text = text[:start] + re.sub(r"[^\W\d_]", "x", text[start:end]) + text[end:]
    return text


def inline_quotes(paragraph: str, last_date: str | None) -> tuple[list[DraftQuote], str | None]:
    """Return the paragraph's quotations whose sentence names a speaker, then those offered as candidates (a phrase
    of a few words in a sentence that reports words, "the paper defended Stalin as an ‘outstanding … fighter’")
    with their speaker left to check; and the last date mentioned so far."""
    quotes = []
    masked_paragraph = _mask_quotations(paragraph)
    offset = 0
    for sentence in split_sentences(paragraph):
        start = paragraph.index(sentence, offset)
        offset = start + len(sentence)
        masked_sentence = masked_paragraph[start:offset]
        last_date = (dates_mentioned(masked_sentence) or [last_date])[-1]
        speaker = speaker_named_in(masked_sentence)
        for match in _quotations(sentence):
            words = quoted_words(match).strip().rstrip(",")
            if not re.search(r"[^\W_]", words):
                continue
            if speaker is not None:
                quotes += [DraftQuote(part, speaker, last_date) for part in quote_parts(words)]
            elif is_candidate_quotation(words) and (reporting := _reporting_verb(masked_sentence, match.start())):
                guess = likely_speaker(masked_sentence[:reporting.start()])
                to_check = f"TODO: check the speaker ({guess}?)" if guess else None
                quotes += [DraftQuote(part, to_check, last_date) for part in quote_parts(words)]
    return quotes, last_date


def quote_parts(text: str) -> list[str]:
    """Return a quotation as one quote, or cut between sentences into quotes that each fit a slide."""
    return split_into_parts(text, MAX_SLIDE_TEXT_CHARACTERS)


def is_candidate_quotation(words: str) -> bool:
    """Return True for quoted words that may be somebody's: more than a term's few words, and not a name or a
    headline in title case ("Great Leap Forward", "Roads Open")."""
    found = re.findall(r"[^\W\d_][\w’'\-]*", words)
    significant = [word for word in found if word.lower() not in _TITLE_SMALL_WORDS]
    return len(found) > MAX_SCARE_TERM_WORDS and not all(word[0].isupper() for word in significant)


def _reporting_verb(sentence: str, quotation_start: int) -> re.Match[str] | None:
    """Return the verb reporting words nearest before the quotation (else the first after it), or None."""
    verbs = list(_REPORTING_VERBS.finditer(sentence))
    before = [verb for verb in verbs if verb.start() < quotation_start]
    return before[-1] if before else next(iter(verbs), None)


def likely_speaker(text: str) -> str | None:
    """Return the last name the text gives, a guess at whose words follow it ("the Board of Trade"); names after a
    preposition ("a newspaper in Cairo"), possessives and months are skipped."""
    guess = None
    for match in _INSTITUTION_NAME.finditer(text):
        if _PREPOSITION_BEFORE.search(text, 0, match.start()):
            continue
        words = match.group().split()
        while words and (words[0] in _NOT_NAMES or words[0] in _MONTHS.split("|")):
            words.pop(0)
        while words and words[-1] in _MONTHS.split("|"):
            words.pop()
        if words and not words[-1].endswith(("’s", "'s")) and len(words) <= MAX_GUESSED_NAME_WORDS:
            guess = " ".join(words)
    return _name(guess or "")


def render_draft(article: Article, source_name: str) -> str:
    """Return the draft lesson file for an article: every string quoted, every gap a commented TODO."""
    template = yaml_environment().get_template("draft-lesson.yaml.j2")
    return template.render(article=article, source_name=source_name)


def write_draft_lesson(article_path: Path, lessons_dir: Path, *, output: Path | None = None,
                       force: bool = False) -> Path:
    """Write the draft lesson for an article (default lessons/<slug of its title>.yaml) and return its path."""
    article = parse_article(_read_article(article_path), markdown=article_path.suffix.lower() in MARKDOWN_SUFFIXES)
    path = output or lessons_dir / f"{_file_slug(article.title or article_path.stem) or 'imported-lesson'}.yaml"
    if not re.match(ID_PATTERN, path.stem) or path.suffix != ".yaml":
        raise UsageError(f"'{path.name}' cannot be a lesson file; name it like lessons/cuban-missile-crisis.yaml "
                         "(lowercase letters, digits and hyphens)")
    if len(path.stem) > MAX_ID_LENGTH:
        raise UsageError(f"'{path.name}' is too long for a lesson file; name it with at most {MAX_ID_LENGTH} "
                         "characters before .yaml")
    if path.exists() and not force:
        raise UsageError(f"{path} already exists; choose another name with -o or add --force to overwrite it")
    draft = render_draft(article, article_path.name)
    _refuse_an_invalid_draft(draft, path.name, article_path)
    return write_atomically(path, draft)


def _file_slug(title: str) -> str:
    """Return the title's slug cut after a whole word so that it fits a lesson id."""
    words = slug(title).split("-")
    while len("-".join(words)) > MAX_ID_LENGTH and len(words) > 1:
        words.pop()
    return "-".join(words)[:MAX_ID_LENGTH].strip("-")


def _refuse_an_invalid_draft(draft: str, file_name: str, article_path: Path) -> None:
    """Raise UsageError, naming the first problem, if the lesson loader would not accept the draft as it is."""
    size = len(draft.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        raise UsageError(f"cannot draft a lesson from {article_path}: its draft would be {size:,} bytes, more than a "
                         f"lesson file may hold ({MAX_FILE_BYTES:,}); import the article in parts")
    with tempfile.TemporaryDirectory() as folder:
        probe = Path(folder) / "lessons" / file_name
        probe.parent.mkdir()
        probe.write_text(draft, "utf-8")
        try:
            load_lesson(probe, CourseSettings(), Path(folder))
        except InvalidLesson as error:
            problem = error.problems[0]
            where = f"{problem.field}: " if problem.field else ""
            raise UsageError(f"cannot draft a lesson from {article_path}: the draft would not be valid ({where}"
                             f"{problem.message}); shorten or split the article") from None


def _read_article(path: Path) -> str:
    """Return the article's text, or raise UsageError if it is too big, not UTF-8 or holds control characters."""
    from generators.driver.files import NotARegularFile, read_bounded

    try:
        raw = read_bounded(path, MAX_ARTICLE_BYTES)
    except NotARegularFile as error:
        raise UsageError(error.explained(str(path), "import a text or Markdown file", "an article to import may be at "
                                         f"most {MAX_ARTICLE_BYTES:,} bytes (is this the right file? import a long "
                                         "text in parts)")) from None
    except OSError as error:
        raise UsageError(f"cannot read the article {path}: {error.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{path} is not UTF-8 text; save the article as plain text (UTF-8) or Markdown") from None
    if (control := NOT_IN_XML.search(text)) is not None:
        line = text.count("\n", 0, control.start()) + 1
        column = control.start() - text.rfind("\n", 0, control.start())
        where = f"line {line}, column {column}"
        if control.group() == "\0":
            raise UsageError(f"{path} contains a NUL byte ({where}): it is not a text file; save the article as "
                             "plain text (UTF-8) or Markdown")
        raise UsageError(f"{path} contains the control character U+{ord(control.group()):04X} ({where}), which no "
                         "lesson can hold; delete it (it often comes with text pasted from another program)")
    return text
