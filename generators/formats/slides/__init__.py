"""The PowerPoint deck: the slide plan (plan.py) and the writer that turns it into PresentationML (pptx_writer.py)."""

from __future__ import annotations

import io
import unicodedata
import zipfile
import zlib
from typing import TYPE_CHECKING

from generators.driver.files import NotARegularFile, read_bounded
from generators.formats.base import Format, Rendered
from generators.model.problems import InvalidLesson, Problem

if TYPE_CHECKING:
    from pathlib import Path

    from generators.formats.slides.plan import Geometry, Slide
    from generators.view.lesson_view import LessonView

TEMPLATE_MAX_BYTES = 50_000_000
TEMPLATE_MAX_PARTS = 5_000
TEMPLATE_MAX_UNPACKED_BYTES = 200_000_000
TEMPLATE_MAX_COMPRESSION = 100  # deflate can reach 1000:1 on zeros; real slide XML and pictures stay far below 100:1
SIZEABLE_PART_BYTES = 1_000_000
ZIP_SIGNATURE = b"PK\x03\x04"
CENTRAL_DIRECTORY_SIGNATURE = b"PK\x01\x02"
SAVE_AGAIN = "save the template again from PowerPoint"
SHRINK = "remove its videos and large pictures (PowerPoint: File > Compress Pictures) and save it again"


class UnusableTemplate(ValueError):
    """A slide template python-pptx must not open: unreadable, not a presentation, or too large once unpacked."""


def open_slide_template(path: Path, shown: str) -> io.BytesIO:
    """Return the slide template as a package python-pptx can open without unpacking more than
    TEMPLATE_MAX_UNPACKED_BYTES, or raise UnusableTemplate saying why not (shown names the file in the message).

    Its zip directory is checked before a byte is inflated; the package handed on is re-stored uncompressed, each
    part read no further than the size the directory declares, so a part that inflates beyond it costs nothing."""
    try:
        data = read_bounded(path, TEMPLATE_MAX_BYTES)
    except NotARegularFile as error:
        raise UnusableTemplate(error.explained(shown, "name a .pptx file", "a slide template may be at most "
                                               f"{TEMPLATE_MAX_BYTES // 1_000_000} MB; {SHRINK}")) from None
    except OSError as error:
        raise UnusableTemplate(f"{shown} cannot be read ({error.strerror}); check the file's permissions") from None
    damaged = f"{shown} is not a .pptx file (it is damaged or another kind of file); {SAVE_AGAIN}"
    if not data.startswith(ZIP_SIGNATURE):
        raise UnusableTemplate(damaged)
    if data.count(CENTRAL_DIRECTORY_SIGNATURE) > TEMPLATE_MAX_PARTS:  # before zipfile builds an object per entry
        raise UnusableTemplate(_too_many_parts(shown, data.count(CENTRAL_DIRECTORY_SIGNATURE)))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            problem = _archive_problem(parts, shown)
            package = None if problem else _stored_copy(archive, parts)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError):
        raise UnusableTemplate(damaged) from None
    if package is None:
        raise UnusableTemplate(problem)
    return package


def _too_many_parts(shown: str, count: int) -> str:
    return (f"{shown} holds {count:,} files; a slide template may hold at most {TEMPLATE_MAX_PARTS:,} (is it a "
            f"zip archive made some other way?); {SAVE_AGAIN}")


