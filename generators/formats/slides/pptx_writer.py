"""PowerPoint deck (slides.pptx): editable slides in teaching order, with notes, footers and fitted text.

python-pptx opens the built-in look or the course's template, finds its layouts and saves the package; the
slides and their notes are written as PresentationML directly, because building them through python-pptx's
object model costs about 16 ms a slide.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, ImageDraw, ImageFont
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from pptx.opc.serialized import PackageWriter

from generators.driver.files import build_datetime, zip_entry
from generators.formats.slides import UnusableTemplate, deck_plan, open_slide_template
from generators.formats.slides.drawing import (
    ACTIVITY_NUMBER_SIZE,
    FOOTER_SIZE,
    ROLE_OF_KIND,
    SECTION_TITLE,
    TITLE_BAND,
    TITLE_SLIDE_TITLE,
    SlideCanvas,
    SlideDrawing,
    title_kind,
)
from generators.formats.slides.plan import (
    BUILT_IN_GEOMETRY,
    SLIDE_HEIGHT,
    SLIDE_WIDTH,
    SMALL_SIZES,
    Box,
    DeckPlanner,
    Geometry,
    Paragraphs,
    Slide,
)
from generators.model.lesson import LOOKS
from generators.model.problems import InvalidLesson
from generators.text.escaping import escape_xml
from generators.text.fitting import font_metrics, text_width
from generators.text.fonts import FONT_FAMILIES
from generators.text.languages import CJK_TEXT
from generators.view.lesson_view import LessonView

if TYPE_CHECKING:
    from pptx.presentation import Presentation as PresentationFile

EMU_PER_POINT = 12700
CJK_FONT = "Microsoft YaHei"
"""The East Asian typeface the deck names: one PowerPoint has (Windows, and Office for Mac, which installs it) and
substitutes where it lacks it (PingFang SC on a Mac without it). An <a:ea> names one typeface, no fallback list.
Droid Sans Fallback, bundled and used to measure and draw CJK text for the PDFs and the thumbnail, is on few
teachers' machines, so naming it made PowerPoint substitute anyway; YaHei's glyphs are a little wider, and text is
fitted with room to spare."""
KANA = re.compile("[\u3040-\u30ff]")
TRADITIONAL_CHINESE = re.compile(r"^zh(-hant|-tw|-hk|-mo)", re.IGNORECASE)
APPLICATION = "Lessonkit"
THUMBNAIL_WIDTH = 256  # pixels; the height follows the slide's shape (144 for 16:9)
EXTENDED_PROPERTIES_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
DOC_PROPS_VTYPES_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
CORE_PROPERTIES_NAMESPACES = (
    'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"')
CORE_TEXT_LIMIT = 255  # characters Office keeps in a title, subject or keywords field
PRESENTATION_FORMATS = {"screen4x3": "On-screen Show (4:3)", "screen16x9": "On-screen Show (16:9)",
                        "screen16x10": "On-screen Show (16:10)", "letter": "Letter Paper (8.5x11 in)",
                        "A4": "A4 Paper (210x297 mm)", "35mm": "35mm Slides", "overhead": "Overhead",
                        "banner": "Banner", "ledger": "Ledger Paper (11x17 in)"}
LAYOUT_NAMES = {
    "title": ("title slide", "title"),
    "section": ("section header", "section"),
    "content": ("title and content", "content"),
    "two-content": ("two content", "two-content"),
}
REQUIRED_PLACEHOLDERS = {"title": (0, 1), "section": (0,), "content": (0, 1), "two-content": (0, 1, 2)}
DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"
SECTIONS_URI = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"  # PowerPoint 2010's slide sections
SLIDE_NUMBER_FIELD_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
NAMESPACES = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
              'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
              'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
SHAPE_TREE_START = ('<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
                    "<p:grpSpPr/>")
NOTES_TREE_START = SHAPE_TREE_START.replace(
    "<p:grpSpPr/>", '<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/>'
                    '<a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>')
PLACEHOLDER_NAMES = {"title": "Title", "ctrTitle": "Title", "subTitle": "Subtitle", "body": "Text Placeholder",
                     "obj": "Content Placeholder", "pic": "Picture Placeholder", "tbl": "Table Placeholder",
                     "chart": "Chart Placeholder", "media": "Media Placeholder", "dgm": "SmartArt Placeholder",
                     "clipArt": "ClipArt Placeholder", "sldImg": "Slide Image Placeholder",
                     "sldNum": "Slide Number Placeholder"}
ANCHORS = {"top": "t", "middle": "ctr", "bottom": "b"}
ALIGNMENTS = {"left": "l", "center": "ctr", "right": "r"}


def _emu(points: float) -> int:
    return round(points * EMU_PER_POINT)


def _centipoints(points: float) -> int:
    """Return a spacing in hundredths of a point, rounded to the tenth of a point as PowerPoint shows it."""
    return int(round(points, 1) * EMU_PER_POINT) // 127


def _color(hex_color: str) -> str:
    return f'<a:solidFill><a:srgbClr val="{hex_color.lstrip("#").upper()}"/></a:solidFill>'


def _xfrm(box: Box) -> str:
    return (f'<a:xfrm><a:off x="{_emu(box.left)}" y="{_emu(box.top)}"/>'
            f'<a:ext cx="{_emu(box.width)}" cy="{_emu(box.height)}"/></a:xfrm>')


def _box_of(shape) -> Box:
    return Box(shape.left / EMU_PER_POINT, shape.top / EMU_PER_POINT, shape.width / EMU_PER_POINT,
               shape.height / EMU_PER_POINT)


@dataclass(frozen=True)
class Placeholder:
    """A layout placeholder a slide inherits: the attributes of its <p:ph> element and where it sits."""

    attributes: str
    kind: str
    shape: object

    @property
    def box(self) -> Box:
        """Where the placeholder sits, inherited from the master if the layout does not say (slow: asked lazily)."""
        return _box_of(self.shape)


@dataclass(frozen=True)
class Layout:
    """One layout of the template, its part and its placeholders by index."""

    part: Part
    placeholders: dict[int, Placeholder]


class WrittenPart(Part):
    """A package part whose XML Lessonkit writes itself."""

    xml = b""

    @property
    def blob(self) -> bytes:
        return self.xml


class ReproduciblePackageWriter(PackageWriter):
    """python-pptx's package writer, every zip entry stamped at the build time instead of the clock.

    It overrides a private method of the pinned python-pptx 1.0.2; the reproducibility tests guard it.
    """

    class _Archive:
        def __init__(self, stream) -> None:
            self.archive = zipfile.ZipFile(stream, "w")

        def write(self, pack_uri: PackURI, blob: bytes) -> None:
            self.archive.writestr(zip_entry(pack_uri.membername), blob)

    def _write(self) -> None:
        archive = self._Archive(self._pkg_file)
        with archive.archive:
            self._write_content_types_stream(archive)
            self._write_pkg_rels(archive)
            self._write_parts(archive)


def _placeholder_shape(shape_id: int, name: str, placeholder: Placeholder, shape_properties: str, body: str) -> str:
    """Return a <p:sp> that fills a layout (or notes master) placeholder, inheriting what it does not set."""
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
            f"<p:nvPr><p:ph{placeholder.attributes}/></p:nvPr></p:nvSpPr>{shape_properties}{body}</p:sp>")


def _placeholder_of(shape) -> Placeholder:
    ph = shape.element.ph
    kind = ph.get("type", "obj")
    attributes = "".join(f' {name}="{escape_xml(ph.get(name), attribute=True)}"'
                         for name in ("type", "orient", "sz", "idx") if ph.get(name) is not None)
    return Placeholder(attributes, kind, shape)


def _drop_slides(presentation: PresentationFile) -> None:
    """Remove every slide a template comes with (with its notes, and pictures no layout shares), keeping its
    masters and layouts: a template's example slides are not the lesson's. Custom shows and sections list slides,
    so they go too."""
    part = presentation.part
    for entry in list(presentation.slides._sldIdLst.sldId_lst):
        entry.getparent().remove(entry)
        if entry.rId in part.rels:
            part.rels.pop(entry.rId)
    for listing in part._element.xpath(f"./p:custShowLst | ./p:extLst/p:ext[@uri='{SECTIONS_URI}']"):
        parent = listing.getparent()
        parent.remove(listing)
        if parent.tag.endswith("}extLst") and len(parent) == 0:
            parent.getparent().remove(parent)


class DeckWriter:
    """Writes planned slides as PresentationML into the built-in look or a template's layouts."""

    def __init__(self, loaded: LessonView) -> None:
        self.loaded = loaded
        self.course = loaded.course
        self.colors = LOOKS.get(loaded.course.look, loaded.course.colors)
        template = loaded.course.slide_template
        self.presentation = self._open_template(template) if template else Presentation()
        self.built_in = template is None
        if self.built_in:
            self.presentation.slide_width = _emu(SLIDE_WIDTH)
            self.presentation.slide_height = _emu(SLIDE_HEIGHT)
            size = self.presentation.part._element.sldSz
            if size.get("type") is not None:  # python-pptx's default template calls its 16:9 size screen4x3
                del size.attrib["type"]
        self.layouts = self._find_layouts()
        self.geometry = self._geometry()
        self.planner = DeckPlanner(loaded, self.geometry)
        self.body_font = FONT_FAMILIES[self.course.fonts.body].office_name
        self.heading_font = FONT_FAMILIES[self.course.fonts.heading].office_name
        self._language = escape_xml(self.loaded.lesson.language, attribute=True)
        self._chinese = "zh-TW" if TRADITIONAL_CHINESE.match(self.loaded.lesson.language) else "zh-CN"
        self._run_caps = ' cap="none"' if self.built_in else ""  # the stock layouts shout section titles

    def _open_template(self, template: str) -> PresentationFile:
        """Open the course's slide template, its zip checked first, and drop the example slides it holds."""
        shown = f"the slide template '{template}'"
        try:
            presentation = Presentation(open_slide_template(self.loaded.project_root / template, shown))
            _drop_slides(presentation)
        except UnusableTemplate as error:
            raise InvalidLesson([self.loaded.course_problem("slide_template", str(error))]) from None
        except Exception:  # python-pptx and lxml raise many kinds of error for a damaged package: all mean this
            raise InvalidLesson([self.loaded.course_problem(
                "slide_template", f"{shown} is not a .pptx file (it is damaged or another kind of file); "
                                  "save the template again from PowerPoint")]) from None
        return presentation

    def _find_layouts(self) -> dict[str, Layout]:
        """Return the layouts by role, or raise InvalidLesson listing every missing layout and placeholder."""
        found, missing = {}, []
        by_name = {layout.name.strip().lower(): layout for layout in self.presentation.slide_layouts}
        for role, names in LAYOUT_NAMES.items():
            layout = next((by_name[name] for name in names if name in by_name), None)
            if layout is None:
                missing.append(f"a layout named '{names[0].title()}' (for {role} slides)")
                continue
            placeholders = {shape.placeholder_format.idx: _placeholder_of(shape) for shape in layout.placeholders}
            missing += [f"placeholder {index} on layout '{layout.name}'" for index in REQUIRED_PLACEHOLDERS[role]
                        if index not in placeholders]
            found[role] = Layout(layout.part, placeholders)
        if missing:
            raise InvalidLesson([self.loaded.course_problem("slide_template",
                                                     f"the slide template '{self.course.slide_template}' lacks "
                                                     + "; ".join(missing))])
        return found

    def _geometry(self) -> Geometry:
        if self.built_in:
            return BUILT_IN_GEOMETRY
        content = self.layouts["content"].placeholders
        width = self.presentation.slide_width / EMU_PER_POINT
        height = self.presentation.slide_height / EMU_PER_POINT
        return Geometry(width, height, content[0].box, content[1].box, footer_top=height - 42)

    def render(self) -> bytes:
        """Return the finished deck as reproducible .pptx bytes."""
        plans = deck_plan(self.loaded, self.geometry)
        self.title_sizes = self._title_sizes(plans)
        package = self.presentation.part.package
        notes_master = self.presentation.part.notes_master_part
        notes_placeholders = self._notes_placeholders(notes_master)
        slide_list = self.presentation.slides._sldIdLst
        first_id = max([255] + [entry.id for entry in slide_list.sldId_lst]) + 1  # PowerPoint's ids start at 256
        used = {str(part.partname) for part in package.iter_parts()}
        numbers = (number for number in range(1, 10 ** 6) if f"/ppt/slides/slide{number}.xml" not in used
                   and f"/ppt/notesSlides/notesSlide{number}.xml" not in used)
        for plan, number, part_number in zip(plans, range(1, len(plans) + 1), numbers, strict=False):
            slide = WrittenPart(PackURI(f"/ppt/slides/slide{part_number}.xml"), CT.PML_SLIDE, package)
            slide.relate_to(self.layouts[ROLE_OF_KIND.get(plan.kind, "content")].part, RT.SLIDE_LAYOUT)
            slide.xml = SlideXml(self, plan, number, slide).render()
            notes = WrittenPart(PackURI(f"/ppt/notesSlides/notesSlide{part_number}.xml"), CT.PML_NOTES_SLIDE,
                                package)
            notes.relate_to(notes_master, RT.NOTES_MASTER)
            notes.relate_to(slide, RT.SLIDE)
            slide.relate_to(notes, RT.NOTES_SLIDE)
            notes.xml = _notes_xml(plan.notes, notes_placeholders)
            # python-pptx's add_sldId searches the list for the highest id each time
            slide_list._add_sldId(id=first_id + number - 1, rId=self.presentation.part.relate_to(slide, RT.SLIDE))
        self._write_document_properties(plans)
        buffer = io.BytesIO()
        ReproduciblePackageWriter.write(buffer, package._rels, tuple(package.iter_parts()))
        return buffer.getvalue()

    # --- file properties -----------------------------------------------------------------------------------------

    def _write_document_properties(self, plans: list[Slide]) -> None:
        """Replace the package's file properties (python-pptx's or the template's leftovers) with the lesson's:
        core.xml (title, author, subject, keywords, dates), app.xml (the application, slide and notes counts, the
        titles of parts) and a thumbnail of the title slide."""
        package = self.presentation.part.package
        replaced = (RT.CORE_PROPERTIES, RT.EXTENDED_PROPERTIES, RT.THUMBNAIL)
        for rId in [rId for rId, rel in package._rels.items() if rel.reltype in replaced]:
            package._rels.pop(rId)
        parts = ((RT.CORE_PROPERTIES, "/docProps/core.xml", CT.OPC_CORE_PROPERTIES, self._core_xml()),
                 (RT.EXTENDED_PROPERTIES, "/docProps/app.xml", CT.OFC_EXTENDED_PROPERTIES, self._app_xml(plans)),
                 (RT.THUMBNAIL, "/docProps/thumbnail.jpeg", CT.JPEG, self._thumbnail(plans)))
        for reltype, name, content_type, blob in parts:
            part = WrittenPart(PackURI(name), content_type, package)
            part.xml = blob
            package.relate_to(part, reltype)

    def _keywords(self) -> str:
        """Return the deck's keywords: its subject, then the vocabulary's terms, as many as Office keeps."""
        lesson = self.loaded.lesson
        words = [lesson.subject, *(word.term for word in lesson.vocabulary)]
        kept: list[str] = []
        for word in dict.fromkeys(word.replace(";", ",").strip() for word in words):
            if len("; ".join([*kept, word])) > CORE_TEXT_LIMIT:
                break
            kept.append(word)
        return "; ".join(kept)

    def _core_xml(self) -> bytes:
        """Return docProps/core.xml: what the lesson is, who teaches it, and when it was built (build_datetime)."""
        lesson = self.loaded.lesson

        def text(tag: str, value: str) -> str:
            value = value if len(value) <= CORE_TEXT_LIMIT else value[:CORE_TEXT_LIMIT - 1].rstrip() + "…"
            return f"<{tag}>{escape_xml(value)}</{tag}>" if value else f"<{tag}/>"

        when = build_datetime().strftime("%Y-%m-%dT%H:%M:%SZ")
        return (f"{XML_DECLARATION}<cp:coreProperties {CORE_PROPERTIES_NAMESPACES}>{text('dc:title', lesson.title)}"
                f"{text('dc:subject', lesson.subject)}{text('dc:creator', self.course.teacher or '')}"
                f"{text('cp:keywords', self._keywords())}{text('cp:lastModifiedBy', APPLICATION)}"
                f'<cp:revision>1</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
                f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
                f"{text('dc:language', lesson.language)}</cp:coreProperties>").encode()

    def _presentation_format(self) -> str:
        """Return the name PowerPoint gives the slide size (File > Info), as its Slide Size menu names it."""
        size = self.presentation.part._element.sldSz
        kind = size.get("type")
        if kind in PRESENTATION_FORMATS:
            return PRESENTATION_FORMATS[kind]
        width, height = int(size.get("cx")), int(size.get("cy"))
        if (width, height) == (12192000, 6858000):
            return "Widescreen"
        return "On-screen Show (16:9)" if width * 9 == height * 16 else "Custom"

    def _app_xml(self, plans: list[Slide]) -> bytes:
        """Return docProps/app.xml: Lessonkit made it; how many slides and notes pages; its themes and slide titles."""
        themes = []
        for master in self.presentation.slide_masters:
            theme = master.part.part_related_by(RT.THEME)
            name = theme._element.get("name") if hasattr(theme, "_element") else None
            if name is None:
                found = re.search(rb'<a:theme\b[^>]*\bname="([^"]*)"', theme.blob)
                name = found.group(1).decode("utf-8", "replace") if found else ""
            themes.append(name)
        titles = [*themes, *(plan.title for plan in plans)]
        pairs = [("Theme", len(themes)), ("Slide Titles", len(plans))]
        heading_pairs = "".join(f"<vt:variant><vt:lpstr>{name}</vt:lpstr></vt:variant><vt:variant><vt:i4>{count}"
                                "</vt:i4></vt:variant>" for name, count in pairs)
        parts = "".join(f"<vt:lpstr>{escape_xml(title)}</vt:lpstr>" for title in titles)
        return (f'{XML_DECLARATION}<Properties xmlns="{EXTENDED_PROPERTIES_NS}" xmlns:vt="{DOC_PROPS_VTYPES_NS}">'
                f"<Application>{APPLICATION}</Application>"
                f"<PresentationFormat>{escape_xml(self._presentation_format())}</PresentationFormat>"
                f"<Slides>{len(plans)}</Slides><Notes>{len(plans)}</Notes><HiddenSlides>0</HiddenSlides>"
                f'<HeadingPairs><vt:vector size="{2 * len(pairs)}" baseType="variant">{heading_pairs}</vt:vector>'
                f'</HeadingPairs><TitlesOfParts><vt:vector size="{len(titles)}" baseType="lpstr">{parts}'
                "</vt:vector></TitlesOfParts><ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
                "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>").encode()

    def _thumbnail(self, plans: list[Slide]) -> bytes:
        """Return docProps/thumbnail.jpeg, the picture a file browser shows: the title slide drawn small, its field
        of colour and its title (in the heading font, bundled), as a JPEG with no timestamp, the same every build."""
        width_points = self.presentation.slide_width / EMU_PER_POINT
        height_points = self.presentation.slide_height / EMU_PER_POINT
        scale = THUMBNAIL_WIDTH / width_points
        image = Image.new("RGB", (THUMBNAIL_WIDTH, max(1, round(height_points * scale))),
                          f"#{self.colors.background.lstrip('#')}")
        draw = ImageDraw.Draw(image)
        band = TITLE_BAND if self.built_in else Box(0, 0, width_points, height_points * TITLE_BAND.height / 540)
        draw.rectangle((0, 0, THUMBNAIL_WIDTH, round(band.height * scale)), fill=f"#{self.colors.primary.lstrip('#')}")
        title = next((plan.title for plan in plans if plan.kind == "title"), self.loaded.lesson.title)
        size = self.title_sizes.get("title", 40) * scale
        font = ImageFont.truetype(str(FONT_FAMILIES[self.course.fonts.heading].path("bold")), max(6, round(size)))
        left, room = 43.2 * scale, THUMBNAIL_WIDTH - 2 * 43.2 * scale
        lines: list[str] = []
        for word in title.split():
            if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= room:
                lines[-1] += f" {word}"
            else:
                lines.append(word)
        line_height = round(size * 1.2)
        top = (band.height * scale - line_height * len(lines)) / 2
        for index, line in enumerate(lines):
            draw.text((left, top + index * line_height), line, font=font,
                      fill=f"#{self.colors.background.lstrip('#')}")
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=85)
        return buffer.getvalue()

    def title_box(self, kind: str) -> Box:
        """Return where the title of a slide of this kind sits: the built-in look's box or the layout's."""
        built_in = {"title": TITLE_SLIDE_TITLE, "section": SECTION_TITLE}.get(kind, self.geometry.title)
        if self.built_in:
            return built_in
        return self.layouts[ROLE_OF_KIND.get(kind, "content")].placeholders[0].box

    def _title_sizes(self, plans: list[Slide]) -> dict[str, int]:
        """Return one title size per kind of title: the title slide's, the dividers', and every other slide's,
        each the largest at which all its titles fit, so consecutive slides never jump between sizes."""
        sizes: dict[str, int] = {}
        for plan in plans:
            size = self.planner.fit_title(plan.title, self.title_box(plan.kind), plan.title_path)
            sizes[title_kind(plan.kind)] = min(size, sizes.get(title_kind(plan.kind), size))
        return sizes

    @staticmethod
    def _notes_placeholders(notes_master) -> list[Placeholder]:
        """Return the notes master's slide image, notes and slide number placeholders, which every notes page has."""
        kinds = (PP_PLACEHOLDER.SLIDE_IMAGE, PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.SLIDE_NUMBER)
        return [_placeholder_of(shape) for shape in notes_master.notes_master.placeholders
                if shape.placeholder_format.type in kinds]

    # --- text ----------------------------------------------------------------------------------------------------

    def run_properties(self, size: float, *, bold: bool = False, font: str | None = None,
                       color: str | None = None, language: str | None = None) -> str:
        """Return the <a:rPr> of a run: language, size, weight, colour, and the Latin and East Asian fonts."""
        return (f'<a:rPr lang="{language or self._language}" sz="{round(size * 100)}" b="{1 if bold else 0}" i="0"'
                f'{self._run_caps}>{_color(color or self.colors.text)}'
                f'<a:latin typeface="{escape_xml(font or self.body_font, attribute=True)}"/>'
                f'<a:ea typeface="{CJK_FONT}"/></a:rPr>')

    def run(self, text: str, size: float, **style) -> str:
        """Return a run of text on one line, styled as run_properties() describes: a run per stretch of Chinese
        (or Japanese) text, tagged with its language so PowerPoint checks and speaks it as such, and the rest in
        the lesson's language."""
        text = text.replace("\n", " ")
        pieces, start = [], 0
        for match in CJK_TEXT.finditer(text):
            pieces += [(text[start:match.start()], None), (match.group(), self.cjk_language(match.group()))]
            start = match.end()
        pieces.append((text[start:], None))
        return "".join(f"<a:r>{self.run_properties(size, language=language, **style)}<a:t>{escape_xml(piece)}"
                       "</a:t></a:r>" for piece, language in pieces if piece or len(pieces) == 1)

    def cjk_language(self, text: str) -> str:
        """Return the language tag PowerPoint wants (a region, not a script: zh-CN, not zh-Hans) for CJK text."""
        return "ja-JP" if KANA.search(text) else self._chinese

    def line_spacing(self, size: float, family: str, bold: bool) -> str:
        """Fix the line height to the font's own, so every renderer spaces lines as they were measured."""
        return f'<a:lnSpc><a:spcPts val="{_centipoints(font_metrics(family, bold).line_height * size)}"/></a:lnSpc>'

    def paragraphs(self, text: Paragraphs, color: str | None = None, alignment: str = "left") -> str:
        """Return fitted paragraphs, bulleted where they have an indent, each line as high as it was measured."""
        family = self.course.fonts.body
        result = []
        for index, block in enumerate(text.blocks):
            size = text.sizes[index] if text.sizes else text.size
            spacing = self.line_spacing(size, family, block.bold)
            if block.space_before:
                spacing += (f'<a:spcBef><a:spcPts val="'
                            f'{_centipoints(block.space_before * font_metrics(family, block.bold).line_height * size)}'
                            f'"/></a:spcBef>')
            if block.indent:
                margin = _emu(block.indent * size)
                properties = (f'<a:pPr algn="{ALIGNMENTS[alignment]}" marL="{margin}" indent="{-margin}">{spacing}'
                              '<a:buFont typeface="Arial"/><a:buChar char="•"/></a:pPr>')
            else:
                properties = f'<a:pPr algn="{ALIGNMENTS[alignment]}" marL="0" indent="0">{spacing}<a:buNone/></a:pPr>'
            result.append(f"<a:p>{properties}{self.run(block.text, size, bold=block.bold, color=color)}</a:p>")
        return "".join(result)

    @staticmethod
    def text_body(paragraphs: str, anchor: str = "top", inset: float = 7.2) -> str:
        """Return a <p:txBody> that wraps, never shrinks text, and keeps the given insets (points)."""
        margins = "" if inset == 7.2 else f' lIns="{_emu(inset)}" rIns="{_emu(inset)}"'
        margins += f' tIns="{_emu(inset)}" bIns="{_emu(inset)}"' if inset != 3.6 else ""
        return (f'<p:txBody><a:bodyPr wrap="square" anchor="{ANCHORS[anchor]}"{margins}><a:noAutofit/></a:bodyPr>'
                f"<a:lstStyle/>{paragraphs}</p:txBody>")

    def footer_text(self, width: float, step: int | None = None) -> str:
        """Return what the footer says, shortened with an ellipsis if it does not fit on one line: where the class
        is ('Activity 2 of 6 · Vocabulary preview') on an activity's slides, else the lesson's title."""
        if step is None:
            text = self.loaded.lesson.title
        else:
            text = f"Activity {step + 1} of {len(self.loaded.steps)} · {self.loaded.lesson.activities[step].name}"
        metrics = font_metrics(self.course.fonts.body)
        usable = width * 0.96
        if text_width(text, metrics, FOOTER_SIZE) <= usable:
            return text
        room = usable - text_width("…", metrics, FOOTER_SIZE)
        used, end = 0.0, 0
        while end < len(text) and used + metrics.char_width(text[end]) * FOOTER_SIZE <= room:
            used += metrics.char_width(text[end]) * FOOTER_SIZE
            end += 1
        return text[:end].rstrip() + "…"


