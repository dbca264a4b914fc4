"""Where every shape of a planned slide goes: one drawing, told to a canvas (PresentationML or HTML) shape by shape.

The PowerPoint writer and the web edition of the deck draw the same slides from the same plan through
SlideDrawing, so the two agree on order, text, sizes and positions; a canvas only decides how a shape is written.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING

from generators.formats.slides.plan import (
    ACTIVITY_NUMBER_WIDTH,
    SMALL_SIZES,
    ActivitySlide,
    Box,
    CardsSlide,
    ContentSlide,
    Geometry,
    ImageSlide,
    Paragraphs,
    SectionSlide,
    Slide,
    TimelineSlide,
    TitleSlide,
    card_blocks,
    image_text_box,
    picture_boxes,
    scaled_centres,
    timeline_label_box,
)
from generators.text.fitting import TextBlock, largest_fitting_size

if TYPE_CHECKING:
    from generators.formats.slides.pptx_writer import DeckWriter

FOOTER_SIZE = 12  # quiet: the footer only helps the teacher find a slide
TITLE_SLIDE_TITLE = Box(43.2, 118.8, 873.6, 129.6)
TITLE_BAND = Box(0, 0, 960.0, 262.8)  # the title slide's field of colour, down to the subtitle
ACTIVITY_NUMBER_SIZE = 96
TITLE_SLIDE_SUBTITLE = Box(43.2, 262.8, 873.6, 180.0)
SECTION_TITLE = Box(43.2, 165.6, 873.6, 129.6)
SECTION_SUBTITLE = Box(43.2, 309.6, 873.6, 64.8)
ROLE_OF_KIND = {"title": "title", "section": "section", "image": "two-content"}
TIMELINE_MARKER_GAP = 20.0


def title_kind(kind: str) -> str:
    """Return which title size a kind of slide shares: the title slide's, the dividers', or the rest's."""
    return kind if kind in ("title", "section") else "content"


class SlideCanvas(ABC):
    """What a slide is drawn on: one method per kind of shape, called in reading order, boxes in points."""

    @abstractmethod
    def band(self, box: Box) -> None:
        """The title slide's field of colour (decorative)."""

    @abstractmethod
    def title(self, box: Box, size: int, color: str, anchor: str) -> None:
        """The slide's title, in the heading font, bold, on one paragraph (layout placeholder 0)."""

    @abstractmethod
    def body(self, index: int, box: Box, text: Paragraphs) -> None:
        """Fitted paragraphs in the layout's placeholder of this index."""

    @abstractmethod
    def footer(self, box: Box, text: str) -> None:
        """Where the class is, quietly, at the foot of the slide."""

    @abstractmethod
    def slide_number(self, box: Box, number: int) -> None:
        """The slide's number, right-aligned."""

    @abstractmethod
    def activity_number(self, box: Box, number: int, label: str) -> None:
        """An activity's number, large, with 'activity N of M' under it (right-aligned)."""

    @abstractmethod
    def card(self, box: Box, number: int, text: Paragraphs) -> None:
        """A vocabulary card: a ruled box, its first paragraph (the term) in the title colour."""

    @abstractmethod
    def timeline_line(self, box: Box) -> None:
        """The timeline's line (decorative: the labels say what it shows)."""

    @abstractmethod
    def timeline_marker(self, box: Box, number: int, hollow: bool) -> None:
        """A dot on the line (decorative); hollow for an event of another part."""

    @abstractmethod
    def timeline_label(self, box: Box, number: int, text: Paragraphs, above: bool) -> None:
        """An event's date and label, centred, against the line from above or below."""

    @abstractmethod
    def picture(self, box: Box, image_file: str, alt: str | None, decorative: bool) -> None:
        """A picture, scaled into the box."""


