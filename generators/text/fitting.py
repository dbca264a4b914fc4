"""Text measuring with the metrics of the bundled fonts: widths, PowerPoint-style line wrapping, and fitting."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from generators.text.font_files import stored_measurements
from generators.text.fonts import FONT_FAMILIES

POINTS_PER_INCH = 72
# Characters no bundled Latin font has are drawn by a fallback font; measure them generously so that whichever
# fallback the viewer picks, the text still fits.
WIDE_FALLBACK_EM = 1.0
EMOJI_FALLBACK_EM = 1.25


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


@cache
def font_metrics(family: str, bold: bool = False) -> FontMetrics:
    """Return the metrics of a bundled family's regular or bold face (stored by fontfiles in metrics.json)."""
    measured = stored_measurements(FONT_FAMILIES[family].path("bold" if bold else "regular").name)
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