class SlideXml(SlideCanvas):
    """The XML of one slide: the shapes SlideDrawing places, written as PresentationML in reading order."""

    def __init__(self, deck: DeckWriter, plan: Slide, number: int, part: Part) -> None:
        self.deck = deck
        self.plan = plan
        self.part = part
        self.drawing = SlideDrawing(deck, plan, number, self)
        self.layout = self.drawing.layout
        self.shapes: list[str] = []

    def render(self) -> bytes:
        deck = self.deck
        self.drawing.draw()
        background = ""
        if deck.built_in:
            background = f"<p:bg><p:bgPr>{_color(deck.colors.background)}<a:effectLst/></p:bgPr></p:bg>"
        return (f"{XML_DECLARATION}<p:sld {NAMESPACES}><p:cSld>{background}{SHAPE_TREE_START}{''.join(self.shapes)}"
                "</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>").encode()

    @property
    def _next_id(self) -> int:
        return len(self.shapes) + 2

    def _placeholder(self, index: int, box: Box, body: str) -> None:
        """Add the layout's placeholder; the built-in look places it, a template's layout keeps its own place."""
        placeholder = self.layout.placeholders[index]
        shape_id = self._next_id
        name = f"{PLACEHOLDER_NAMES.get(placeholder.kind, 'Placeholder')} {shape_id - 1}"
        position = _xfrm(box) if self.deck.built_in else ""
        self.shapes.append(_placeholder_shape(shape_id, name, placeholder, f"<p:spPr>{position}</p:spPr>", body))

    def _text_box(self, box: Box, body: str, name: str) -> None:
        self.shapes.append(
            f'<p:sp><p:nvSpPr><p:cNvPr id="{self._next_id}" name="{escape_xml(name, attribute=True)}"/>'
            f'<p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr>{_xfrm(box)}<a:prstGeom prst="rect"><a:avLst/>'
            f"</a:prstGeom><a:noFill/></p:spPr>{body}</p:sp>")

    # --- the shapes SlideDrawing places --------------------------------------------------------------------------

    def band(self, box: Box) -> None:
        self.shapes.append(
            f'<p:sp><p:nvSpPr><p:cNvPr id="{self._next_id}" name="Title band"><a:extLst><a:ext uri="{DECORATIVE_URI}">'
            f'<adec:decorative xmlns:adec="{DECORATIVE_NS}" val="1"/></a:ext></a:extLst></p:cNvPr><p:cNvSpPr/>'
            f'<p:nvPr/></p:nvSpPr><p:spPr>{_xfrm(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
            f'{_color(self.deck.colors.primary)}<a:ln><a:noFill/></a:ln></p:spPr></p:sp>')

    def title(self, box: Box, size: int, color: str, anchor: str) -> None:
        deck = self.deck
        run = deck.run(self.plan.title, size, bold=True, font=deck.heading_font, color=color)
        spacing = deck.line_spacing(size, deck.course.fonts.heading, True)
        self._placeholder(0, box, deck.text_body(f'<a:p><a:pPr algn="l">{spacing}</a:pPr>{run}</a:p>', anchor))

    def body(self, index: int, box: Box, text: Paragraphs) -> None:
        self._placeholder(index, box, self.deck.text_body(self.deck.paragraphs(text)))

    def footer(self, box: Box, text: str) -> None:
        footer = self.deck.run(text, FOOTER_SIZE)
        self._text_box(box, self.deck.text_body(f"<a:p>{footer}</a:p>", "middle", 3.6), "Footer")

    def slide_number(self, box: Box, number: int) -> None:
        field = (f'<a:fld id="{SLIDE_NUMBER_FIELD_ID}" type="slidenum">{self.deck.run_properties(FOOTER_SIZE)}'
                 f"<a:t>{number}</a:t></a:fld>")
        self._text_box(box, self.deck.text_body(f'<a:p><a:pPr algn="r"/>{field}</a:p>', "middle", 3.6),
                       "Slide number")

    def activity_number(self, box: Box, number: int, label: str) -> None:
        deck = self.deck
        large = deck.run(str(number), ACTIVITY_NUMBER_SIZE, bold=True, font=deck.heading_font,
                         color=deck.colors.accent)
        small = deck.run(label, SMALL_SIZES.start)
        self._text_box(box, deck.text_body(f'<a:p><a:pPr algn="r"/>{large}</a:p><a:p><a:pPr algn="r"/>{small}</a:p>',
                                           "top", 0), "Activity number")

    def card(self, box: Box, number: int, text: Paragraphs) -> None:
        deck = self.deck
        paragraphs = deck.paragraphs(text).replace(
            _color(deck.colors.text), _color(deck.colors.primary), 1)  # the term in the title colour
        self.shapes.append(
            f'<p:sp><p:nvSpPr><p:cNvPr id="{self._next_id}" name="Vocabulary card {number}"/><p:cNvSpPr/>'
            f'<p:nvPr/></p:nvSpPr><p:spPr>{_xfrm(box)}<a:prstGeom prst="roundRect"><a:avLst>'
            f'<a:gd name="adj" fmla="val 6000"/></a:avLst></a:prstGeom><a:noFill/>'
            f'<a:ln w="{_emu(1.5)}">{_color(deck.colors.primary)}</a:ln></p:spPr>'
            f"{deck.text_body(paragraphs, 'top', box.inset)}</p:sp>")

    def timeline_line(self, box: Box) -> None:
        self.shapes.append(
            f'<p:cxnSp><p:nvCxnSpPr>{_decorative_name(self._next_id, "Timeline line")}<p:cNvCxnSpPr/><p:nvPr/>'
            f'</p:nvCxnSpPr><p:spPr>{_xfrm(box)}<a:prstGeom prst="line">'
            f'<a:avLst/></a:prstGeom><a:ln w="{_emu(3)}">{_color(self.deck.colors.accent)}</a:ln></p:spPr></p:cxnSp>')

    def timeline_marker(self, box: Box, number: int, hollow: bool) -> None:
        colors = self.deck.colors
        if hollow:
            fill = f'{_color(colors.background)}<a:ln w="{_emu(2.5)}">{_color(colors.accent)}</a:ln>'
        else:
            fill = f"{_color(colors.accent)}<a:ln><a:noFill/></a:ln>"
        self.shapes.append(
            f'<p:sp><p:nvSpPr>{_decorative_name(self._next_id, f"Timeline marker {number}")}<p:cNvSpPr/>'
            f'<p:nvPr/></p:nvSpPr><p:spPr>{_xfrm(box)}'
            f'<a:prstGeom prst="ellipse"><a:avLst/></a:prstGeom>{fill}</p:spPr></p:sp>')

    def timeline_label(self, box: Box, number: int, text: Paragraphs, above: bool) -> None:
        deck = self.deck
        self._text_box(box, deck.text_body(deck.paragraphs(text, alignment="center"), "bottom" if above else "top",
                                           3.6), f"Timeline label {number}")

    def picture(self, box: Box, image_file: str, alt: str | None, decorative: bool) -> None:
        image_part = self.part.package.get_or_add_image_part(str(self.deck.loaded.project_root / image_file))
        relationship = self.part.relate_to(image_part, RT.IMAGE)
        name = escape_xml(f"Picture: {Path(image_file).name}", attribute=True)
        if decorative:
            description = (f'descr=""><a:extLst><a:ext uri="{DECORATIVE_URI}"><adec:decorative '
                           f'xmlns:adec="{DECORATIVE_NS}" val="1"/></a:ext></a:extLst></p:cNvPr>')
        else:
            description = f'descr="{escape_xml(alt or "", attribute=True)}"/>'
        self.shapes.append(
            f'<p:pic><p:nvPicPr><p:cNvPr id="{self._next_id}" name="{name}" {description}<p:cNvPicPr>'
            '<a:picLocks noChangeAspect="1"/></p:cNvPicPr><p:nvPr/></p:nvPicPr><p:blipFill>'
            f'<a:blip r:embed="{relationship}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr>'
            f'{_xfrm(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>')