class SlideDrawing:
    """Decides where each shape of one planned slide goes, in the built-in look or a template's layouts, and
    tells a canvas."""

    def __init__(self, deck: DeckWriter, plan: Slide, number: int, canvas: SlideCanvas) -> None:
        self.deck = deck
        self.plan = plan
        self.number = number
        self.canvas = canvas
        self.layout = deck.layouts[ROLE_OF_KIND.get(plan.kind, "content")]

    def draw(self) -> None:
        """Tell the canvas every shape of the slide, in the order a screen reader reads them."""
        deck, plan = self.deck, self.plan
        if plan.kind == "title" and deck.built_in:
            self.canvas.band(TITLE_BAND)
        size = deck.title_sizes[title_kind(plan.kind)]
        on_band = plan.kind == "title" and deck.built_in
        self.canvas.title(self.placeholder_box(0, {"title": TITLE_SLIDE_TITLE, "section": SECTION_TITLE}.get(
                              plan.kind, deck.geometry.title)), size,
                          deck.colors.background if on_band else deck.colors.primary,
                          "middle" if plan.kind in ("title", "section") else "bottom")
        getattr(self, f"_draw_{plan.kind}")()
        if plan.kind != "title":
            self._footer()

    def placeholder_box(self, index: int, built_in_box: Box) -> Box:
        """Return where a placeholder's text sits: the built-in look's box, or the template layout's own."""
        return built_in_box if self.deck.built_in else self.layout.placeholders[index].box

    def _body(self, index: int, built_in_box: Box, text: Paragraphs) -> None:
        self.canvas.body(index, self.placeholder_box(index, built_in_box), text)

    def _footer(self) -> None:
        deck = self.deck
        geometry = deck.geometry
        top, left, width = geometry.footer_top, geometry.body.left, geometry.body.width
        self.canvas.footer(Box(left, top, width - 100, 30), deck.footer_text(width - 100 - 7.2, self.plan.step))
        self.canvas.slide_number(Box(left + width - 90, top, 90, 30), self.number)

    def _draw_title(self) -> None:
        box = self.placeholder_box(1, TITLE_SLIDE_SUBTITLE)
        plan = self.plan
        assert isinstance(plan, TitleSlide)
        blocks = [TextBlock(line, space_before=0.2 if index else 0.0) for index, line in enumerate(plan.subtitle)]
        size = largest_fitting_size(blocks, self.deck.course.fonts.body, box.text_width, box.text_height,
                                    range(SMALL_SIZES.start, 29)) or SMALL_SIZES.start
        self._body(1, TITLE_SLIDE_SUBTITLE, Paragraphs(blocks, size))

    def _draw_section(self) -> None:
        plan = self.plan
        assert isinstance(plan, SectionSlide)
        if plan.subtitle and 1 in self.layout.placeholders:
            self._body(1, SECTION_SUBTITLE, Paragraphs([TextBlock(line) for line in plan.subtitle], 24))

    def _draw_content(self) -> None:
        assert isinstance(self.plan, ContentSlide)
        self._body(1, self.deck.geometry.body, self.plan.body)

    _draw_quote = _draw_content

    def _draw_activity(self) -> None:
        """An activity's opening slide: what students do, and (built-in look) its number, large, at the right."""
        plan = self.plan
        assert isinstance(plan, ActivitySlide)
        deck = self.deck
        body = deck.geometry.body
        if deck.built_in:
            self.canvas.activity_number(Box(body.left + body.width - ACTIVITY_NUMBER_WIDTH, body.top,
                                            ACTIVITY_NUMBER_WIDTH, 160),
                                        plan.number, f"activity {plan.number} of {len(deck.loaded.steps)}")
            body = Box(body.left, body.top, body.width - ACTIVITY_NUMBER_WIDTH, body.height)
        self._body(1, body, plan.body)

    def _draw_cards(self) -> None:
        plan = self.plan
        assert isinstance(plan, CardsSlide)
        for number, card in enumerate(plan.cards, start=1):
            blocks = card_blocks(card.term, card.original, card.definition, plan.size)
            self.canvas.card(card.box, number, Paragraphs([block for block, _ in blocks], plan.size,
                                                          sizes=[size for _, size in blocks]))

    def _draw_timeline(self) -> None:
        """Events along a line drawn to scale, their labels alternating above and below it."""
        plan = self.plan
        assert isinstance(plan, TimelineSlide)
        area = self.deck.geometry.body
        count = len(plan.marks)
        spacing = (area.width + 10.0) / (count + 1)
        label = timeline_label_box(Geometry(0, 0, area, area, 0), count)
        middle = area.top + area.height / 2
        self.canvas.timeline_line(Box(area.left, middle, area.width, 0))
        first = area.left + label.width / 2
        centres = scaled_centres([mark.when for mark in plan.marks], first, first + (count - 1) * spacing,
                                 2 * spacing, TIMELINE_MARKER_GAP)  # to scale: the gaps follow the dates
        focused = any(mark.highlighted for mark in plan.marks)
        for index, (mark, center) in enumerate(zip(plan.marks, centres)):
            radius = 12 if mark.highlighted else 8
            self.canvas.timeline_marker(Box(center - radius, middle - radius, 2 * radius, 2 * radius), index + 1,
                                        focused and not mark.highlighted)
            above = index % 2 == 0
            top = area.top if above else middle + 18
            text = Paragraphs([TextBlock(mark.date, bold=True), TextBlock(mark.label)], plan.label_size)
            self.canvas.timeline_label(Box(center - label.width / 2, top, label.width, label.height, inset=3.6),
                                       index + 1, text, above)

    def _draw_image(self) -> None:
        plan = self.plan
        assert isinstance(plan, ImageSlide)
        deck = self.deck
        geometry = deck.geometry
        if deck.built_in:
            left, text_box = picture_boxes(geometry, deck.loaded.image_sizes[plan.image_file])
        else:
            text_box, left = image_text_box(geometry), self.layout.placeholders[1].box
        if plan.caption:
            self._body(2, text_box, plan.caption)
        pixel_width, pixel_height = deck.loaded.image_sizes[plan.image_file]
        scale = min(left.width / pixel_width, left.height / pixel_height)
        width, height = pixel_width * scale, pixel_height * scale
        self.canvas.picture(Box(left.left + (left.width - width) / 2, left.top, width, height), plan.image_file,
                            plan.alt, plan.decorative)
