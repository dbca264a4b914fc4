"""The fonts bundled in assets/fonts/: one table shared by every generator that measures or embeds text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FONTS_DIR = Path(__file__).resolve().parents[2] / "assets" / "fonts"


@dataclass(frozen=True)
class FontFamily:
    """The TTF files of one family and the licence that lets us ship them."""

    regular: str
    bold: str
    italic: str
    bold_italic: str
    license: str
    office_name: str
    """The name written into Office files: the font a PowerPoint user has with the same metrics."""

    def path(self, style: str = "regular") -> Path:
        """Return the file of one style: regular, bold, italic or bold_italic."""
        return FONTS_DIR / getattr(self, style)


FONT_FAMILIES: dict[str, FontFamily] = {
    "Carlito": FontFamily(
        "Carlito-Regular.ttf", "Carlito-Bold.ttf", "Carlito-Italic.ttf", "Carlito-BoldItalic.ttf",
        "LICENSE-Carlito.txt", "Calibri",
    ),
    "DejaVu Sans": FontFamily(
        "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf",
        "LICENSE-DejaVu.txt", "DejaVu Sans",
    ),
}
"""Every family a course may name; Carlito is metric-compatible with Calibri, DejaVu Sans covers more scripts."""

FULL_CJK_FILE = "DroidSansFallbackFull.ttf"
COMMON_CJK_FILE = "DroidSansFallback-Common.ttf"
"""Droid Sans Fallback's common Chinese characters, kana and CJK punctuation alone (made by `make fonts`)."""

FALLBACK_FONTS: dict[str, tuple[str, str]] = {
    "DejaVu Sans": ("DejaVuSans.ttf", "LICENSE-DejaVu.txt"),
    "Droid Sans Fallback Common": (COMMON_CJK_FILE, "LICENSE-DroidSansFallback.txt"),
    "Droid Sans Fallback": (FULL_CJK_FILE, "LICENSE-DroidSansFallback.txt"),
    "Symbola": ("Symbola.ttf", "LICENSE-Symbola.txt"),
}
"""Fonts tried in order for characters the chosen family lacks: symbols and accents, then CJK (the small common
slice first, as it is quick to read), then emoji."""
