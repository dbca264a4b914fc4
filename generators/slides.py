"""PowerPoint deck (slides.pptx): editable slides in teaching order, with notes, footers and fitted text."""

from __future__ import annotations

import io
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from generators import Generator
from generators.errors import InvalidLesson
from generators.fonts import FONT_FAMILIES
from generators.loader import LoadedLesson
from generators.output import build_datetime, normalize_zip, write_atomically
from generators.slideplan import (
    SMALL_SIZES,
    Box,
    DeckPlanner,
    Geometry,
    Paragraphs,
    SlidePlan,
    image_text_box,
    timeline_label_box,
)
from generators.textfit import TextBlock, font_metrics, largest_fitting_size, text_width

EMU_PER_POINT = 12700
CJK_FONT = "Droid Sans Fallback"  # East Asian text falls back to this (bundled for PDFs, fonts-droid-fallback)
SLIDE_WIDTH, SLIDE_HEIGHT = 960.0, 540.0  # 13.333 x 7.5 in, 16:9
FOOTER_SIZE = 14
BUILT_IN_GEOMETRY = Geometry(
    width=SLIDE_WIDTH, height=SLIDE_HEIGHT,
    title=Box(43.2, 18.0, 873.6, 108.0),
    body=Box(43.2, 133.2, 873.6, 356.4),
    footer_top=498.0,
)
TITLE_SLIDE_TITLE = Box(43.2, 118.8, 873.6, 129.6)
TITLE_SLIDE_SUBTITLE = Box(43.2, 262.8, 873.6, 180.0)
SECTION_TITLE = Box(43.2, 165.6, 873.6, 129.6)
SECTION_SUBTITLE = Box(43.2, 309.6, 873.6, 64.8)
LAYOUT_NAMES = {
    "title": ("title slide", "title"),
    "section": ("section header", "section"),
    "content": ("title and content", "content"),
    "two-content": ("two content", "two-content"),
}
REQUIRED_PLACEHOLDERS = {"title": (0, 1), "section": (0,), "content": (0, 1), "two-content": (0, 1, 2)}
DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"
SLIDE_NUMBER_FIELD_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
A_R, A_RPR, A_T, A_END_PARA = qn("a:r"), qn("a:rPr"), qn("a:t"), qn("a:endParaRPr")
A_SOLID_FILL, A_SRGB, A_LATIN, A_EA = qn("a:solidFill"), qn("a:srgbClr"), qn("a:latin"), qn("a:ea")


def _emu(points: float) -> Emu:
    return Emu(round(points * EMU_PER_POINT))


def _rgb(hex_color: str) -> RGBColor:
    return RGBColor.from_string(hex_color.lstrip("#").upper())


def _box_of(shape) -> Box:
    return Box(shape.left / EMU_PER_POINT, shape.top / EMU_PER_POINT, shape.width / EMU_PER_POINT,
               shape.height / EMU_PER_POINT)


class SlidesGenerator(Generator):
    """Writes slides.pptx from the built-in look or the course's template."""

    name = "slides"

    def build(self, lesson: LoadedLesson, out_dir: Path) -> list[Path]:
        deck = DeckWriter(lesson)
        return [write_atomically(out_dir / "slides.pptx", deck.render())]


