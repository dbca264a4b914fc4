"""Shared reportlab machinery for printed documents: embedded fonts with fallbacks, text as data, page furniture."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Table, TableStyle
from reportlab.platypus import Paragraph as ReportlabParagraph

from generators.model.lesson import format_date
from generators.model.problems import InvalidLesson, Problem
from generators.reading.yaml_source import YamlPath
from generators.text.font_files import font_coverage
from generators.text.fonts import FALLBACK_FONTS, FONT_FAMILIES, FONTS_DIR
from generators.view.lesson_view import LessonView

MARGIN = 0.5 * inch
FOOTER_HEIGHT = 0.55 * inch
HEADER_HEIGHT = 0.3 * inch
INK = colors.black
GREY = colors.Color(0.35, 0.35, 0.35)
LIGHT = colors.Color(0.6, 0.6, 0.6)
RULE_SPACING = 0.28 * inch  # college rule (7.1 mm), what high-school students write on


def _to_unicode_cmap(font_name: str, subset: list[int]) -> str:
    """Return the ToUnicode map of a font subset: which character each code in the PDF stands for.

    This is reportlab's makeToUnicodeCMap with one fix: a character beyond U+FFFF (an emoji) is written as the
    UTF-16 pair PDF readers expect, not as five hex digits, so it copies out of the PDF and is read aloud as
    itself. Characters up to U+FFFF are written exactly as before.
    """
    pairs = [f"<{code:02X}> <{chr(value).encode('utf-16-be', 'surrogatepass').hex().upper()}>"
             for code, value in enumerate(subset)]
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({font_name})", f"/Ordering ({font_name})", "/Supplement 0", ">> def",
        f"/CMapName /{font_name} def", "/CMapType 2 def", "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange", f"{len(subset)} beginbfchar", *pairs, "endbfchar", "endcmap",
        "CMapName currentdict /CMap defineresource pop", "end", "end",
    ])


ttfonts.makeToUnicodeCMap = _to_unicode_cmap  # reportlab looks it up here each time it embeds a subset


class Paragraph(ReportlabParagraph):
    """A reportlab Paragraph that keeps its line breaks for each width it is given.

    A frame, a table and KeepTogether each ask a paragraph for its size, often at the same width: reportlab
    breaks the lines again every time (more than half of all line breaking). The result depends on the width
    alone, so the attributes a first wrap sets are kept and restored for the same width.
    """

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (reportlab's names)
        known = self.__dict__.setdefault("_wrapped_at", {})
        if availWidth in known:
            size, attributes = known[availWidth]
            self.__dict__.update(attributes)
            return size
        before = dict(self.__dict__)
        size = super().wrap(availWidth, availHeight)
        known[availWidth] = size, {name: value for name, value in self.__dict__.items()
                                   if name not in before or before[name] is not value}
        return size


def _font_name(family: str, style: str = "regular") -> str:
    return f"LK-{family.replace(' ', '')}-{style}"


def register_family(family: str) -> str:
    """Register a bundled family's regular and bold faces with reportlab once; return the regular face's name.

    Printed documents set no italics (hard to read on a copier), so <i> maps to the upright faces and the
    italic files are never parsed.
    """
    regular, bold = _font_name(family), _font_name(family, "bold")
    if regular not in pdfmetrics.getRegisteredFontNames():
        faces = FONT_FAMILIES[family]
        pdfmetrics.registerFont(TTFont(regular, str(faces.path("regular"))))
        pdfmetrics.registerFont(TTFont(bold, str(faces.path("bold"))))
        pdfmetrics.registerFontFamily(regular, normal=regular, bold=bold, italic=regular, boldItalic=bold)
    return regular


def register_fallback(name: str) -> str:
    """Register a fallback font (see fonts.FALLBACK_FONTS) with reportlab once; return its font name."""
    font_name = f"LK-fallback-{name.replace(' ', '')}"  # never the name register_family uses for the same file
    if font_name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(font_name, str(FONTS_DIR / FALLBACK_FONTS[name][0])))
    return font_name


class PrintText:
    """Turns lesson text into reportlab paragraph markup that prints exactly as typed, in fonts that have each glyph.

    Problems (characters no bundled font has) are collected with their place in the lesson and raised together
    by check(), before any file is written.
    """

    def __init__(self, loaded: LessonView) -> None:
        self.loaded = loaded
        self.family = loaded.course.fonts.body
        self.font = register_family(self.family)
        self.heading_font = register_family(loaded.course.fonts.heading)
        self.coverage = font_coverage(FONT_FAMILIES[self.family].regular)
        self.problems: list[Problem] = []
        self._fonts: dict[str, str | None] = {}

    def _font_for(self, character: str) -> str | None:
        """Return the fallback font to draw a character in, '' if the main font has it, None if no font has it."""
        if character not in self._fonts:
            self._fonts[character] = self._find_font(character)
        return self._fonts[character]

    def _find_font(self, character: str) -> str | None:
        code = ord(character)
        if code in self.coverage or character in "\n\t" or unicodedata.category(character) in ("Cc", "Cf", "Zs"):
            return ""
        for name, (file_name, _) in FALLBACK_FONTS.items():
            if code in font_coverage(file_name):  # known without parsing the font: only the ones used are read
                return register_fallback(name)
        return None

    def markup(self, text: str, path: YamlPath = ()) -> str:
        """Return paragraph markup for text: escaped, with runs the main font lacks set in a fallback font."""
        text = str(text)
        if self.coverage.issuperset(map(ord, text)):
            return escape(text)
        pieces: list[str] = []
        run_font, run = "", ""
        for character in text:
            font = self._font_for(character)
            if font is None:
                self.problems.append(self.loaded.problem(
                    path, f"the character '{character}' (U+{ord(character):04X}, "
                          f"{unicodedata.name(character, 'unnamed')}) is in none of the bundled fonts, so it cannot "
                          "be printed; replace it"))
                font = ""
            if font != run_font and run:
                pieces.append(self._span(run, run_font))
                run = ""
            run_font = font
            run += character
        if run:
            pieces.append(self._span(run, run_font))
        return "".join(pieces).replace("\n", "<br/>")

    @staticmethod
    def _span(text: str, font: str) -> str:
        escaped = escape(text)
        return f'<font face="{font}">{escaped}</font>' if font else escaped

    def check(self) -> None:
        """Raise InvalidLesson if any text could not be printed."""
        if self.problems:
            raise InvalidLesson(sorted(set(self.problems)))


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in _strings(item)]
    return []


def prepare(lessons: list[LessonView]) -> None:
    """Parse every font these lessons will print in, once, so that forked workers share the parsed fonts."""
    for loaded in lessons:
        text = PrintText(loaded)
        characters = set("".join(_strings([loaded.lesson.model_dump(), loaded.course.model_dump()])))
        for character in characters:
            text._font_for(character)


class Styles:
    """Paragraph styles for one document: body at 12 pt (or larger for the support edition), left-aligned."""

    def __init__(self, text: PrintText, body_size: float = 12, leading_factor: float = 1.3,
                 paragraph_space: float = 0.5) -> None:
        self.body_size = body_size
        font, bold = text.font, text.font.replace("-regular", "-bold")
        heading_bold = text.heading_font.replace("-regular", "-bold")
        leading = body_size * leading_factor
        self.body = ParagraphStyle("body", fontName=font, fontSize=body_size, leading=leading, alignment=TA_LEFT,
                                   spaceAfter=body_size * paragraph_space, textColor=INK)
        self.bold = ParagraphStyle("bold", parent=self.body, fontName=bold)
        self.title = ParagraphStyle("title", parent=self.body, fontName=heading_bold, fontSize=body_size + 10,
                                    leading=(body_size + 10) * 1.2, spaceAfter=6)
        self.heading = ParagraphStyle("heading", parent=self.body, fontName=heading_bold, fontSize=body_size + 4,
                                      leading=(body_size + 4) * 1.25, spaceBefore=body_size * 0.75, spaceAfter=4,
                                      keepWithNext=True)
        self.subheading = ParagraphStyle("subheading", parent=self.body, fontName=heading_bold,
                                         fontSize=body_size + 1, leading=(body_size + 1) * 1.25,
                                         spaceBefore=body_size * 0.6, spaceAfter=3, keepWithNext=True)
        self.bullet = ParagraphStyle("bullet", parent=self.body, leftIndent=16, bulletIndent=4, spaceAfter=3,
                                     bulletFontSize=body_size,
                                     bulletFontName=font)
        self.small = ParagraphStyle("small", parent=self.body, fontSize=9, leading=11, textColor=GREY, spaceAfter=0)
        self.caption = ParagraphStyle("caption", parent=self.body, leading=body_size * 1.15, spaceAfter=6)


def page_size(loaded: LessonView) -> tuple[float, float]:
    """Return the course's paper size in points."""
    return A4 if loaded.course.paper == "A4" else LETTER


