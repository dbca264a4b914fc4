"""The deck on the web (slides.html) and the teacher's preview page (preview.html), drawn from the deck's own plan.

Each slide is drawn by the same SlideDrawing as the PowerPoint deck, onto an HtmlSlide canvas: every shape is
placed at the same position and size (as a share of the slide, so the slide scales with the window) and its text
is set at the same size and line height (in container units, a share of the slide's width).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from generators.formats.slides.drawing import ACTIVITY_NUMBER_SIZE, FOOTER_SIZE, SlideCanvas, SlideDrawing
from generators.formats.slides.plan import SMALL_SIZES, Box, Paragraphs, Slide
from generators.text.fitting import font_metrics
from generators.text.fonts import FONT_FAMILIES
from generators.text.languages import EAST_ASIAN_TEXT, script_language

if TYPE_CHECKING:
    from generators.formats.slides.pptx_writer import DeckWriter
    from generators.view.lesson_view import LessonView

@dataclass
class DrawnSlide:
    """One slide as HTML: its number, plan (title, notes, minutes) and the markup of its shapes."""

    number: int
    plan: Slide
    markup: str

    @property
    def notes_heading(self) -> str:
        """The first line of its notes: activity, grouping and minutes (or Opening, Closing, Appendix)."""
        return self.plan.notes.split("\n", 1)[0]

    @property
    def notes_body(self) -> str:
        return self.plan.notes.split("\n", 1)[1] if "\n" in self.plan.notes else ""


class HtmlSlide(SlideCanvas):
    """One slide's shapes as absolutely placed HTML, in reading order: the title a real heading, the timeline's
    line and dots hidden from screen readers (the labels say what they show), pictures with their alt text."""

    def __init__(self, deck: DeckWriter, plan: Slide, number: int, images: dict[str, str], title_tag: str) -> None:
        self.deck = deck
        self.plan = plan
        self.number = number
        self.images = images
        self.title_tag = title_tag
        self.width = deck.geometry.width
        self.height = deck.geometry.height
        self.shapes: list[str] = []

    def render(self) -> DrawnSlide:
        SlideDrawing(self.deck, self.plan, self.number, self).draw()
        return DrawnSlide(self.number, self.plan, "\n".join(self.shapes))

    # --- units ---------------------------------------------------------------------------------------------------

    def _length(self, points: float) -> str:
        """A length in container units: a share of the slide's width, so text scales with the slide."""
        return f"{points / self.width * 100:.4f}cqw"

    def _place(self, box: Box) -> str:
        return (f"left:{box.left / self.width * 100:.4f}%;top:{box.top / self.height * 100:.4f}%;"
                f"width:{box.width / self.width * 100:.4f}%;height:{box.height / self.height * 100:.4f}%")

    def _text(self, text: str) -> str:
        """Escape text, marking runs in Chinese, Japanese or Korean script with their language."""
        pieces, start = [], 0
        for match in EAST_ASIAN_TEXT.finditer(text):
            pieces.append(escape(text[start:match.start()]))
            language = script_language(match.group())
            pieces.append(f'<span lang="{language}">{escape(match.group())}</span>' if language
                          else escape(match.group()))
            start = match.end()
        pieces.append(escape(text[start:]))
        return "".join(pieces)

    def _paragraph_style(self, size: float, bold: bool, space_before: float = 0.0, color: str | None = None,
                         family: str | None = None) -> str:
        """Return a paragraph's size, line height (the font's own, as the deck fixes it), weight, space and colour."""
        line = font_metrics(family or self.deck.course.fonts.body, bold).line_height * size
        style = f"font-size:{self._length(size)};line-height:{self._length(line)}"
        if bold:
            style += ";font-weight:700"
        if space_before:
            style += f";margin-top:{self._length(space_before * line)}"
        if color:
            style += f";color:{color}"
        return style

    def _paragraphs(self, text: Paragraphs, first_color: str | None = None) -> str:
        """Fitted paragraphs: those with an indent as a bulleted list, the rest as paragraphs."""
        parts: list[str] = []
        in_list = False
        for index, block in enumerate(text.blocks):
            size = text.sizes[index] if text.sizes else text.size
            style = self._paragraph_style(size, block.bold, block.space_before,
                                          first_color if index == 0 else None)
            if block.indent and not in_list:
                parts.append("<ul>")
                in_list = True
            elif not block.indent and in_list:
                parts.append("</ul>")
                in_list = False
            if block.indent:
                style += f";--indent:{self._length(block.indent * size)}"
                parts.append(f'<li style="{style}">{self._text(block.text)}</li>')
            else:
                parts.append(f'<p style="{style}">{self._text(block.text)}</p>')
        if in_list:
            parts.append("</ul>")
        return "".join(parts)

    def _frame(self, box: Box, inner: str, classes: str, anchor: str = "top", inset: float | None = None,
               style: str = "") -> None:
        """Add a text frame: its box, its insets, its text anchored to the top, middle or bottom."""
        inset = box.inset if inset is None else inset
        self.shapes.append(f'<div class="shape {classes} anchor-{anchor}" style="{self._place(box)};'
                           f'padding:{self._length(inset)}{style}">{inner}</div>')

    # --- the shapes SlideDrawing places --------------------------------------------------------------------------

    def band(self, box: Box) -> None:
        self.shapes.append(f'<div class="shape band" aria-hidden="true" style="{self._place(box)};'
                           f'background:{self.deck.colors.primary}"></div>')

    def title(self, box: Box, size: int, color: str, anchor: str) -> None:
        style = self._paragraph_style(size, True, color=color, family=self.deck.course.fonts.heading)
        heading = (f'<{self.title_tag} id="slide-{self.number}-title" class="title" style="{style}">'
                   f"{self._text(self.plan.title)}</{self.title_tag}>")
        self._frame(box, heading, "title-box", anchor)

    def body(self, index: int, box: Box, text: Paragraphs) -> None:
        self._frame(box, self._paragraphs(text), "body")

    def footer(self, box: Box, text: str) -> None:
        self._frame(box, f'<p style="{self._paragraph_style(FOOTER_SIZE, False)}">{self._text(text)}</p>', "footer",
                    "middle", 3.6)

    def slide_number(self, box: Box, number: int) -> None:
        self._frame(box, f'<p style="{self._paragraph_style(FOOTER_SIZE, False)}" aria-hidden="true">{number}</p>',
                    "number right", "middle", 3.6)  # each slide is a section labelled by its title: said once is enough

    def activity_number(self, box: Box, number: int, label: str) -> None:
        large = (f'<p class="heading-font" style="font-size:{self._length(ACTIVITY_NUMBER_SIZE)};line-height:1;'
                 f'font-weight:700;color:{self.deck.colors.accent}" aria-hidden="true">{number}</p>')
        small = f'<p style="{self._paragraph_style(SMALL_SIZES.start, False)}">{escape(label)}</p>'
        self._frame(box, large + small, "activity-number right", "top", 0)

    def card(self, box: Box, number: int, text: Paragraphs) -> None:
        self._frame(box, self._paragraphs(text, first_color=self.deck.colors.primary), "card",
                    style=f";border-color:{self.deck.colors.primary}")

    def timeline_line(self, box: Box) -> None:
        self.shapes.append(f'<div class="shape line" aria-hidden="true" style="{self._place(box)};'
                           f'border-top-color:{self.deck.colors.accent}"></div>')

    def timeline_marker(self, box: Box, number: int, hollow: bool) -> None:
        colors = self.deck.colors
        fill = f"background:{colors.background};border-color:{colors.accent}" if hollow else \
            f"background:{colors.accent};border-color:{colors.accent}"
        self.shapes.append(f'<div class="shape marker{" hollow" if hollow else ""}" aria-hidden="true" '
                           f'style="{self._place(box)};{fill}"></div>')

    def timeline_label(self, box: Box, number: int, text: Paragraphs, above: bool) -> None:
        self._frame(box, self._paragraphs(text), "label center", "bottom" if above else "top", 3.6)

    def picture(self, box: Box, image_file: str, alt: str | None, decorative: bool) -> None:
        self.shapes.append(f'<img class="shape picture" style="{self._place(box)}" src="{self.images[image_file]}" '
                           f'alt="{"" if decorative else escape(alt or "", quote=True)}">')