class DeckWriter:
    """Draws planned slides with python-pptx, into the built-in look or a template's layouts."""

    def __init__(self, loaded: LoadedLesson) -> None:
        self.loaded = loaded
        self.course = loaded.course
        template = loaded.course.slide_template
        self.presentation = Presentation(str(loaded.project_root / template) if template else None)
        self.built_in = template is None
        if self.built_in:
            self.presentation.slide_width = _emu(SLIDE_WIDTH)
            self.presentation.slide_height = _emu(SLIDE_HEIGHT)
        self.layouts = self._find_layouts()
        self.geometry = self._geometry()
        self.planner = DeckPlanner(loaded, self.geometry)
        self.body_font = FONT_FAMILIES[self.course.fonts.body].office_name
        self.heading_font = FONT_FAMILIES[self.course.fonts.heading].office_name

    def _find_layouts(self) -> dict:
        """Return the layouts by role, or raise InvalidLesson listing every missing layout and placeholder."""
        found, missing = {}, []
        by_name = {layout.name.strip().lower(): layout for layout in self.presentation.slide_layouts}
        for role, names in LAYOUT_NAMES.items():
            layout = next((by_name[name] for name in names if name in by_name), None)
            if layout is None:
                missing.append(f"a layout named '{names[0].title()}' (for {role} slides)")
                continue
            indexes = {placeholder.placeholder_format.idx for placeholder in layout.placeholders}
            missing += [f"placeholder {index} on layout '{layout.name}'" for index in REQUIRED_PLACEHOLDERS[role]
                        if index not in indexes]
            found[role] = layout
        if missing:
            raise InvalidLesson([self.loaded.problem(("course", "slide_template"),
                                                     f"the slide template '{self.course.slide_template}' lacks "
                                                     + "; ".join(missing))])
        return found

    def _geometry(self) -> Geometry:
        if self.built_in:
            return BUILT_IN_GEOMETRY
        content = self.layouts["content"]
        width = self.presentation.slide_width / EMU_PER_POINT
        height = self.presentation.slide_height / EMU_PER_POINT
        title = _box_of(content.placeholders.get(idx=0))
        body = _box_of(content.placeholders.get(idx=1))
        return Geometry(width, height, title, body, footer_top=height - 42)

    def render(self) -> bytes:
        """Return the finished deck as reproducible .pptx bytes."""
        plans = self.planner.plan()
        for number, plan in enumerate(plans, start=1):
            self._draw(plan, number)
        properties = self.presentation.core_properties
        properties.title = self.loaded.lesson.title
        properties.subject = self.loaded.lesson.subject
        properties.author = self.course.teacher or ""
        properties.last_modified_by = "Lessonkit"
        properties.revision = 1
        properties.created = properties.modified = properties.last_printed = build_datetime().replace(tzinfo=None)
        properties.language = self.loaded.lesson.language
        buffer = io.BytesIO()
        self.presentation.save(buffer)
        return normalize_zip(buffer.getvalue())

    # --- one slide -----------------------------------------------------------------------------------------------

    def _draw(self, plan: SlidePlan, number: int) -> None:
        role = {"title": "title", "section": "section", "image": "two-content"}.get(plan.kind, "content")
        slide = self.presentation.slides.add_slide(self.layouts[role])
        if self.built_in:
            background = slide.background.fill
            background.solid()
            background.fore_color.rgb = _rgb(self.course.colors.background)
        title_box = {"title": TITLE_SLIDE_TITLE, "section": SECTION_TITLE}.get(plan.kind, self.geometry.title)
        self._fill_title(slide, plan, title_box)
        getattr(self, f"_draw_{plan.kind}")(slide, plan)
        for placeholder in list(slide.placeholders):
            if placeholder.placeholder_format.idx != 0 and not (placeholder.has_text_frame
                                                                and placeholder.text_frame.text):
                self._remove(placeholder)
        if plan.kind != "title":
            self._footer(slide, number)
        slide.notes_slide.notes_text_frame.text = plan.notes

    def _place(self, shape, box: Box) -> None:
        if self.built_in:
            shape.left, shape.top, shape.width, shape.height = (_emu(box.left), _emu(box.top), _emu(box.width),
                                                                _emu(box.height))

    def _fill_title(self, slide, plan: SlidePlan, box: Box) -> None:
        title = slide.shapes.title
        self._place(title, box)
        size = self.planner.fit_title(plan.title, _box_of(title) if not self.built_in else box, plan.title_path)
        frame = self._prepare_frame(title.text_frame, MSO_ANCHOR.MIDDLE if plan.kind in ("title", "section")
                                    else MSO_ANCHOR.BOTTOM)
        paragraph = frame.paragraphs[0]
        self._run(paragraph, plan.title, size, bold=True, font=self.heading_font, color=self.course.colors.primary)
        paragraph.alignment = PP_ALIGN.LEFT
        self._exact_spacing(paragraph, size, self.course.fonts.heading, bold=True)

    def _prepare_frame(self, frame, anchor=MSO_ANCHOR.TOP, inset: float = 7.2):
        frame.clear()
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.vertical_anchor = anchor
        frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = _emu(inset)
        return frame

    def _run(self, paragraph, text: str, size: float, *, bold: bool = False, font: str | None = None,
             color: str | None = None):
        """Append a run to the paragraph, written as XML directly (python-pptx's setters cost a millisecond each)."""
        run = etree.Element(A_R)
        end = paragraph._p.find(A_END_PARA)
        if end is not None:
            end.addprevious(run)
        else:
            paragraph._p.append(run)
        attributes = {"lang": self.loaded.lesson.language, "sz": str(round(size * 100)), "b": "1" if bold else "0",
                      "i": "0"}
        if self.built_in:
            attributes["cap"] = "none"  # the stock layouts shout section titles in capitals
        properties = etree.SubElement(run, A_RPR, attributes)
        fill = etree.SubElement(properties, A_SOLID_FILL)
        etree.SubElement(fill, A_SRGB, {"val": (color or self.course.colors.text).lstrip("#").upper()})
        etree.SubElement(properties, A_LATIN, {"typeface": font or self.body_font})
        etree.SubElement(properties, A_EA, {"typeface": CJK_FONT})
        etree.SubElement(run, A_T).text = text.replace("\n", " ")
        return run

    def _exact_spacing(self, paragraph, size: float, family: str, bold: bool = False) -> None:
        """Fix the line height to the font's own, so every renderer spaces lines as they were measured."""
        paragraph.line_spacing = Pt(round(font_metrics(family, bold).line_height * size, 1))

    def _write_paragraphs(self, frame, text: Paragraphs, color: str | None = None,
                          alignment=PP_ALIGN.LEFT) -> None:
        family = self.course.fonts.body
        for index, block in enumerate(text.blocks):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            size = text.later_size if index and text.later_size else text.size
            self._run(paragraph, block.text, size, bold=block.bold, color=color)
            paragraph.alignment = alignment
            self._exact_spacing(paragraph, size, family, block.bold)
            if block.space_before:
                paragraph.space_before = Pt(round(block.space_before * font_metrics(family, block.bold).line_height
                                                  * size, 1))
            self._bullet(paragraph, block, size)

    def _bullet(self, paragraph, block: TextBlock, size: float) -> None:
        properties = paragraph._p.get_or_add_pPr()
        for child in properties.findall(qn("a:buNone")) + properties.findall(qn("a:buChar")):
            properties.remove(child)
        if block.indent:
            properties.set("marL", str(_emu(block.indent * size)))
            properties.set("indent", str(-_emu(block.indent * size)))
            font = etree.SubElement(properties, qn("a:buFont"))
            font.set("typeface", "Arial")
            etree.SubElement(properties, qn("a:buChar")).set("char", "•")
        else:
            properties.set("marL", "0")
            properties.set("indent", "0")
            etree.SubElement(properties, qn("a:buNone"))

    def _body_placeholder(self, slide, index: int = 1):
        placeholder = slide.placeholders[index]
        self._place(placeholder, self.geometry.body)
        return placeholder

    def _remove(self, shape) -> Box:
        box = _box_of(shape)
        shape._element.getparent().remove(shape._element)
        return box

    def _text_box(self, slide, box: Box, text: Paragraphs, anchor=MSO_ANCHOR.TOP, inset: float = 7.2,
                  name: str | None = None, alignment=PP_ALIGN.LEFT):
        shape = slide.shapes.add_textbox(_emu(box.left), _emu(box.top), _emu(box.width), _emu(box.height))
        if name:
            shape.name = name
        self._write_paragraphs(self._prepare_frame(shape.text_frame, anchor, inset), text, alignment=alignment)
        return shape

    # --- slide kinds ---------------------------------------------------------------------------------------------

    def _draw_title(self, slide, plan: SlidePlan) -> None:
        subtitle = slide.placeholders[1]
        self._place(subtitle, TITLE_SLIDE_SUBTITLE)
        box = _box_of(subtitle)
        blocks = [TextBlock(line, space_before=0.2 if index else 0.0) for index, line in enumerate(plan.subtitle)]
        size = largest_fitting_size(blocks, self.course.fonts.body, box.text_width, box.text_height,
                                    range(SMALL_SIZES.start, 29)) or SMALL_SIZES.start
        self._write_paragraphs(self._prepare_frame(subtitle.text_frame), Paragraphs(blocks, size))

    def _draw_section(self, slide, plan: SlidePlan) -> None:
        body = slide.placeholders[1]
        self._place(body, SECTION_SUBTITLE)
        self._write_paragraphs(self._prepare_frame(body.text_frame),
                               Paragraphs([TextBlock(line) for line in plan.subtitle], 24))

    def _draw_content(self, slide, plan: SlidePlan) -> None:
        body = self._body_placeholder(slide)
        assert plan.body is not None
        self._write_paragraphs(self._prepare_frame(body.text_frame), plan.body)

    _draw_quote = _draw_content

    def _draw_table(self, slide, plan: SlidePlan) -> None:
        area = self._remove(self._body_placeholder(slide))
        rows, columns = len(plan.table_rows), len(plan.table_rows[0])
        total_height = sum(plan.table_row_heights)
        frame = slide.shapes.add_table(rows, columns, _emu(area.left), _emu(area.top), _emu(area.width),
                                       _emu(total_height))
        frame.name = "Vocabulary table"
        table = frame.table
        table.first_row = True
        table.horz_banding = False
        for index, width in enumerate(plan.column_widths):
            table.columns[index].width = _emu(width)
        colors = self.course.colors
        for row_index, (row, height) in enumerate(zip(plan.table_rows, plan.table_row_heights)):
            table.rows[row_index].height = _emu(height)
            header = row_index == 0
            for column_index, text in enumerate(row):
                cell = table.cell(row_index, column_index)
                cell.fill.solid()
                cell.fill.fore_color.rgb = _rgb(colors.primary if header else colors.background)
                cell.margin_left = cell.margin_right = _emu(7.2)
                cell.margin_top = cell.margin_bottom = _emu(3.6)
                frame_ = cell.text_frame
                frame_.word_wrap = True
                paragraph = frame_.paragraphs[0]
                self._run(paragraph, text, plan.table_size, bold=header,
                          color=colors.background if header else colors.text)
                self._exact_spacing(paragraph, plan.table_size, self.course.fonts.body, header)

    def _draw_timeline(self, slide, plan: SlidePlan) -> None:
        area = self._remove(self._body_placeholder(slide))
        count = len(plan.marks)
        gap = 10.0
        spacing = (area.width + gap) / (count + 1)
        label = timeline_label_box(Geometry(0, 0, area, area, 0), count)
        middle = area.top + area.height / 2
        colors = self.course.colors
        line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, _emu(area.left), _emu(middle),
                                          _emu(area.left + area.width), _emu(middle))
        line.line.color.rgb = _rgb(colors.accent)
        line.line.width = Pt(3)
        line.name = "Timeline line"
        for index, mark in enumerate(plan.marks):
            center = area.left + label.width / 2 + index * spacing
            marker = slide.shapes.add_shape(MSO_SHAPE.OVAL, _emu(center - 8), _emu(middle - 8), _emu(16), _emu(16))
            marker.name = f"Timeline marker {index + 1}"
            marker.fill.solid()
            marker.fill.fore_color.rgb = _rgb(colors.accent)
            marker.line.fill.background()
            above = index % 2 == 0
            top = area.top if above else middle + 18
            box = Box(center - label.width / 2, top, label.width, label.height, inset=3.6)
            blocks = [TextBlock(mark.date, bold=True), TextBlock(mark.label)]
            self._text_box(slide, box, Paragraphs(blocks, plan.timeline_size),
                           MSO_ANCHOR.BOTTOM if above else MSO_ANCHOR.TOP, inset=3.6,
                           name=f"Timeline label {index + 1}", alignment=PP_ALIGN.CENTER)

    def _draw_image(self, slide, plan: SlidePlan) -> None:
        left = self._remove(slide.placeholders[1])
        right_placeholder = slide.placeholders[2]
        if self.built_in:
            text_box = image_text_box(self.geometry)
            left = Box(self.geometry.body.left, self.geometry.body.top,
                       self.geometry.body.width - text_box.width - 14.4, self.geometry.body.height)
            self._place(right_placeholder, text_box)
        if plan.body:
            self._write_paragraphs(self._prepare_frame(right_placeholder.text_frame), plan.body)
        assert plan.image_file is not None
        from PIL import Image as PillowImage

        path = self.loaded.project_root / plan.image_file
        with PillowImage.open(path) as image:
            pixel_width, pixel_height = image.size
        scale = min(left.width / pixel_width, left.height / pixel_height)
        width, height = pixel_width * scale, pixel_height * scale
        picture = slide.shapes.add_picture(str(path), _emu(left.left + (left.width - width) / 2), _emu(left.top),
                                           _emu(width), _emu(height))
        properties = picture._element.nvPicPr.cNvPr
        properties.set("name", f"Picture: {Path(plan.image_file).name}")
        if plan.image_decorative:
            properties.set("descr", "")
            extensions = etree.SubElement(properties, qn("a:extLst"))
            extension = etree.SubElement(extensions, qn("a:ext"))
            extension.set("uri", DECORATIVE_URI)
            flag = etree.SubElement(extension, f"{{{DECORATIVE_NS}}}decorative", nsmap={"adec": DECORATIVE_NS})
            flag.set("val", "1")
        else:
            properties.set("descr", plan.image_alt or "")

    def _footer_text(self, width: float) -> str:
        """Return the lesson title, shortened with an ellipsis if it does not fit the footer on one line."""
        title = self.loaded.lesson.title
        metrics = font_metrics(self.course.fonts.body)
        usable = width * 0.96
        if text_width(title, metrics, FOOTER_SIZE) <= usable:
            return title
        room = usable - text_width("…", metrics, FOOTER_SIZE)
        used, end = 0.0, 0
        while end < len(title) and used + metrics.char_width(title[end]) * FOOTER_SIZE <= room:
            used += metrics.char_width(title[end]) * FOOTER_SIZE
            end += 1
        return title[:end].rstrip() + "…"

    def _footer(self, slide, number: int) -> None:
        geometry = self.geometry
        top = geometry.footer_top
        width = geometry.body.width
        footer = slide.shapes.add_textbox(_emu(geometry.body.left), _emu(top), _emu(width - 100), _emu(30))
        footer.name = "Footer"
        frame = self._prepare_frame(footer.text_frame, MSO_ANCHOR.MIDDLE, 3.6)
        self._run(frame.paragraphs[0], self._footer_text(width - 100 - 7.2), FOOTER_SIZE)
        number_box = slide.shapes.add_textbox(_emu(geometry.body.left + width - 90), _emu(top), _emu(90), _emu(30))
        number_box.name = "Slide number"
        frame = self._prepare_frame(number_box.text_frame, MSO_ANCHOR.MIDDLE, 3.6)
        paragraph = frame.paragraphs[0]
        paragraph.alignment = PP_ALIGN.RIGHT
        run = self._run(paragraph, str(number), FOOTER_SIZE)
        field = etree.SubElement(paragraph._p, qn("a:fld"))
        field.set("id", SLIDE_NUMBER_FIELD_ID)
        field.set("type", "slidenum")
        field.append(run.find(A_RPR))
        etree.SubElement(field, A_T).text = str(number)
        paragraph._p.remove(run)
        end = paragraph._p.find(qn("a:endParaRPr"))
        if end is not None:
            paragraph._p.remove(end)