class RuledLines(Flowable):
    """Lines to write on, the full width of the frame."""

    def __init__(self, count: int, spacing: float = RULE_SPACING, first_line: Paragraph | None = None) -> None:
        super().__init__()
        self.count = count
        self.spacing = spacing
        self.first_line = first_line
        """Words printed on the first line for the writer to go on from (a sentence starter)."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.count * self.spacing + 4

    def draw(self) -> None:
        self.canv.setStrokeColor(LIGHT)
        self.canv.setLineWidth(0.6)
        for index in range(1, self.count + 1):
            y = self.count * self.spacing + 4 - index * self.spacing
            self.canv.line(0, y, self.width, y)
        if self.first_line is not None:
            self.first_line.wrap(self.width, self.spacing)
            self.first_line.drawOn(self.canv, 0, self.count * self.spacing + 4 - self.spacing + 3)


def make_table(rows: list, font: str, commands: list, **options) -> Table:
    """Return a table styled with commands; every cell names our font, or reportlab falls back to Helvetica."""
    table = Table(rows, **options)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), font)] + commands))
    table.hAlign = "LEFT"
    return table


def student_header(text: PrintText, styles: Styles, title: str, subtitle: str | None = None,
                   title_path: YamlPath = ("title",)) -> list[Flowable]:
    """Return the name / date / period line and the document's title (title_path locates its problems)."""
    font = text.font
    cells = [["Name", "", "Date", "", "Period", ""]]
    table = make_table(cells, font, [
        ("FONT", (0, 0), (-1, -1), font, styles.body_size),
        ("LINEBELOW", (1, 0), (1, 0), 0.8, INK), ("LINEBELOW", (3, 0), (3, 0), 0.8, INK),
        ("LINEBELOW", (5, 0), (5, 0), 0.8, INK),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 2),
    ], colWidths=[0.55 * inch, 2.9 * inch, 0.45 * inch, 1.35 * inch, 0.6 * inch, 0.7 * inch],
        rowHeights=[0.32 * inch])
    flowables: list[Flowable] = [table, Paragraph("", styles.body),
                                 Paragraph(text.markup(title, title_path), styles.title)]
    if subtitle:
        flowables.append(Paragraph(subtitle, styles.bold))
    return flowables