def drawn_slides(deck: DeckWriter, plans: list[Slide], images: dict[str, str], first_title_tag: str,
                 title_tag: str) -> list[DrawnSlide]:
    """Return every slide drawn as HTML, in order."""
    return [HtmlSlide(deck, plan, number, images, first_title_tag if number == 1 else title_tag).render()
            for number, plan in enumerate(plans, start=1)]


def font_stack(family: str) -> Markup:
    """Return the CSS font stack of a bundled family: itself, the Office font with its metrics, then fallbacks
    (markup: the names come from our own table of fonts, and their quotes must reach the style sheet as they are)."""
    names = dict.fromkeys([family, FONT_FAMILIES[family].office_name, "Droid Sans Fallback", "Microsoft YaHei"])
    return Markup(", ".join(f'"{name}"' for name in names) + ", sans-serif")


MATERIAL_GROUPS = (("For the teacher", ("lesson-plan", "answer-key", "quiz-key", "overview", "exit-tickets")),
                   ("For students", ("handout", "worksheet", "quiz", "slides")),
                   ("For other tools", ("exports/",)))


def _materials(view: LessonView) -> list[tuple[str, list[dict]]]:
    """Return every file of the lesson but this page, grouped for the teacher: those a browser shows open in the
    page's viewer, the rest (the deck, the exports) are links to download."""
    from generators.formats.registry import output_files

    groups: dict[str, list[dict]] = {group: [] for group, _ in MATERIAL_GROUPS}
    for name in output_files():
        if name == "preview.html":
            continue
        group = next((group for group, starts in MATERIAL_GROUPS if name.startswith(starts)), "For students")
        groups[group].append({"href": name, "label": material_label(name),
                              "viewable": name.endswith((".html", ".pdf"))})
    return [(group, files) for group, files in groups.items() if files]


