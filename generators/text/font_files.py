"""Files derived from the bundled fonts by `make fonts`: their measurements, and a common-CJK slice of Droid.

Reading a font is slow (fontTools for the widths slide text is fitted with; reportlab takes 0.15 s to parse
the 4 MB Droid Sans Fallback). So the measurements are stored once in metrics.json, each checked against its
font's hash when read, and the 4,000 most used Chinese characters, kana and CJK punctuation are cut from Droid
Sans Fallback into a small font of their own that is tried first, as web fonts are sliced by unicode-range.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import unicodedata
from functools import cache
from pathlib import Path

from generators.driver.files import write_atomically
from generators.text.fonts import COMMON_CJK_FILE, FALLBACK_FONTS, FONT_FAMILIES, FONTS_DIR, FULL_CJK_FILE

logging.getLogger("fontTools").setLevel(logging.ERROR)  # Carlito's header dates trip a harmless warning

METRICS_FILE = FONTS_DIR / "metrics.json"
CJK_PUNCTUATION_AND_KANA = range(0x3000, 0x3100)
FULLWIDTH_FORMS = range(0xFF00, 0xFFF0)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


_bundled_sha256 = cache(_sha256)  # a bundled font is asked for its widths and its characters: hash it once


def _ranges(codes: list[int]) -> list[list[int]]:
    ranges: list[list[int]] = []
    for code in sorted(codes):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return ranges


def measure_font(path: Path, *, widths: bool = True) -> dict:
    """Return what metrics.json keeps of a font: its hash, and its advance widths or only the characters it has."""
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True)
    cmap = font.getBestCmap()
    measured: dict = {"sha256": _sha256(path)}
    if not widths:
        measured["coverage"] = _ranges(list(cmap))
        return measured
    hhea = font["hhea"]
    hmtx = font["hmtx"].metrics
    measured.update(units_per_em=font["head"].unitsPerEm, line_height=hhea.ascent - hhea.descent + hhea.lineGap,
                    advances={str(code): hmtx[glyph][0] for code, glyph in sorted(cmap.items())})
    return measured


def common_hanzi() -> list[int]:
    """Return the 3,755 most used Chinese characters: level 1 of GB 2312, the simplified-Chinese standard."""
    characters = []
    for row in range(0xB0, 0xD8):
        for cell in range(0xA1, 0xFF):
            try:
                characters.append(ord(bytes([row, cell]).decode("gb2312")))
            except UnicodeDecodeError:
                continue  # the unused end of row 0xD7
    return characters


def write_common_cjk_font() -> Path:
    """Cut the common CJK characters out of Droid Sans Fallback into COMMON_CJK_FILE (same glyphs, same licence)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(FONTS_DIR / FULL_CJK_FILE, recalcTimestamp=False)
    options = subset.Options(name_IDs=["*"], name_languages=["*"], notdef_outline=True, recalc_timestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[*common_hanzi(), *CJK_PUNCTUATION_AND_KANA, *FULLWIDTH_FORMS])
    subsetter.subset(font)
    for record in font["name"].names:  # its own name, so PDFs and font menus tell the slice from the full font
        if record.nameID in (1, 3, 4, 6):
            name = record.toUnicode()
            record.string = name.replace("DroidSansFallback", "DroidSansFallbackCommon") if record.nameID == 6 \
                else name.replace("Droid Sans Fallback", "Droid Sans Fallback Common")
    buffer = io.BytesIO()
    font.save(buffer)
    return write_atomically(FONTS_DIR / COMMON_CJK_FILE, buffer.getvalue())


def write_metrics_file() -> Path:
    """Measure every bundled face (widths) and fallback font (characters) into metrics.json."""
    faces = {family.path(style) for family in FONT_FAMILIES.values() for style in ("regular", "bold")}
    measured = {path.name: measure_font(path) for path in sorted(faces)}
    for file_name, _ in FALLBACK_FONTS.values():
        measured.setdefault(file_name, measure_font(FONTS_DIR / file_name, widths=False))
    return write_atomically(METRICS_FILE, json.dumps(measured, indent=0, sort_keys=True) + "\n")


@cache
def _stored() -> dict:
    try:
        return json.loads(METRICS_FILE.read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def stored_measurements(file_name: str, *, widths: bool = True) -> dict:
    """Return metrics.json's entry for a font file, or a fresh measurement if it is missing or out of date."""
    path = FONTS_DIR / file_name
    measured = _stored().get(file_name)
    if measured is None or measured["sha256"] != _bundled_sha256(path) or (widths and "advances" not in measured):
        measured = measure_font(path, widths=widths)
    return measured


@cache
def font_coverage(file_name: str) -> frozenset[int]:
    """Return the code points a bundled font file has glyphs for."""
    measured = stored_measurements(file_name, widths=False)
    if "coverage" not in measured:
        return frozenset(int(code) for code in measured["advances"])
    return frozenset(code for first, last in measured["coverage"] for code in range(first, last + 1))


def printable_in_bundled_fonts(character: str, family: str) -> bool:
    """Return whether a character can be drawn in the family or one of the bundled fallback fonts (or needs no glyph:
    a line break, a control or format character, a space)."""
    code = ord(character)
    if code in font_coverage(FONT_FAMILIES[family].regular) or character in "\n\t" \
            or unicodedata.category(character) in ("Cc", "Cf", "Zs"):
        return True
    return any(code in font_coverage(file_name) for file_name, _ in FALLBACK_FONTS.values())