def boxed(content: list[Flowable], font: str, padding: float = 8, line_width: float = 1.0) -> Table:
    """Return the flowables inside a single-cell table with a black border (prints clearly in black and white)."""
    return make_table([[content]], font, [
        ("BOX", (0, 0), (-1, -1), line_width, INK),
        ("LEFTPADDING", (0, 0), (-1, -1), padding), ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("TOPPADDING", (0, 0), (-1, -1), padding), ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
    ], colWidths=["100%"])


def source_box(text: PrintText, styles: Styles, quote, path: YamlPath, heading: str) -> Table:
    """Return a primary-source quote in a ruled box under a heading, with its speaker, date and source."""
    return boxed(source_card(text, styles, quote, path, heading), text.font, line_width=1.4)


def source_card(text: PrintText, styles: Styles, quote, path: YamlPath, heading: str) -> list[Flowable]:
    """Return a primary source as students read it: its label, a headnote (the situation), the words, who said them."""
    attribution = f"— {quote.speaker}, {format_date(quote.date)}. {quote.source}."
    card = [
        Paragraph(heading, styles.subheading),
        Paragraph(text.markup(quote.context, path + ("context",)), styles.body),
        Paragraph(text.markup(f"“{quote.text}”", path + ("text",)), styles.bold),
        Paragraph(text.markup(attribution, path + ("speaker",)), styles.body),
    ]
    if quote.glosses:
        card.append(Paragraph("<b>Words:</b> " + text.markup(glossary_line(quote), path + ("glosses",)), styles.body))
    return card


def glossary_line(quote) -> str:
    """Return a quotation's glosses as one line: 'word: meaning; word: meaning'."""
    return "; ".join(f"{gloss.word}: {gloss.meaning}" for gloss in quote.glosses)


class Mark(Flowable):
    """A place in a document that takes no room: render_pdf reports the page it lands on (a section's end, say)."""

    def __init__(self, mark: str) -> None:
        super().__init__()
        self.mark = mark

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


OUTLINE_LEVELS = {"heading": 0, "subheading": 1}
"""Paragraph styles that become bookmarks in the PDF's outline (the viewer's sidebar), at these levels."""