FILE_KINDS = {".pdf": "PDF", ".html": "web", ".pptx": "PowerPoint", ".md": "Markdown", ".gift": "Moodle GIFT",
              ".xml": "Moodle XML", ".zip": "Canvas QTI", ".tsv": "Quizlet", ".apkg": "Anki", ".xlsx": "Kahoot"}


def material_label(name: str) -> str:
    """Return a file's name as the teacher reads it: 'worksheet-support.pdf' -> 'Worksheet support (PDF)'."""
    path = Path(name)
    words = path.stem.replace("-", " ")
    return f"{words[:1].upper()}{words[1:]} ({FILE_KINDS.get(path.suffix, path.suffix.lstrip('.'))})"


def deck_pages(deck: DeckWriter) -> dict[str, str]:
    """Return slides.html and preview.html for a deck that has been rendered (its plan and title sizes are set)."""
    from generators.formats.html import data_uri
    from generators.formats.slides import deck_plan
    from generators.text.templating import html_environment

    view = deck.loaded
    plans = deck_plan(view, deck.geometry)
    images = {plan.image_file: data_uri(view.project_root / plan.image_file) for plan in plans
              if plan.kind == "image"}
    colors = deck.colors
    style = {"body_font": font_stack(deck.course.fonts.body), "heading_font": font_stack(deck.course.fonts.heading),
             "width": f"{deck.geometry.width:g}", "height": f"{deck.geometry.height:g}",
             "background": colors.background, "text": colors.text, "primary": colors.primary}
    environment = html_environment()
    first_slides = {}
    for number, plan in enumerate(plans, start=1):
        if plan.step is not None:
            first_slides.setdefault(plan.step, number)
    schedule = [{"start": window.start, "end": window.end, "name": window.activity.name,
                 "grouping": window.activity.grouping, "first_slide": first_slides.get(window.index, 1)}
                for window in view.schedule]
    materials = _materials(view)
    return {
        "slides.html": environment.get_template("slides.html.j2").render(
            lesson=view.lesson, deck=style, slides=drawn_slides(deck, plans, images, "h1", "h2")),
        "preview.html": environment.get_template("preview.html.j2").render(
            lesson=view.lesson, deck=style, slides=drawn_slides(deck, plans, images, "h3", "h3"),
            schedule=schedule, materials=materials, first_material="lesson-plan.pdf"),
    }