def _decorative_name(shape_id: int, name: str) -> str:
    """Return the <p:cNvPr> of a shape marked decorative, which PowerPoint's accessibility checker and screen
    readers pass over: the timeline's line and dots, whose dates and events the labels say."""
    return (f'<p:cNvPr id="{shape_id}" name="{escape_xml(name, attribute=True)}"><a:extLst><a:ext '
            f'uri="{DECORATIVE_URI}"><adec:decorative xmlns:adec="{DECORATIVE_NS}" val="1"/></a:ext></a:extLst>'
            "</p:cNvPr>")


def _notes_xml(notes: str, placeholders: list[Placeholder]) -> bytes:
    """Return a notes page: the slide's picture, the speaker notes (a paragraph per line) and the slide number."""
    shapes = []
    for shape_id, placeholder in enumerate(placeholders, start=2):
        base = "Notes Placeholder" if placeholder.kind == "body" else PLACEHOLDER_NAMES.get(placeholder.kind)
        name = f"{base or 'Placeholder'} {shape_id - 1}"
        body = ""
        if placeholder.kind == "body":
            paragraphs = "".join(f"<a:p><a:r><a:t>{escape_xml(line)}</a:t></a:r></a:p>" if line else "<a:p/>"
                                 for line in notes.split("\n"))
            body = f"<p:txBody><a:bodyPr/><a:lstStyle/>{paragraphs}</p:txBody>"
        shapes.append(_placeholder_shape(shape_id, name, placeholder, "<p:spPr/>", body))
    return (f"{XML_DECLARATION}<p:notes {NAMESPACES}><p:cSld>{NOTES_TREE_START}{''.join(shapes)}</p:spTree></p:cSld>"
            "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:notes>").encode()