def _archive_problem(parts: list[zipfile.ZipInfo], shown: str) -> str | None:
    """Return why the zip directory of a template is unsafe to unpack, or None; nothing is inflated to tell."""
    if len(parts) > TEMPLATE_MAX_PARTS:
        return _too_many_parts(shown, len(parts))
    names = [part.filename for part in parts]
    if "ppt/presentation.xml" not in names:
        return (f"{shown} is a zip archive but not a PowerPoint presentation (a renamed .docx or .xlsx?); "
                "save the template from PowerPoint as a .pptx file")
    unusual = next((part for part in parts if part.flag_bits & 0x1  # encrypted
                    or part.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)), None)
    if unusual is not None or len(set(names)) != len(names):
        return (f"{shown} is not a .pptx file PowerPoint wrote (it is encrypted, or compressed or laid out in a way "
                f"PowerPoint never uses); {SAVE_AGAIN}")
    total = sum(part.file_size for part in parts)
    if total > TEMPLATE_MAX_UNPACKED_BYTES:
        return (f"{shown} unpacks to {total:,} bytes; a slide template may unpack to at most "
                f"{TEMPLATE_MAX_UNPACKED_BYTES // 1_000_000} MB; {SHRINK}")
    for part in parts:
        if part.file_size >= SIZEABLE_PART_BYTES and part.file_size > TEMPLATE_MAX_COMPRESSION * part.compress_size:
            name = "".join(character if character.isprintable() else "?" for character in part.filename[:60])
            return (f"{shown} has a file ('{name}') that unpacks to "
                    f"{part.file_size // max(part.compress_size, 1):,} times its packed size, more than any real "
                    f"presentation's (at most {TEMPLATE_MAX_COMPRESSION}:1); {SAVE_AGAIN}")
    return None


def _stored_copy(archive: zipfile.ZipFile, parts: list[zipfile.ZipInfo]) -> io.BytesIO:
    """Return the archive's parts in a new, uncompressed zip, each read no further than its declared size: zipfile's
    read() of a whole part would inflate all of its compressed data first, however much that makes."""
    copy = io.BytesIO()
    with zipfile.ZipFile(copy, "w") as stored:
        for part in parts:
            with archive.open(part) as source:
                stored.writestr(part.filename, source.read(part.file_size))
    copy.seek(0)
    return copy


def unprintable_text(view: LessonView) -> list[Problem]:
    """Return a problem for each character of the lesson that no bundled font can draw: the deck's text is fitted
    with the bundled fonts' metrics, and its pictures and printed documents are drawn with them."""
    from generators.text.font_files import printable_in_bundled_fonts

    family = view.course.fonts.body
    problems = []
    for path, text in view.texts():
        for character in dict.fromkeys(text):
            if not printable_in_bundled_fonts(character, family):
                problems.append(view.problem(path, f"the character '{character}' (U+{ord(character):04X}, "
                                                   f"{unicodedata.name(character, 'unnamed')}) is in none of the "
                                                   "bundled fonts, so it cannot be printed; replace it"))
    return sorted(set(problems))


class SlidesFormat(Format):
    """The deck: slides.pptx (editable slides in teaching order, with speaker notes, from the built-in look or a
    template), slides.html (the same slides on the web, for a student who missed class) and preview.html (the
    teacher's page: the slides beside the plan's clock, and every material of the lesson)."""

    name = "slides"
    files = ("slides.pptx", "slides.html", "preview.html")

    def render(self, view: LessonView) -> Rendered:
        from generators.formats.slides.html_writer import deck_pages
        from generators.formats.slides.pptx_writer import DeckWriter

        unprintable = unprintable_text(view)
        if unprintable:
            raise InvalidLesson(unprintable)
        writer = DeckWriter(view)
        deck = writer.render()
        return Rendered({"slides.pptx": deck, **deck_pages(writer)}, warnings=view.unused_material_warnings())


def deck_plan(view: LessonView, geometry: Geometry | None = None) -> list[Slide]:
    """Return the deck's slides, planned once per process: the deck draws them, and the lesson plan and the
    overview cite their numbers. Without a geometry, the built-in look's or the slide template's is used."""
    if "deck" not in view.layout:
        from generators.formats.slides.plan import BUILT_IN_GEOMETRY, DeckPlanner

        if geometry is None and view.course.slide_template is not None:
            from generators.formats.slides.pptx_writer import DeckWriter

            geometry = DeckWriter(view).geometry
        view.layout["deck"] = DeckPlanner(view, geometry or BUILT_IN_GEOMETRY).plan()
    return view.layout["deck"]
