"""Text measuring with the metrics of the bundled fonts: widths, PowerPoint-style line wrapping, and fitting."""

from __future__ import annotations

import hashlib
import json
import logging
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from generators.fonts import FONT_FAMILIES, FONTS_DIR
from generators.output import write_atomically

logging.getLogger("fontTools").setLevel(logging.ERROR)  # Carlito's header dates trip a harmless warning

POINTS_PER_INCH = 72
# Characters no bundled Latin font has are drawn by a fallback font; measure them generously so that whichever
# fallback the viewer picks, the text still fits.
WIDE_FALLBACK_EM = 1.0
EMOJI_FALLBACK_EM = 1.25
METRICS_FILE = FONTS_DIR / "metrics.json"
"""The measurements of every bundled face, read by fontTools once (`make metrics`) instead of on every build."""


@dataclass(frozen=True, eq=False)
class FontMetrics:
    """Advance widths and line height of one font file, in units of the em."""

    advances: dict[int, float]
    line_height: float
    space: float

    def char_width(self, character: str) -> float:
        """Return the width of one character in em, with a generous guess for characters the font lacks."""
        code = ord(character)
        if code in self.advances:
            return self.advances[code]
        if unicodedata.combining(character) or unicodedata.category(character) in ("Mn", "Me", "Cf"):
            return 0.0
        if code >= 0x1F000 or unicodedata.category(character) == "So":
            return EMOJI_FALLBACK_EM
        return WIDE_FALLBACK_EM


def measure_font(path: Path) -> dict:
    """Return a font file's measurements as metrics.json keeps them: its hash, em size, line height and advances."""
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True)
    widths = font["hmtx"].metrics
    hhea = font["hhea"]
    return {"sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "units_per_em": font["head"].unitsPerEm,
            "line_height": hhea.ascent - hhea.descent + hhea.lineGap,
            "advances": {str(code): widths[glyph][0] for code, glyph in sorted(font.getBestCmap().items())}}


def write_metrics_file() -> Path:
    """Measure every bundled face and write metrics.json (run after adding or updating a font)."""
    faces = sorted({family.path(style) for family in FONT_FAMILIES.values() for style in ("regular", "bold")})
    measured = {path.name: measure_font(path) for path in faces}
    return write_atomically(METRICS_FILE, json.dumps(measured, indent=0, sort_keys=True) + "\n")


@cache
def _stored_measurements() -> dict:
    try:
        return json.loads(METRICS_FILE.read_text("utf-8"))
    except (OSError, ValueError):
        return {}


@cache
def font_metrics(family: str, bold: bool = False) -> FontMetrics:
    """Return the metrics of a bundled family's regular or bold face, from metrics.json if it is up to date."""
    path = FONT_FAMILIES[family].path("bold" if bold else "regular")
    measured = _stored_measurements().get(path.name)
    if measured is None or measured["sha256"] != hashlib.sha256(path.read_bytes()).hexdigest():
        measured = measure_font(path)
    units = measured["units_per_em"]
    advances = {int(code): width / units for code, width in measured["advances"].items()}
    return FontMetrics(advances, measured["line_height"] / units, advances.get(32, 0.25))


def text_width(text: str, metrics: FontMetrics, size: float) -> float:
    """Return the width of text in points at a font size."""
    return sum(metrics.char_width(character) for character in text) * size


def _is_break_opportunity(text: str, index: int) -> bool:
    """Return True if a line may break before text[index] (after a space, or between wide CJK characters)."""
    if text[index - 1] == " ":
        return text[index] != " "
    return unicodedata.east_asian_width(text[index]) in "WF" or unicodedata.east_asian_width(text[index - 1]) in "WF"


@lru_cache(maxsize=65536)
def wrap_text(text: str, metrics: FontMetrics, size: float, width: float) -> tuple[str, ...]:
    """Return the lines a text box of this width (points) shows: break at spaces, inside overlong words if needed.

    Cached: fitting tries the same text at several sizes and slide titles are measured more than once.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines += _wrap_paragraph(paragraph, metrics, size, width)
    return tuple(lines)


def _wrap_paragraph(text: str, metrics: FontMetrics, size: float, width: float) -> list[str]:
    lines: list[str] = []
    start = 0
    while start < len(text):
        end, used, last_break = start, 0.0, None
        while end < len(text):
            advance = metrics.char_width(text[end]) * size
            if used + advance > width and text[end] != " ":
                break
            if end > start and _is_break_opportunity(text, end):
                last_break = end
            used += advance
            end += 1
        if end < len(text):
            end = last_break if last_break is not None and last_break > start else max(end, start + 1)
        lines.append(text[start:end].rstrip(" "))
        start = end
        while start < len(text) and text[start] == " ":
            start += 1
    return lines or [""]


@dataclass(frozen=True)
class TextBlock:
    """One paragraph to fit: its text, whether it is bold, and extra space (in lines) before it."""

    text: str
    bold: bool = False
    space_before: float = 0.0
    indent: float = 0.0


def block_height(blocks: list[TextBlock], family: str, size: float, width: float,
                 line_spacing: float = 1.0) -> float:
    """Return the height in points that the paragraphs take in a box of this width at this size."""
    height = 0.0
    for block in blocks:
        metrics = font_metrics(family, block.bold)
        lines = wrap_text(block.text, metrics, size, width - block.indent * size)
        height += (len(lines) * line_spacing + block.space_before) * metrics.line_height * size
    return height


def largest_fitting_size(blocks: list[TextBlock], family: str, width: float, height: float,
                         sizes: range, line_spacing: float = 1.0) -> int | None:
    """Return the largest size in sizes (points) at which the paragraphs fit the box, or None."""
    for size in sorted(sizes, reverse=True):
        if block_height(blocks, family, size, width, line_spacing) <= height:
            return size
    return None