class _MarkedDocument(BaseDocTemplate):
    """A document that records the page of each flowable with a `mark` attribute, and bookmarks its headings."""

    marks: dict[str, int]
    outline_keys: list[str]
    outline_has_headings = False
    """Whether a heading has opened the outline: subheadings nest under headings, else stand at the top level."""

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (reportlab's name)
        mark = getattr(flowable, "mark", None)
        if mark is not None:
            self.marks.setdefault(mark, self.page)
        if isinstance(flowable, Paragraph) and flowable.style.name in OUTLINE_LEVELS:
            level = OUTLINE_LEVELS[flowable.style.name] if self.outline_has_headings else 0
            self.outline_has_headings |= level == 0 and flowable.style.name == "heading"
            key = f"outline-{len(self.outline_keys)}"
            self.outline_keys.append(key)
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.getPlainText()[:120], key, level=level, closed=False)


def render_pdf(loaded: LessonView, text: PrintText, story: list[Flowable], *, title: str,
               header_label: str | None = None, footer_label: str | None = None, with_footer: bool = True,
               decorate: Callable[[Canvas, BaseDocTemplate], None] | None = None,
               marks: dict[str, int] | None = None) -> bytes:
    """Lay out the story on the course's paper and return reproducible PDF bytes with page furniture on every page.

    Every page gets a footer with the source citation and 'Page X of Y'; header_label (e.g. 'Teacher copy') is
    printed at the top right of every page. When marks is given, it receives the page of every flowable that
    carries a `mark` (see Mark), by mark, so other documents can refer to the page.
    """
    text.check()
    width, height = page_size(loaded)
    citation = footer_label or f"Source: {loaded.lesson.source.citation()}"
    footer_style = ParagraphStyle("footer", fontName=text.font, fontSize=9, leading=11, textColor=GREY)
    footer = Paragraph(text.markup(citation, ("source",)), footer_style)  # laid out once, drawn on every page
    header_markup = text.markup(header_label) if header_label else None
    text.check()
    font = text.font
    bold = font.replace("-regular", "-bold")

    class NumberedCanvas(Canvas):
        """Holds pages back until the end so each footer can say 'Page X of Y'."""

        def __init__(self, *arguments, **options) -> None:
            options["initialFontName"] = font  # else an unused, unembedded Helvetica is referenced
            super().__init__(*arguments, **options)
            self._pages: list[dict] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._furniture(number, total)
                super().showPage()
            super().save()

        def _furniture(self, number: int, total: int) -> None:
            if not with_footer:
                return
            _, footer_height = footer.wrap(width - 2 * MARGIN - 1.1 * inch, FOOTER_HEIGHT)  # beside 'Page X of Y'
            footer.drawOn(self, MARGIN, MARGIN + FOOTER_HEIGHT - 12 - footer_height)
            self.setFont(font, 9)
            self.setFillColor(GREY)
            self.drawRightString(width - MARGIN, MARGIN + FOOTER_HEIGHT - 21, f"Page {number} of {total}")
            self.setStrokeColor(LIGHT)
            self.setLineWidth(0.5)
            self.line(MARGIN, MARGIN + FOOTER_HEIGHT - 6, width - MARGIN, MARGIN + FOOTER_HEIGHT - 6)
            if header_markup:
                self.setFont(bold, 12)
                self.setFillColor(INK)
                self.drawRightString(width - MARGIN, height - MARGIN - 11, header_label or "")

    buffer = io.BytesIO()
    document = _MarkedDocument(buffer, pagesize=(width, height), leftMargin=MARGIN, rightMargin=MARGIN,
                               topMargin=MARGIN + (HEADER_HEIGHT if header_label else 0),
                               bottomMargin=MARGIN + (FOOTER_HEIGHT if with_footer else 0),
                               title=title,
                               author=loaded.course.teacher or "", subject=loaded.lesson.title,
                               creator="Lessonkit", producer="Lessonkit (reportlab)", invariant=1,
                               lang=loaded.lesson.language, displayDocTitle=1)
    frame = Frame(document.leftMargin, document.bottomMargin, document.width, document.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    page_options = {"onPage": decorate} if decorate else {}
    document.addPageTemplates([PageTemplate(id="page", frames=[frame], **page_options)])
    document.marks = marks if marks is not None else {}
    document.outline_keys = []
    document.build(story, canvasmaker=NumberedCanvas)
    return buffer.getvalue()
