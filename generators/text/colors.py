"""Colour arithmetic: WCAG 2 contrast between text and its background."""

from __future__ import annotations

MINIMUM_TEXT_CONTRAST = 4.5  # WCAG 2.1 AA for normal-size text


def relative_luminance(hex_color: str) -> float:
    """Return the WCAG relative luminance of a #RRGGBB colour, from 0 (black) to 1 (white)."""
    value = hex_color.lstrip("#")
    channels = [int(value[index:index + 2], 16) / 255 for index in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """Return the WCAG contrast ratio of two colours, from 1 to 21."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
